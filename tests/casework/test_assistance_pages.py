"""The assistance pages: apply for a household, take the steps, what the county may not see,
scope, the re-check list, the export, the household's cases and the demo."""

import csv
import io
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.assistance import workflow as steps
from casework.models import AssistanceCase, CaseAction, CaseState, IncomeCheck
from core.models import AuditEvent
from demo.casework import advance_to, seed_assistance
from ledgers.models import Community
from tests.helpers import assert_fixed_queries

TODAY = timezone.localdate()


def apply(client: Client, people: dict[str, Any], **extra: Any) -> Any:
    data = {
        "household": people["household"].pk,
        "applicant": people["head"].pk,
        "kind": "temporary",
        "applied_on": f"{TODAY:%Y-%m-%d}",
        "reason_category": "illness",
        "reason": "户主突发疾病住院，需自付医疗费三万元",
        "family_size": "2",
        "amount_requested": "3000",
        **extra,
    }
    return client.post(reverse("casework:assistance_add"), data, follow=True)


def step(client: Client, case: AssistanceCase, name: str, **data: str) -> str:
    url = reverse(f"casework:assistance_{name}", args=[case.pk])
    posted = {f"{name}-{key}": value for key, value in data.items()}
    case.refresh_from_db()
    posted["seen_state"] = case.state  # as the page shows it
    return client.post(url, posted, follow=True).content.decode()


