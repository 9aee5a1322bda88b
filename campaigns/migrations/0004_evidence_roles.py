"""Give the roles their evidence-pack permissions (ledgers/roles.py)."""

from django.db import migrations

from core.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0003_evidence_pack")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
