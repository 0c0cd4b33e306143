"""`lawreg backup` / `lawreg restore`: a consistent snapshot taken while a writer writes, on
both databases, restored into an empty instance with the index rebuilt; and the finding of
issue 10 — copying lawreg.sqlite while the server runs loses what is still in the WAL."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import tarfile
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from conftest import LawregCliRunner, empty_postgresql_schema
from flask import Flask
from sqlalchemy import create_engine, func, select, text

from lawreg import create_app
from lawreg.db import get_database
from lawreg.migrate import upgrade
from lawreg.models import AuditEntry, IndexOutbox, Law, Section, SectionVersion
from lawreg.records import LawRecord, SectionRecord
from lawreg.search import SearchRequest
from lawreg.services import Actor, unit_of_work
from lawreg.services import search as search_service
from lawreg.services.laws import upsert_law


def instance_app(folder: Path, url: str, **config: object) -> Flask:
    return create_app({"TESTING": True, "INSTANCE_PATH": str(folder), "DATABASE_URL": url,
                       "INDEX_DIR": str(folder / "index"), **config})


def migrated_sqlite_app(tmp_path: Path, name: str, **config: object) -> Flask:
    """An instance in ``tmp_path / name`` on the SQLite database ``name``.sqlite beside it,
    migrated to the current schema (as ``lawreg init`` leaves it)."""
    url = f"sqlite:///{tmp_path / f'{name}.sqlite'}"
    upgrade(create_engine(url))
    return instance_app(tmp_path / name, url, **config)


def dispose(app: Flask) -> None:
    with app.app_context():
        get_database().engine.dispose()


def writer_law(number: int) -> LawRecord:
    return LawRecord(key=f"writer-act-{number}", title=f"พระราชบัญญัติทดสอบการสำรองข้อมูล ฉบับที่ {number}",
                     law_type="พระราชบัญญัติ", year_be=2568,
                     sections=[SectionRecord("1", f"มาตรา 1 ให้นกกระเรียนฝูงที่ {number} บินกลับรัง")])


class Writer(threading.Thread):
    """The server writing: one law with a section per transaction until stopped."""

    def __init__(self, app: Flask) -> None:
        super().__init__(daemon=True)
        self.app = app
        self.committed = 0
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                with self.app.app_context(), unit_of_work(Actor("writer")) as work:
                    upsert_law(work, writer_law(self.committed + 1))
                self.committed += 1
        except BaseException as error:  # reported by the test
            self.error = error

    def wait_for(self, count: int) -> None:
        while self.committed < count and self.error is None and self.is_alive():
            self.stop.wait(0.01)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(kind, URL) of an empty migrated database of its own."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / 'source.sqlite'}"
        else:
            url = stack.enter_context(empty_postgresql_schema())
        engine = create_engine(url)
        upgrade(engine)
        engine.dispose()
        yield request.param, url


def empty_target(kind: str, url: str, tmp_path: Path) -> str:
    """The database of the instance restored into: a new SQLite file, or on PostgreSQL the
    same schema dropped and created again (pg_restore restores into its schema's name)."""
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'restored.sqlite'}"
    else:
        engine = create_engine(url)
        with engine.begin() as connection:
            schema = connection.scalar(text("SELECT current_schema()"))
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine.dispose()
    upgrade(create_engine(url))  # `lawreg init` ran: empty tables are still an empty instance
    return url


def test_round_trip_while_a_writer_writes(backend: tuple[str, str], tmp_path: Path) -> None:
    kind, url = backend
    source = instance_app(tmp_path / "source", url, SEARCH_SYNC=False)
    archive = tmp_path / "backup.tar.gz"
    writer = Writer(source)
    writer.start()
    try:
        writer.wait_for(3)
        before = writer.committed
        result = LawregCliRunner(source).invoke(args=["backup", str(archive)])
        after = writer.committed
    finally:
        writer.stop.set()
        writer.join(timeout=30)
    assert writer.error is None, writer.error
    assert result.exit_code == 0, result.output
    assert archive.stat().st_mode & 0o777 == 0o600  # it holds the secret key
    with tarfile.open(archive) as contents:
        manifest = json.loads(contents.extractfile("manifest.json").read())
    assert manifest["backend"] == kind and manifest["alembic_revision"]
    assert before <= manifest["counts"]["law"] <= after + 1
    secret = source.config["SECRET_KEY"]
    dispose(source)

    restored = instance_app(tmp_path / "restored", empty_target(kind, url, tmp_path))
    try:
        result = LawregCliRunner(restored).invoke(args=["restore", str(archive)])
        assert result.exit_code == 0, result.output
        assert (tmp_path / "restored" / "secret_key").read_text() == secret
        with restored.app_context(), get_database().session() as session:
            laws = session.scalar(select(func.count()).select_from(Law))
            assert laws == manifest["counts"]["law"]
            # Each writer transaction is whole: its law, section, version, audit and outbox rows.
            for model in (Section, SectionVersion, IndexOutbox):
                assert session.scalar(select(func.count()).select_from(model)) == laws
            audits = select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "law.create")
            assert session.scalar(audits) == laws
            hits = search_service.search(SearchRequest(text="นกกระเรียน", per_page=100)).hits
            assert {hit.law_key for hit in hits} == {f"writer-act-{n}" for n in range(1, laws + 1)}
            assert search_service.check_index(session).in_sync

        refused = LawregCliRunner(restored).invoke(args=["restore", str(archive)])
        assert refused.exit_code == 1 and "not empty" in refused.output
    finally:
        dispose(restored)


