"""A community's demonstration level moved to the campaigns' demonstration titles (示范创建),
which record the office's own titles and those competed for too: campaigns 0011 copied each
level into a 已命名 record before the field goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ledgers", "0025_duplicates"),
        ("campaigns", "0011_demonstration_from_communities"),
    ]

    operations = [
        migrations.RemoveField(model_name="community", name="demonstration_level"),
        migrations.RemoveField(model_name="historicalcommunity", name="demonstration_level"),
    ]
