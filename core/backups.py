"""Backup archives of the whole site and their restore (manage.py backup / restore).

An archive `tongxin-YYYYmmdd-HHMMSS.tar` holds the database as its engine's own tool writes it
(PostgreSQL: `pg_dump --format=custom`; SQLite: a copy made with the online backup API), every
file under MEDIA_ROOT and a manifest.json with the migration state, the row count of every table
and the SHA-256 of every file. A restore goes into an empty database and an empty media folder
only, and only after every checksum has been checked. docs/deployment.md has the routine.

The media folder is read and written directly, on purpose: it is the default storage's folder (a
local disk, or the NFS mount every app host shares). Object storage (MEDIA_STORAGE=s3) keeps its
own copies (versioning, replication); the archive then holds the database only, and says so.
"""

from __future__ import annotations

import glob
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import DatabaseError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import AuditChainHead

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database/db.sqlite3", "postgresql": "database/tongxin.dump"}
MEDIA = "media/"
ARCHIVE_NAME = re.compile(r"^tongxin-\d{8}-\d{6}\.tar(\.gz)?$")
CHUNK = 1 << 20

# Rows that `migrate` writes by itself (its bookkeeping, the roles' groups and permissions, the
# audit chain's head, and the tables an app adds with rows_made_by_migrations): a database
# holding no other rows is still an empty target for a restore.
MIGRATION_ROWS = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "auth_group",
    "auth_group_permissions",
    AuditChainHead._meta.db_table,  # the audit chain's head, made with its table
}


def rows_made_by_migrations(*tables: str) -> None:
    """Count the rows of `tables` as migrate's own (an app's migrations write them: built-in
    choices), called from the app's AppConfig.ready()."""
    MIGRATION_ROWS.update(tables)


# libpq's environment variables for the connection settings; the password never goes on a
# command line, where any user of the machine could read it.
PG_ENVIRONMENT = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
PG_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}

Say = Callable[[str], Any]


class BackupError(Exception):
    """A backup or restore that was refused or failed; the message tells the operator why."""


@dataclass
class Dump:
    """The database as written into the staging folder, with what was counted in it."""

    path: Path
    details: dict[str, Any]
    row_counts: dict[str, int]
    migrations: dict[str, str]


@dataclass
class Restored:
    """What a restore put in place."""

    tables: int
    rows: int
    files: int
    migrate_needed: list[str] = field(default_factory=list)


# Backup ------------------------------------------------------------------------------------------


def create(directory: Path, say: Say) -> Path:
    """Write a complete archive into `directory` and return its path.

    It is written under a hidden temporary name and renamed only when complete, so a half-written
    archive never looks like a backup.
    """
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    final = directory / f"tongxin-{timezone.localtime():%Y%m%d-%H%M%S}.tar"
    if final.exists():
        raise BackupError(_("%(path)s already exists; try again in a second.") % {"path": final})
    partial = directory / f".{final.name}.partial"
    with tempfile.TemporaryDirectory(prefix=".tongxin-staging-", dir=directory) as staging:
        dump = _dump_database(Path(staging))
        if "django_migrations" not in dump.row_counts:  # e.g. cron without the environment file
            raise BackupError(
                _(
                    "The database of DATABASE_URL has no tables of 同心: is DATABASE_URL right? "
                    "No archive was written."
                )
            )
        say(_("Database dumped: %(rows)s rows in %(tables)s tables.") % _totals(dump.row_counts))
        try:
            # The archive holds every resident's personal data: readable by its owner only.
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as out:
                with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
                    files: dict[str, dict[str, Any]] = {}
                    _add_file(tar, DATABASE_MEMBERS[connection.vendor], dump.path, files)
                    skipped = _add_media(tar, files, skip=directory)
                    manifest = _manifest(dump, files)
                    data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
                    info = tarfile.TarInfo(MANIFEST)
                    info.size, info.mtime, info.mode = len(data.encode()), _now(), 0o600
                    tar.addfile(info, io.BytesIO(data.encode()))
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, final)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    _sync_directory(directory)
    media = sum(1 for name in files if name.startswith(MEDIA))
    say(_("Uploaded files archived: %(count)s.") % {"count": media})
    if not media_on_disk():
        say(
            _(
                "The uploaded files are kept in %(storage)s, not under MEDIA_ROOT: this archive "
                "holds the database only. Keep copies of the files with that storage's own "
                "means (versioning, replication)."
            )
            % {"storage": type(storages["default"]).__name__}
        )
    if skipped:
        say(
            _("Removed while the backup ran, so not archived: %(names)s")
            % {"names": ", ".join(skipped)}
        )
    return final


