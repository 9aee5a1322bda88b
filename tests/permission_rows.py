"""The rows the permission tests aim at: each made afresh, in 庙川社区, by staff_mc's hand.

`people` is the `mc_people` fixture (tests/conftest.py). Rows that move through a workflow are
taken there by the workflow itself, so each is in the state the step under test starts from.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

People = dict[str, Any]
Make = Callable[[People], Any]
TODAY = timezone.localdate()


def user(username: str) -> User:
    return User.objects.get(username=username)


def jpeg() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(out, "JPEG")
    return SimpleUploadedFile("现场.jpg", out.getvalue(), content_type="image/jpeg")


def pdf() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(out, "PDF")
    return SimpleUploadedFile("签到表.pdf", out.getvalue(), content_type="application/pdf")


def sheet(text: str = "姓名,民族\r\n马福,回族\r\n") -> SimpleUploadedFile:
    return SimpleUploadedFile("台账.csv", text.encode(), content_type="text/csv")


# ---- ledgers -------------------------------------------------------------------------------


def make_duplicate(people: People) -> Any:
    """The head of the 庙川 household registered again in 北环路社区: (the head, the other)."""
    from ledgers.models import Community, Resident

    head = people["head"]
    other = Resident.objects.create(
        community=Community.objects.get(name="北环路社区"),
        name=head.name,
        birth_date=head.birth_date,
        gender=head.gender,
        ethnicity=head.ethnicity,
        document_type="other",
    )
    return head, other


def make_batch(status: str) -> Make:
    """An import of staff_mc's, recorded in the given state (with one error when invalid)."""

    def make(people: People) -> Any:
        from sheets.models import ImportBatch

        batch = ImportBatch(
            user=user("staff_mc"),
            ledger="residents",
            file_name="台账.csv",
            sha256="0" * 64,
            status=status,
            errors=[{"row": 2, "column": "民族", "message": "?"}] if status == "invalid" else [],
            applied_at=timezone.now() if status == "done" else None,
        )
        batch.file.save("upload", ContentFile("姓名,民族\r\n马福,火星\r\n".encode()), save=False)
        batch.save()
        return batch

    return make


def checked_import(applied: bool) -> Make:
    """staff_mc's import of one new resident of the household, checked (and `applied`)."""

    def make(people: People) -> Any:
        from sheets import imports as spreadsheets
        from sheets.resources import REGISTRY
        from sheets.tasks import apply_import, check_import
        from tests.conftest import citizen_id

        text = f"姓名,身份证号码,民族,户号,与户主关系\r\n马小兰,{citizen_id('19950302', '022')},回,"
        text += f"{people['household'].number},女儿\r\n"
        resource = REGISTRY["residents"]
        batch = spreadsheets.new_batch(resource, user("staff_mc"), "台账.csv", text.encode())
        check_import.call(batch.pk)
        if applied:
            apply_import.call(batch.pk)
        batch.refresh_from_db()
        assert batch.status == ("done" if applied else "ready"), batch.errors
        return batch

    return make


def household_to_merge(people: People) -> Any:
    """A second 庙川 household of one (its head), to be merged into the fixture's."""
    from ledgers.models import Household, Resident
    from tests.conftest import citizen_id

    household = Household.objects.create(
        community=people["household"].community, number="MC-0008", address="庙川路8号"
    )
    Resident.objects.create(
        community=household.community,
        household=household,
        relation_to_head="02",
        name="马老汉",
        id_number=citizen_id("19500101", "091"),
        gender="1",
        birth_date=date(1950, 1, 1),
        ethnicity="03",
    )
    return household


# ---- hazards and inspections ---------------------------------------------------------------


def make_hazard(people: People, **fields: Any) -> Any:
    from casework.hazards import workflow
    from casework.models import Hazard

    hazard = Hazard(
        community=people["household"].community,
        location="大殿",
        description="电线老化",
        category="electric",
        place=people["place"],
        **fields,
    )
    workflow.register(hazard, user("staff_mc"))
    return hazard


def hazard_in(state: str, extension: bool = False, **fields: Any) -> Make:
    """A hazard with its 五定 (staff_mc the named reviewer), taken to `state` by staff_mc."""

    def make(people: People) -> Any:
        from casework.hazards import workflow

        staff = user("staff_mc")
        hazard = make_hazard(
            people,
            responsible_unit="庙川清真寺管委会",
            responsible_person="马福",
            responsible_phone="13900001111",
            measures="更换电线，加装漏电保护",
            funding=Decimal("3000"),
            deadline=TODAY + timedelta(days=30),
            reviewer=staff,
            **fields,
        )
        if state in ("in_progress", "under_review", "closed"):
            workflow.assign(hazard, staff)
        if extension:
            workflow.request_extension(hazard, staff, TODAY + timedelta(days=60), "等待配件")
        if state in ("under_review", "closed"):
            workflow.submit_for_review(hazard, staff)
        if state == "closed":
            workflow.pass_review(hazard, staff)
        return hazard

    return make


