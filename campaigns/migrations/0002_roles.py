"""Give the roles their campaign permissions (ledgers/roles.py)."""

from django.db import migrations

from core.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_campaigns"), ("casework", "0008_assistance_roles")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
