"""The roles keep the creation file; each community's demonstration level (a title it had won,
ledgers' Community.demonstration_level, removed by ledgers 0026) becomes a 已命名 record of that
level. The naming date was never recorded: the record's page asks for it when it is next edited."""

from typing import Any

from django.db import migrations

from core.roles import sync_roles

NOTE = "由社区的示范等级迁入，命名日期待补"


def levels_to_records(apps: Any, schema_editor: Any) -> None:
    community_model = apps.get_model("ledgers", "Community")
    demonstration = apps.get_model("campaigns", "Demonstration")
    history = apps.get_model("campaigns", "HistoricalDemonstration")
    for community in community_model.objects.exclude(demonstration_level="").order_by("pk"):
        record, created = demonstration.objects.get_or_create(
            community=community,
            level=community.demonstration_level,
            defaults={"status": "named", "note": NOTE},
        )
        if created:  # its history starts here, as any record's does
            history.objects.create(
                id=record.pk,
                community_id=community.pk,
                level=record.level,
                status=record.status,
                note=record.note,
                version=record.version,
                created_at=record.created_at,
                updated_at=record.updated_at,
                document_number="",
                original_name="",
                content_type="",
                file="",
                history_date=record.created_at,
                history_type="+",
                history_change_reason=NOTE,
            )


def records_to_levels(apps: Any, schema_editor: Any) -> None:
    """Back: each community's highest named level."""
    community_model = apps.get_model("ledgers", "Community")
    demonstration = apps.get_model("campaigns", "Demonstration")
    order = ["county", "city", "province", "national"]
    for community in community_model.objects.all():
        named = demonstration.objects.filter(community=community, status__in=["named", "review"])
        levels = sorted((r.level for r in named if r.level != "county"), key=order.index)
        community.demonstration_level = levels[-1] if levels else ""
        community.save(update_fields=["demonstration_level"])


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0010_creation_file")]

    operations = [
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
        migrations.RunPython(levels_to_records, records_to_levels),
    ]
