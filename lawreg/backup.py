"""Backups: one archive with a consistent database snapshot, the secret key and a manifest.

Copying ``lawreg.sqlite`` while the server runs loses every change still in the WAL file,
so the snapshot is taken the way each database guarantees it:

* SQLite: the online backup API (:meth:`sqlite3.Connection.backup`), which copies a
  consistent state of the database, WAL included, while writers go on;
* PostgreSQL: ``pg_dump`` (custom format) of the registry's schema, run on a snapshot
  exported from a repeatable-read transaction in which the manifest's row counts are read,
  so the counts describe exactly the dumped data.

The archive (a gzip tar, mode 0600 since it holds the secret key) holds ``manifest.json``
(versions, Alembic revision, row counts, SHA-256 of each file), ``database.sqlite`` or
``database.pgdump``, and ``secret_key``.  The search index is left out: a restore rebuilds
it.  A restore goes into an empty instance only (an empty database on the same kind of
server; for PostgreSQL a schema of the same name), checks the checksums and, after
loading, the row counts, upgrades the schema if the archive is older, and rebuilds the index.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path, PurePosixPath
from typing import IO, Any

from sqlalchemy import Connection, Engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from .errors import LawregError
from .models import Base

FORMAT = 1
MANIFEST = "manifest.json"
SECRET_KEY = "secret_key"
ATTACHMENTS = "attachments"  # case attachments: files in the instance folder, named by rows
SQLITE_FILE = "database.sqlite"
PGDUMP_FILE = "database.pgdump"


class BackupError(LawregError):
    """A backup or restore that cannot be done; nothing was changed."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    manifest: dict[str, Any]


# -- backup --------------------------------------------------------------------------------


def backup(engine: Engine, secret_key: str, path: Path, attachments: Path | None = None) -> BackupReport:
    """Write the archive at ``path`` (replaced atomically: a failed backup leaves no file).

    ``attachments``: the instance's attachments folder, whose files the database only names
    (copied after the snapshot, so a file whose row came later is kept too, harmlessly)."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="lawreg-backup-", dir=path.parent) as work:
        folder = Path(work)
        if engine.dialect.name == "sqlite":
            database_file, facts = _snapshot_sqlite(engine, folder / SQLITE_FILE)
        elif engine.dialect.name == "postgresql":
            database_file, facts = _snapshot_postgresql(engine, folder / PGDUMP_FILE)
        else:
            raise BackupError(f"no backup method for {engine.dialect.name}")
        (folder / SECRET_KEY).write_text(secret_key + "\n", encoding="ascii")
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "lawreg_version": version("lawreg"),
            "python": platform.python_version(),
            "backend": engine.dialect.name,
            **facts,
            "files": {name: _sha256(folder / name) for name in (database_file, SECRET_KEY)},
        }
        stored = _attachment_files(attachments)
        manifest["files"].update({name: _sha256(file) for name, file in stored.items()})
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False),
                                       encoding="utf-8")
        partial = path.with_name(f".{path.name}.partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle, tarfile.open(fileobj=handle, mode="w:gz") as archive:
            for name in (MANIFEST, database_file, SECRET_KEY):
                archive.add(folder / name, arcname=name)
            for name, file in stored.items():
                archive.add(file, arcname=name)
        os.replace(partial, path)
    return BackupReport(path, manifest)


def _snapshot_sqlite(engine: Engine, target: Path) -> tuple[str, dict[str, Any]]:
    source_path = engine.url.database
    if not source_path or not Path(source_path).is_file():
        raise BackupError(f"SQLite database {source_path} not found")
    source = sqlite3.connect(source_path, timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # one step: a single consistent read of the whole database
        copy.execute("PRAGMA journal_mode=DELETE")  # a self-contained file
    finally:
        source.close()
    try:
        revision = copy.execute("SELECT version_num FROM alembic_version").fetchone()
        counts = {
            table.name: copy.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0]
            for table in Base.metadata.sorted_tables
        }
    except sqlite3.OperationalError as error:
        raise BackupError(f"the database is not set up (run `lawreg init`): {error}") from error
    finally:
        copy.close()
    return SQLITE_FILE, {
        "sqlite_version": sqlite3.sqlite_version,
        "alembic_revision": revision[0] if revision else None,
        "counts": counts,
    }


def _snapshot_postgresql(engine: Engine, target: Path) -> tuple[str, dict[str, Any]]:
    pg_dump = _client_tool("pg_dump", engine)
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))
            schema = connection.scalar(text("SELECT current_schema()"))
            counts = _counts(connection)
            revision = connection.scalar(text("SELECT version_num FROM alembic_version"))
            server = connection.scalar(text("SHOW server_version"))
            _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges",
                  f"--schema={schema}", f"--snapshot={snapshot}", f"--file={target}",
                  f"--dbname={_libpq_url(engine)}"], engine)
    return PGDUMP_FILE, {
        "postgresql_server": server,
        "pg_dump": _tool_version(pg_dump),
        "schema": schema,
        "alembic_revision": revision,
        "counts": counts,
    }


# -- restore -------------------------------------------------------------------------------


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of the archive at ``path``, after checking every file's checksum."""
    with _archive(path) as archive:
        manifest = json.loads(_member(archive, MANIFEST))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{path}: backup format {manifest.get('format')!r} is not {FORMAT}")
        for name, digest in manifest["files"].items():
            parts = PurePosixPath(name).parts
            if name.startswith("/") or ".." in parts or (len(parts) > 1 and parts[0] != ATTACHMENTS):
                raise BackupError(f"{path}: the manifest names {name!r}, outside the archive's layout")
            if _member_sha256(archive, name) != digest:
                raise BackupError(f"{path}: {name} does not match its checksum; the archive is damaged")
    return manifest


