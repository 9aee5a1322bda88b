"""Give staff and grid workers the import permission of each ledger (ledgers/roles.py)."""

from django.db import migrations

from core.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0006_import_batches")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
