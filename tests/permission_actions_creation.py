"""The permission matrix's rows and actions of the creation file (创建档案): a 庙川 leadership
group, work document and demonstration title; who may write them (a community's staff keep its
file, the leaders the office's own: their form then has no community and records the office's)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.base import ContentFile

from tests import permission_rows as rows
from tests.permission_kit import (
    DAY,
    DENIED,
    DONE,
    FORM,
    HIDDEN,
    Action,
    Page,
    outcomes,
    posted,
    upload,
)
from tests.permission_rows import People

GROUP = ("campaigns.LeadershipGroup", "campaigns.GroupMember")
DOCUMENT = ("campaigns.WorkDocument", "campaigns.WorkDocumentFile")
TITLE = ("campaigns.Demonstration",)
# A row of 庙川's file: its staff write it; the leaders read it and keep the office's own.
MC_KEEP = outcomes(DENIED, staff_mc=DONE, staff_bh=HIDDEN)
# A new row: 北环路's staff cannot choose 庙川; the leaders' form records the office's own.
MC_NEW = outcomes(DENIED, staff_mc=DONE, staff_bh=FORM, leader=DONE)


def make_group(people: People) -> Any:
    from campaigns.models import GroupMember, LeadershipGroup

    group = LeadershipGroup.objects.create(
        community=people["household"].community,
        year=2026,
        office="社区党委办公室",
        office_head="马秀英",
        duties="社区党委书记抓总责、分管委员具体抓",
    )
    GroupMember.objects.create(group=group, name="马德胜", position="社区党委书记", role="leader")
    GroupMember.objects.create(group=group, name="王芳", position="社区居委会主任", role="deputy")
    return group


def make_document(people: People) -> Any:
    from campaigns.models import WorkDocument

    return WorkDocument.objects.create(
        community=people["household"].community,
        kind="programme",
        title="2026年民族团结进步创建工作实施方案",
        issued_on=date(2026, 2, 20),
        year=2026,
    )


def make_document_file(people: People) -> Any:
    from campaigns.models import WorkDocumentFile

    record = WorkDocumentFile(
        document=make_document(people),
        original_name="实施方案.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=rows.user("staff_mc"),
    )
    record.file.save("attachments/plan.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    record.save()
    return record


def make_title(people: People) -> Any:
    from campaigns.models import Demonstration

    title = Demonstration(
        community=people["household"].community,
        level="city",
        status="competing",
        since=date(2025, 3, 1),
        original_name="命名文件.pdf",
        content_type="application/pdf",
        size=9,
    )
    title.file.save("attachments/naming.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    title.save()
    return title


def formset_data(page: Page, prefix: str = "members", **changes: Any) -> dict[str, Any]:
    """The form of the page with its members' formset, as staff_mc's page has them."""
    response = page.clients["staff_mc"].get(page.url)
    assert response.status_code == 200, (page.url, response.status_code)
    data = page.form(**changes)
    formset = response.context[prefix]
    for form in [formset.management_form, *formset.forms]:
        for bound in form:
            value = bound.value()
            if value is not None and value is not False and value != "":
                data.setdefault(bound.html_name, str(value))
    return data


def _new_group(page: Page) -> dict[str, Any]:
    data = formset_data(page, office="社区党委办公室", office_head="马秀英", duties="抓总责")
    data.update(
        {"members-0-name": "马德胜", "members-0-position": "书记", "members-0-role": "leader"}
    )
    return data


CREATION: dict[str, Action] = {
    "campaigns:leadershipgroup_add": Action(None, lambda page: _new_group(page), GROUP, MC_NEW),
    "campaigns:leadershipgroup_edit": Action(
        make_group, lambda page: formset_data(page, office_head="王芳"), GROUP, MC_KEEP
    ),
    # Next year's, from 庙川's (北环路's staff do not see it; the leaders' copy is the office's).
    "campaigns:leadershipgroup_copy": Action(
        make_group,
        lambda page: formset_data(page),
        GROUP,
        outcomes(DENIED, staff_mc=DONE, staff_bh=HIDDEN, leader=DONE),
    ),
    "campaigns:workdocument_add": Action(
        None,
        lambda page: page.form(kind="plan", title="2026年创建工作计划", issued_on=DAY),
        DOCUMENT,
        MC_NEW,
    ),
    "campaigns:workdocument_edit": Action(
        make_document, lambda page: page.form(note="党委会审议通过"), DOCUMENT, MC_KEEP
    ),
    # Files: the document is looked up first (the system administrator and the auditor see no
    # community: 404), then who may add files, then whether it is their community's.
    "campaigns:workdocument_file_add": Action(
        make_document,
        upload(attachments=rows.pdf),
        DOCUMENT,
        {**MC_KEEP, "admin": HIDDEN, "auditor": HIDDEN},
    ),
    "campaigns:workdocument_file_delete": Action(make_document_file, posted(), DOCUMENT, MC_KEEP),
    "campaigns:demonstration_add": Action(
        None,
        lambda page: page.form(level="county", status="competing", since=DAY),
        TITLE,
        MC_NEW,
    ),
    "campaigns:demonstration_edit": Action(
        make_title, lambda page: page.form(document_number="金市民宗发〔2026〕3号"), TITLE, MC_KEEP
    ),
}
