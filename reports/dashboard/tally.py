"""The dashboard's counts over the large tables, kept per community and year, and always exact.

Counting a county's residents, households and insurance rows takes seconds at a million
residents (the pension gap alone is an anti-join of every adult with the year's enrolments), so
the dashboard does not count them on each view. It reads one kept row per community and year
(`CommunityTally`), and counts again only the communities whose rows changed since.

What changed is written by the database itself: every table the counts read (`COUNTED`) has
triggers that note the community of every row inserted, updated or deleted (`TallyChange`). So
no write path is forgotten: forms, workflow steps, imports by COPY, bulk edits, undo, the admin,
the demo, a `manage.py shell`. On PostgreSQL the triggers run once a statement over its changed
rows (transition tables), so an import of 50,000 rows notes each community once; SQLite runs
them once a row, and notes a community once until it is counted again.

Counting again (`recount`) takes the notes of the communities it counts and then counts them,
within one transaction: a note is taken only once its write is committed, and a count that
starts after the note was taken sees that write. A write committed later leaves a note of its
own, so the next view counts again. Counts are taken one at a time (an advisory lock on
PostgreSQL; SQLite has one writer), so an older count never replaces a newer one. A note makes
every year of its community stale: the other years' rows of the community are dropped, to be
counted when asked for.

The figures themselves are counted by the rules of the apps that own them (`should_enrol`,
`visited_in`, `installations`, `has_minority_resident_on_register`), here grouped by community.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Model, Q

from campaigns.antifraud.coverage import installations, recorded_by
from campaigns.models import AntiFraudCoverage, Visit
from campaigns.visits.coverage import visited_in
from casework.models import COVERED, InsuranceEnrolment, InsuranceScheme, should_enrol
from ledgers.models import (
    MINORITY_CODES,
    FloatingRecord,
    Household,
    Resident,
    ResidentStatus,
    StudyAbroad,
    has_minority_resident_on_register,
)
from reports.dashboard.models import CommunityTally, TallyChange

Figures = dict[str, Any]

# Each table the counts read, and how one of its rows names its community: its own column, or
# through the resident or the household it belongs to. tests/reports/test_tally.py holds this
# list equal to the tables `count` reads.
COUNTED: dict[type[Model], str] = {
    Resident: "community_id",
    Household: "community_id",
    FloatingRecord: "resident",
    StudyAbroad: "resident",
    InsuranceEnrolment: "resident",
    Visit: "household",
    AntiFraudCoverage: "household",
}
LOCK = 0x74616C6C79  # "tally": one recount at a time on PostgreSQL
HOUSEHOLD_KEYS = ("households", "hardship", "minority", "visited")
INSTALL_KEYS = ("installed", "installed_by_year_end")


def blank() -> Figures:
    return {
        "ethnicity": {},  # 民族 code → residents on the register (在册)
        "minority_floating": 0,  # minority residents on the register with an open stay
        "covered": {},  # scheme → residents on the register covered in the year
        "pension_gap": 0,  # residents who should be in the pension scheme and are not
        **dict.fromkeys(HOUSEHOLD_KEYS + INSTALL_KEYS, 0),
    }


def count(community_ids: Sequence[int], year: int) -> dict[int, Figures]:
    """Count the figures of these communities for `year` from the tables themselves: six
    grouped queries, whatever the number of communities."""
    counted = {pk: blank() for pk in community_ids}
    row: Any  # one grouped row of each query in turn
    on_register = Resident.objects.filter(community_id__in=community_ids).order_by()
    active = on_register.filter(status=ResidentStatus.ACTIVE)
    for row in active.values("community_id", "ethnicity").annotate(n=Count("pk")):
        counted[row["community_id"]]["ethnicity"][row["ethnicity"]] = row["n"]
    floating = (
        FloatingRecord.objects.filter(
            left_on__isnull=True,
            resident__community_id__in=community_ids,
            resident__status=ResidentStatus.ACTIVE,
            resident__ethnicity__in=MINORITY_CODES,
        )
        .order_by()
        .values(community=F("resident__community_id"))
        .annotate(n=Count("resident_id", distinct=True))
    )
    for row in floating:
        counted[row["community"]]["minority_floating"] = row["n"]
    covering = (
        InsuranceEnrolment.objects.filter(
            year=year,
            status__in=COVERED,
            resident__community_id__in=community_ids,
            resident__status=ResidentStatus.ACTIVE,
        )
        .order_by()
        .values("scheme", community=F("resident__community_id"))
        .annotate(n=Count("pk"))
    )
    for row in covering:
        counted[row["community"]]["covered"][row["scheme"]] = row["n"]
    gap = should_enrol(active, InsuranceScheme.PENSION, year)
    for row in gap.values("community_id").annotate(n=Count("pk")):
        counted[row["community_id"]]["pension_gap"] = row["n"]
    minority = has_minority_resident_on_register()
    households = (
        Household.objects.filter(community_id__in=community_ids)
        .order_by()
        .values("community_id")
        .annotate(
            households=Count("pk"),
            hardship=Count("pk", filter=Q(hardship=True)),
            minority=Count("pk", filter=minority),
            visited=Count("pk", filter=visited_in(year) & minority),
        )
    )
    for row in households:
        counted[row["community_id"]].update({k: row[k] for k in HOUSEHOLD_KEYS})
    installed = (
        installations()
        .filter(household__community_id__in=community_ids)
        .order_by()
        .values(community=F("household__community_id"))
        .annotate(
            installed=Count("pk"),
            installed_by_year_end=Count("pk", filter=recorded_by(date(year, 12, 31))),
        )
    )
    for row in installed:
        counted[row["community"]].update({k: row[k] for k in INSTALL_KEYS})
    return counted


def tallies(community_ids: Iterable[int], year: int) -> dict[int, Figures]:
    """The figures of each of these communities for `year`: the kept ones where nothing
    changed since they were counted (one query), the others counted again (`recount`)."""
    wanted = list(community_ids)
    changed = TallyChange.objects.values("community_id")
    kept = {
        row.community_id: row.figures
        for row in CommunityTally.objects.filter(community_id__in=wanted, year=year).exclude(
            community_id__in=changed
        )
    }
    stale = [pk for pk in wanted if pk not in kept]
    if stale:
        kept.update(recount(stale, year))
    return kept


def recount(community_ids: Sequence[int], year: int) -> dict[int, Figures]:
    """Take the change notes of these communities, count them, keep the counts: one
    transaction, one count at a time."""
    ids = list(community_ids)
    placeholders = ", ".join(["%s"] * len(ids))
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])
        # (SQLite's transactions begin IMMEDIATE here: this one holds the only write lock.)
        cursor.execute(
            f"DELETE FROM {TallyChange._meta.db_table} "
            f"WHERE community_id IN ({placeholders}) RETURNING community_id",
            ids,
        )
        changed = {row[0] for row in cursor.fetchall()}
        counted = count(ids, year)
        if changed:
            CommunityTally.objects.filter(community_id__in=changed).exclude(year=year).delete()
        CommunityTally.objects.bulk_create(
            [CommunityTally(community_id=pk, year=year, figures=f) for pk, f in counted.items()],
            update_conflicts=True,
            unique_fields=["community", "year"],
            update_fields=["figures", "counted_at"],
        )
    return counted


# ---- the triggers ----------------------------------------------------------------------------


def _community_of(model: type[Model], row: str) -> str:
    """SQL naming the community of `row` (NEW, OLD or a transition table's alias)."""
    how = COUNTED[model]
    if how == "community_id":
        return f"{row}.community_id"
    parent = {"resident": Resident, "household": Household}[how]
    column = model._meta.get_field(how).column  # type: ignore[union-attr]
    return f"(SELECT community_id FROM {parent._meta.db_table} WHERE id = {row}.{column})"


def _name(model: type[Model]) -> str:
    return f"{model._meta.db_table}_tally"


def drop_triggers(db: Any) -> None:
    with db.cursor() as cursor:
        for model in COUNTED:
            table, name = model._meta.db_table, _name(model)
            if db.vendor == "postgresql":
                for event in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}_{event} ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
            else:
                for event in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}_{event}")