def make_overdue_hazard(people: People) -> Any:
    """A hazard of 庙川 in rectification whose deadline passed 20 days ago."""
    from casework.models import Hazard

    hazard = hazard_in("in_progress")(people)
    Hazard.objects.filter(pk=hazard.pk).update(deadline=TODAY - timedelta(days=20))
    return Hazard.objects.get(pk=hazard.pk)


def make_supervision(people: People) -> Any:
    """The leader's 督办 on that hazard, to be met within 10 days."""
    from casework.hazards import workflow

    hazard = make_overdue_hazard(people)
    return workflow.supervise(hazard, user("leader"), "逾期未整改", TODAY + timedelta(days=10))


def make_photo(people: People) -> Any:
    from casework.models import HazardPhoto

    photo = HazardPhoto(
        hazard=make_hazard(people),
        stage="before",
        content_type="image/jpeg",
        uploaded_by=user("staff_mc"),
    )
    photo.image.save("photos/t.jpg", ContentFile(b"jpeg"), save=False)
    photo.thumbnail.save("photos/t-thumb.jpg", ContentFile(b"jpeg"), save=False)
    photo.save()
    return photo


def make_inspection(people: People) -> Any:
    from casework.inspections.workflow import Answer, record_inspection
    from casework.models import ChecklistItem, Inspection

    inspection = Inspection(
        community=people["household"].community, place=people["place"], inspectors="王芳"
    )
    answers = [Answer(item, "fail" if item == "gas" else "pass") for item in ChecklistItem.values]
    return record_inspection(inspection, answers, user("staff_mc"))


def make_inspection_item(people: People) -> Any:
    """The failed item (gas) of an inspection."""
    return make_inspection(people).items.get(item="gas")


def make_inspection_photo(people: People) -> Any:
    from casework.models import InspectionPhoto

    photo = InspectionPhoto(
        inspection=make_inspection(people),
        content_type="image/jpeg",
        uploaded_by=user("staff_mc"),
    )
    photo.image.save("photos/i.jpg", ContentFile(b"jpeg"), save=False)
    photo.thumbnail.save("photos/i-thumb.jpg", ContentFile(b"jpeg"), save=False)
    photo.save()
    return photo


def make_enrolment(people: People) -> Any:
    from casework.models import InsuranceEnrolment

    return InsuranceEnrolment.objects.create(resident=people["head"], scheme="medical", year=2026)


# ---- assistance ----------------------------------------------------------------------------


def make_case(people: People) -> Any:
    """A draft temporary-relief case of the 庙川 household (drafts can still be edited)."""
    return case_in("draft")(people)


def case_in(state: str, kind: str = "temporary", objection: bool = False) -> Make:
    """A case applied for 60 days ago (its public notice is over), taken to `state` by staff_mc;
    with `objection`, one objection waits to be resolved."""

    def make(people: People) -> Any:
        from casework.assistance import workflow as assistance_workflow
        from casework.models import AssistanceCase
        from demo.casework import advance_to

        case = AssistanceCase(
            household=people["household"],
            applicant=people["head"],
            kind=kind,
            applied_on=TODAY - timedelta(days=60),
            reason="户主住院",
            reason_category="illness",
        )
        staff = user("staff_mc")
        assistance_workflow.create(case, staff)
        advance_to(case, state, staff)
        if objection:
            assistance_workflow.record_objection(case, staff, "该户有经营收入", "居民")
        return case

    return make


# ---- campaigns -----------------------------------------------------------------------------


