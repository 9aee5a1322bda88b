"""Leaders read assistance cases and record decisions; they no longer draft or edit them."""

from django.db import migrations

from core.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("casework", "0010_versions")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