def test_a_damaged_archive_is_refused(tmp_path: Path) -> None:
    source = migrated_sqlite_app(tmp_path, "source")
    archive = tmp_path / "backup.tar.gz"
    assert LawregCliRunner(source).invoke(args=["backup", str(archive)]).exit_code == 0
    damaged = tmp_path / "damaged.tar.gz"
    rewrite_member(archive, damaged, "secret_key", lambda data: b"0" * len(data))
    target = instance_app(tmp_path / "target", f"sqlite:///{tmp_path / 'target.sqlite'}")
    result = LawregCliRunner(target).invoke(args=["restore", str(damaged)])
    assert result.exit_code == 1 and "secret_key does not match its checksum" in result.output
    dispose(source)
    dispose(target)


def rewrite_member(archive: Path, target: Path, name: str, change: Callable[[bytes], bytes]) -> None:
    """Copy ``archive`` to ``target`` with the bytes of member ``name`` passed through ``change``."""
    with tarfile.open(archive) as original, tarfile.open(target, "w:gz") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name == name:
                data = change(data)
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))


def rewrite_manifest(archive: Path, target: Path, **changes: object) -> None:
    rewrite_member(archive, target, "manifest.json",
                   lambda data: json.dumps({**json.loads(data), **changes}).encode())


def test_an_archive_of_a_newer_schema_or_another_database_is_refused(tmp_path: Path) -> None:
    source = migrated_sqlite_app(tmp_path, "source")
    archive = tmp_path / "backup.tar.gz"
    assert LawregCliRunner(source).invoke(args=["backup", str(archive)]).exit_code == 0
    target = instance_app(tmp_path / "target", f"sqlite:///{tmp_path / 'target.sqlite'}")
    newer, other = tmp_path / "newer.tar.gz", tmp_path / "other.tar.gz"
    rewrite_manifest(archive, newer, alembic_revision="9999_future")
    rewrite_manifest(archive, other, backend="postgresql")
    result = LawregCliRunner(target).invoke(args=["restore", str(newer)])
    assert result.exit_code == 1 and "'9999_future' is unknown" in result.output
    result = LawregCliRunner(target).invoke(args=["restore", str(other)])
    assert result.exit_code == 1 and "backup is of a postgresql database" in result.output
    dispose(source)
    dispose(target)


def test_copying_the_sqlite_file_loses_the_wal_and_backup_does_not(tmp_path: Path) -> None:
    server = migrated_sqlite_app(tmp_path, "live", SEARCH_SYNC=False)
    with server.app_context():
        get_database().engine.connect().close()  # the server's pooled connection stays open
    for number in range(1, 6):
        with server.app_context(), unit_of_work(Actor("officer")) as work:
            upsert_law(work, writer_law(number))
    assert (tmp_path / "live.sqlite-wal").stat().st_size > 0  # not yet checkpointed

    shutil.copyfile(tmp_path / "live.sqlite", tmp_path / "copied.sqlite")
    copied = sqlite3.connect(tmp_path / "copied.sqlite")
    assert copied.execute("SELECT count(*) FROM law").fetchone()[0] < 5  # the finding
    copied.close()

    archive = tmp_path / "backup.tar.gz"
    assert LawregCliRunner(server).invoke(args=["backup", str(archive)]).exit_code == 0
    restored = instance_app(tmp_path / "restored", f"sqlite:///{tmp_path / 'restored.sqlite'}")
    result = LawregCliRunner(restored).invoke(args=["restore", str(archive)])
    assert result.exit_code == 0, result.output
    with restored.app_context(), get_database().session() as session:
        assert session.scalar(select(func.count()).select_from(Law)) == 5
    dispose(server)
    dispose(restored)


def test_case_attachments_travel_with_the_backup(tmp_path: Path) -> None:
    """The database only names attachment files; the archive carries them, checksummed, and a
    restore puts them back where the rows expect them (and nowhere else)."""
    source = migrated_sqlite_app(tmp_path, "source")
    stored = Path(source.instance_path) / "attachments" / "7" / "a1b2.pdf"
    stored.parent.mkdir(parents=True)
    stored.write_bytes("%PDF-1.4 ร่างพระราชบัญญัติ".encode())
    archive = tmp_path / "backup.tar.gz"
    assert LawregCliRunner(source).invoke(args=["backup", str(archive)]).exit_code == 0
    target = instance_app(tmp_path / "target", f"sqlite:///{tmp_path / 'target.sqlite'}")
    result = LawregCliRunner(target).invoke(args=["restore", str(archive)])
    assert result.exit_code == 0, result.output
    restored = Path(target.instance_path) / "attachments" / "7" / "a1b2.pdf"
    assert restored.read_bytes() == stored.read_bytes()
    # A manifest naming a path outside the folder is refused before anything is written.
    escaping = tmp_path / "escaping.tar.gz"
    with tarfile.open(archive) as original, tarfile.open(escaping, "w:gz") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["files"]["attachments/../../evil"] = manifest["files"].pop("attachments/7/a1b2.pdf")
                data = json.dumps(manifest).encode()
            if member.name == "attachments/7/a1b2.pdf":
                member.name = "attachments/../../evil"
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    other = instance_app(tmp_path / "other", f"sqlite:///{tmp_path / 'other.sqlite'}")
    result = LawregCliRunner(other).invoke(args=["restore", str(escaping)])
    assert result.exit_code == 1 and "outside the archive's layout" in result.output
    assert not (tmp_path / "evil").exists()
    tables = sqlite3.connect(tmp_path / "other.sqlite").execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    assert tables == 0  # the database was not restored either
    for app in (source, target, other):
        dispose(app)
