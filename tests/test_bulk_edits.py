"""Bulk edits from the resident list: preview, confirm, the record, and undo as one batch."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from campaigns.antifraud.models import AntiFraudCoverage, AntiFraudStatus
from casework.insurance.models import InsuranceEnrolment
from core.bulkedit import views as bulk_views
from core.models import BulkEdit
from ledgers.models import Community, Grid, Household, ResidencePeriod, Resident, Tag
from ledgers.people.bulk_actions import ReassignGrid
from tests.conftest import citizen_id

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
UNDONE = gettext("The bulk edit was undone.")


def run_url(key: str, query: str = "") -> str:
    return f"{reverse('bulkedit:run', args=['residents', key])}?{query}"


def preview(client: Client, key: str, query: str = "", **params: Any) -> Any:
    response = client.post(run_url(key, query), params)
    assert response.status_code == 200
    return response


def bulk_edit(client: Client, key: str, query: str = "", **params: Any) -> BulkEdit:
    """Preview, then confirm with what the preview showed; the edit recorded."""
    seen = preview(client, key, query, **params).context["seen"]
    response = client.post(run_url(key, query), {**params, "seen": seen, "confirm": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return BulkEdit.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


def undo(client: Client, edit: BulkEdit) -> str:
    """The message the undo shows."""
    response = client.post(reverse("bulkedit:undo", args=[edit.pk]), follow=True)
    assert response.status_code == 200
    return [str(m) for m in response.context["messages"]][-1]


def add_residents(community: Community, count: int, start: int = 0, **fields: Any) -> None:
    for number in range(start, start + count):
        born = date(1960, 1, 1) + timedelta(days=number)
        Resident.objects.create(
            community=community,
            name=f"马{number}",
            id_number=citizen_id(f"{born:%Y%m%d}", f"{number % 900 + 100:03d}"),
            gender="1" if number % 900 % 2 else "2",
            birth_date=born,
            ethnicity="03",
            **fields,
        )


@pytest.fixture
def mc2(miaochuan: Community) -> Grid:
    grid, _created = Grid.objects.get_or_create(
        community=miaochuan, code="MC-02", defaults={"name": "第2网格"}
    )
    return grid


def test_reassigning_the_grid_moves_the_listed_residents_and_undo_moves_them_back(
    client_as: Callable[[str], Client], mc_people: dict[str, Any], mc2: Grid, grid_mc1: Grid
) -> None:
    staff = client_as("staff_mc")
    query = f"community={mc2.community_id}"
    shown = preview(staff, "resident-grid", query, grid=mc2.pk).context["preview"]
    assert shown.changing == 3
    assert {row.after for row in shown.sample} == {"第2网格"}
    head = mc_people["head"]
    version = Resident.objects.get(pk=head.pk).version
    edit = bulk_edit(staff, "resident-grid", query, grid=mc2.pk)
    assert edit.changed == 3 and edit.count == 3
    head.refresh_from_db()
    assert head.grid == mc2 and head.version == version + 1
    newest = head.history.order_by("-history_id").first()
    assert newest.grid_id == mc2.pk and newest.history_change_reason == f"批量修改 #{edit.pk}"
    period = ResidencePeriod.objects.get(resident=head, ended_on__isnull=True)
    assert period.grid == mc2 and period.start_event == "grid"

    assert undo(staff, edit) == UNDONE
    head.refresh_from_db()
    assert head.grid == grid_mc1 and head.version == version + 2
    assert Resident.objects.get(pk=mc_people["wife"].pk).grid is None
    assert ResidencePeriod.objects.get(resident=head, ended_on__isnull=True).grid == grid_mc1
    edit.refresh_from_db()
    assert edit.undone_at is not None
    # Undone once: no second undo.
    assert staff.post(reverse("bulkedit:undo", args=[edit.pk])).status_code == 403


def test_a_grid_of_another_community_than_some_listed_residents_is_refused(
    client_as: Callable[[str], Client],
    accounts: dict[str, User],
    mc_people: dict[str, Any],
    beihuan: Community,
) -> None:
    """An account of two communities cannot put 庙川's residents in a 北环路 grid."""
    from ledgers.models import Assignment

    Assignment.objects.create(user=accounts["staff_mc"], community=beihuan)
    add_residents(beihuan, 2)
    grid = Grid.objects.filter(community=beihuan)[0]
    staff = client_as("staff_mc")
    response = preview(staff, "resident-grid", grid=grid.pk)
    assert response.context["preview"].problem == ReassignGrid().elsewhere_message(3, grid)
    assert 'id="confirm-bulk"' not in response.content.decode()
    seen = response.context["seen"]
    staff.post(run_url("resident-grid"), {"grid": grid.pk, "seen": seen, "confirm": "1"})
    assert not BulkEdit.objects.exists()
    assert not Resident.objects.filter(grid=grid).exists()