def media_on_disk() -> bool:
    """Whether the uploaded files are the folder MEDIA_ROOT (a local disk or an NFS mount)."""
    storage = storages["default"]
    return (
        isinstance(storage, FileSystemStorage)
        and Path(storage.location).resolve() == Path(settings.MEDIA_ROOT).resolve()
    )


def prune(directory: Path, keep: int) -> list[Path]:
    """Remove the oldest archives in `directory` beyond the newest `keep`; return them."""
    archives = sorted(p for p in directory.iterdir() if ARCHIVE_NAME.match(p.name))
    removed = archives[: max(len(archives) - keep, 0)]
    for path in removed:
        path.unlink()
    return removed


def _dump_database(staging: Path) -> Dump:
    if connection.vendor == "sqlite":
        return _dump_sqlite(staging)
    if connection.vendor == "postgresql":
        return _dump_postgresql(staging)
    raise BackupError(_("Backups support SQLite and PostgreSQL only."))


def _dump_sqlite(staging: Path) -> Dump:
    source_path = _sqlite_path()
    if not source_path.is_file():
        raise BackupError(_("There is no database file at %(path)s.") % {"path": source_path})
    copy = staging / "db.sqlite3"
    # The online backup API reads a consistent state while the site goes on writing (WAL).
    with (
        closing(sqlite3.connect(source_path, timeout=20)) as source,
        closing(sqlite3.connect(copy)) as destination,
    ):
        source.backup(destination)
        destination.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        row_counts, migrations = _census(destination.cursor(), "sqlite")
    details = {"engine": "sqlite", "sqlite_version": sqlite3.sqlite_version}
    return Dump(copy, details, row_counts, migrations)


def _dump_postgresql(staging: Path) -> Dump:
    pg_dump, client = _pg_tool("pg_dump")
    path = staging / "tongxin.dump"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        server = int(cursor.fetchone()[0]) // 10000
    if server > client:
        raise BackupError(
            _(
                "The PostgreSQL server is version %(server)s, but the newest pg_dump here "
                "(%(path)s) is version %(client)s, and pg_dump cannot dump a newer server. "
                "Install the client tools of version %(server)s (Debian/Ubuntu: apt-get "
                "install postgresql-client-%(server)s)."
            )
            % {"server": server, "client": client, "path": pg_dump}
        )
    with transaction.atomic(), connection.cursor() as cursor:
        # pg_dump reads the snapshot the rows were counted in, so the manifest's counts are
        # exactly the dump's even while people go on working.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        row_counts, migrations = _census(cursor, "postgresql")
        _run(
            [
                pg_dump,
                "--format=custom",
                "--no-password",
                f"--snapshot={snapshot}",
                f"--file={path}",
            ],
            _pg_environment(),
        )
    details = {"engine": "postgresql", "server_major": server, "pg_dump_major": client}
    return Dump(path, details, row_counts, migrations)


def _add_media(tar: tarfile.TarFile, files: dict[str, dict[str, Any]], skip: Path) -> list[str]:
    """Add every file under MEDIA_ROOT; return those removed before they could be read."""
    root = Path(settings.MEDIA_ROOT)
    skip = skip.resolve()
    vanished = []
    for path in _files_under(root):
        if path.resolve().is_relative_to(skip):  # BACKUP_DIR inside MEDIA_ROOT
            continue
        name = MEDIA + path.relative_to(root).as_posix()
        try:
            _add_file(tar, name, path, files)
        except FileNotFoundError:  # removed meanwhile (expire_downloads), as its row was
            vanished.append(name)
    return vanished


def _files_under(root: Path) -> Iterator[Path]:
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file():
                yield path


def _add_file(
    tar: tarfile.TarFile, name: str, path: Path, files: dict[str, dict[str, Any]]
) -> None:
    with path.open("rb") as raw:
        status = os.fstat(raw.fileno())
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = status.st_size, int(status.st_mtime), 0o600
        reader = _Hashing(raw)
        tar.addfile(info, reader)
    files[name] = {"sha256": reader.hash.hexdigest(), "size": info.size}


