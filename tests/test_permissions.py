"""Every URL × every persona → the status that persona gets (pretix's permission test).

A URL pattern that is not in MATRIX fails `test_every_url_pattern_is_in_the_matrix`: a new page
is not done until this table says who may open it.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ledgers.models import Community, Grid
from tests.conftest import PERSONAS


def _mc() -> list[int]:
    return [Community.objects.get(name="庙川社区").pk]


def _grid_mc1() -> list[int]:
    return [Grid.objects.get(code="MC-01").pk]


def _obj(key: str) -> Callable[[dict[str, Any]], list[int]]:
    return lambda people: [people[key].pk]


def _batch(status: str) -> Callable[[dict[str, Any]], list[int]]:
    """An import of staff_mc's, in the given state (with one error when invalid)."""

    def make(people: dict[str, Any]) -> list[int]:
        from django.contrib.auth.models import User
        from django.core.files.base import ContentFile

        from ledgers.models import ImportBatch

        batch = ImportBatch(
            user=User.objects.get(username="staff_mc"),
            ledger="residents",
            file_name="台账.csv",
            sha256="0" * 64,
            status=status,
            errors=[{"row": 2, "column": "民族", "message": "?"}] if status == "invalid" else [],
        )
        batch.file.save("upload", ContentFile("姓名,民族\r\n马福,火星\r\n".encode()), save=False)
        batch.save()
        return [batch.pk]

    return make


def _hazard(people: dict[str, Any]) -> list[int]:
    return [_make_hazard(people).pk]


def _make_hazard(people: dict[str, Any]) -> Any:
    from django.contrib.auth.models import User

    from casework import workflow
    from casework.models import Hazard

    hazard = Hazard(
        community=people["household"].community,
        location="大殿",
        description="电线老化",
        category="electric",
        place=people["place"],
    )
    workflow.register(hazard, User.objects.get(username="staff_mc"))
    return hazard


def _role_grant(people: dict[str, Any]) -> list[int]:
    """The system administrator's request to join the leaders."""
    from django.contrib.auth.models import Group, User

    from ledgers import grants

    admin = User.objects.get(username="admin")
    return [grants.request_role(admin, Group.objects.get(name="党工委领导"), admin).pk]


def _photo(people: dict[str, Any]) -> list[int]:
    from django.contrib.auth.models import User
    from django.core.files.base import ContentFile

    from casework.models import HazardPhoto

    photo = HazardPhoto(
        hazard=_make_hazard(people),
        stage="before",
        content_type="image/jpeg",
        uploaded_by=User.objects.get(username="staff_mc"),
    )
    photo.image.save("photos/t.jpg", ContentFile(b"jpeg"), save=False)
    photo.thumbnail.save("photos/t-thumb.jpg", ContentFile(b"jpeg"), save=False)
    photo.save()
    return [photo.pk]


def _make_inspection(people: dict[str, Any]) -> Any:
    from django.contrib.auth.models import User

    from casework.inspection_workflow import Answer, record_inspection
    from casework.models import ChecklistItem, Inspection

    inspection = Inspection(
        community=people["household"].community, place=people["place"], inspectors="王芳"
    )
    answers = [Answer(item, "fail" if item == "gas" else "pass") for item in ChecklistItem.values]
    return record_inspection(inspection, answers, User.objects.get(username="staff_mc"))


def _inspection(people: dict[str, Any]) -> list[int]:
    return [_make_inspection(people).pk]


def _inspection_item(people: dict[str, Any]) -> list[int]:
    return [_make_inspection(people).items.get(item="gas").pk]


def _inspection_photo(people: dict[str, Any]) -> list[int]:
    from django.contrib.auth.models import User
    from django.core.files.base import ContentFile

    from casework.models import InspectionPhoto

    photo = InspectionPhoto(
        inspection=_make_inspection(people),
        content_type="image/jpeg",
        uploaded_by=User.objects.get(username="staff_mc"),
    )
    photo.image.save("photos/i.jpg", ContentFile(b"jpeg"), save=False)
    photo.thumbnail.save("photos/i-thumb.jpg", ContentFile(b"jpeg"), save=False)
    photo.save()
    return [photo.pk]


def _enrolment(people: dict[str, Any]) -> list[int]:
    from casework.models import InsuranceEnrolment

    enrolment = InsuranceEnrolment.objects.create(
        resident=people["head"], scheme="medical", year=2026
    )
    return [enrolment.pk]


