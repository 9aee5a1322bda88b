"""Uploaded files go only through Django's storage API, so an app host keeps none of its own.

Every upload and download path runs here with the default storage in memory
(`django.core.files.storage.InMemoryStorage`, standing for NFS or S3-compatible object storage)
and MEDIA_ROOT pointing at an empty folder that must still be empty at the end: a path that
opened MEDIA_ROOT itself would miss its file or leave one behind. A guard below fails when new
code names MEDIA_ROOT, a storage's local `.path()` or FileSystemStorage outside the allowed places.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns.models import (
    Activity,
    ActivityAttachment,
    ActivityPhoto,
    Demonstration,
    EvidencePack,
    WorkDocument,
    WorkDocumentFile,
)
from casework.models import HazardPhoto, InspectionPhoto
from ledgers.models import Community, Resident
from reports.models import CountyWorkbook
from sheets.models import ImportBatch, ImportStatus
from tests.casework.test_hazard_pages import jpeg_with_gps, register
from tests.conftest import citizen_id
from tests.ledgers.test_imports import HEADERS, batch, confirm, upload, workbook
from tests.permission_rows import jpeg, make_activity, make_inspection, pdf

ROOT = Path(__file__).resolve().parent.parent
APPS = ["config", "core", "sheets", "ledgers", "casework", "campaigns", "reports", "demo"]
# Local files on purpose: the settings define MEDIA_ROOT; `manage.py backup` and `restore`
# archive the folder of a FileSystemStorage (object storage keeps its own copies: they say so).
ALLOWED = {"config/settings.py", "core/backups.py"}
DIRECT = re.compile(
    r"MEDIA_ROOT|FileSystemStorage|storage\.path\(|\.(?:image|thumbnail|file)\.path\b"
)


@pytest.fixture
def memory(settings: Any, tmp_path: Path) -> Iterator[InMemoryStorage]:
    """The default storage in memory; MEDIA_ROOT an empty folder that must stay empty."""
    media = tmp_path / "untouched-media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    storage = storages["default"]
    assert isinstance(storage, InMemoryStorage)
    yield storage
    assert [p.relative_to(media) for p in media.rglob("*")] == []


def stored(storage: InMemoryStorage) -> set[str]:
    """Every file name the storage holds."""

    def walk(folder: str) -> Iterator[str]:
        folders, files = storage.listdir(folder)
        for name in files:
            yield f"{folder}/{name}" if folder else name
        for sub in folders:
            yield from walk(f"{folder}/{sub}" if folder else sub)

    return set(walk(""))


def has(storage: InMemoryStorage, file: Any) -> bool:
    return bool(file) and storage.exists(str(file.name))


def read(storage: InMemoryStorage, file: Any) -> bytes:
    with storage.open(str(file.name)) as handle:
        return bytes(handle.read())


def body(response: Any) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_hazard_and_inspection_photos_are_stored_and_served_from_the_storage(
    memory: InMemoryStorage,
    client_as: Callable[[str], Client],
    accounts: dict[str, User],
    mc_people: dict[str, Any],
    miaochuan: Community,
) -> None:
    staff = client_as("staff_mc")
    photo = SimpleUploadedFile("现场.jpg", jpeg_with_gps(), content_type="image/jpeg")
    hazard = register(staff, miaochuan, accounts["leader"], photos=photo)
    picture = HazardPhoto.objects.get(hazard=hazard)
    assert {picture.image.name, picture.thumbnail.name} <= stored(memory)
    full = body(staff.get(reverse("casework:hazard_photo", args=[picture.pk])))
    assert full.startswith(b"\xff\xd8") and full == read(memory, picture.image)
    thumb = body(staff.get(reverse("casework:hazard_photo_thumb", args=[picture.pk])))
    assert thumb.startswith(b"\xff\xd8")

    inspection = make_inspection(mc_people)
    url = reverse("casework:inspection_photo_add", args=[inspection.pk])
    staff.post(url, {"photos": jpeg()})
    taken = InspectionPhoto.objects.get(inspection=inspection)
    assert has(memory, taken.image) and has(memory, taken.thumbnail)
    shown = body(staff.get(reverse("casework:inspection_photo", args=[taken.pk])))
    assert shown.startswith(b"\xff\xd8")
    assert body(staff.get(reverse("casework:inspection_photo_thumb", args=[taken.pk])))


def test_an_activitys_photos_and_files_are_added_served_and_removed_in_the_storage(
    memory: InMemoryStorage,
    client_as: Callable[[str], Client],
    mc_people: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    staff = client_as("staff_mc")
    activity: Activity = make_activity(mc_people)
    staff.post(reverse("campaigns:activity_photo_add", args=[activity.pk]), {"photos": jpeg()})
    data = {"attachments": pdf(), "attachment_kind": "sign_in"}
    staff.post(reverse("campaigns:activity_attachment_add", args=[activity.pk]), data)
    photo = ActivityPhoto.objects.get(activity=activity)
    attachment = ActivityAttachment.objects.get(activity=activity)
    names = {photo.image.name, photo.thumbnail.name, attachment.file.name}
    assert names <= stored(memory)

    assert body(staff.get(reverse("campaigns:activity_photo", args=[photo.pk]))).startswith(
        b"\xff\xd8"
    )
    assert body(staff.get(reverse("campaigns:activity_photo_thumb", args=[photo.pk])))
    sheet = staff.get(reverse("campaigns:activity_attachment", args=[attachment.pk]))
    assert body(sheet).startswith(b"%PDF") and "attachment" in sheet["Content-Disposition"]

    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("campaigns:activity_photo_delete", args=[photo.pk]))
        staff.post(reverse("campaigns:activity_attachment_delete", args=[attachment.pk]))
    assert not ActivityPhoto.objects.exists() and not ActivityAttachment.objects.exists()
    assert not names & stored(memory)  # the files went with their rows


def test_work_document_files_and_a_titles_naming_document_live_in_the_storage(
    memory: InMemoryStorage,
    client_as: Callable[[str], Client],
    mc_people: dict[str, Any],
    miaochuan: Community,
    django_capture_on_commit_callbacks: Any,
) -> None:
    staff = client_as("staff_mc")
    data = {
        "kind": "programme",
        "title": "2026年民族团结进步创建工作实施方案",
        "issued_on": "2026-02-20",
        "year": "2026",
        "community": str(miaochuan.pk),
        "attachments": [pdf()],
    }
    assert staff.post(reverse("campaigns:workdocument_add"), data).status_code == 302
    document = WorkDocument.objects.get()
    more = reverse("campaigns:workdocument_file_add", args=[document.pk])
    staff.post(more, {"attachments": pdf()})
    first, second = WorkDocumentFile.objects.order_by("pk")
    assert {first.file.name, second.file.name} <= stored(memory)
    download = staff.get(reverse("campaigns:workdocument_file", args=[first.pk]))
    assert body(download).startswith(b"%PDF")
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("campaigns:workdocument_file_delete", args=[second.pk]))
    assert not has(memory, second.file) and has(memory, first.file)

    title = {
        "community": str(miaochuan.pk),
        "level": "city",
        "status": "named",
        "named_on": "2024-02-29",
        "document_number": "金市发〔2024〕9号",
        "naming_file": pdf(),
    }
    assert staff.post(reverse("campaigns:demonstration_add"), title).status_code == 302
    named = Demonstration.objects.get()
    assert has(memory, named.file)
    naming = staff.get(reverse("campaigns:demonstration_file", args=[named.pk]))
    assert body(naming).startswith(b"%PDF")


def test_an_import_from_upload_to_undo_and_its_files_removal_uses_the_storage(
    memory: InMemoryStorage,
    client_as: Callable[[str], Client],
    miaochuan: Community,
    django_capture_on_commit_callbacks: Any,
) -> None:
    staff = client_as("staff_mc")
    rows = [["新人", citizen_id("20000101", "015"), "汉族"]]
    upload(staff, "ledgers:resident_import", workbook(rows, headers=HEADERS[:3]))
    good = batch()
    assert good.status == ImportStatus.READY and has(memory, good.file)
    confirm(staff)
    good.refresh_from_db()
    assert good.status == ImportStatus.DONE and Resident.objects.filter(name="新人").exists()

    upload(staff, "ledgers:resident_import", workbook([["甲", "123", "汉族"]], headers=HEADERS[:3]))
    bad = batch()
    assert bad.status == ImportStatus.INVALID
    errors = staff.get(reverse("sheets:import_errors", args=[bad.pk]))
    book = openpyxl.load_workbook(io.BytesIO(body(errors)))
    assert book.active is not None and book.active.max_row >= 4  # the sheet, with its errors

    staff.post(reverse("sheets:import_undo", args=[good.pk]))
    good.refresh_from_db()
    assert good.status == ImportStatus.UNDONE and not Resident.objects.filter(name="新人").exists()

    long_ago = timezone.now() - timedelta(days=31)
    ImportBatch.objects.update(created_at=long_ago, applied_at=long_ago)
    names = {good.file.name, bad.file.name}
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remove_import_files", stdout=io.StringIO())
    assert not names & stored(memory)


def test_an_evidence_pack_is_built_into_and_downloaded_from_the_storage(
    memory: InMemoryStorage,
    client_as: Callable[[str], Client],
    mc_people: dict[str, Any],
    miaochuan: Community,
) -> None:
    staff = client_as("staff_mc")
    activity = make_activity(mc_people)
    Activity.objects.filter(pk=activity.pk).update(held_on=timezone.localdate())
    staff.post(reverse("campaigns:activity_photo_add", args=[activity.pk]), {"photos": jpeg()})
    photo = ActivityPhoto.objects.get()
    form = {
        "community": miaochuan.pk,
        "period_start": f"{timezone.localdate().year}-01-01",
        "period_end": f"{timezone.localdate().year}-12-31",
        "indicators": ["activities"],
    }
    staff.post(reverse("campaigns:evidence_add"), form)
    pack = EvidencePack.objects.get()
    assert pack.status == "done", pack.message
    assert has(memory, pack.file)
    download = staff.get(reverse("campaigns:evidence_download", args=[pack.pk]))
    with zipfile.ZipFile(io.BytesIO(body(download))) as archive:
        photos = [n for n in archive.namelist() if n.endswith(".jpg")]
        assert photos and archive.read(photos[0]) == read(memory, photo.image)

    staff.post(reverse("campaigns:evidence_delete", args=[pack.pk]))
    assert not has(memory, pack.file)


def test_a_county_workbook_is_built_into_and_downloaded_from_the_storage(
    memory: InMemoryStorage,
    client_as: Callable[[str], Client],
    mc_people: dict[str, Any],
    miaochuan: Community,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    leader = client_as("leader")
    data = {"year": timezone.localdate().year, "period": "year-1", "communities": [miaochuan.pk]}
    assert leader.post("/reports/county-workbook/", data).status_code == 302
    job = CountyWorkbook.objects.get()
    assert job.file and has(memory, job.file)
    download = leader.get(f"/reports/county-workbook/{job.pk}/download/")
    assert openpyxl.load_workbook(io.BytesIO(body(download))).sheetnames[0] == "汇总"

    settings.DOWNLOADS_KEEP_DAYS = 0
    CountyWorkbook.objects.update(finished_at=timezone.now() - timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_downloads", stdout=io.StringIO())
    assert not has(memory, job.file)


def test_the_default_storage_is_the_one_every_file_field_uses(memory: InMemoryStorage) -> None:
    from django.apps import apps
    from django.db.models import FileField

    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, FileField):
                assert field.storage is default_storage, f"{model.__name__}.{field.name}"
    name = default_storage.save("probe.txt", ContentFile(b"x"))
    assert memory.exists(name)  # what the fields write lands in the storage in memory


def test_no_code_opens_media_root_or_a_local_path_of_a_stored_file() -> None:
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative in ALLOWED or "/migrations/" in relative:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if DIRECT.search(line):
                    found.append(f"{relative}:{number}: {line.strip()}")
    assert found == [], (
        "Files are read and written through the storage (field.open(), .save(), .delete(), "
        "default_storage): an app host keeps no file of its own.\n" + "\n".join(found)
    )


def test_a_backup_archives_the_media_folder_only_where_the_files_are(
    memory: InMemoryStorage, settings: Any
) -> None:
    from core.backups import media_on_disk

    assert not media_on_disk()  # object storage: the archive says it holds the database only
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    assert media_on_disk()  # a local folder or an NFS mount: archived with the database


def test_sessions_and_sign_in_lockouts_are_in_the_database_not_in_a_process(
    settings: Any,
) -> None:
    """With two app hosts, a request may reach either: nothing a person's next request needs
    may live in one process (Django's default cache is per process, so no code uses it)."""
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    users = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if re.search(r"django\.core\.cache\b|cache_page|cached_db", path.read_text()):
                users.append(path.relative_to(ROOT).as_posix())
    assert users == []