class _Hashing:
    """A file opened for reading that hashes what is read from it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.hash = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.hash.update(data)
        return data


def _manifest(dump: Dump, files: dict[str, dict[str, Any]]) -> dict[str, Any]:
    try:
        version = metadata.version("tongxin")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return {
        "format": FORMAT,
        "created_at": timezone.localtime().isoformat(timespec="seconds"),
        "engine": dump.details["engine"],
        "database": {**dump.details, "file": DATABASE_MEMBERS[dump.details["engine"]]},
        "app_version": version,
        "migrations": dump.migrations,
        "row_counts": dump.row_counts,
        "files": files,
    }


# Checking an archive ----------------------------------------------------------------------------


def verify(archive: Path) -> dict[str, Any]:
    """Check every file of `archive` against its manifest and return the manifest.

    Raises BackupError naming every file that is missing, extra, damaged or changed.
    """
    hashes: dict[str, tuple[str, int]] = {}
    problems: list[str] = []
    manifest: dict[str, Any] | None = None
    with _open(archive) as tar:
        for member in tar:
            if member.isdir():
                continue
            if not member.isfile() or not _safe_name(member.name):
                problems.append(_("%(name)s: not a file this archive may hold.") % _n(member))
                continue
            if member.name in hashes or (member.name == MANIFEST and manifest is not None):
                problems.append(_("%(name)s: in the archive twice.") % _n(member))
                continue
            reader = tar.extractfile(member)
            assert reader is not None  # a regular file
            if member.name == MANIFEST:
                manifest = _parse_manifest(reader.read())
                continue
            digest = hashlib.sha256()
            while chunk := reader.read(CHUNK):
                digest.update(chunk)
            hashes[member.name] = (digest.hexdigest(), member.size)
    if manifest is None:
        raise BackupError(
            _("%(path)s has no manifest.json: not a 同心 backup.") % {"path": archive}
        )
    expected: dict[str, dict[str, Any]] = manifest["files"]
    for name, entry in sorted(expected.items()):
        if name not in hashes:
            problems.append(_("%(name)s: listed in the manifest but missing.") % {"name": name})
        elif hashes[name] != (entry.get("sha256"), entry.get("size")):
            problems.append(
                _("%(name)s: checksum does not match the manifest (changed or damaged).")
                % {"name": name}
            )
    for name in sorted(set(hashes) - set(expected)):
        problems.append(_("%(name)s: not listed in the manifest.") % {"name": name})
    database = DATABASE_MEMBERS.get(manifest.get("engine", ""))
    if database is None or database not in expected:
        problems.append(_("The archive holds no database."))
    if problems:
        raise BackupError(
            _("%(path)s failed its check:") % {"path": archive} + "\n" + "\n".join(problems)
        )
    return manifest


def describe(manifest: dict[str, Any]) -> str:
    """One line on what a verified archive holds."""
    files = manifest["files"]
    return _(
        "Made %(created)s by version %(version)s (%(engine)s): %(rows)s rows in %(tables)s "
        "tables, %(media)s uploaded files, %(size)s MB; every checksum matches."
    ) % {
        "created": manifest["created_at"],
        "version": manifest.get("app_version", "?"),
        "engine": manifest["engine"],
        **_totals(manifest["row_counts"]),
        "media": sum(1 for name in files if name.startswith(MEDIA)),
        "size": f"{sum(entry['size'] for entry in files.values()) / 2**20:,.1f}",
    }


def _open(archive: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(archive, "r:*")
    except FileNotFoundError:
        raise BackupError(_("There is no file at %(path)s.") % {"path": archive}) from None
    except tarfile.TarError:
        raise BackupError(_("%(path)s is not a backup archive.") % {"path": archive}) from None


def _parse_manifest(data: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(data)
        if manifest["format"] != FORMAT or not isinstance(manifest["files"], dict):
            raise ValueError
        for key in ("created_at", "engine", "database", "migrations", "row_counts"):
            manifest[key]
        return dict(manifest)
    except (ValueError, KeyError, TypeError):
        raise BackupError(_("manifest.json is damaged or of an unknown format.")) from None


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name:
        return False
    return name == MANIFEST or name in DATABASE_MEMBERS.values() or name.startswith(MEDIA)


def _n(member: tarfile.TarInfo) -> dict[str, str]:
    return {"name": member.name}


# Restore -----------------------------------------------------------------------------------------


def restore(archive: Path, say: Say) -> Restored:
    """Put `archive` into the empty database and media folder of the settings.

    Nothing is touched before every checksum has matched and both targets were found empty.
    """
    manifest = verify(archive)
    say(describe(manifest))
    vendor = connection.vendor
    if manifest["engine"] != vendor:
        raise BackupError(
            _("The archive holds a %(archive)s database, but this site uses %(site)s.")
            % {"archive": manifest["engine"], "site": vendor}
        )
    migrate_needed = _check_migrations(manifest["migrations"])
    _check_targets_empty()
    with tempfile.TemporaryDirectory(prefix=".tongxin-restore-", dir=_staging_parent()) as staging:
        dump = Path(staging) / "database"
        _extract(
            archive, manifest, lambda name: dump if name in DATABASE_MEMBERS.values() else None
        )
        if vendor == "sqlite":
            _restore_sqlite(dump)
        else:
            _restore_postgresql(dump, manifest)
    say(_("Database restored."))
    root = Path(settings.MEDIA_ROOT)
    files = _extract(archive, manifest, lambda name: _media_target(root, name))
    with connection.cursor() as cursor:
        counts, _migrations = _census(cursor, vendor)
    expected: dict[str, int] = manifest["row_counts"]
    wrong = [
        f"{table}: {expected.get(table, '—')} → {counts.get(table, '—')}"
        for table in sorted(set(expected) | set(counts))
        if expected.get(table) != counts.get(table)
    ]
    if wrong:
        raise BackupError(
            _(
                "The restored database does not hold the rows of the manifest "
                "(table: expected → found):"
            )
            + "\n"
            + "\n".join(wrong)
        )
    totals = _totals(counts)
    return Restored(totals["tables"], totals["rows"], files, migrate_needed)


def _check_migrations(archived: dict[str, str]) -> list[str]:
    """Refuse an archive of a newer version; return the apps this code would migrate further."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    installed = {app for app, _name in known}
    unknown = [
        f"{app}.{name}"
        for app, name in sorted(archived.items())
        if app in installed and (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            _(
                "The archive was made by a newer version of 同心 (migrations unknown here: "
                "%(names)s). Install that version to restore it."
            )
            % {"names": ", ".join(unknown)}
        )
    leaves = loader.graph.leaf_nodes()
    return sorted({app for app, name in leaves if app in archived and archived[app] != name})


def _check_targets_empty() -> None:
    problems = []
    root = Path(settings.MEDIA_ROOT)
    if any(True for _path in _files_under(root)):
        problems.append(_("The media folder %(path)s is not empty.") % {"path": root})
    rows = _rows_in_target()
    if rows:
        tables = ", ".join(f"{table} ({count})" for table, count in sorted(rows.items()))
        problems.append(_("The database already holds rows: %(tables)s.") % {"tables": tables})
    if problems:
        raise BackupError(
            "\n".join(problems)
            + "\n"
            + _(
                "A restore goes only into an empty database and an empty media folder: create a "
                "new database (createdb, or a new SQLite file in DATABASE_URL) and point "
                "MEDIA_ROOT at a new folder. Nothing was changed."
            )
        )


def _rows_in_target() -> dict[str, int]:
    if connection.vendor == "sqlite" and not _sqlite_path().exists():
        return {}
    with connection.cursor() as cursor:
        counts, _migrations = _census(cursor, connection.vendor)
    return {table: n for table, n in counts.items() if n and table not in MIGRATION_ROWS}


def _extract(archive: Path, manifest: dict[str, Any], target: Callable[[str], Path | None]) -> int:
    """Write the members that `target` maps to a path, checking each one's checksum again (the
    archive may have changed since it was verified); return how many were written."""
    written = 0
    with _open(archive) as tar:
        for member in tar:
            destination = target(member.name) if member.isfile() else None
            if destination is None:
                continue
            reader = tar.extractfile(member)
            assert reader is not None
            destination.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with destination.open("xb") as out:
                while chunk := reader.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            if digest.hexdigest() != manifest["files"][member.name]["sha256"]:
                destination.unlink()
                raise BackupError(
                    _("%(name)s: checksum does not match the manifest (changed or damaged).")
                    % _n(member)
                )
            written += 1
    return written


def _media_target(root: Path, name: str) -> Path | None:
    if not name.startswith(MEDIA) or not _safe_name(name):
        return None
    return root.joinpath(*PurePosixPath(name[len(MEDIA) :]).parts)


def _restore_sqlite(copy: Path) -> None:
    connection.close()
    target = _sqlite_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        closing(sqlite3.connect(copy)) as source,
        closing(sqlite3.connect(target, timeout=20)) as destination,
    ):
        source.backup(destination)