def test_a_case_through_the_pages(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    staff = client_as("staff_mc")
    page = apply(staff, mc_people)
    case = AssistanceCase.objects.get()
    assert page.redirect_chain[-1][0] == case.get_absolute_url()
    assert "登记为草稿" in page.content.decode() and case.state == CaseState.DRAFT
    step(staff, case, "accept")
    step(staff, case, "investigate", note="已入户")
    step(staff, case, "income_check", result="eligible", monthly_income="650.50", family_size="2")
    start = TODAY - timedelta(days=8)
    step(staff, case, "publicity", start=f"{start:%Y-%m-%d}", opinion="同意上报")
    case.refresh_from_db()
    assert case.state == CaseState.PUBLICITY and case.publicity_end == start + timedelta(days=7)
    page_text = step(staff, case, "objection", content="该户有经营收入", raised_by="居民")
    assert "未处理" in page_text or "异议" in page_text
    blocked = step(staff, case, "end_publicity")
    assert "异议" in blocked
    case.refresh_from_db()
    assert case.state == CaseState.PUBLICITY
    objection = case.objections.get()
    step(staff, case, "resolve", objection=str(objection.pk), resolution="核实无经营收入")
    step(staff, case, "end_publicity")
    case.refresh_from_db()
    assert case.state == CaseState.STREET_REVIEW
    detail = staff.get(case.get_absolute_url()).content.decode()
    for kind in ["受理", "家庭经济核查", "公示", "异议", "公示期满"]:
        assert kind in detail
    issued = staff.post(reverse("casework:assistance_notice_issue", args=[case.pk]), follow=True)
    notice = issued.content.decode()
    assert "马建国" in notice and "同意上报" in notice


def test_a_refusal_without_a_reason_changes_nothing(
    client_as: Callable[[str], Client], mc_people: dict[str, Any], accounts: dict[str, User]
) -> None:
    apply(client_as("staff_mc"), mc_people)
    case = AssistanceCase.objects.get()
    advance_to(case, CaseState.CIVIL_APPROVAL, accounts["staff_mc"])
    page = step(client_as("staff_mc"), case, "refuse", reason="", decided_on=f"{TODAY}")
    assert "不予批准理由：此项为必填项。" in page
    grid = step(client_as("grid_mc1"), case, "refuse", reason="收入超标", decided_on=f"{TODAY}")
    assert "只有" in grid  # grid workers do not record decisions
    case.refresh_from_db()
    assert case.state == CaseState.CIVIL_APPROVAL and case.decision_reason == ""


def test_the_applicant_is_chosen_among_the_households_members(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    staff = client_as("staff_mc")
    url = reverse("casework:assistance_add")
    choices = staff.get(url, {"household": mc_people["household"].pk}).context["form"]
    applicants = set(choices.fields["applicant"].queryset)
    assert applicants == {mc_people["head"], mc_people["wife"]}
    page = apply(staff, mc_people, applicant=mc_people["floating"].pk)
    assert page.context["form"].errors["applicant"]
    assert not AssistanceCase.objects.exists()


def test_temporary_relief_again_is_warned_about_but_saved(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    staff = client_as("staff_mc")
    apply(staff, mc_people, applied_on=f"{TODAY - timedelta(days=200):%Y-%m-%d}")
    page = apply(staff, mc_people).content.decode()
    assert AssistanceCase.objects.count() == 2
    assert "12 个月" in page
    second = AssistanceCase.objects.latest("pk")
    detail = staff.get(second.get_absolute_url()).content.decode()
    assert 'id="repeat-warning"' in detail
    quiet = apply(staff, mc_people, reason_category="disaster").content.decode()
    assert "12 个月" not in quiet


def paid_case(people: dict[str, Any], user: User, **fields: Any) -> AssistanceCase:
    case = AssistanceCase(
        household=people["household"],
        applicant=people["head"],
        kind="dibao",
        applied_on=TODAY - timedelta(days=400),
        reason="家庭人均收入低于低保标准",
        reason_category="low_income",
        **fields,
    )
    steps.create(case, user)
    advance_to(case, CaseState.INVESTIGATING, user)
    steps.record_income_check(case, user, IncomeCheck.ELIGIBLE, Decimal("1234.56"), 2)
    advance_to(case, CaseState.PAYING, user)
    return case


def test_the_county_sees_no_income_hardship_or_amounts(
    client_as: Callable[[str], Client], mc_people: dict[str, Any], accounts: dict[str, User]
) -> None:
    case = paid_case(mc_people, accounts["staff_mc"])
    url = case.get_absolute_url()
    staff_page = client_as("staff_mc").get(url).content.decode()
    assert "1234.56" in staff_page and "家庭人均收入低于低保标准" in staff_page
    county = client_as("county")
    county_page = county.get(url).content.decode()
    assert "1234.56" not in county_page and "家庭人均收入低于低保标准" not in county_page
    assert "780" not in county_page and 'id="details-hidden"' in county_page
    assert "马建国" in county_page  # who and what stay visible
    listing = county.get(reverse("casework:assistance_list"), {"sort": "amount_approved"})
    headers = [str(c.label) for c in listing.context["columns"]]
    assert "批准金额（元）" not in headers and "事由分类" not in headers
    assert listing.context["current_sort"] == ""  # no sorting by what is hidden
    export = county.get(reverse("casework:assistance_export"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(export.getvalue().decode("utf-8-sig"))))
    assert "家庭月收入（元）" not in rows[0] and "事由" not in rows[0] and len(rows) == 2
    assert not any("1234.56" in cell for cell in rows[1])
    staff_export = client_as("staff_mc").get(
        reverse("casework:assistance_export"), {"format": "csv"}
    )
    staff_text = staff_export.getvalue().decode("utf-8-sig")
    assert "家庭月收入（元）" in staff_text and "1234.56" in staff_text
    assert AuditEvent.objects.filter(action="export").count() == 2


def test_another_communitys_case_is_not_found_and_its_steps_change_nothing(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    apply(client_as("staff_mc"), mc_people)
    case = AssistanceCase.objects.get()
    other = client_as("staff_bh")
    assert other.get(case.get_absolute_url()).status_code == 404
    assert other.post(reverse("casework:assistance_accept", args=[case.pk])).status_code == 404
    assert case not in other.get(reverse("casework:assistance_list")).context["object_list"]
    case.refresh_from_db()
    assert case.state == CaseState.DRAFT and case.actions.count() == 1


def test_the_recheck_list_shows_what_falls_due(
    client_as: Callable[[str], Client], mc_people: dict[str, Any], accounts: dict[str, User]
) -> None:
    due = paid_case(mc_people, accounts["staff_mc"])
    later = paid_case(mc_people, accounts["staff_mc"])
    AssistanceCase.objects.filter(pk=due.pk).update(recheck_due=TODAY - timedelta(days=3))
    AssistanceCase.objects.filter(pk=later.pk).update(recheck_due=TODAY + timedelta(days=90))
    staff = client_as("staff_mc")
    listed = staff.get(reverse("casework:assistance_recheck")).context["object_list"]
    assert list(listed) == [due]
    filtered = staff.get(reverse("casework:assistance_list"), {"due": "yes"})
    assert list(filtered.context["object_list"]) == [due]
    page = step(staff, due, "recheck", note="收入无变化", checked_on=f"{TODAY}")
    assert "年度复核" in page
    assert not staff.get(reverse("casework:assistance_recheck")).context["object_list"]


def test_the_list_makes_a_fixed_number_of_queries(
    client_as: Callable[[str], Client], mc_people: dict[str, Any], miaochuan: Community
) -> None:
    def add_rows(n: int) -> None:
        AssistanceCase.objects.bulk_create(
            AssistanceCase(
                community=miaochuan,
                household=mc_people["household"],
                applicant=mc_people["head"],
                kind="temporary",
                reason="疾病",
                reason_category="illness",
                amount_approved=Decimal("500"),
            )
            for _ in range(n)
        )

    assert_fixed_queries(client_as("staff_mc"), reverse("casework:assistance_list"), add_rows)


def test_the_household_page_lists_its_cases(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    staff = client_as("staff_mc")
    apply(staff, mc_people)
    page = staff.get(mc_people["household"].get_absolute_url()).content.decode()
    assert 'id="household-cases"' in page and "临时救助" in page
    assert 'id="apply-for-assistance"' in page
    county = client_as("county").get(mc_people["household"].get_absolute_url()).content.decode()
    assert "临时救助" in county and 'id="apply-for-assistance"' not in county


def test_the_demo_seeds_every_state_through_the_workflow_once(
    mc_people: dict[str, Any],
) -> None:
    seed_assistance(per_community=20)
    cases = AssistanceCase.objects.all()
    assert set(cases.values_list("state", flat=True)) == set(CaseState.values)
    assert cases.count() == 20  # only 庙川 has people in this fixture
    assert not cases.filter(actions__isnull=True).exists()
    actions = CaseAction.objects.count()
    seed_assistance(per_community=20)
    assert (AssistanceCase.objects.count(), CaseAction.objects.count()) == (20, actions)
