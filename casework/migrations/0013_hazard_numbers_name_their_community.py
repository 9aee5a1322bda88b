# Hazard numbers name their community and are unique office-wide: YH-2026-0003 of 庙川社区
# becomes YH-MC-2026-0003 (its count kept), and stays searchable as the former number. A
# number of another form gets the next count of its community and year. The counters start
# after the highest count given.

import re
from collections import defaultdict

from django.conf import settings
from django.db import migrations, models

KIND = "YH"
OLD = re.compile(r"^YH-(\d{4})-(\d{1,6})$")


def renumber(apps, schema_editor):
    Hazard = apps.get_model("casework", "Hazard")
    Community = apps.get_model("ledgers", "Community")
    NumberSequence = apps.get_model("ledgers", "NumberSequence")
    codes = dict(Community.objects.values_list("pk", "short_code"))
    hazards = list(
        Hazard.objects.order_by("community_id", "found_on", "pk").only(
            "pk", "community_id", "number", "found_on"
        )
    )
    last = defaultdict(int)  # (community, year) → the highest count given
    used = set()
    counted, others = [], []
    for hazard in hazards:
        match = OLD.match(hazard.number)
        key = (hazard.community_id, int(match[1])) if match else None
        if match and (*key, int(match[2])) not in used:
            used.add((*key, int(match[2])))
            last[key] = max(last[key], int(match[2]))
            counted.append((hazard, key, int(match[2])))
        else:
            others.append((hazard, (hazard.community_id, hazard.found_on.year)))
    for hazard, key in others:
        last[key] += 1
        counted.append((hazard, key, last[key]))
    for hazard, (community, year), count in counted:
        hazard.former_number = hazard.number
        hazard.number = f"{KIND}-{codes[community]}-{year}-{count:04d}"
    Hazard.objects.bulk_update(hazards, ["number", "former_number"], batch_size=500)
    NumberSequence.objects.bulk_create(
        NumberSequence(community_id=community, kind=KIND, year=year, last=count)
        for (community, year), count in last.items()
    )


def restore(apps, schema_editor):
    Hazard = apps.get_model("casework", "Hazard")
    NumberSequence = apps.get_model("ledgers", "NumberSequence")
    Hazard.objects.exclude(former_number="").update(number=models.F("former_number"))
    NumberSequence.objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("casework", "0012_assistance_rules_as_constraints"),
        ("ledgers", "0012_community_short_code_and_number_sequences"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="hazard",
            name="former_number",
            field=models.CharField(blank=True, editable=False, max_length=32, verbose_name="former hazard number"),
        ),
        migrations.AddField(
            model_name="historicalhazard",
            name="former_number",
            field=models.CharField(blank=True, editable=False, max_length=32, verbose_name="former hazard number"),
        ),
        migrations.AlterField(
            model_name="hazard",
            name="number",
            field=models.CharField(editable=False, max_length=32, verbose_name="hazard number"),
        ),
        migrations.AlterField(
            model_name="historicalhazard",
            name="number",
            field=models.CharField(editable=False, max_length=32, verbose_name="hazard number"),
        ),
        migrations.RunPython(renumber, restore),
        migrations.RemoveConstraint(
            model_name="hazard",
            name="casework_hazard_number_unique_in_community",
        ),
        migrations.AddConstraint(
            model_name="hazard",
            constraint=models.UniqueConstraint(fields=("number",), name="casework_hazard_number_unique", violation_error_message="A hazard with this number already exists."),
        ),
    ]
