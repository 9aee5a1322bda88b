"""Visits and publicity can be imported from spreadsheets: the permissions, and the roles that
hold them (ledgers/roles.py)."""

from django.db import migrations

from core.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0004_evidence_roles")]

    operations = [
        migrations.AlterModelOptions(
            name="publicity",
            options={
                "ordering": ["-published_on", "-pk"],
                "permissions": [("import_publicity", "Can import publicity items")],
                "verbose_name": "publicity item",
                "verbose_name_plural": "publicity items",
            },
        ),
        migrations.AlterModelOptions(
            name="visit",
            options={
                "ordering": ["-visited_on", "-pk"],
                "permissions": [("import_visit", "Can import visits")],
                "verbose_name": "visit",
                "verbose_name_plural": "visits",
            },
        ),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
