"""An uploaded sheet holds every ID number of its rows: it is kept while it is still of use (the
undo window, a confirmation, an error file) and then removed, the batch's record staying."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ledgers.models import Community, Resident
from sheets.models import ImportBatch, ImportStatus
from tests.conftest import citizen_id
from tests.ledgers.test_imports import HEADERS, batch, confirm, upload, workbook

LONG_AGO = timedelta(days=31)  # past the default IMPORT_UNDO_DAYS of 30


@pytest.fixture
def mc(client_as: Callable[[str], Client]) -> Client:
    return client_as("staff_mc")


def imported(mc: Client, birthday: str = "20000101") -> ImportBatch:
    one = workbook([["新人", citizen_id(birthday, "015"), "汉族"]])
    upload(mc, "ledgers:resident_import", one)
    confirm(mc)
    done = batch()
    assert done.status == ImportStatus.DONE
    return done


def age(done: ImportBatch, by: timedelta) -> None:
    ImportBatch.objects.filter(pk=done.pk).update(
        created_at=done.created_at - by, applied_at=(done.applied_at or timezone.now()) - by
    )


def remove() -> str:
    from io import StringIO

    out = StringIO()
    call_command("remove_import_files", stdout=out)
    return out.getvalue()


def test_an_import_can_be_undone_within_its_days_and_says_until_when(
    mc: Client, miaochuan: Community
) -> None:
    done = imported(mc)
    page = mc.get(done.get_absolute_url()).content.decode()
    assert "撤销本次导入" in page and "可撤销至" in page


def test_after_its_days_an_import_is_no_longer_undone(mc: Client, miaochuan: Community) -> None:
    done = imported(mc)
    age(done, LONG_AGO)
    page = mc.get(done.get_absolute_url()).content.decode()
    assert "撤销本次导入" not in page
    response = mc.post(reverse("sheets:import_undo", args=[done.pk]), follow=True)
    assert "导入后 30 天内可以撤销" in response.content.decode()
    assert Resident.objects.filter(name="新人").exists()
    assert batch().status == ImportStatus.DONE


def test_files_past_their_use_are_removed_and_the_record_stays(
    mc: Client, miaochuan: Community, django_capture_on_commit_callbacks: Any
) -> None:
    old = imported(mc, "20000101")
    recent = imported(mc, "20000202")
    upload(mc, "ledgers:resident_import", workbook([["甲", "123", "汉族"]], headers=HEADERS[:3]))
    invalid = batch()
    assert invalid.status == ImportStatus.INVALID
    age(old, LONG_AGO)
    age(invalid, LONG_AGO)
    names = {b.pk: str(b.file.name) for b in ImportBatch.objects.all()}

    with django_capture_on_commit_callbacks(execute=True):  # the files go once it commits
        assert "2 removed" in remove()

    assert not default_storage.exists(names[old.pk])
    assert not default_storage.exists(names[invalid.pk])
    assert default_storage.exists(names[recent.pk])  # still undoable: its file stays
    old.refresh_from_db()
    assert old.file_removed_at is not None and old.sha256 and old.counts["new"] == 1
    assert "上传的文件已于" in mc.get(old.get_absolute_url()).content.decode()
    # The error file cannot be made without the file: said, not a 500.
    response = mc.get(reverse("sheets:import_errors", args=[invalid.pk]), follow=True)
    assert "文件已从服务器删除" in response.content.decode()
    assert "0 removed" in remove()  # a second run finds nothing more


def test_an_unconfirmed_import_past_its_days_must_be_uploaded_again(
    mc: Client, miaochuan: Community
) -> None:
    one = workbook([["新人", citizen_id("20000101", "015"), "汉族"]])
    upload(mc, "ledgers:resident_import", one)
    ready = batch()
    assert ready.status == ImportStatus.READY
    age(ready, LONG_AGO)
    remove()
    page = mc.get(ready.get_absolute_url()).content.decode()
    assert 'id="confirm-import"' not in page and "重新上传文件" in page
    response = confirm(mc)
    assert "文件已从服务器删除" in response.content.decode()
    assert batch().status == ImportStatus.READY
    assert not Resident.objects.filter(name="新人").exists()


def test_a_batch_at_work_keeps_its_file(mc: Client, miaochuan: Community) -> None:
    one = workbook([["新人", citizen_id("20000101", "015"), "汉族"]])
    upload(mc, "ledgers:resident_import", one)
    queued = batch()
    ImportBatch.objects.filter(pk=queued.pk).update(status=ImportStatus.QUEUED)
    age(queued, LONG_AGO)
    remove()
    queued.refresh_from_db()
    assert queued.file_removed_at is None and default_storage.exists(str(queued.file.name))
