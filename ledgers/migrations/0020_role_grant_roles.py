"""Leaders and the new 安全管理员 role decide access requests; the system administrator reads
them (ledgers/roles.py)."""

from django.db import migrations

from core.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0019_role_grants")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
