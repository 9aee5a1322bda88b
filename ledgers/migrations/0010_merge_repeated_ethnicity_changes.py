"""Before "one change of ethnicity per resident" becomes a rule of the database (0010), merge
the changes that were recorded twice.

Until now the page looked for an earlier change before recording one, outside any lock, so a
form submitted twice (a double click) could record the same change twice. Such repeats (same
resident, old and new ethnicity, reason, approval document and user) are one event: the first
is kept, the repeats are deleted.

Two *different* changes of one person can only come from two people recording at the same
moment; which one is the legal record is for a person to decide, not a migration. Then the
migration stops before changing anything and names the residents: keep the right change (the
one the resident's current ethnicity shows) with the system administrator, and migrate again.
"""

from django.db import migrations
from django.db.models import Count


def merge_repeats(apps, schema_editor):
    change = apps.get_model("ledgers", "EthnicityChange")
    repeated = (
        change.objects.values("resident")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("resident", flat=True)
    )
    repeats, conflicting = [], []
    for resident_id in repeated:
        rows = list(change.objects.filter(resident_id=resident_id).order_by("changed_at", "pk"))
        facts = {
            (r.old_ethnicity, r.new_ethnicity, r.reason, r.approval_document, r.changed_by_id)
            for r in rows
        }
        if len(facts) == 1:
            repeats += [r.pk for r in rows[1:]]
        else:
            conflicting.append(resident_id)
    if conflicting:
        raise RuntimeError(
            "These residents have two different changes of ethnicity recorded; keep the one "
            "that is right and migrate again (resident ids): "
            + ", ".join(str(pk) for pk in sorted(conflicting))
        )
    change.objects.filter(pk__in=repeats).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ledgers", "0009_versions"),
    ]

    operations = [migrations.RunPython(merge_repeats, migrations.RunPython.noop)]
