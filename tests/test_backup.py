"""Backup and restore: an archive made while the site runs comes back whole into an empty database
and media folder; a target in use or a damaged archive is refused and left as it was.

The commands run as an operator runs them, `manage.py` in a subprocess with DATABASE_URL and
MEDIA_ROOT, on throwaway databases: a file for SQLite (the test database lives in memory), new
databases beside the test database for PostgreSQL. The suite's own engine decides which.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from core import backups

# The module's tests touch only throwaway databases, but the migrated test database is their
# template, and pytest-django creates it only for a session that has a database test.
# The module's databases are made once: its tests run on one worker of a parallel run.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("backup")]

ROOT = Path(__file__).resolve().parent.parent
UNCOMMITTED_TAG = "备份时未提交"


def fill() -> None:
    """Rows in every app and uploaded files, made by the app's own code (`manage.py shell`)."""
    from django.core.files.base import ContentFile
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from campaigns.models import Activity, ActivityAttachment
    from casework.hazards import workflow
    from casework.models import Hazard, HazardPhoto
    from core.uploads.attachments import store_attachment
    from core.uploads.photos import store_photo
    from demo import accounts as demo
    from ledgers.models import Community, Household, Resident
    from reports.models import CountyWorkbook
    from tests.conftest import citizen_id

    def image(kind: str) -> bytes:
        out = io.BytesIO()
        Image.new("RGB", (64, 48), "red").save(out, kind)
        return out.getvalue()

    staff = demo.seed(people=False)["staff_mc"]
    community = Community.objects.get(name="庙川社区")
    household = Household.objects.create(community=community, number="MC-0001", address="庙川路1号")
    Resident.objects.create(
        community=community,
        household=household,
        relation_to_head="02",
        name="马建国",
        id_number=citizen_id("19700305", "011"),
        gender="1",
        birth_date=date(1970, 3, 5),
        ethnicity="03",
    )
    hazard = Hazard(
        community=community,
        location="大殿电路",
        description="电线老化",
        category="electric",
        found_on=date(2026, 3, 2),
    )
    workflow.register(hazard, staff)
    photo = HazardPhoto(hazard=hazard, stage="before", uploaded_by=staff)
    store_photo(photo, SimpleUploadedFile("现场.jpg", image("JPEG")))
    activity = Activity.objects.create(
        community=community, kind="policy_lecture", title="政策宣讲", place_text="活动室"
    )
    attachment = ActivityAttachment(activity=activity, kind="sign_in", uploaded_by=staff)
    store_attachment(attachment, SimpleUploadedFile("签到表.pdf", image("PDF")))
    workbook = CountyWorkbook.objects.create(requested_by=staff, period_kind="year", year=2026)
    workbook.file.save("county.xlsx", ContentFile(b"PK\x05\x06" + b"\0" * 18))


@dataclass
class Site:
    """A site as it runs: its database, its media folder and the archive made of it."""

    url: str
    media: Path
    archive: Path
    made_in: Path