def _restore_postgresql(dump: Path, manifest: dict[str, Any]) -> None:
    pg_restore, client = _pg_tool("pg_restore")
    made_by = int(manifest["database"].get("pg_dump_major", 0))
    if client < made_by:
        raise BackupError(
            _(
                "The archive was dumped by pg_dump %(dumped)s, but the newest pg_restore here "
                "(%(path)s) is version %(client)s. Install the client tools of version "
                "%(dumped)s (Debian/Ubuntu: apt-get install postgresql-client-%(dumped)s)."
            )
            % {"dumped": made_by, "client": client, "path": pg_restore}
        )
    # A target that was migrated but holds no data: its empty tables make way for the archive's.
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = [_quote(row[0]) for row in cursor.fetchall()]
        if tables:
            cursor.execute(f"DROP TABLE {', '.join(tables)} CASCADE")
        # … and so do the functions its migrations made (the audit log's trigger function),
        # which the archive creates again; an extension's own functions stay.
        cursor.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p"
            " JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = current_schema() AND p.prokind = 'f' AND NOT EXISTS"
            " (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')"
        )
        for (function,) in cursor.fetchall():
            cursor.execute(f"DROP FUNCTION {function} CASCADE")
    connection.close()
    name = str(settings.DATABASES["default"]["NAME"])
    _run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={name}",
            str(dump),
        ],
        _pg_environment(),
    )