def _case(people: dict[str, Any]) -> list[int]:
    """A draft assistance case of the 庙川 household (drafts can still be edited)."""
    from django.contrib.auth.models import User

    from casework import assistance_workflow
    from casework.models import AssistanceCase

    case = AssistanceCase(
        household=people["household"],
        applicant=people["head"],
        kind="temporary",
        reason="户主住院",
        reason_category="illness",
    )
    assistance_workflow.create(case, User.objects.get(username="staff_mc"))
    return [case.pk]


def _pack(people: dict[str, Any]) -> list[int]:
    """A built evidence pack of staff_mc's, of 庙川社区."""
    from datetime import date

    from django.contrib.auth.models import User
    from django.core.files.base import ContentFile

    from campaigns.models import EvidencePack

    pack = EvidencePack(
        requested_by=User.objects.get(username="staff_mc"),
        community=people["household"].community,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        indicators=["activities"],
        status="done",
    )
    pack.file.save("pack.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=False)
    pack.save()
    return [pack.pk]


def _make_activity(people: dict[str, Any]) -> Any:
    from campaigns.models import Activity

    return Activity.objects.create(
        community=people["household"].community,
        kind="policy_lecture",
        title="民族宗教政策宣讲",
        place=people["place"],
        participants=30,
        minority_participants=10,
    )


def _activity(people: dict[str, Any]) -> list[int]:
    return [_make_activity(people).pk]


def _activity_photo(people: dict[str, Any]) -> list[int]:
    from django.contrib.auth.models import User
    from django.core.files.base import ContentFile

    from campaigns.models import ActivityPhoto

    photo = ActivityPhoto(
        activity=_make_activity(people),
        content_type="image/jpeg",
        uploaded_by=User.objects.get(username="staff_mc"),
    )
    photo.image.save("photos/a.jpg", ContentFile(b"jpeg"), save=False)
    photo.thumbnail.save("photos/a-thumb.jpg", ContentFile(b"jpeg"), save=False)
    photo.save()
    return [photo.pk]


def _activity_attachment(people: dict[str, Any]) -> list[int]:
    from django.contrib.auth.models import User
    from django.core.files.base import ContentFile

    from campaigns.models import ActivityAttachment

    attachment = ActivityAttachment(
        activity=_make_activity(people),
        original_name="签到表.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=User.objects.get(username="staff_mc"),
    )
    attachment.file.save("attachments/a.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    return [attachment.pk]


def _target(people: dict[str, Any]) -> list[int]:
    from campaigns.models import Target

    target = Target.objects.create(
        community=people["household"].community,
        year=2026,
        indicator="activities",
        activity_kind="policy_lecture",
        threshold=10,
    )
    return [target.pk]


def _visit(people: dict[str, Any]) -> list[int]:
    from campaigns.models import Visit

    visit = Visit.objects.create(household=people["household"], purpose="policy", findings="好")
    return [visit.pk]


def _publicity(people: dict[str, Any]) -> list[int]:
    from campaigns.models import Publicity

    item = Publicity.objects.create(
        community=people["household"].community, title="民族团结一家亲", kind="meipian"
    )
    return [item.pk]


def _workbook(people: dict[str, Any]) -> list[int]:
    """A county workbook of staff_mc's, built."""
    from django.contrib.auth.models import User

    from reports.models import CountyWorkbook
    from reports.tasks import build

    job = CountyWorkbook.objects.create(
        requested_by=User.objects.get(username="staff_mc"), period_kind="month", year=2026
    )
    job.communities.set([people["household"].community])
    build(job.pk)
    return [job.pk]


def statuses(default: int, **overrides: int) -> dict[str, int]:
    table = dict.fromkeys(PERSONAS, default)
    table.update(overrides)
    return table


SIGNED_IN_ONLY = statuses(200, anonymous=302)
READERS = statuses(
    403, anonymous=302, staff_mc=200, staff_bh=200, grid_mc1=200, leader=200, county=200
)
# A 庙川 row: 北环路's staff get 404 whatever the page.
MC_READERS = {**READERS, "staff_bh": 404}
EDITORS = statuses(403, anonymous=302, staff_mc=200, staff_bh=200, grid_mc1=200)
MC_EDITORS = {**EDITORS, "staff_bh": 404}
# Assistance cases: leaders handle them too; income and amounts are not the county's.
CASE_EDITORS = {**EDITORS, "leader": 200}
MC_CASE_EDITORS = {**CASE_EDITORS, "staff_bh": 404}
# Yearly targets are set by the party work committee's leaders.
TARGET_SETTERS = statuses(403, anonymous=302, leader=200)
# An import is its uploader's (leaders and county users may read every import).
MINE_AND_LEADERS = statuses(404, anonymous=302, staff_mc=200, leader=200, county=200)
# An evidence pack is its requester's alone.
MINE_ONLY = statuses(404, anonymous=302, staff_mc=200, admin=403, auditor=403)
# A county workbook is its requester's alone; accounts without the ledgers get 403.
REQUESTER_ONLY = statuses(404, anonymous=302, staff_mc=200, admin=403, auditor=403)

# URL name → (arguments, expected status per persona) for a GET. Arguments are built from
# the `mc_people` fixture (a household, residents and a record of every kind in 庙川社区).
Args = Callable[[dict[str, Any]], list[int]] | None
MATRIX: dict[str, tuple[Args, dict[str, int]]] = {
    "home": (None, SIGNED_IN_ONLY),
    "login": (None, statuses(302, anonymous=200)),
    "logout": (None, statuses(405)),  # signing out is a POST (CSRF-protected)
    "set_language": (None, statuses(302)),  # a GET changes nothing and goes back
    "audit": (None, statuses(403, anonymous=302, auditor=200)),
    "audit_export": (None, statuses(403, anonymous=302, auditor=200)),
    "audit_verify": (None, statuses(403, anonymous=302, auditor=200)),
    # Access requests are decided by leaders (and security administrators), never the admin.
    "ledgers:rolegrant_list": (None, statuses(403, anonymous=302, leader=200)),
    "ledgers:rolegrant_approve": (_role_grant, statuses(405)),  # decisions are POSTs
    "ledgers:rolegrant_refuse": (_role_grant, statuses(405)),
    "admin:index": (None, statuses(302, admin=200)),
    "ledgers:community_list": (None, READERS),
    "ledgers:community": (lambda _p: _mc(), MC_READERS),
    "ledgers:grid_edit": (
        lambda _p: _grid_mc1(),
        # The system administrator edits grids in the admin; in the app they see no community.
        statuses(403, anonymous=302, staff_mc=200, staff_bh=404, admin=404),
    ),
    "ledgers:resident_list": (None, READERS),
    "ledgers:resident_add": (None, EDITORS),
    "ledgers:resident_check_id": (None, EDITORS),
    "ledgers:resident": (_obj("head"), MC_READERS),
    "ledgers:resident_edit": (_obj("head"), MC_EDITORS),
    "ledgers:resident_status": (_obj("head"), MC_EDITORS),
    "ledgers:resident_ethnicity": (
        _obj("head"),
        statuses(403, anonymous=302, staff_mc=200, staff_bh=404),
    ),
    "ledgers:resident_id_number": (_obj("head"), MC_EDITORS),
    "ledgers:floatingrecord_add": (_obj("floating"), MC_EDITORS),
    "ledgers:floatingrecord_edit": (_obj("floating_record"), MC_EDITORS),
    "ledgers:stratamembership_add": (_obj("wife"), MC_EDITORS),
    "ledgers:stratamembership_edit": (_obj("strata"), MC_EDITORS),
    "ledgers:overseastie_add": (_obj("head"), MC_EDITORS),
    "ledgers:overseastie_edit": (_obj("overseas"), MC_EDITORS),
    "ledgers:studyabroad_add": (_obj("head"), MC_EDITORS),
    "ledgers:studyabroad_edit": (_obj("study"), MC_EDITORS),
    "ledgers:household_list": (None, READERS),
    "ledgers:household_add": (None, EDITORS),
    "ledgers:household": (_obj("household"), MC_READERS),
    "ledgers:household_edit": (_obj("household"), MC_EDITORS),
    "ledgers:household_head": (_obj("household"), MC_EDITORS),
    "ledgers:business_list": (None, READERS),
    "ledgers:business_add": (None, EDITORS),
    "ledgers:business": (_obj("business"), MC_READERS),
    "ledgers:business_edit": (_obj("business"), MC_EDITORS),
    "ledgers:place_list": (None, READERS),
    "ledgers:place_add": (None, EDITORS),
    "ledgers:place": (_obj("place"), MC_READERS),
    "ledgers:place_edit": (_obj("place"), MC_EDITORS),
    "ledgers:minority_ledger": (None, READERS),
    "ledgers:floating_ledger": (None, READERS),
    "ledgers:minority_floating_ledger": (None, READERS),
    "ledgers:strata_ledger": (None, READERS),
    "ledgers:overseas_ledger": (None, READERS),
    "ledgers:study_abroad_ledger": (None, READERS),
    "ledgers:individual_business_ledger": (None, READERS),
    "ledgers:religious_venue_ledger": (None, READERS),
    "ledgers:checks": (None, READERS),
    # Spreadsheets: import pages need the import permission; exports are the lists' readers'
    "ledgers:import_batch": (_batch("done"), MINE_AND_LEADERS),
    "ledgers:import_confirm": (_batch("ready"), statuses(405)),  # a POST
    "ledgers:import_undo": (_batch("done"), {**MINE_AND_LEADERS, "leader": 403, "county": 403}),
    "ledgers:import_errors": (_batch("invalid"), MINE_AND_LEADERS),
    # Hazards
    "casework:hazard_list": (None, READERS),
    "casework:hazard_mine": (None, READERS),
    "casework:hazard_add": (None, EDITORS),
    "casework:hazard": (_hazard, MC_READERS),
    "casework:hazard_edit": (_hazard, MC_EDITORS),
    "casework:hazard_notice": (_hazard, MC_READERS),
    "casework:hazard_photo": (_photo, MC_READERS),
    "casework:hazard_photo_thumb": (_photo, MC_READERS),
    # Inspections (排查)
    "casework:inspection_list": (None, READERS),
    "casework:inspection_add": (None, EDITORS),
    "casework:inspection": (_inspection, MC_READERS),
    "casework:inspection_edit": (_inspection, MC_EDITORS),
    "casework:inspection_photo_add": (_inspection, statuses(405)),  # a POST
    "casework:inspection_raise": (_inspection_item, statuses(405)),  # a POST
    "casework:inspection_photo": (_inspection_photo, MC_READERS),
    "casework:inspection_photo_thumb": (_inspection_photo, MC_READERS),
    "casework:hazard_import": (None, EDITORS),
    "casework:hazard_template": (None, EDITORS),
    "casework:hazard_export": (None, READERS),
    # Insurance enrolment
    "casework:insuranceenrolment_list": (None, READERS),
    "casework:insuranceenrolment_add": (None, EDITORS),
    "casework:insuranceenrolment": (_enrolment, MC_READERS),
    "casework:insuranceenrolment_edit": (_enrolment, MC_EDITORS),
    "casework:insuranceenrolment_import": (None, EDITORS),
    "casework:insuranceenrolment_template": (None, EDITORS),
    "casework:insuranceenrolment_export": (None, READERS),
    "casework:insurance_gaps": (None, READERS),
    "casework:insurance_gaps_export": (None, READERS),
    # Assistance cases
    "casework:assistance_list": (None, READERS),
    "casework:assistance_recheck": (None, READERS),
    "casework:assistance_export": (None, READERS),
    "casework:assistance_add": (None, CASE_EDITORS),
    "casework:assistance": (_case, MC_READERS),
    "casework:assistance_edit": (_case, MC_CASE_EDITORS),
    "casework:assistance_notice": (_case, MC_CASE_EDITORS),
    # Evidence packs (迎检材料)
    "campaigns:evidence_list": (None, READERS),
    "campaigns:evidence_add": (None, READERS),
    "campaigns:evidence": (_pack, MINE_ONLY),
    "campaigns:evidence_download": (_pack, MINE_ONLY),
    "campaigns:evidence_delete": (_pack, MINE_ONLY),
    # Activities (campaigns)
    "campaigns:activity_list": (None, READERS),
    "campaigns:activity_month": (None, READERS),
    "campaigns:activity_add": (None, EDITORS),
    "campaigns:activity_attendee_search": (None, EDITORS),
    "campaigns:activity_import": (None, EDITORS),
    "campaigns:activity_template": (None, EDITORS),
    "campaigns:activity_export": (None, READERS),
    "campaigns:activity": (_activity, MC_READERS),
    "campaigns:activity_edit": (_activity, MC_EDITORS),
    "campaigns:activity_copy": (_activity, MC_EDITORS),
    "campaigns:activity_photo_add": (_activity, statuses(405)),  # a POST
    "campaigns:activity_attachment_add": (_activity, statuses(405)),  # a POST
    "campaigns:activity_photo": (_activity_photo, MC_READERS),
    "campaigns:activity_photo_thumb": (_activity_photo, MC_READERS),
    "campaigns:activity_photo_delete": (_activity_photo, MC_EDITORS),  # GET asks to confirm
    "campaigns:activity_attachment": (_activity_attachment, MC_READERS),
    "campaigns:activity_attachment_delete": (_activity_attachment, MC_EDITORS),
    "campaigns:target_list": (None, READERS),
    "campaigns:target_add": (None, TARGET_SETTERS),
    "campaigns:target_edit": (_target, TARGET_SETTERS),
    # Campaigns: visits, publicity, the anti-fraud app
    "campaigns:visit_list": (None, READERS),
    "campaigns:visit_add": (None, EDITORS),
    "campaigns:visit_coverage": (None, READERS),
    "campaigns:visit_import": (None, EDITORS),
    "campaigns:visit_template": (None, EDITORS),
    "campaigns:visit_export": (None, READERS),
    "campaigns:visit": (_visit, MC_READERS),
    "campaigns:visit_edit": (_visit, MC_EDITORS),
    "campaigns:visit_open_hazard": (_visit, statuses(405)),  # a POST
    "campaigns:visit_open_case": (_visit, statuses(405)),  # a POST
    "campaigns:publicity_list": (None, READERS),
    "campaigns:publicity_add": (None, EDITORS),
    "campaigns:publicity_import": (None, EDITORS),
    "campaigns:publicity_template": (None, EDITORS),
    "campaigns:publicity_export": (None, READERS),
    "campaigns:publicity": (_publicity, MC_READERS),
    "campaigns:publicity_edit": (_publicity, MC_EDITORS),
    "campaigns:anti_fraud_coverage": (None, READERS),
    "campaigns:anti_fraud_uncovered": (None, READERS),
    "campaigns:anti_fraud_uncovered_export": (None, READERS),
    "campaigns:anti_fraud_record": (None, EDITORS),
    # Reports: the dashboard of everyone who works with communities (their own, or all)
    "reports:dashboard": (None, READERS),
    # Reports: the county workbook and the yearly statistics
    "reports:county_workbook": (None, READERS),
    "reports:county_workbook_job": (_workbook, REQUESTER_ONLY),
    "reports:county_workbook_download": (_workbook, REQUESTER_ONLY),
    "reports:yearly": (None, READERS),
    "reports:yearly_xlsx": (None, READERS),
    "reports:yearly_docx": (None, READERS),
}
for step in [
    "accept",
    "investigate",
    "income_check",
    "publicity",
    "to_street",
    "objection",
    "resolve",
    "end_publicity",
    "street_review",
    "approve",
    "refuse",
    "pay",
    "stop",
    "recheck",
]:
    MATRIX[f"casework:assistance_{step}"] = (_case, statuses(405))  # steps are POSTs
for step in [
    "assign",
    "progress",
    "submit",
    "pass",
    "fail",
    "extension",
    "decide",
    "reopen",
    "report",
]:
    MATRIX[f"casework:hazard_{step}"] = (_hazard, statuses(405))  # steps are POSTs
for ledger in [
    "resident",
    "household",
    "floatingrecord",
    "stratamembership",
    "overseastie",
    "studyabroad",
    "business",
    "place",
]:
    MATRIX[f"ledgers:{ledger}_import"] = (None, EDITORS)
    MATRIX[f"ledgers:{ledger}_template"] = (None, EDITORS)
for export in [
    "resident",
    "household",
    "business",
    "place",
    "minority_ledger",
    "floating_ledger",
    "minority_floating_ledger",
    "strata_ledger",
    "overseas_ledger",
    "study_abroad_ledger",
    "individual_business_ledger",
    "religious_venue_ledger",
]:
    MATRIX[f"ledgers:{export}_export"] = (None, READERS)


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace == "admin":
                continue  # the admin guards its own pages; admin:index stands for it here
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_pattern_is_in_the_matrix() -> None:
    missing = _url_names(get_resolver()) - MATRIX.keys()
    assert not missing, f"add these URL names to MATRIX: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_status_of_each_persona(
    name: str, client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    args_factory, expected = MATRIX[name]
    url = reverse(name, args=args_factory(mc_people) if args_factory else None)
    got = {persona: client_as(persona).get(url).status_code for persona in PERSONAS}
    assert got == expected