def restore_database(engine: Engine, path: Path) -> dict[str, Any]:
    """Load the archive's database into ``engine``'s empty database; returns the manifest.
    Refuses a database that holds any row, and one of another kind than the archive's."""
    manifest = read_manifest(path)
    if not known_revision(manifest.get("alembic_revision")):
        raise BackupError(f"the backup's schema revision {manifest.get('alembic_revision')!r} "
                          f"is unknown to this lawreg {version('lawreg')}; restore with the "
                          f"version that made it ({manifest.get('lawreg_version')})")
    if manifest["backend"] != engine.dialect.name:
        raise BackupError(f"the backup is of a {manifest['backend']} database; this instance "
                          f"uses {engine.dialect.name}")
    with engine.connect() as connection:
        filled = {name: n for name, n in _counts(connection, existing_only=True).items() if n}
    if filled:
        shown = ", ".join(f"{name} ({count})" for name, count in sorted(filled.items())[:5])
        raise BackupError(f"the instance's database is not empty: {shown}; restore into an "
                          "empty database")
    with _archive(path) as archive, tempfile.TemporaryDirectory(prefix="lawreg-restore-") as work:
        name = SQLITE_FILE if manifest["backend"] == "sqlite" else PGDUMP_FILE
        local = Path(work) / name
        with _open_member(archive, name) as source, local.open("wb") as copy:
            shutil.copyfileobj(source, copy, 1 << 20)
        if manifest["backend"] == "sqlite":
            _load_sqlite(engine, local)
        else:
            _load_postgresql(engine, local, manifest)
    with engine.connect() as connection:
        counts = _counts(connection)
    expected = manifest["counts"]
    differing = {t: (expected.get(t), n) for t, n in counts.items() if expected.get(t, 0) != n}
    if differing:
        raise BackupError(f"restored row counts differ from the manifest: {differing}")
    return manifest


def known_revision(revision: str | None) -> bool:
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError as AlembicError

    from .migrate import MIGRATIONS_DIR

    if revision is None:
        return False
    try:
        return ScriptDirectory(str(MIGRATIONS_DIR)).get_revision(revision) is not None
    except AlembicError:
        return False


def _attachment_files(folder: Path | None) -> dict[str, Path]:
    """Archive name ("attachments/<case>/<file>") → file, for every file under ``folder``."""
    if folder is None or not folder.is_dir():
        return {}
    return {f"{ATTACHMENTS}/{file.relative_to(folder).as_posix()}": file
            for file in sorted(folder.rglob("*")) if file.is_file() and not file.is_symlink()}


def restore_attachments(path: Path, folder: Path) -> int:
    """Write the archive's attachment files under ``folder``; the number written.  Only the
    names the (checksummed) manifest lists are read, and none may leave ``folder``."""
    manifest = read_manifest(path)
    names = [name for name in manifest["files"] if name.startswith(f"{ATTACHMENTS}/")]
    root = folder.resolve()
    with _archive(path) as archive:
        for name in names:
            target = (folder / name.removeprefix(f"{ATTACHMENTS}/")).resolve()
            if not target.is_relative_to(root):
                raise BackupError(f"{path}: {name} would be written outside {folder}")
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(_member(archive, name))
    return len(names)


