"""Give the roles their assistance-case permissions (ledgers/roles.py)."""

from django.db import migrations

from core.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("casework", "0007_assistance")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
