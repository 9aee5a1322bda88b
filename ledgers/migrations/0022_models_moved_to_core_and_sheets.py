"""The audit log, the password states and the import batches now belong to the core and sheets
apps (core 0001, sheets 0001). Their tables stay where they are; Django forgets the models here,
and their content types follow them, so the groups keep their permissions (view_auditevent …)."""

from django.db import migrations

from core.roles import sync_roles

MOVED = {
    "auditchainhead": "core",
    "auditevent": "core",
    "credential": "core",
    "importbatch": "sheets",
}


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model, app_label in MOVED.items():
        old = ContentType.objects.filter(app_label="ledgers", model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=app_label, model=model).first()
        if new is None:
            old.app_label = app_label
            old.save(update_fields=["app_label"])
            continue
        # Both exist (a database migrated halfway before): keep the new one, with the old
        # one's permissions and the groups that held them.
        for permission in Permission.objects.filter(content_type=old):
            twin = Permission.objects.filter(content_type=new, codename=permission.codename).first()
            if twin is None:
                permission.content_type = new
                permission.save(update_fields=["content_type"])
            else:
                for group in permission.group_set.all():
                    group.permissions.add(twin)
                permission.delete()
        old.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("ledgers", "0021_audit_actions"),
        ("core", "0001_initial"),
        ("sheets", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AuditChainHead"),
                migrations.DeleteModel(name="AuditEvent"),
                migrations.DeleteModel(name="Credential"),
                migrations.DeleteModel(name="ImportBatch"),
            ]
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
