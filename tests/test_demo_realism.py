"""The demo looks like an office: its communities differ, each step is dated when it happened,
nothing that has happened is dated after today, and the titles are those the report names."""

import io
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import models
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from campaigns.models import Activity, Demonstration
from casework.models import AssistanceCase, CaseState, Hazard, HazardState
from demo.creation import seed_creation
from ledgers.models import Community, Resident

# Dates that lie ahead by nature: deadlines, planned ends, expiries, reviews to come.
FUTURE_BY_NATURE = {
    "casework.Hazard.deadline",  # 整改时限
    "casework.Hazard.extension_requested_to",  # the deadline asked for
    "casework.Supervision.due_by",  # 督办: rectify by
    "casework.AssistanceCase.publicity_end",  # 公示 runs seven days
    "casework.AssistanceCase.recheck_due",  # 年度复核 a year on
    "casework.FestivalDate.day",  # the festivals announced for next year
    "ledgers.FloatingRecord.permit_expires",  # 居住证 valid until
    "ledgers.StudyAbroad.to_date",  # studies planned to end
    "campaigns.Demonstration.next_review",  # 复核 five years after naming
}


def past_event_fields() -> list[tuple[type[models.Model], models.DateField[Any, Any]]]:
    """Every date and time field of every model (history included) but those ahead by nature."""
    found = []
    for model in apps.get_models():
        label = model._meta.label
        original = getattr(model, "instance_type", model)  # a history model's own model
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.DateField):  # DateTimeField is one too
                continue
            if f"{original._meta.label}.{field.name}" in FUTURE_BY_NATURE:
                continue
            if label.startswith(("django_tasks", "sessions.", "admin.")):
                continue
            found.append((model, field))
    return found


def local(moment: datetime) -> str:
    return timezone.localtime(moment).date().isoformat()


@pytest.fixture
def demo(db: None, settings: Any) -> None:
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())


def test_the_seeded_demo_looks_like_an_office(demo: None) -> None:
    today = timezone.localdate()
    now = timezone.now()

    # Nothing that has happened is dated after today.
    late = []
    for model, field in past_event_fields():
        limit = now if isinstance(field, models.DateTimeField) else today
        count = model._base_manager.filter(**{f"{field.name}__gt": limit}).count()
        if count:
            late.append(f"{model._meta.label}.{field.name}: {count}")
    assert late == []
    assert not AssistanceCase.objects.filter(stopped_on__gt=today).exists()  # 停发日期

    # The communities differ: in size, activities of each kind, hazards and caseload.
    communities = list(Community.objects.order_by("code"))
    residents = [Resident.objects.filter(community=c).count() for c in communities]
    hazards = [Hazard.objects.filter(community=c).count() for c in communities]
    cases = [AssistanceCase.objects.filter(community=c).count() for c in communities]
    for numbers in (residents, hazards, cases):
        assert len(set(numbers)) == len(communities), numbers
    assert residents == sorted(residents, reverse=True)  # 庙川 the largest, 站院巷 the smallest
    last_year = today.year - 1
    by_kind = {
        c.name: dict(
            Activity.objects.filter(community=c, held_on__year=last_year)
            .values_list("kind")
            .annotate(n=Count("pk"))
        )
        for c in communities
    }
    for kind in ("service", "policy_lecture", "forum", "training"):
        assert len({counts.get(kind, 0) for counts in by_kind.values()}) == len(communities)
    states = {state for state in Hazard.objects.values_list("state", flat=True)}
    assert {HazardState.REGISTERED, HazardState.IN_PROGRESS, HazardState.CLOSED} <= states

    # A hazard's timeline carries the days of its steps, not the day the demo was seeded.
    closed = Hazard.objects.filter(state=HazardState.CLOSED, closed_on__lt=today - timedelta(9))
    assert closed.count() > 20
    for hazard in closed.prefetch_related("actions")[:30]:
        days = {action.kind: local(action.at) for action in hazard.actions.all()}
        assert days["register"] == hazard.found_on.isoformat() == local(hazard.created_at)
        assert days["assign"] == hazard.assigned_on.isoformat()  # type: ignore[union-attr]
        assert days["submit"] == hazard.completed_on.isoformat()  # type: ignore[union-attr]
        assert days["pass"] == hazard.closed_on.isoformat()  # type: ignore[union-attr]
        assert local(hazard.updated_at) == days["pass"]
        history = sorted(local(h.history_date) for h in hazard.history.all())
        assert history[0] == days["register"] and history[-1] == days["pass"]
        assert all(now - action.at > timedelta(days=9) for action in hazard.actions.all())
    stopped = AssistanceCase.objects.filter(state=CaseState.STOPPED).first()
    assert stopped is not None and stopped.stopped_on is not None
    steps = {action.kind: local(action.at) for action in stopped.actions.all()}
    assert steps["create"] == stopped.applied_on.isoformat()
    assert steps["stop"] == stopped.stopped_on.isoformat() < today.isoformat()
    resident = Resident.objects.order_by("pk").first()
    assert resident is not None and local(resident.created_at) < today.isoformat()
    assert local(resident.history.earliest("history_date").history_date) < today.isoformat()


def test_the_demo_titles_are_those_the_report_names(
    accounts: dict[str, User], client: Client
) -> None:
    seed_creation()
    titles = {
        (d.community.name if d.community else "", d.level, d.status)
        for d in Demonstration.objects.select_related("community")
    }
    assert titles == {
        ("", "province", "named"),  # 全省示范单位
        ("庙川社区", "city", "competing"),  # 争创市级
        ("北环路社区", "city", "competing"),
        ("站院巷社区", "county", "named"),
    }
    client.force_login(accounts["leader"])
    for name in ("庙川社区", "北环路社区"):
        page = client.get(Community.objects.get(name=name).get_absolute_url())
        text = page.content.decode()
        assert "市级 · 争创中" in text and "尚未创建" not in text