def _staging_parent() -> Path:
    """A folder beside the target database file (SQLite), so the copy is on the same disk."""
    if connection.vendor == "sqlite":
        parent = _sqlite_path().parent
        parent.mkdir(parents=True, exist_ok=True)
        return parent
    return Path(tempfile.gettempdir())


# Shared ------------------------------------------------------------------------------------------


def _census(cursor: Any, vendor: str) -> tuple[dict[str, int], dict[str, str]]:
    """The row count of every table and the latest applied migration of every app."""
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    else:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
        counts[table] = int(cursor.fetchone()[0])
    migrations: dict[str, str] = {}
    if "django_migrations" in counts:
        cursor.execute("SELECT app, MAX(name) FROM django_migrations GROUP BY app ORDER BY app")
        migrations = {app: name for app, name in cursor.fetchall()}
    return counts, migrations


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _totals(row_counts: dict[str, int]) -> dict[str, int]:
    return {"rows": sum(row_counts.values()), "tables": len(row_counts)}


def _sqlite_path() -> Path:
    name = str(settings.DATABASES["default"]["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError(_("The database is in memory: there is no file to back up or restore."))
    return Path(name)


def _pg_tool(name: str) -> tuple[str, int]:
    """The newest `name` (pg_dump, pg_restore) on this machine and its major version."""
    candidates = [shutil.which(name) or ""]
    for pattern in ("/usr/lib/postgresql/*/bin/", "/usr/pgsql-*/bin/"):
        candidates += glob.glob(pattern + name)
    found = [(major, path) for path in dict.fromkeys(candidates) if (major := _major(path))]
    if not found:
        raise BackupError(
            _(
                "%(tool)s was not found: install the PostgreSQL client tools (Debian/Ubuntu: "
                "apt-get install postgresql-client)."
            )
            % {"tool": name}
        )
    major, path = max(found, key=lambda item: item[0])  # the first of the newest: PATH's
    return path, major


def _major(path: str) -> int:
    if not path:
        return 0
    try:
        result = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except OSError:
        return 0
    version = re.search(r"\(PostgreSQL\) (\d+)", result.stdout)
    return int(version.group(1)) if version else 0


def _pg_environment() -> dict[str, str]:
    database: dict[str, Any] = dict(settings.DATABASES["default"])
    environment = dict(os.environ, PGDATABASE=str(database["NAME"]))
    for key, variable in PG_ENVIRONMENT.items():
        if database.get(key):
            environment[variable] = str(database[key])
    options = database.get("OPTIONS") or {}
    for option, variable in PG_OPTIONS.items():
        if options.get(option):
            environment[variable] = str(options[option])
    return environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    result = subprocess.run(
        command,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise BackupError(
            _("%(tool)s failed: %(error)s")
            % {"tool": Path(command[0]).name, "error": result.stderr.strip()}
        )


def _sync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _now() -> int:
    return int(timezone.now().timestamp())


@contextmanager
def as_command_errors() -> Iterator[None]:
    """What went wrong in a backup or a restore as the command's message, never a traceback."""
    from django.core.management.base import CommandError

    try:
        yield
    except BackupError as error:
        raise CommandError(str(error)) from None
    except DatabaseError as error:
        raise CommandError(_("The database answered: %(error)s") % {"error": error}) from None
    except OSError as error:  # a folder not writable, a full disk
        raise CommandError(
            _("A file could not be read or written: %(error)s") % {"error": error}
        ) from None
