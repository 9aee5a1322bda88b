"""The dashboard's charts as data for static/js/dashboard.js: categories, series, and for every
segment the list of the rows behind it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from campaigns.models import ActivityKind
from campaigns.targets.progress import TargetProgress, records_url
from casework.models import AssistanceKind, CaseState, HazardState
from ledgers.codes import HazardCategory
from ledgers.models import Community
from reports.dashboard import figures
from reports.drilldown import between, list_url

Point = dict[str, Any]


def _series(name: str, points: list[Point]) -> dict[str, Any]:
    return {"name": name, "data": points}


def _point(value: Any, url: str | None, label: str = "", **marks: Any) -> Point:
    return {"value": value, "url": url, "label": label, **marks}


def _chart(
    title: str, kind: str, categories: list[str], series: list[dict[str, Any]], **options: Any
) -> dict[str, Any]:
    return {"title": title, "kind": kind, "categories": categories, "series": series, **options}


def ethnicity(people: figures.People, where: dict[str, Any]) -> dict[str, Any]:
    groups = people.by_ethnicity
    points = [
        _point(n, list_url("ledgers:minority_ledger", ethnicity=code, **where))
        for code, _name, n in groups
    ]
    return _chart(
        _("Minority residents by ethnic group"),
        "hbar",
        [name for _code, name, _n in groups],
        [_series(_("Minority residents"), points)],
    )


def communities(
    data: dict[str, Any],
    rows: list[Community],
    period: figures.Period,
    where: dict[str, Any],
) -> dict[str, Any]:
    """Each community side by side: minority residents, open hazards, activities."""
    held = between("held_on", period.start, period.end)
    names = [c.name for c in rows]
    series = []
    if "people" in data:
        people: figures.People = data["people"]
        series.append(
            _series(
                _("Minority residents"),
                [
                    _point(
                        people.by_community.get(c.pk, (0, 0))[1],
                        list_url("ledgers:minority_ledger", community=c.pk),
                    )
                    for c in rows
                ],
            )
        )
    if "hazards" in data:
        hazards: figures.Hazards = data["hazards"]
        series.append(
            _series(
                _("Open hazards"),
                [
                    _point(
                        hazards.open_by_community.get(c.pk, 0),
                        list_url("casework:hazard_list", open="yes", community=c.pk),
                    )
                    for c in rows
                ],
            )
        )
    office = 0
    if "activities" in data:
        activities: figures.Activities = data["activities"]
        points = [
            _point(
                activities.by_community.get(c.pk, 0),
                list_url("campaigns:activity_list", community=c.pk, **held),
            )
            for c in rows
        ]
        office = activities.by_community.get(None, 0)
        if office and where.get("community") is None:
            points.append(_point(office, list_url("campaigns:activity_list", office=1, **held)))
        series.append(_series(_("Activities this period"), points))
    if office and where.get("community") is None:
        names.append(_("Whole office"))
        for one in series[:-1]:
            one["data"].append(_point(None, None))
    return _chart(_("Communities compared"), "bar", names, series)


def _stacked(
    stacks: list[tuple[str, Any]],
    columns: list[Any],
    count: Callable[[Any, Any], int],
    link: Callable[[Any, Any], str],
) -> list[dict[str, Any]]:
    """A stacked chart's series: one a stack (its name, its key), one point a column, each the
    count of (column, stack) and the list of its rows."""
    return [
        _series(name, [_point(count(column, key), link(column, key)) for column in columns])
        for name, key in stacks
    ]


def hazards(h: figures.Hazards, period: figures.Period, where: dict[str, Any]) -> dict[str, Any]:
    found = between("found_on", period.start, period.end)
    categories = [
        c for c in HazardCategory.values if any(k[0] == c for k in h.found_by_category_state)
    ]
    series = _stacked(
        [(str(state.label), state.value) for state in HazardState],
        categories,
        lambda category, state: h.found_by_category_state.get((category, state), 0),
        lambda category, state: list_url(
            "casework:hazard_list", category=category, state=state, **found, **where
        ),
    )
    return _chart(
        _("Hazards found this period, by category and state"),
        "hbar",
        [str(HazardCategory(c).label) for c in categories],
        series,
        stacked=True,
    )


def activities(
    a: figures.Activities, period: figures.Period, where: dict[str, Any]
) -> dict[str, Any]:
    months = period.months()
    kinds = [k for k in ActivityKind if any(key[1] == k.value for key in a.by_month_kind)]
    series = _stacked(
        [(str(kind.label), kind.value) for kind in kinds],
        months,
        lambda month, kind: a.by_month_kind.get((month[0].month, kind), 0),
        lambda month, kind: list_url(
            "campaigns:activity_list", kind=kind, **between("held_on", *month), **where
        ),
    )
    labels = [_("Month %(month)d") % {"month": first.month} for first, _last in months]
    return _chart(_("Activities by month and kind"), "bar", labels, series, stacked=True)


def assistance(
    a: figures.Assistance, period: figures.Period, where: dict[str, Any]
) -> dict[str, Any]:
    applied = between("applied_on", period.start, period.end)
    kinds = a.kinds()
    states = [s for s in CaseState if any(key[1] == s.value for key in a.by_kind_state)]
    series = _stacked(
        [(str(state.label), state.value) for state in states],
        kinds,
        lambda kind, state: a.by_kind_state.get((kind, state), 0),
        lambda kind, state: list_url(
            "casework:assistance_list", kind=kind, state=state, **applied, **where
        ),
    )
    return _chart(
        _("Assistance applied for this period, by kind and state"),
        "hbar",
        [str(AssistanceKind(k).label) for k in kinds],
        series,
        stacked=True,
    )


def reached(p: TargetProgress) -> int:
    """How much of the threshold is reached, in per cent, not capped at 100 (145 of 100 is
    145) and rounded down (19.9 of 20 is 99, never a 100 that is not met)."""
    if p.threshold <= 0:
        return 100
    return int(p.actual * 100 / p.threshold)


TARGETS_SHOWN = 20  # bars: a county's hundred communities set some six targets each


def targets(rows: list[TargetProgress], everything_url: str = "") -> dict[str, Any]:
    """Each target's bar: the share of its threshold reached, the furthest below first (then
    by what and where). A bar may pass the 100 % line (`line`); one below it is marked
    (`below`: drawn hatched and in red, and its label says so), not by colour alone.

    The TARGETS_SHOWN furthest below are drawn; when there are more, `more` links to the
    targets' list (`everything_url`), where all of them are."""
    ordered = sorted(rows, key=lambda p: (reached(p), p.target.label, p.target.area))
    total = len(ordered)
    ordered = ordered[:TARGETS_SHOWN]
    below = _("below target")
    points = [
        _point(
            reached(p),
            records_url(p.target),
            f"{p.actual.normalize():f} / {p.threshold.normalize():f}"
            + ("%" if p.target.is_percentage else ""),
            below=not p.met,
            note="" if p.met else below,
        )
        for p in ordered
    ]
    chart = _chart(
        _("Targets: how much is reached (%)"),
        "hbar",
        [f"{p.target.label}\n{p.target.area}" for p in ordered],  # what, then where
        [_series(_("Reached"), points)],
        line=100,
        lines=2,
    )
    if total > len(ordered):
        chart["more"] = {
            "url": everything_url,
            "label": _("The %(shown)d furthest below of %(total)d targets: see them all")
            % {"shown": len(ordered), "total": total},
        }
    return chart


def build(
    data: dict[str, Any], rows: list[Community], period: figures.Period, where: dict[str, Any]
) -> dict[str, Any]:
    """The charts the viewer may see, keyed by the element they are drawn in."""
    built: dict[str, Any] = {}
    if "people" in data:
        built["chart-ethnicity"] = ethnicity(data["people"], where)
    built["chart-communities"] = communities(data, rows, period, where)
    if "hazards" in data:
        built["chart-hazards"] = hazards(data["hazards"], period, where)
    if "activities" in data:
        built["chart-activities"] = activities(data["activities"], period, where)
        if data["targets"]:
            everything = list_url("campaigns:target_list", year=period.year, **where)
            built["chart-targets"] = targets(data["targets"], everything)
    if "assistance" in data:
        built["chart-assistance"] = assistance(data["assistance"], period, where)
    return built


def table(chart: dict[str, Any]) -> list[dict[str, Any]]:
    """A chart as the rows of its data table: each category with its value in every series
    (the same points, with the same links, as the bars)."""
    return [
        {"category": category, "points": [series["data"][i] for series in chart["series"]]}
        for i, category in enumerate(chart["categories"])
    ]
