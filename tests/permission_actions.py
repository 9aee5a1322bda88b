"""Every URL that takes a POST × every persona → the status, and whether the action happened.

One entry per URL name: the row it acts on (made afresh for each persona), the data a person
would post, the tables whose rows the action changes, and per persona the outcome:

    DONE    302, and the tables changed (saved, created, moved on a step, removed)
    KEPT    302 back to the page with the reason (the workflow refused), nothing changed
    FORM    200, the form again with its errors (e.g. a community the persona may not choose)
    DENIED  403, nothing changed
    HIDDEN  404 (another community's row), nothing changed
    LOGIN   anonymous: to the sign-in page, nothing changed

tests/test_permissions.py fails when a URL that takes a POST has no entry here. The GET side of
each URL is in the MATRIX of that file. The outcomes follow README.md's role table.
"""

from __future__ import annotations

from datetime import timedelta

from demo.accounts import DEFAULT_PASSWORD
from tests import permission_rows as rows
from tests.conftest import citizen_id
from tests.permission_actions_assessment import ASSESSMENT
from tests.permission_actions_creation import CREATION
from tests.permission_actions_moves import MOVES
from tests.permission_actions_plans import PLANS
from tests.permission_kit import (
    ACTIVITY,
    CASE,
    CASE_DECIDE,
    CASE_HANDLE,
    DAY,
    DENIED,
    DONE,
    FIELD_STEP,
    FORM,
    HAZARD,
    HAZARD_LEADER,
    HAZARD_REPORT,
    HAZARD_REVIEW,
    HIDDEN,
    INSPECTION,
    KEPT,
    MC_ADD,
    MC_EDIT,
    MC_FILES,
    RESIDENT,
    TODAY,
    UPLOAD,
    Action,
    _checklist,
    _mc,
    _row,
    outcomes,
    posted,
    upload,
)

