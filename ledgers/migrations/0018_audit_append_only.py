"""The database refuses to change or delete audit entries (ledgers/auditchain.py explains the
triggers and the one deletion they allow: the retention purge)."""

from typing import Any

from django.db import migrations

from core.auditchain import create_triggers, drop_triggers


def install(apps: Any, schema_editor: Any) -> None:
    create_triggers(schema_editor.connection)  # per vendor: PostgreSQL or SQLite


def remove(apps: Any, schema_editor: Any) -> None:
    drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0017_audit_chain_existing")]

    operations = [migrations.RunPython(install, remove)]
