"""The creation file (创建档案): the leadership group and its printable page, the work
documents and their files, the demonstration titles; who keeps which, and the old
demonstration level carried over."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns.creation.models import review_date
from campaigns.creation.status import current_titles
from campaigns.models import (
    Activity,
    Demonstration,
    GroupMember,
    LeadershipGroup,
    WorkDocument,
    WorkDocumentFile,
)
from ledgers.models import Community
from tests.helpers import assert_fixed_queries, edited
from tests.permission_actions_creation import make_document, make_group
from tests.permission_rows import pdf

TODAY = timezone.localdate()


def group_data(community: Community | None, *members: tuple[str, str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "year": "2026",
        "name": "民族团结进步创建工作领导小组",
        "office": "社区党委办公室",
        "office_head": "马秀英",
        "duties": "社区党委书记抓总责、分管委员具体抓",
        "members-TOTAL_FORMS": str(len(members)),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
    }
    if community is not None:
        data["community"] = str(community.pk)
    for number, (name, position, role) in enumerate(members):
        data |= {
            f"members-{number}-name": name,
            f"members-{number}-position": position,
            f"members-{number}-role": role,
            f"members-{number}-order": str(number),
        }
    return data


SECRETARY = ("马德胜", "社区党委书记", "leader")
DIRECTOR = ("王芳", "社区居委会主任", "deputy")


def test_staff_record_their_communitys_group_with_its_members(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    staff = client_as("staff_mc")
    data = group_data(miaochuan, SECRETARY, DIRECTOR, ("李海燕", "网格员", "member"))
    response = staff.post(reverse("campaigns:leadershipgroup_add"), data)
    group = LeadershipGroup.objects.get()
    assert response.status_code == 302 and response["Location"] == group.get_absolute_url()
    assert [(m.display_name, m.get_role_display()) for m in group.members.all()] == [
        ("马德胜", "组长"),
        ("王芳", "副组长"),
        ("李海燕", "成员"),
    ]
    page = staff.get(group.get_absolute_url()).content.decode()
    assert "社区党委书记" in page and "社区党委书记抓总责" in page
    # An edit bumps the version and stands in the history, members included.
    member = group.members.get(name="李海燕")
    edit = {
        **group_data(miaochuan),
        "office_head": "王芳",
        "members-TOTAL_FORMS": "3",
        "members-INITIAL_FORMS": "3",
    }
    for number, m in enumerate(group.members.all()):
        edit |= {
            f"members-{number}-id": str(m.pk),
            f"members-{number}-group": str(group.pk),
            f"members-{number}-name": m.name,
            f"members-{number}-position": m.position,
            f"members-{number}-role": m.role,
            f"members-{number}-order": str(m.order),
        }
    edit["members-2-DELETE"] = "on"
    response = staff.post(
        reverse("campaigns:leadershipgroup_edit", args=[group.pk]), edited(group, edit)
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.office_head, group.version, group.history.count()) == ("王芳", 2, 2)
    assert not GroupMember.objects.filter(pk=member.pk).exists()
    assert GroupMember.history.filter(id=member.pk, history_type="-").exists()


def test_a_group_has_one_group_leader(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    url = reverse("campaigns:leadershipgroup_add")
    for members in [(DIRECTOR,), (SECRETARY, ("马福", "党委副书记", "leader"))]:
        response = client_as("staff_mc").post(url, group_data(miaochuan, *members))
        assert response.status_code == 200
        assert "领导小组设一名组长。" in response.content.decode()
    assert not LeadershipGroup.objects.exists()


def test_a_member_is_named_or_chosen_and_a_year_has_one_group(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    make_group(mc_people)
    url = reverse("campaigns:leadershipgroup_add")
    data = group_data(mc_people["household"].community, ("", "党委书记", "leader"))
    response = client_as("staff_mc").post(url, data)
    page = response.content.decode()
    assert "请填写成员姓名或选择其账号。" in page
    assert "本年度的领导小组已登记。" in page
    assert LeadershipGroup.objects.count() == 1


def test_the_leaders_keep_the_offices_group_and_the_staff_read_it(
    client_as: Callable[[str], Client], miaochuan: Community, accounts: dict[str, User]
) -> None:
    leader = client_as("leader")
    form = leader.get(reverse("campaigns:leadershipgroup_add")).context["form"]
    assert "community" not in form.fields  # the leaders record the office's own
    data = group_data(miaochuan, ("张国强", "党工委书记", "leader"))
    assert leader.post(reverse("campaigns:leadershipgroup_add"), data).status_code == 302
    group = LeadershipGroup.objects.get()
    assert group.community is None  # the community posted is not the leaders' to choose
    staff = client_as("staff_mc")
    assert staff.get(group.get_absolute_url()).status_code == 200
    assert staff.get(reverse("campaigns:leadershipgroup_edit", args=[group.pk])).status_code == 403
    # … and a community's group is its staff's, not the leaders'.
    mine = make_group({"household": type("H", (), {"community": miaochuan})})
    assert leader.get(reverse("campaigns:leadershipgroup_edit", args=[mine.pk])).status_code == 403
    assert b'id="edit-group"' not in leader.get(mine.get_absolute_url()).content


def test_last_years_group_is_copied_for_the_next_year(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    group = make_group(mc_people)
    response = client_as("staff_mc").get(reverse("campaigns:leadershipgroup_copy", args=[group.pk]))
    assert response.context["form"].initial["year"] == 2027
    members = response.context["members"]
    assert [f.initial["name"] for f in members.forms] == ["马德胜", "王芳"]
    assert "已从" in response.content.decode()


def test_the_group_prints_as_offices_file_it(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    group = make_group(mc_people)
    response = client_as("staff_bh").get(
        reverse("campaigns:leadershipgroup_print", args=[group.pk])
    )
    assert response.status_code == 404  # another community's
    page = client_as("leader").get(reverse("campaigns:leadershipgroup_print", args=[group.pk]))
    html = page.content.decode()
    assert "css/notice.css" in html and "<table" in html
    assert "关于成立2026年民族团结进步创建工作领导小组的通知" in html.replace("<br>", "")
    assert "<th>组长</th><td>马德胜（社区党委书记）</td>" in html
    assert "<th>副组长</th><td>王芳（社区居委会主任）</td>" in html
    assert "领导小组下设办公室，办公室设在社区党委办公室，由马秀英兼任办公室主任" in html
    assert "庙川社区（盖章）" in html


def test_a_document_with_its_file_is_read_in_scope_only(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    staff = client_as("staff_mc")
    data = {
        "kind": "programme",
        "title": "2026年民族团结进步创建工作实施方案",
        "issued_on": "2026-02-20",
        "year": "2026",
        "community": str(mc_people["household"].community_id),
        "attachments": [pdf()],
    }
    assert staff.post(reverse("campaigns:workdocument_add"), data).status_code == 302
    document = WorkDocument.objects.get()
    file = document.files.get()
    url = reverse("campaigns:workdocument_file", args=[file.pk])
    response = staff.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert client_as("staff_bh").get(url).status_code == 404
    assert client_as("staff_bh").get(document.get_absolute_url()).status_code == 404
    assert client_as("county").get(url).status_code == 200


def test_a_file_that_is_not_a_document_is_refused(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    document = make_document(mc_people)
    fake = SimpleUploadedFile("方案.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client_as("staff_mc").post(
        reverse("campaigns:workdocument_file_add", args=[document.pk]),
        {"attachments": [fake]},
        follow=True,
    )
    assert "仅接受PDF文件、照片" in response.content.decode()
    assert not WorkDocumentFile.objects.exists()
    edit = {
        "kind": "programme",
        "title": document.title,
        "issued_on": "2026-02-20",
        "year": "2026",
        "community": str(document.community_id),
        "attachments": [SimpleUploadedFile("方案.docx", b"plain text", content_type="text/plain")],
    }
    url = reverse("campaigns:workdocument_edit", args=[document.pk])
    response = client_as("staff_mc").post(url, edited(document, edit))
    assert response.status_code == 200 and response.context["form"].errors["attachments"]
    assert not WorkDocumentFile.objects.exists()


def test_minutes_belong_to_a_meeting_of_their_own_community(
    client_as: Callable[[str], Client], mc_people: dict[str, Any], beihuan: Community
) -> None:
    meeting = Activity.objects.create(
        community=beihuan, kind="study", title="理论学习", place_text="会议室", participants=9
    )
    data = {
        "kind": "minutes",
        "title": "理论学习会议纪要",
        "issued_on": f"{TODAY:%Y-%m-%d}",
        "year": str(TODAY.year),
        "community": str(mc_people["household"].community_id),
        "activity": str(meeting.pk),
    }
    response = client_as("staff_mc").post(reverse("campaigns:workdocument_add"), data)
    assert response.status_code == 200 and response.context["form"].errors["activity"]
    later = {**data, "activity": "", "issued_on": f"{TODAY.replace(year=TODAY.year + 1):%Y-%m-%d}"}
    response = client_as("staff_mc").post(reverse("campaigns:workdocument_add"), later)
    assert "文档印发后再登记。" in response.content.decode()
    assert not WorkDocument.objects.exists()


def test_the_document_list_filters_by_kind_year_and_community(
    client_as: Callable[[str], Client], mc_people: dict[str, Any]
) -> None:
    make_document(mc_people)
    WorkDocument.objects.create(
        kind="plan", title="全办年度计划", issued_on=date(2025, 1, 5), year=2025
    )
    staff = client_as("staff_mc")
    url = reverse("campaigns:workdocument_list")
    assert [d.title for d in staff.get(url).context["object_list"]] == [
        "2026年民族团结进步创建工作实施方案",
        "全办年度计划",
    ]
    assert [d.title for d in staff.get(url, {"kind": "plan"}).context["object_list"]] == [
        "全办年度计划"
    ]
    assert [d.year for d in staff.get(url, {"year": "2026"}).context["object_list"]] == [2026]
    assert [d.year for d in staff.get(url, {"office": "1"}).context["object_list"]] == [2025]
    assert "没有符合" in client_as("staff_bh").get(url, {"year": "2020"}).content.decode()


def test_a_titles_rules_and_its_review_five_years_on(
    client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    url = reverse("campaigns:demonstration_add")
    base = {"community": str(miaochuan.pk), "level": "city"}
    response = client_as("staff_mc").post(
        url, {**base, "status": "competing", "since": "2025-03-01", "named_on": "2025-09-01"}
    )
    assert "争创中的称号没有命名日期。" in response.content.decode()
    response = client_as("staff_mc").post(url, {**base, "status": "named"})
    assert "请填写命名日期。" in response.content.decode()
    response = client_as("staff_mc").post(
        url,
        {
            **base,
            "status": "named",
            "named_on": "2024-02-29",
            "document_number": "金市发〔2024〕9号",
        },
    )
    assert response.status_code == 302
    title = Demonstration.objects.get()
    assert title.next_review == date(2029, 2, 28) == review_date(date(2024, 2, 29))
    response = client_as("staff_mc").post(url, {**base, "status": "competing"})
    assert "该级别已有记录" in response.content.decode()


def test_a_community_page_and_the_dashboards_list_show_the_titles(
    client_as: Callable[[str], Client], miaochuan: Community, beihuan: Community, accounts: Any
) -> None:
    Demonstration.objects.create(
        community=None, level="province", status="named", named_on=date(2022, 5, 1)
    )
    Demonstration.objects.create(
        community=miaochuan, level="city", status="competing", since=date(2025, 3, 1)
    )
    Demonstration.objects.create(
        community=miaochuan, level="county", status="named", named_on=date(2021, 6, 1)
    )
    Demonstration.objects.create(community=beihuan, level="city", status="competing")
    page = client_as("staff_mc").get(miaochuan.get_absolute_url()).content.decode()
    assert page.index("市级 · 争创中") < page.index("县级 · 已命名")
    assert "下次复核 2026-06-01" in page
    titles = [str(t) for t in current_titles(accounts["staff_mc"])]
    assert titles == ["全办 省级已命名", "庙川社区 市级争创中", "庙川社区 县级已命名"]
    assert len(current_titles(accounts["leader"])) == 4


@pytest.mark.parametrize(
    ("name", "add"),
    [
        ("campaigns:leadershipgroup_list", "group"),
        ("campaigns:workdocument_list", "document"),
        ("campaigns:demonstration_list", "title"),
    ],
)
def test_the_lists_make_a_fixed_number_of_queries(
    name: str, add: str, client_as: Callable[[str], Client], miaochuan: Community
) -> None:
    made = {"n": 0}

    def add_rows(n: int) -> None:
        for _ in range(n):
            made["n"] += 1
            i = made["n"]
            if add == "group":
                group = LeadershipGroup.objects.create(
                    community=miaochuan if i % 2 else None,
                    year=1000 + i,
                    office="办公室",
                    office_head="马",
                    duties="-",
                )
                GroupMember.objects.create(group=group, name="马", position="书记", role="leader")
            elif add == "document":
                WorkDocument.objects.create(
                    community=miaochuan,
                    kind="summary",
                    title=f"总结{i}",
                    issued_on=date(2025, 12, 1),
                    year=2025,
                )
            else:
                area = Community.objects.create(
                    name=f"社区{i}", code=f"620202{i:06d}", short_code=f"T{i}"
                )
                Demonstration.objects.create(community=area, level="county", status="competing")

    assert_fixed_queries(client_as("leader"), reverse(name), add_rows)


OLD = [("ledgers", "0025_duplicates"), ("campaigns", "0009_job_heartbeats")]


@pytest.mark.django_db(transaction=True)
def test_a_communitys_demonstration_level_becomes_a_named_title() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(OLD)
    try:
        old = executor.loader.project_state(OLD).apps
        community = old.get_model("ledgers", "Community")
        community.objects.create(
            name="庙川社区", code="620202001001", short_code="MC", demonstration_level="city"
        )
        community.objects.create(
            name="北环路社区", code="620202001002", short_code="BH", demonstration_level=""
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    title = Demonstration.objects.get()
    assert title.community is not None and title.community.name == "庙川社区"
    assert (title.level, title.status) == ("city", "named")
    assert title.history.count() == 1
    assert not hasattr(Community(), "demonstration_level")