def archived_secret_key(path: Path) -> str:
    with _archive(path) as archive:
        return _member(archive, SECRET_KEY).decode("ascii").strip()


def _load_sqlite(engine: Engine, snapshot: Path) -> None:
    engine.dispose()
    if not engine.url.database:
        raise BackupError("the instance's SQLite database has no file to restore into")
    source = sqlite3.connect(snapshot)
    target = sqlite3.connect(engine.url.database, timeout=30)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def _load_postgresql(engine: Engine, dump: Path, manifest: dict[str, Any]) -> None:
    with engine.begin() as connection:
        schema = connection.scalar(text("SELECT current_schema()"))
        if schema is None:
            raise BackupError("the database's search path names no existing schema; create it")
        if schema != manifest["schema"]:
            raise BackupError(f"the backup is of schema {manifest['schema']!r}; pg_restore "
                              f"restores into a schema of that name, this instance uses {schema!r}")
        Base.metadata.drop_all(connection)  # empty tables of `lawreg init`, if any
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    pg_restore = _client_tool("pg_restore", engine)
    listing = _run([pg_restore, "--list", str(dump)], engine)
    entries = "\n".join(line for line in listing.splitlines() if not re.search(r"\bSCHEMA\b", line))
    list_file = dump.with_suffix(".list")
    list_file.write_text(entries + "\n", encoding="utf-8")
    _run([pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
          f"--use-list={list_file}", f"--dbname={_libpq_url(engine)}", str(dump)], engine)


# -- shared --------------------------------------------------------------------------------


def _counts(connection: Connection, existing_only: bool = False) -> dict[str, int]:
    present = set(inspect(connection).get_table_names()) if existing_only else None
    return {
        table.name: int(connection.scalar(select(func.count()).select_from(table)) or 0)
        for table in Base.metadata.sorted_tables
        if present is None or table.name in present
    }


def _libpq_url(engine: Engine) -> str:
    """The engine's URL as libpq reads it (the password goes through PGPASSWORD)."""
    url = make_url(str(engine.url.render_as_string(hide_password=False)))
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _client_tool(name: str, engine: Engine) -> str:
    """``pg_dump``/``pg_restore``, refused when missing or older than the server."""
    tool = shutil.which(name)
    if tool is None:
        raise BackupError(f"{name} not found: install the PostgreSQL client of the server's "
                          "version (Debian: postgresql-client)")
    with engine.connect() as connection:
        server_major = int(connection.scalar(text("SHOW server_version_num")) or 0) // 10000
    tool_major = int(re.search(r"(\d+)", _tool_version(tool)).group(1))  # type: ignore[union-attr]
    if tool_major < server_major:
        raise BackupError(f"{name} {tool_major} is older than the server ({server_major}); "
                          f"install postgresql-client-{server_major}")
    return tool


def _tool_version(tool: str) -> str:
    output = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True)
    return output.stdout.strip().rsplit(" ", 1)[-1] if output.stdout else ""


def _run(command: list[str], engine: Engine) -> str:
    env = dict(os.environ)
    if engine.url.password:
        env["PGPASSWORD"] = str(engine.url.password)
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[:2000]}")
    return result.stdout


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def _archive(path: Path) -> Iterator[tarfile.TarFile]:
    try:
        with tarfile.open(path, mode="r:gz") as archive:
            yield archive
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{path}: not a lawreg backup archive ({error})") from error


@contextmanager
def _open_member(archive: tarfile.TarFile, name: str) -> Iterator[IO[bytes]]:
    """One file of the archive by its exact name (nothing is extracted by path)."""
    try:
        handle = archive.extractfile(name)
    except KeyError:
        handle = None
    if handle is None:
        raise BackupError(f"the archive has no {name}")
    with handle:
        yield handle


def _member(archive: tarfile.TarFile, name: str) -> bytes:
    with _open_member(archive, name) as handle:
        return handle.read()


def _member_sha256(archive: tarfile.TarFile, name: str) -> str:
    digest = hashlib.sha256()
    with _open_member(archive, name) as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