class Databases:
    """Throwaway databases of the suite's engine: new and empty, or migrated (a copy of the
    migrated test database, as `manage.py migrate` leaves one). Dropped after the module."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.created: list[str] = []
        self.postgresql = connection.vendor == "postgresql"

    def make_template(self) -> None:
        """Copy the migrated test database (its connection must be open to nobody else)."""
        test_database = str(connection.settings_dict["NAME"])
        assert test_database.startswith("test_") or "mode=memory" in test_database, test_database
        if self.postgresql:
            connection.close()
            self._create("migrated", template=test_database)
        else:
            connection.ensure_connection()
            with closing(sqlite3.connect(self.folder / "migrated.sqlite3")) as copy:
                connection.connection.backup(copy)

    def new(self, name: str, *, migrated: bool = False) -> str:
        """The address (a DATABASE_URL) of a new database."""
        if self.postgresql:
            return self._create(name, template=self._name("migrated") if migrated else "")
        path = self.folder / f"{name}.sqlite3"
        if migrated:
            shutil.copyfile(self.folder / "migrated.sqlite3", path)
        return f"sqlite:///{path}"

    def _name(self, name: str) -> str:
        return f"tongxin_backup_{os.getpid()}_{name}"

    def _create(self, name: str, template: str) -> str:
        full = self._name(name)
        self._admin(f'CREATE DATABASE "{full}"' + (f' TEMPLATE "{template}"' if template else ""))
        self.created.append(full)
        return pg_url(full)

    def drop_all(self) -> None:
        for name in reversed(self.created):
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    @staticmethod
    def _admin(sql: str) -> None:
        import psycopg

        with psycopg.connect(pg_url("postgres"), autocommit=True) as admin:
            admin.execute(sql.encode())


def pg_url(name: str) -> str:
    return os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name


def manage(*args: str, url: str, media: Path) -> subprocess.CompletedProcess[str]:
    """`manage.py ARGS` as an operator runs it, on the given database and media folder."""
    environment = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    environment |= {
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(media),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def rows(url: str) -> dict[str, list[str]]:
    """Every row of every table, as text, in a stable order."""
    if url.startswith("sqlite"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as db:
            listed = (
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
            )
            tables = [name for (name,) in db.execute(listed)]
            return {t: sorted(map(repr, db.execute(f'SELECT * FROM "{t}"'))) for t in tables}
    import psycopg

    with psycopg.connect(url) as db:
        listed = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        tables = [name for (name,) in db.execute(listed).fetchall()]
        return {
            t: sorted(r for (r,) in db.execute(f'SELECT x::text FROM "{t}" AS x'.encode()))
            for t in tables
        }


def files(media: Path) -> dict[str, bytes]:
    return {
        p.relative_to(media).as_posix(): p.read_bytes() for p in media.rglob("*") if p.is_file()
    }


def untouched(url: str) -> bool:
    if url.startswith("sqlite"):
        return not Path(url.removeprefix("sqlite:///")).exists()
    return rows(url) == {}


@contextmanager
def uncommitted_edit(url: str) -> Iterator[None]:
    """Someone's edit, in the middle of its transaction, while the backup runs."""
    insert = f"INSERT INTO ledgers_tag (name, sensitive) VALUES ('{UNCOMMITTED_TAG}', false)"
    if url.startswith("sqlite"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)) as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute(insert)
            yield
            db.execute("ROLLBACK")
        return
    import psycopg

    with psycopg.connect(url) as pg:
        pg.execute(insert.encode())
        yield
        pg.rollback()


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    made = Databases(tmp_path_factory.mktemp("databases"))
    yield made
    if made.postgresql:
        made.drop_all()


@pytest.fixture(scope="module")
def site(
    django_db_setup: None,
    django_db_blocker: Any,
    databases: Databases,
    tmp_path_factory: pytest.TempPathFactory,
) -> Site:
    """A filled site backed up with `--keep 2` into a folder that held three older archives,
    while someone's edit was still uncommitted."""
    with django_db_blocker.unblock():
        databases.make_template()
    folder = tmp_path_factory.mktemp("site")
    url, media, made_in = databases.new("site", migrated=True), folder / "media", folder / "backups"
    filled = manage(
        "shell", "-c", "from tests.test_backup import fill; fill()", url=url, media=media
    )
    assert filled.returncode == 0, filled.stderr
    made_in.mkdir()
    for stamp in ("20000101-023000", "20000102-023000", "20000103-023000"):
        (made_in / f"tongxin-{stamp}.tar").write_bytes(b"an old archive")
    (made_in / "notes.txt").write_text("not an archive")
    with uncommitted_edit(url):
        made = manage("backup", "--to", str(made_in), "--keep", "2", url=url, media=media)
    assert made.returncode == 0, made.stderr
    return Site(url, media, max(made_in.glob("tongxin-*.tar")), made_in)


@pytest.fixture(scope="module")
def empty_target(databases: Databases) -> str:
    """A new database that every refused restore must leave as it was."""
    return databases.new("untouched")


