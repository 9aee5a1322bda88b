"""Grant the ledger permissions to the roles; create the resident tags of DOMAIN.md §4.

Tags that a ledger record already says (少数民族, 流动人口, 归侨侨眷, 新的社会阶层人士, 个体工商户,
赴外留学生, 困难户) are not tags: they follow from the ethnicity, the special-ledger records and the
household, and a second copy would drift.
"""

from django.db import migrations

from core.roles import sync_roles

TAGS = [
    ("低保对象", False),
    ("特困人员", False),
    ("临时救助对象", False),
    ("残疾人", False),
    ("高龄老人", False),
    ("空巢老人", False),
    ("独居老人", False),
    ("退役军人", False),
    ("重点人员", True),
]


def create_tags(apps, schema_editor):
    tag = apps.get_model("ledgers", "Tag")
    for name, sensitive in TAGS:
        tag.objects.get_or_create(name=name, defaults={"sensitive": sensitive})


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0003_people_and_places")]

    operations = [
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
        migrations.RunPython(create_tags, migrations.RunPython.noop),
    ]