def create_triggers(db: Any) -> None:
    """(Re)create the triggers that note changed communities, on every counted table. Run by
    the migration that made the tables and after every migrate (reports/apps.py), since SQLite
    drops a table's triggers when a migration remakes the table."""
    drop_triggers(db)
    notes = TallyChange._meta.db_table
    with db.cursor() as cursor:
        for model in COUNTED:
            table, name = model._meta.db_table, _name(model)
            if db.vendor == "postgresql":
                new, old = _community_of(model, "n"), _community_of(model, "o")
                of_new, of_old = f"SELECT {new} FROM new_rows n", f"SELECT {old} FROM old_rows o"
                cursor.execute(
                    f"""
                    CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF TG_OP = 'INSERT' THEN
                            INSERT INTO {notes} (community_id)
                            SELECT DISTINCT c FROM ({of_new}) s (c) WHERE c IS NOT NULL;
                        ELSIF TG_OP = 'UPDATE' THEN
                            INSERT INTO {notes} (community_id)
                            SELECT c FROM ({of_new} UNION {of_old}) s (c) WHERE c IS NOT NULL;
                        ELSE
                            INSERT INTO {notes} (community_id)
                            SELECT DISTINCT c FROM ({of_old}) s (c) WHERE c IS NOT NULL;
                        END IF;
                        RETURN NULL;
                    END $$
                    """
                )
                for event, tables in (
                    ("insert", "NEW TABLE AS new_rows"),
                    ("update", "NEW TABLE AS new_rows OLD TABLE AS old_rows"),
                    ("delete", "OLD TABLE AS old_rows"),
                ):
                    cursor.execute(
                        f"CREATE TRIGGER {name}_{event} AFTER {event.upper()} ON {table} "
                        f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
                    )
            else:
                for event, rows in (
                    ("insert", ["NEW"]),
                    ("update", ["NEW", "OLD"]),
                    ("delete", ["OLD"]),
                ):
                    communities = " UNION ".join(
                        f"SELECT {_community_of(model, r)} AS c" for r in rows
                    )
                    cursor.execute(
                        f"""
                        CREATE TRIGGER {name}_{event} AFTER {event.upper()} ON {table}
                        FOR EACH ROW BEGIN
                            INSERT INTO {notes} (community_id)
                            SELECT c FROM ({communities})
                            WHERE c IS NOT NULL
                              AND c NOT IN (SELECT community_id FROM {notes});
                        END
                        """
                    )


def installed(db: Any) -> bool:
    """Whether the tally's tables exist on this database (not before its migration)."""
    return TallyChange._meta.db_table in db.introspection.table_names()