@pytest.mark.parametrize("target", ["new", "migrated"])
def test_a_restore_brings_back_every_row_and_file(
    site: Site, databases: Databases, tmp_path: Path, target: str
) -> None:
    url, media = databases.new(f"restored_{target}", migrated=target == "migrated"), tmp_path / "m"
    restored = manage("restore", str(site.archive), url=url, media=media)
    assert restored.returncode == 0, restored.stderr
    after = rows(url)
    assert after == rows(site.url)
    assert "马建国" in str(after["ledgers_resident"])
    assert UNCOMMITTED_TAG not in str(after["ledgers_tag"])
    assert files(media) == files(site.media)
    assert len(files(media)) == 4  # the photo, its thumbnail, the attachment, the workbook


def test_the_manifest_holds_migrations_row_counts_and_every_checksum(site: Site) -> None:
    with tarfile.open(site.archive) as tar:
        names = {member.name for member in tar.getmembers()}
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
    assert set(manifest["files"]) == names - {"manifest.json"}
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"].values())
    assert manifest["engine"] == connection.vendor
    assert manifest["row_counts"]["ledgers_resident"] == 1
    assert manifest["row_counts"]["casework_hazardphoto"] == 1
    leaves = dict(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())
    assert manifest["migrations"]["ledgers"] == leaves["ledgers"]
    assert len([name for name in manifest["files"] if name.startswith("media/")]) == 4
    call_command("restore", "--check", str(site.archive), stdout=io.StringIO())  # no error


def test_backup_leaves_only_complete_private_archives_and_keeps_the_newest(site: Site) -> None:
    names = sorted(path.name for path in site.made_in.iterdir())
    assert names == ["notes.txt", "tongxin-20000103-023000.tar", site.archive.name]
    assert site.archive.stat().st_mode & 0o777 == 0o600


def test_restore_refuses_a_database_in_use(site: Site, tmp_path: Path) -> None:
    before = rows(site.url)
    refused = manage("restore", str(site.archive), url=site.url, media=tmp_path / "m")
    assert refused.returncode != 0
    assert "ledgers_resident (1)" in refused.stderr and "auth_user" in refused.stderr
    assert rows(site.url) == before
    assert not (tmp_path / "m").exists()


def test_restore_refuses_a_media_folder_in_use(site: Site, empty_target: str) -> None:
    refused = manage("restore", str(site.archive), url=empty_target, media=site.media)
    assert refused.returncode != 0 and str(site.media) in refused.stderr
    assert untouched(empty_target)


def test_a_changed_byte_is_named_and_nothing_is_restored(
    site: Site, empty_target: str, tmp_path: Path
) -> None:
    with tarfile.open(site.archive) as tar:
        photo = next(m for m in tar if m.name.endswith(".jpg") and "-thumb" not in m.name)
    damaged = bytearray(site.archive.read_bytes())
    damaged[photo.offset_data + photo.size // 2] ^= 0x01
    archive = tmp_path / site.archive.name
    archive.write_bytes(damaged)
    with pytest.raises(CommandError) as checked:
        call_command("restore", "--check", str(archive))
    assert photo.name in str(checked.value)
    refused = manage("restore", str(archive), url=empty_target, media=tmp_path / "m")
    assert refused.returncode != 0 and photo.name in refused.stderr
    assert untouched(empty_target) and not (tmp_path / "m").exists()


def test_backup_refuses_a_database_without_tables(databases: Databases, tmp_path: Path) -> None:
    """As when cron runs without the environment file and finds another, empty database."""
    url = databases.new("never_migrated")
    if not databases.postgresql:
        sqlite3.connect(url.removeprefix("sqlite:///")).close()
    made = manage("backup", "--to", str(tmp_path / "b"), url=url, media=tmp_path / "m")
    assert made.returncode != 0 and "DATABASE_URL" in made.stderr
    assert list((tmp_path / "b").iterdir()) == []


def test_a_pg_dump_older_than_the_server_is_named(monkeypatch: Any, tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump is PostgreSQL's tool; SQLite is copied by its online backup API")
    server = connection.cursor().connection.info.server_version // 10000
    monkeypatch.setattr(backups, "_major", lambda path: 12 if path else 0)
    with pytest.raises(backups.BackupError) as refused:
        backups.create(tmp_path, say=print)
    assert "12" in str(refused.value) and f"postgresql-client-{server}" in str(refused.value)
    assert list(tmp_path.iterdir()) == []
