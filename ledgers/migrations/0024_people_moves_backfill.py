"""The residents already on the register: their pinyin keys, and a first residence period each
(registered on the day they were entered; ended on the day of their status if they are off the
register). On PostgreSQL, a trigram index serves the search by any part of a name."""

from django.db import migrations, transaction

from core.roles import sync_roles
from ledgers.pinyin import keys

STEP = 2000
ENDING = {
    "moved_out": "moved_out",
    "deceased": "deceased",
    "archived": "archived",
    "merged": "records_merged",
}


def backfill(apps, schema_editor):
    Resident = apps.get_model("ledgers", "Resident")
    Period = apps.get_model("ledgers", "ResidencePeriod")
    last = 0
    while True:
        batch = list(
            Resident.objects.filter(pk__gt=last)
            .order_by("pk")
            .only(
                "pk", "name", "pinyin_override", "community_id", "grid_id", "household_id",
                "status", "status_date", "created_at",
            )[:STEP]
        )
        if not batch:
            return
        last = batch[-1].pk
        periods = []
        for resident in batch:
            found = keys(resident.name, resident.pinyin_override)
            resident.name_pinyin = found.compact
            resident.name_initials = found.initials
            resident.name_sort = found.sort
            started = resident.created_at.date()
            ended = None
            if resident.status != "active":
                ended = resident.status_date or started
                started = min(started, ended)
            periods.append(
                Period(
                    resident_id=resident.pk,
                    community_id=resident.community_id,
                    grid_id=resident.grid_id,
                    household_id=resident.household_id,
                    started_on=started,
                    ended_on=ended,
                    start_event="registered",
                    end_event=ENDING.get(resident.status, "") if ended else "",
                )
            )
        Resident.objects.bulk_update(batch, ["name_pinyin", "name_initials", "name_sort"])
        Period.objects.bulk_create(periods)


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic():
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # noqa: BLE001 - no right to create it: names are then searched by scan
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS ledgers_res_name_trgm ON ledgers_resident "
        "USING gin (name gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS ledgers_res_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0023_people_moves_and_pinyin")]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(trigram_index, drop_trigram_index),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