def test_adding_a_tag_and_undoing_it(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    tag = Tag.objects.get(name="退役军人")
    head = mc_people["head"]
    head.tags.add(Tag.objects.get(name="残疾人"))
    staff = client_as("staff_mc")
    edit = bulk_edit(staff, "resident-tag-add", "", tag=tag.pk)
    assert edit.changed == 3
    assert set(Resident.objects.filter(tags=tag).values_list("name", flat=True)) == {
        "马建国",
        "杨秀兰",
        "韩晓东",
    }
    # The history keeps the tags each resident has after the edit.
    newest = head.history.order_by("-history_id").first()
    assert {t.tag.name for t in newest.tags.all()} == {"残疾人", "退役军人"}
    assert undo(staff, edit) == UNDONE
    assert not Resident.objects.filter(tags=tag).exists()
    assert list(head.tags.values_list("name", flat=True)) == ["残疾人"]


def test_removing_a_tag_touches_only_those_who_have_it(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    tag = Tag.objects.get(name="低保对象")
    mc_people["wife"].tags.add(tag)
    staff = client_as("staff_mc")
    edit = bulk_edit(staff, "resident-tag-remove", "", tag=tag.pk)
    assert edit.changed == 1
    assert list(edit.before["ledgers.resident"]) == [str(mc_people["wife"].pk)]
    assert not Resident.objects.filter(tags=tag).exists()
    undo(staff, edit)
    assert list(Resident.objects.filter(tags=tag)) == [mc_people["wife"]]


def test_a_row_changed_after_the_edit_stops_the_undo(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    tag = Tag.objects.get(name="空巢老人")
    staff = client_as("staff_mc")
    edit = bulk_edit(staff, "resident-tag-add", "", tag=tag.pk)
    wife = Resident.objects.get(pk=mc_people["wife"].pk)
    wife.phone = "13800001111"
    wife.save()
    message = undo(staff, edit)
    assert message != UNDONE and "杨秀兰" in message
    assert Resident.objects.filter(tags=tag).count() == 3
    edit.refresh_from_db()
    assert edit.undone_at is None


def test_the_preview_counts_the_rows_the_list_shows(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    add_residents(miaochuan, 30)
    add_residents(miaochuan, 5, start=100, residence_type="floating")
    staff = client_as("staff_mc")
    searched = urlencode({"q": "马", "age": "60-79"})
    for query in ["residence_type=floating", searched, "", "age=60-79"]:
        listed = staff.get(f"{reverse('ledgers:resident_list')}?{query}").context["paginator"]
        tag = Tag.objects.get(name="高龄老人")
        shown = preview(staff, "resident-tag-add", query, tag=tag.pk).context
        assert "preview" in shown, (query, shown["count"], shown["form"].errors)
        assert shown["count"] == listed.count == shown["preview"].changing, query


def test_staff_never_edit_another_communitys_rows(
    client_as: Callable[[str], Client], mc_people: dict[str, Any], beihuan: Community
) -> None:
    add_residents(beihuan, 3)
    tag = Tag.objects.get(name="独居老人")
    staff = client_as("staff_mc")
    # A crafted query string naming 北环路 is a filter staff_mc may not use: nothing listed.
    response = staff.post(run_url("resident-tag-add", f"community={beihuan.pk}"), {"tag": tag.pk})
    assert response.context["count"] == 0
    edit = bulk_edit(staff, "resident-tag-add", "", tag=tag.pk)
    assert edit.changed == 3
    assert not Resident.objects.filter(community=beihuan, tags=tag).exists()
    # Another community's staff do not see the record.
    other = client_as("staff_bh")
    assert other.get(reverse("bulkedit:detail", args=[edit.pk])).status_code == 404
    assert other.post(reverse("bulkedit:undo", args=[edit.pk])).status_code == 404
    assert Resident.objects.filter(tags=tag).count() == 3


@pytest.mark.parametrize("persona", ["leader", "county", "auditor"])
def test_those_who_may_not_change_residents_get_403(
    persona: str, client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    client = client_as(persona)
    tag = Tag.objects.get(name="独居老人")
    assert client.get(run_url("resident-tag-add")).status_code == 403
    assert client.post(run_url("resident-tag-add"), {"tag": tag.pk}).status_code == 403
    assert client.get(reverse("bulkedit:choose", args=["residents"])).status_code == 403
    assert "bulk-edit-link" not in client.get(reverse("ledgers:resident_list")).content.decode()
    assert not Resident.objects.filter(tags=tag).exists()


def test_the_list_links_to_the_bulk_edit_of_its_filter(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    staff = client_as("staff_mc")
    page = staff.get(f"{reverse('ledgers:resident_list')}?residence_type=floating&page=1")
    link = page.context["bulk_edit_url"]
    assert link == f"{reverse('bulkedit:choose', args=['residents'])}?residence_type=floating"
    chooser = staff.get(link)
    assert chooser.context["count"] == 1
    assert {a.key for a in chooser.context["actions"]} >= {"resident-grid", "resident-tag-add"}


def test_a_grid_worker_is_not_offered_sensitive_tags(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    sensitive = Tag.objects.get(name="重点人员")
    worker = client_as("grid_mc1")
    form = worker.get(run_url("resident-tag-add")).context["form"]
    assert sensitive not in form.fields["tag"].queryset
    response = worker.post(run_url("resident-tag-add"), {"tag": sensitive.pk})
    assert response.context["form"].errors and "preview" not in response.context


def test_more_rows_than_the_limit_are_refused(
    client_as: Callable[[str], Client], mc_people: dict[str, Any], monkeypatch: Any
) -> None:
    monkeypatch.setattr(bulk_views, "LIMIT", 2)
    tag = Tag.objects.get(name="独居老人")
    response = preview(client_as("staff_mc"), "resident-tag-add", "", tag=tag.pk)
    assert "preview" not in response.context
    assert 'id="bulk-too-many"' in response.content.decode()
    assert not Resident.objects.filter(tags=tag).exists()


def test_a_list_changed_since_the_preview_is_previewed_again(
    client_as: Callable[[str], Client], mc_people: dict[str, Any], miaochuan: Community
) -> None:
    tag = Tag.objects.get(name="独居老人")
    staff = client_as("staff_mc")
    seen = preview(staff, "resident-tag-add", "", tag=tag.pk).context["seen"]
    add_residents(miaochuan, 1)
    confirmed = {"tag": tag.pk, "seen": seen, "confirm": "1"}
    response = staff.post(run_url("resident-tag-add"), confirmed)
    assert response.status_code == 200 and response.context["preview"].changing == 4
    assert not BulkEdit.objects.exists()


@pytest.mark.parametrize("key", ["resident-grid", "resident-tag-add", "antifraud-installed"])
def test_a_bulk_edit_makes_as_many_queries_for_100_rows_as_for_10(
    key: str, client_as: Callable[[str], Client], miaochuan: Community, mc2: Grid
) -> None:
    staff = client_as("staff_mc")
    params = {"resident-grid": {"grid": mc2.pk}, "resident-tag-add": {}}.get(key, {})
    if key == "resident-tag-add":
        params = {"tag": Tag.objects.get(name="低保对象").pk}
    counts = []
    for start, count in [(0, 10), (10, 90)]:
        add_residents(miaochuan, count, start=start)
        for resident in Resident.objects.filter(household__isnull=True):
            household = Household.objects.create(community=miaochuan, number=f"MC-{resident.pk}")
            resident.household, resident.relation_to_head = household, "02"
            resident.save()
        seen = preview(staff, key, "", **params).context["seen"]
        with CaptureQueriesContext(connection) as captured:
            response = staff.post(run_url(key), {**params, "seen": seen, "confirm": "1"})
        assert response.status_code == 302
        counts.append(len(captured.captured_queries))
        BulkEdit.objects.all().delete()
        Resident.tags.through.objects.all().delete()
        AntiFraudCoverage.objects.all().delete()
        Resident.objects.update(grid=None)
    assert counts[0] == counts[1]


def test_marking_the_anti_fraud_app_installed_and_undoing_it(
    client_as: Callable[[str], Client], mc_people: dict[str, Any], miaochuan: Community
) -> None:
    first = mc_people["household"]
    second = Household.objects.create(community=miaochuan, number="MC-0002", address="庙川路2号")
    third = Household.objects.create(community=miaochuan, number="MC-0003", address="庙川路3号")
    floating = mc_people["floating"]
    floating.household, floating.relation_to_head = second, "02"
    floating.save()
    add_residents(miaochuan, 1, household=third, relation_to_head="02")
    staff = client_as("staff_mc")
    refused = AntiFraudCoverage.objects.create(
        household=first,
        status=AntiFraudStatus.REFUSED,
        refused_reason="不会用智能手机",
        recorded_by=User.objects.get(username="grid_mc1"),
        recorded_on=date(2026, 1, 5),
    )
    AntiFraudCoverage.objects.create(
        household=third, status=AntiFraudStatus.INSTALLED, recorded_by=refused.recorded_by
    )
    shown = preview(staff, "antifraud-installed").context["preview"]
    assert shown.changing == 2
    assert [row.before for row in shown.sample] == [
        AntiFraudStatus.REFUSED.label,
        gettext("Not asked yet"),
    ]
    edit = bulk_edit(staff, "antifraud-installed")
    assert edit.changed == 2
    refused.refresh_from_db()
    assert refused.status == "installed" and refused.refused_reason == ""
    assert second.anti_fraud.status == "installed"
    assert undo(client_as("staff_mc"), edit) == UNDONE
    refused.refresh_from_db()
    assert (refused.status, refused.refused_reason) == ("refused", "不会用智能手机")
    assert refused.recorded_on == date(2026, 1, 5) and refused.recorded_by.username == "grid_mc1"
    assert not AntiFraudCoverage.objects.filter(household=second).exists()
    removed = AntiFraudCoverage.history.filter(household_id=second.pk).order_by("-history_id")[0]
    assert removed.history_type == "-"


def test_carrying_insurance_to_next_year_and_undoing_it(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    head, wife, floating = mc_people["head"], mc_people["wife"], mc_people["floating"]
    InsuranceEnrolment.objects.create(resident=head, scheme="medical", year=YEAR)
    InsuranceEnrolment.objects.create(resident=head, scheme="pension", year=YEAR)
    InsuranceEnrolment.objects.create(resident=wife, scheme="medical", year=YEAR)
    InsuranceEnrolment.objects.create(resident=wife, scheme="medical", year=YEAR + 1)
    InsuranceEnrolment.objects.create(
        resident=floating, scheme="medical", year=YEAR, status="not_enrolled"
    )
    staff = client_as("staff_mc")
    assert preview(staff, "insurance-next-year").context["preview"].changing == 2
    edit = bulk_edit(staff, "insurance-next-year")
    assert edit.changed == 2 and edit.params == {"year": YEAR, "next_year": YEAR + 1}
    carried = InsuranceEnrolment.objects.filter(year=YEAR + 1)
    assert sorted(carried.values_list("resident__name", "scheme")) == [
        ("杨秀兰", "medical"),
        ("马建国", "medical"),
        ("马建国", "pension"),
    ]
    undo(staff, edit)
    left = InsuranceEnrolment.objects.filter(year=YEAR + 1)
    assert list(left.values_list("resident", flat=True)) == [wife.pk]


def test_an_added_row_changed_since_stops_the_undo(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    InsuranceEnrolment.objects.create(resident=mc_people["head"], scheme="medical", year=YEAR)
    staff = client_as("staff_mc")
    edit = bulk_edit(staff, "insurance-next-year")
    copy = InsuranceEnrolment.objects.get(year=YEAR + 1)
    copy.notes = "已缴费"
    copy.save()
    assert undo(staff, edit) != UNDONE
    assert InsuranceEnrolment.objects.filter(year=YEAR + 1).exists()


def test_the_records_page_lists_ones_own_bulk_edits(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    tag = Tag.objects.get(name="独居老人")
    edit = bulk_edit(client_as("staff_mc"), "resident-tag-add", "", tag=tag.pk)
    mine = client_as("staff_mc").get(reverse("bulkedit:list"))
    assert [e for e, _label in mine.context["rows"]] == [edit]
    assert client_as("grid_mc1").get(reverse("bulkedit:list")).context["rows"] == []
    detail = client_as("staff_mc").get(reverse("bulkedit:detail", args=[edit.pk]))
    assert detail.context["can_undo"] and "undo-bulk" in detail.content.decode()
    leader = client_as("leader").get(reverse("bulkedit:detail", args=[edit.pk]))
    assert leader.status_code == 200 and not leader.context["can_undo"]
