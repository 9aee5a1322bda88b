# Communities get the short code their numbers carry (YH-MC-2026-0001), and the counters those
# numbers are taken from. Existing communities get the letters their grid codes already use
# (MC-01 → MC), else C and the 居委会 part of the area code (C001); the system administrator
# can change either in the admin.

import re

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

CODE = re.compile(r"^[A-Z][A-Z0-9]{0,7}$")
HELP = (
    "Capital letters that name the community in the numbers people cite, as in "
    "YH-MC-2026-0001. A new code applies to numbers given from then on."
)
VALIDATOR = django.core.validators.RegexValidator(
    "^[A-Z][A-Z0-9]{0,7}$",
    "A short code is one to eight capital letters or digits, starting with a letter: MC, BH …",
)


def derived_code(community, grid_codes):
    prefixes = {code.split("-")[0].strip().upper() for code in grid_codes}
    if len(prefixes) == 1 and CODE.match(next(iter(prefixes))):
        return next(iter(prefixes))
    return f"C{community.code[-3:]}"


def give_short_codes(apps, schema_editor):
    Community = apps.get_model("ledgers", "Community")
    Grid = apps.get_model("ledgers", "Grid")
    taken = set()
    for community in Community.objects.order_by("code", "pk"):
        grid_codes = Grid.objects.filter(community=community).values_list("code", flat=True)
        base = derived_code(community, list(grid_codes))
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base[:6]}{number}", number + 1
        taken.add(candidate)
        Community.objects.filter(pk=community.pk).update(short_code=candidate)


class Migration(migrations.Migration):

    dependencies = [
        ("ledgers", "0011_rules_as_constraints"),
    ]

    operations = [
        migrations.AddField(
            model_name="community",
            name="short_code",
            field=models.CharField(default="", max_length=8, verbose_name="short code"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalcommunity",
            name="short_code",
            field=models.CharField(
                db_index=True,
                default="",
                help_text=HELP,
                max_length=8,
                validators=[VALIDATOR],
                verbose_name="short code",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(give_short_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="community",
            name="short_code",
            field=models.CharField(
                help_text=HELP,
                max_length=8,
                unique=True,
                validators=[VALIDATOR],
                verbose_name="short code",
            ),
        ),
        migrations.CreateModel(
            name="NumberSequence",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=10, verbose_name="kind")),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("last", models.PositiveIntegerField(default=0, verbose_name="last number given")),
                ("community", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="ledgers.community", verbose_name="community")),
            ],
            options={
                "verbose_name": "number sequence",
                "verbose_name_plural": "number sequences",
                "constraints": [models.UniqueConstraint(fields=("community", "kind", "year"), name="ledgers_numbersequence_one_per_community_kind_and_year", violation_error_message="This community already counts these numbers.")],
            },
        ),
    ]