ACTIONS: dict[str, Action] = {
    **MOVES,
    **CREATION,
    **ASSESSMENT,
    **PLANS,
    # Signing in and out, the language: for everyone
    "login": Action(
        None,
        posted(username="staff_mc", password=DEFAULT_PASSWORD),
        ("core.AuditEvent",),
        # Signed-in people are sent home; only the anonymous sign in.
        outcomes(KEPT, anonymous=DONE),
    ),
    "logout": Action(None, posted(), ("core.AuditEvent",), outcomes(DONE, anonymous=KEPT)),
    # The language is a cookie: nothing in the database changes, for anyone.
    "set_language": Action(
        None, posted(language="en", next="/"), (), outcomes(KEPT, anonymous=KEPT)
    ),
    # Areas
    "ledgers:grid_edit": Action(
        lambda people: people["household"].grid,
        lambda page: page.form(name="第一网格（清真寺片区）"),
        ("ledgers.Grid",),
        # Grid workers keep their grid's people, not the grid itself (change_grid is staff's).
        outcomes(DENIED, staff_mc=DONE, staff_bh=HIDDEN, admin=HIDDEN),
    ),
    # People
    "ledgers:resident_add": Action(
        None,
        lambda page: page.form(
            document_type="citizen",
            id_number=citizen_id("19850302", "013"),
            name="马小龙",
            ethnicity="03",
            residence_type="registered",
        ),
        RESIDENT,
        MC_ADD,
    ),
    "ledgers:resident_edit": Action(
        _row("head"), lambda page: page.form(phone="13711112222"), RESIDENT, MC_EDIT
    ),
    "ledgers:resident_status": Action(
        _row("wife"),
        lambda page: page.form(event="moved_out", on=DAY, reason="迁往兰州"),
        RESIDENT,
        MC_EDIT,
    ),
    "ledgers:resident_ethnicity": Action(
        _row("head"),
        posted(new_ethnicity="01", reason="随母亲民族成份更正"),
        ("ledgers.Resident", "ledgers.EthnicityChange"),
        # A change of ethnicity is the staff's (change_ethnicity), not the grid worker's.
        outcomes(DENIED, staff_mc=DONE, staff_bh=HIDDEN),
    ),
    "ledgers:floatingrecord_add": Action(
        _row("floating"),
        lambda page: page.form(origin="青海省西宁市", arrived_on="2025-05-01", inflow_reason="03"),
        ("ledgers.FloatingRecord",),
        MC_EDIT,  # added to a resident of 庙川: the resident is another community's for 北环路
    ),
    "ledgers:floatingrecord_edit": Action(
        _row("floating_record"),
        lambda page: page.form(origin="青海省化隆县"),
        ("ledgers.FloatingRecord",),
        MC_EDIT,
    ),
    "ledgers:stratamembership_add": Action(
        _row("wife"),
        lambda page: page.form(categories=["1"], employer="兰州牛肉面连锁"),
        ("ledgers.StrataMembership",),
        MC_EDIT,
    ),
    "ledgers:stratamembership_edit": Action(
        _row("strata"),
        lambda page: page.form(employer="马家牛肉面"),
        ("ledgers.StrataMembership",),
        MC_EDIT,
    ),
    "ledgers:overseastie_add": Action(
        _row("head"),
        lambda page: page.form(kind="relative", country="沙特阿拉伯"),
        ("ledgers.OverseasTie",),
        MC_EDIT,
    ),
    "ledgers:overseastie_edit": Action(
        _row("overseas"),
        lambda page: page.form(country="印度尼西亚"),
        ("ledgers.OverseasTie",),
        MC_EDIT,
    ),
    "ledgers:studyabroad_add": Action(
        _row("head"),
        lambda page: page.form(
            country="马来西亚", institution="马来亚大学", from_date="2024-09-01"
        ),
        ("ledgers.StudyAbroad",),
        MC_EDIT,
    ),
    "ledgers:studyabroad_edit": Action(
        _row("study"),
        lambda page: page.form(institution="开罗大学"),
        ("ledgers.StudyAbroad",),
        MC_EDIT,
    ),
    "ledgers:household_add": Action(
        None,
        lambda page: page.form(number="MC-0002", address="庙川路2号"),
        ("ledgers.Household",),
        MC_ADD,
    ),
    "ledgers:household_edit": Action(
        _row("household"),
        lambda page: page.form(address="庙川路1号院"),
        ("ledgers.Household",),
        MC_EDIT,
    ),
    "ledgers:household_head": Action(
        _row("household"),
        lambda page: {"new_head": page.people["wife"].pk, "old_head_relation": "10"},
        RESIDENT,
        MC_EDIT,
    ),
    "ledgers:business_add": Action(
        None,
        lambda page: page.form(
            name="马记油香", kind="individual", operator_name="马福", address="庙川路5号"
        ),
        ("ledgers.Business",),
        MC_ADD,
    ),
    "ledgers:business_edit": Action(
        _row("business"),
        lambda page: page.form(phone="09371234567"),
        ("ledgers.Business",),
        MC_EDIT,
    ),
    "ledgers:place_add": Action(
        None,
        lambda page: page.form(name="庙川社区活动室", kind="cultural", address="庙川路7号"),
        ("ledgers.Place",),
        MC_ADD,
    ),
    "ledgers:place_edit": Action(
        _row("place"),
        lambda page: page.form(person_in_charge="马阿訇"),
        ("ledgers.Place",),
        MC_EDIT,
    ),
    # Spreadsheet imports: confirm and undo are the uploader's alone
    "sheets:import_confirm": Action(
        rows.checked_import(applied=False),
        posted(),
        ("ledgers.Resident", "sheets.ImportBatch"),
        outcomes(HIDDEN, staff_mc=DONE, leader=DENIED, county=DENIED),
    ),
    "sheets:import_undo": Action(
        rows.checked_import(applied=True),
        posted(),
        ("ledgers.Resident", "sheets.ImportBatch"),
        outcomes(HIDDEN, staff_mc=DONE, leader=DENIED, county=DENIED),
    ),
    "sheets:import_retry": Action(
        rows.failed_import,
        posted(),
        ("sheets.ImportBatch",),
        outcomes(HIDDEN, staff_mc=DONE, leader=DENIED, county=DENIED),
    ),
    # Access requests: a leader (or a 安全管理员) decides the administrator's own request.
    "ledgers:rolegrant_approve": Action(
        rows.role_request, posted(), ("ledgers.RoleGrant",), outcomes(DENIED, leader=DONE)
    ),
    "ledgers:rolegrant_refuse": Action(
        rows.role_request,
        posted(reason="职责不需要查看居民信息"),
        ("ledgers.RoleGrant",),
        outcomes(DENIED, leader=DONE),
    ),
    # The holiday calendar: the system administrator enters a year from the notice.
    "calendar:year_edit": Action(
        lambda _people: 2027,
        lambda page: page.form(
            "admin", notice_number="国办发明电〔2026〕8号", notice_date="2026-11-05"
        ),
        ("core.CalendarYear", "core.CalendarDay"),
        outcomes(DENIED, admin=DONE),
        args=lambda year: [year],
    ),
    # Everyone changes their own password.
    "password_change": Action(
        None,
        posted(
            old_password=DEFAULT_PASSWORD,
            new_password1="Tongxin-Changed-2026",
            new_password2="Tongxin-Changed-2026",
        ),
        ("auth.User",),
        outcomes(DONE),
    ),
    # Hazards
    "casework:hazard_add": Action(
        None,
        lambda page: page.form(
            place=page.people["place"].pk,
            location="礼拜殿",
            description="灭火器过期",
            category="fire",
            found_on=DAY,
        ),
        HAZARD,
        MC_ADD,
    ),
    "casework:hazard_edit": Action(
        rows.make_hazard, lambda page: page.form(location="大殿后墙"), HAZARD, MC_EDIT
    ),
    "casework:hazard_assign": Action(
        rows.hazard_in("registered"), posted(note="交管委会整改"), HAZARD, FIELD_STEP
    ),
    "casework:hazard_progress": Action(
        rows.hazard_in("in_progress"), posted(note="已更换一半电线"), HAZARD, FIELD_STEP
    ),
    "casework:hazard_submit": Action(
        rows.hazard_in("in_progress"), posted(note="整改完成"), HAZARD, FIELD_STEP
    ),
    "casework:hazard_extension": Action(
        rows.hazard_in("in_progress"),
        posted(new_deadline=f"{TODAY + timedelta(days=90):%Y-%m-%d}", note="等待配件"),
        HAZARD,
        FIELD_STEP,
    ),
    "casework:hazard_pass": Action(
        rows.hazard_in("under_review"), posted(note="复查合格"), HAZARD, HAZARD_REVIEW
    ),
    "casework:hazard_fail": Action(
        rows.hazard_in("under_review"), posted(note="漏电保护未装"), HAZARD, HAZARD_REVIEW
    ),
    "casework:hazard_decide": Action(
        rows.hazard_in("in_progress", extension=True),
        posted(approve="yes", note="同意延期"),
        HAZARD,
        HAZARD_LEADER,
    ),
    "casework:hazard_level": Action(
        rows.hazard_in("in_progress"),
        posted(**{"level-level": "major", "level-note": "复查发现涉及大殿主体结构"}),
        HAZARD,
        HAZARD_LEADER,
    ),
    "casework:hazard_reopen": Action(
        rows.hazard_in("closed"), posted(note="复查后再次发现裸露接头"), HAZARD, HAZARD_LEADER
    ),
    "casework:hazard_report": Action(
        rows.hazard_in("registered", level="major"),
        posted(to="党工委", on=DAY),
        HAZARD,
        # Leaders report major hazards upward too (the README's role table says so).
        HAZARD_REPORT,
    ),
    # 出具整改通知书: those who handle hazards; leaders and the county read it once issued.
    "casework:hazard_notice_issue": Action(
        rows.hazard_in("in_progress"), posted(), HAZARD, FIELD_STEP
    ),
    # 督办: the leaders, on an overdue hazard.
    "casework:hazard_supervise": Action(
        rows.make_overdue_hazard,
        posted(reason="逾期未整改", due_by=f"{TODAY + timedelta(days=10):%Y-%m-%d}"),
        ("casework.Supervision", *HAZARD),
        outcomes(HIDDEN, staff_mc=DENIED, grid_mc1=DENIED, county=DENIED, leader=DONE),
    ),
    # Inspections (排查)
    "casework:inspection_add": Action(
        None,
        lambda page: _checklist(
            page, place=page.people["place"].pk, inspected_on=DAY, inspectors="王芳"
        ),
        INSPECTION,
        MC_ADD,
    ),
    "casework:inspection_edit": Action(
        rows.make_inspection,
        lambda page: _checklist(page, inspectors="王芳、马福"),
        INSPECTION,
        MC_EDIT,
    ),
    "casework:inspection_photo_add": Action(
        rows.make_inspection, upload(photos=rows.jpeg), INSPECTION, FIELD_STEP
    ),
    "casework:inspection_raise": Action(
        rows.make_inspection_item, posted(), (*INSPECTION, *HAZARD), FIELD_STEP
    ),
    # Insurance enrolment
    "casework:insuranceenrolment_add": Action(
        None,
        lambda page: page.form(
            resident=page.people["wife"].pk, scheme="medical", year=2026, status="enrolled"
        ),
        ("casework.InsuranceEnrolment",),
        MC_ADD,
    ),
    "casework:insuranceenrolment_edit": Action(
        rows.make_enrolment,
        lambda page: page.form(notes="社区代缴"),
        ("casework.InsuranceEnrolment",),
        MC_EDIT,
    ),
    # Assistance cases
    "casework:assistance_add": Action(
        None,
        lambda page: {
            "household": page.people["household"].pk,
            "applicant": page.people["head"].pk,
            "kind": "temporary",
            "applied_on": DAY,
            "reason_category": "illness",
            "reason": "户主突发疾病住院",
            "family_size": "2",
            "amount_requested": "3000",
        },
        CASE,
        MC_ADD,
    ),
    "casework:assistance_edit": Action(
        rows.make_case,
        lambda page: page.form(reason="户主住院，需自付医疗费三万元"),
        CASE,
        MC_EDIT,
    ),
    "casework:assistance_accept": Action(
        rows.case_in("draft"), posted(**{"accept-note": "材料齐全"}), CASE, CASE_HANDLE
    ),
    "casework:assistance_investigate": Action(
        rows.case_in("accepted"), posted(**{"investigate-note": "已入户"}), CASE, CASE_HANDLE
    ),
    "casework:assistance_income_check": Action(
        rows.case_in("investigating"),
        posted(
            **{
                "income_check-result": "eligible",
                "income_check-monthly_income": "650.50",
                "income_check-family_size": "2",
            }
        ),
        CASE,
        CASE_HANDLE,
    ),
    "casework:assistance_publicity": Action(
        rows.case_in("investigating"),
        posted(**{"publicity-start": DAY, "publicity-opinion": "同意上报"}),
        CASE,
        CASE_HANDLE,
    ),
    "casework:assistance_to_street": Action(
        rows.case_in("investigating", kind="medical"),
        posted(**{"to_street-opinion": "同意上报"}),
        CASE,
        CASE_HANDLE,
    ),
    "casework:assistance_objection": Action(
        rows.case_in("publicity"),
        posted(**{"objection-content": "该户有经营收入", "objection-raised_by": "居民"}),
        CASE,
        CASE_HANDLE,
    ),
    "casework:assistance_resolve": Action(
        rows.case_in("publicity", objection=True),
        lambda page: {
            "resolve-objection": page.row.objections.get().pk,
            "resolve-resolution": "核实无经营收入",
        },
        CASE,
        CASE_HANDLE,
    ),
    "casework:assistance_end_publicity": Action(
        rows.case_in("publicity"), posted(), CASE, CASE_HANDLE
    ),
    "casework:assistance_street_review": Action(
        rows.case_in("street_review"),
        posted(**{"street_review-passed": "yes", "street_review-reviewed_on": DAY}),
        CASE,
        CASE_DECIDE,
    ),
    "casework:assistance_approve": Action(
        rows.case_in("civil_approval"),
        posted(
            **{
                "approve-amount": "1500",
                "approve-start_month": f"{TODAY:%Y-%m}",
                "approve-decided_on": DAY,
            }
        ),
        CASE,
        CASE_DECIDE,
    ),
    "casework:assistance_refuse": Action(
        rows.case_in("civil_approval"),
        posted(**{"refuse-reason": "收入超标", "refuse-decided_on": DAY}),
        CASE,
        CASE_DECIDE,
    ),
    "casework:assistance_pay": Action(
        rows.case_in("approved"), posted(**{"pay-method": "bank"}), CASE, CASE_DECIDE
    ),
    "casework:assistance_stop": Action(
        rows.case_in("paying"),
        posted(**{"stop-reason": "家庭收入增加", "stop-stopped_on": DAY}),
        CASE,
        CASE_DECIDE,
    ),
    "casework:assistance_recheck": Action(
        rows.case_in("paying", kind="dibao"),
        posted(**{"recheck-note": "仍符合条件", "recheck-checked_on": DAY}),
        CASE,
        CASE_HANDLE,
    ),
    # 出具公示: those who handle the case; the county, who may not see the notice, is refused.
    "casework:assistance_notice_issue": Action(
        rows.case_in("publicity"), posted(), CASE, {**CASE_HANDLE, "county": DENIED}
    ),
    # Activities, their photos and files
    "campaigns:activity_add": Action(
        None,
        lambda page: page.form(
            kind="policy_lecture",
            title="民族团结进步政策宣讲",
            held_on=DAY,
            place_text="庙川社区活动室",
            participants=30,
            minority_participants=10,
        ),
        ACTIVITY,
        MC_ADD,
    ),
    "campaigns:activity_edit": Action(
        rows.make_activity,
        lambda page: page.form(title="民族宗教政策宣讲（第二期）", held_on=DAY),
        ACTIVITY,
        MC_EDIT,
    ),
    "campaigns:activity_copy": Action(
        rows.make_activity,
        lambda page: page.form(held_on=DAY, participants=25),
        ACTIVITY,
        MC_EDIT,
    ),
    "campaigns:activity_photo_add": Action(
        rows.make_activity, upload(photos=rows.jpeg), ACTIVITY, MC_FILES
    ),
    "campaigns:activity_attachment_add": Action(
        rows.make_activity,
        lambda _page: {"attachments": rows.pdf(), "attachment_kind": "sign_in"},
        ACTIVITY,
        MC_FILES,
    ),
    "campaigns:activity_photo_delete": Action(
        rows.make_activity_photo, posted(), ACTIVITY, MC_EDIT
    ),
    "campaigns:activity_attachment_delete": Action(
        rows.make_activity_attachment, posted(), ACTIVITY, MC_EDIT
    ),
    # Yearly targets: the party work committee's leaders set them (README, roles.py).
    "campaigns:target_add": Action(
        None,
        lambda page: page.form(
            "leader",
            community=_mc(page.people),
            year=2026,
            indicator="activities",
            activity_kind="policy_lecture",
            threshold=12,
        ),
        ("campaigns.Target",),
        outcomes(DENIED, leader=DONE),
    ),
    "campaigns:target_edit": Action(
        rows.make_target,
        lambda page: page.form("leader", threshold=20),
        ("campaigns.Target",),
        outcomes(DENIED, leader=DONE),
    ),
    # Visits and what they open
    "campaigns:visit_add": Action(
        None,
        lambda page: {
            "household": page.people["household"].pk,
            "visited_on": DAY,
            "purpose": "policy",
            "findings": "宣讲惠民政策",
        },
        ("campaigns.Visit",),
        MC_ADD,
    ),
    "campaigns:visit_edit": Action(
        rows.make_visit,
        lambda page: page.form(findings="家中老人需要照护"),
        ("campaigns.Visit",),
        MC_EDIT,
    ),
    "campaigns:visit_open_hazard": Action(
        rows.make_visit,
        posted(
            **{
                "hazard-category": "electric",
                "hazard-level": "ordinary",
                "hazard-description": "楼道电线老化",
            }
        ),
        ("campaigns.Visit", *HAZARD),
        FIELD_STEP,
    ),
    "campaigns:visit_open_case": Action(
        rows.make_visit,
        lambda page: {
            "case-kind": "temporary",
            "case-applicant": page.people["head"].pk,
            "case-reason": "户主住院",
        },
        ("campaigns.Visit", *CASE),
        FIELD_STEP,
    ),
    # Publicity and the anti-fraud app
    "campaigns:publicity_add": Action(
        None,
        lambda page: page.form(
            community=_mc(page.people),
            title="民族团结一家亲（二）",
            kind="meipian",
            published_on=DAY,
        ),
        ("campaigns.Publicity",),
        MC_ADD,
    ),
    "campaigns:publicity_edit": Action(
        rows.make_publicity,
        lambda page: page.form(title="民族团结一家亲（修订）", published_on=DAY),
        ("campaigns.Publicity",),
        MC_EDIT,
    ),
    "campaigns:anti_fraud_record": Action(
        None,
        lambda page: {
            "household": page.people["household"].pk,
            "status": "installed",
            "recorded_on": DAY,
        },
        ("campaigns.AntiFraudCoverage",),
        MC_EDIT,
    ),
    # Evidence packs: whoever reads the records packs them; a pack is its requester's
    "campaigns:evidence_add": Action(
        None,
        lambda page: page.form(
            community=_mc(page.people),
            period_start="2026-01-01",
            period_end=DAY,
            indicators=["activities"],
        ),
        ("campaigns.EvidencePack",),
        outcomes(DENIED, staff_mc=DONE, staff_bh=FORM, grid_mc1=DONE, leader=DONE, county=DONE),
    ),
    "campaigns:evidence_delete": Action(
        rows.make_pack,
        posted(),
        ("campaigns.EvidencePack",),
        outcomes(HIDDEN, staff_mc=DONE, admin=DENIED, auditor=DENIED),
    ),
    # The county workbook: whoever reads the people ledgers asks for one
    "reports:county_workbook": Action(
        None,
        lambda page: {
            "year": str(TODAY.year),
            "period": "month-1",
            "communities": [_mc(page.people)],
        },
        ("reports.CountyWorkbook",),
        outcomes(DENIED, staff_mc=DONE, staff_bh=FORM, grid_mc1=DONE, leader=DONE, county=DONE),
    ),
}
for name in [
    "ledgers:resident_import",
    "ledgers:household_import",
    "ledgers:floatingrecord_import",
    "ledgers:stratamembership_import",
    "ledgers:overseastie_import",
    "ledgers:studyabroad_import",
    "ledgers:business_import",
    "ledgers:place_import",
    "casework:hazard_import",
    "casework:insuranceenrolment_import",
    "campaigns:activity_import",
    "campaigns:visit_import",
    "campaigns:publicity_import",
]:
    ACTIONS[name] = Action(None, upload(file=rows.sheet), ("sheets.ImportBatch",), UPLOAD)
