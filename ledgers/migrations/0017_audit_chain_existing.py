"""Chain the audit entries written before the chain existed, in the order they were written."""

from typing import Any

from django.db import migrations

from core.models.audit import entry_hash


def chain(apps: Any, schema_editor: Any) -> None:
    event_model = apps.get_model("ledgers", "AuditEvent")
    head_model = apps.get_model("ledgers", "AuditChainHead")
    previous, last_id, batch = "", None, []
    for entry in event_model.objects.order_by("pk").iterator(chunk_size=2_000):
        entry.previous_hash = previous
        entry.hash = previous = entry_hash(entry)
        last_id = entry.pk
        batch.append(entry)
        if len(batch) == 2_000:
            event_model.objects.bulk_update(batch, ["previous_hash", "hash"])
            batch = []
    event_model.objects.bulk_update(batch, ["previous_hash", "hash"])
    head_model.objects.update_or_create(pk=1, defaults={"last_id": last_id, "last_hash": previous})


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0016_audit_chain")]

    operations = [migrations.RunPython(chain, migrations.RunPython.noop)]