def make_pack(people: People) -> Any:
    """A built evidence pack of staff_mc's, of 庙川社区."""
    from campaigns.models import EvidencePack

    pack = EvidencePack(
        requested_by=user("staff_mc"),
        community=people["household"].community,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        indicators=["activities"],
        status="done",
    )
    pack.file.save("pack.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=False)
    pack.save()
    return pack


def make_activity(people: People) -> Any:
    from campaigns.models import Activity

    return Activity.objects.create(
        community=people["household"].community,
        kind="policy_lecture",
        title="民族宗教政策宣讲",
        place=people["place"],
        participants=30,
        minority_participants=10,
    )


def make_activity_photo(people: People) -> Any:
    from campaigns.models import ActivityPhoto

    photo = ActivityPhoto(
        activity=make_activity(people),
        content_type="image/jpeg",
        uploaded_by=user("staff_mc"),
    )
    photo.image.save("photos/a.jpg", ContentFile(b"jpeg"), save=False)
    photo.thumbnail.save("photos/a-thumb.jpg", ContentFile(b"jpeg"), save=False)
    photo.save()
    return photo


def make_activity_attachment(people: People) -> Any:
    from campaigns.models import ActivityAttachment

    attachment = ActivityAttachment(
        activity=make_activity(people),
        original_name="签到表.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=user("staff_mc"),
    )
    attachment.file.save("attachments/a.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    return attachment


def make_target(people: People) -> Any:
    from campaigns.models import Target

    return Target.objects.create(
        community=people["household"].community,
        year=2026,
        indicator="activities",
        activity_kind="policy_lecture",
        threshold=10,
    )


def make_visit(people: People) -> Any:
    from campaigns.models import Visit

    return Visit.objects.create(household=people["household"], purpose="policy", findings="好")


def make_publicity(people: People) -> Any:
    from campaigns.models import Publicity

    return Publicity.objects.create(
        community=people["household"].community, title="民族团结一家亲", kind="meipian"
    )


# ---- moves ---------------------------------------------------------------------------------


def make_transfer(people: People) -> Any:
    """staff_mc's proposal to move the 庙川 household to 北环路社区, waiting for an answer."""
    from ledgers.models import Community
    from ledgers.moves import transfers

    beihuan = Community.objects.get(name="北环路社区")
    return transfers.propose(people["household"], beihuan, TODAY, "购房迁居", user("staff_mc"))


def make_accepted_transfer(people: People) -> Any:
    """The same transfer, accepted by 北环路's staff."""
    from ledgers.moves import transfers

    return transfers.accept(make_transfer(people), user("staff_bh"))


# ---- reports -------------------------------------------------------------------------------


def make_workbook(people: People) -> Any:
    """A county workbook of staff_mc's, built."""
    from reports.county.tasks import build
    from reports.models import CountyWorkbook

    job = CountyWorkbook.objects.create(
        requested_by=user("staff_mc"), period_kind="month", year=2026
    )
    job.communities.set([people["household"].community])
    build(job.pk)
    return job


def failed_import(people: People) -> Any:
    """staff_mc's checked import whose worker died while applying it (nothing written)."""
    from sheets.models import ImportBatch, ImportStatus

    batch = checked_import(applied=False)(people)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.FAILED, stopped_while=ImportStatus.APPLYING
    )
    batch.refresh_from_db()
    return batch


def role_request(people: People) -> Any:
    """The system administrator's request to join the leaders, waiting for a decision."""
    from django.contrib.auth.models import Group

    from ledgers.areas import grants

    admin = user("admin")
    return grants.request_role(admin, Group.objects.get(name="党工委领导"), admin)


# ---- bulk edits ----------------------------------------------------------------------------


def make_bulk_edit(people: People) -> Any:
    """staff_mc's bulk edit that gave the head of household a tag."""
    from core.bulkedit import registry
    from core.models import BulkEdit
    from ledgers.models import Resident, Tag

    staff = user("staff_mc")
    action = registry.ACTIONS["resident-tag-add"]
    tag = Tag.objects.get(name="独居老人")
    ids = [people["head"].pk]
    edit = BulkEdit.objects.create(
        user=staff, action=action.key, source="residents", params={"tag": tag.pk}, ids=ids
    )
    rows = Resident.objects.filter(pk__in=ids)
    with transaction.atomic():  # as the page applies it (its rows are locked)
        record = action.apply(rows, {"tag": tag}, staff, reason=edit.change_reason)
    edit.before, edit.created, edit.changed = record.before, record.created, record.count
    edit.save()
    return edit


# ---- notices -------------------------------------------------------------------------------


def make_notice(people: People) -> Any:
    """staff_mc's unread notice of a hazard of 庙川 that is overdue."""
    from django.contrib.contenttypes.models import ContentType

    from casework.models import Hazard
    from core.models import Notice

    hazard = make_hazard(people)
    return Notice.objects.create(
        recipient=user("staff_mc"),
        rule="hazard_deadline",
        content_type=ContentType.objects.get_for_model(Hazard),
        object_id=hazard.pk,
        threshold="overdue",
        title=f"隐患 {hazard.number} 已逾期",
        url=hazard.get_absolute_url(),
    )
