"""Give the roles their hazard permissions (ledgers/roles.py)."""

from django.db import migrations

from core.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_hazards"), ("ledgers", "0007_import_permissions")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
