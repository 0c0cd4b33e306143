"""Shared fixtures: a fresh application per test on SQLite and, when
``LAWREG_TEST_DATABASE_URL`` is set, on PostgreSQL too (each test in its own schema)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import Connection, create_engine, text

from lawreg import create_app
from lawreg.cli import main
from lawreg.db import get_database
from lawreg.migrate import upgrade
from lawreg.models import Base
from lawreg.services import Actor, UnitOfWork, accounts, unit_of_work

FIXTURES = Path(__file__).parent / "fixtures"
T = TypeVar("T")
BACKENDS = ["sqlite", "postgresql"]


def shared_data_dir() -> Path:
    return Path(
        os.environ.get("LAWREG_SHARED_DATA", Path(__file__).resolve().parents[1] / ".." / "shared" / "data")
    ).resolve()


@pytest.fixture
def shared_data() -> Path:
    """The real data of ../shared/data; tests that need it skip on a machine without it."""
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip(f"real data not found at {path} (set LAWREG_SHARED_DATA)")
    return path


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database migrated to head once per session; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "lawreg.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@contextmanager
def empty_postgresql_schema() -> Iterator[str]:
    """The URL of a new, empty schema on the test server, dropped on exit (skips the test
    when ``LAWREG_TEST_DATABASE_URL`` is not set)."""
    server_url = os.environ.get("LAWREG_TEST_DATABASE_URL")
    if not server_url:
        pytest.skip("LAWREG_TEST_DATABASE_URL not set: PostgreSQL tests skipped")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in server_url else "?"
    try:
        yield f"{server_url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgresql_schema() -> Iterator[str]:
    """A PostgreSQL schema migrated to head once per session; each test starts it empty."""
    with empty_postgresql_schema() as url:
        engine = create_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database at the current schema: a copy of the SQLite template, or the
    session's PostgreSQL schema emptied."""
    if request.param == "sqlite":
        path = tmp_path / "lawreg.sqlite"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgresql_schema")
    engine = create_engine(url)
    with engine.begin() as connection:
        empty_all_tables(connection)
    engine.dispose()
    return url


def empty_all_tables(connection: Connection) -> None:
    """Delete every row and restart the id sequences: on near-empty tables this is twenty
    times faster than TRUNCATE, which rewrites files."""
    tables = Base.metadata.sorted_tables
    for table in reversed(tables):
        connection.execute(table.delete())
    for table in tables:
        if "id" in table.c and table.c.id.autoincrement:
            connection.execute(
                text(f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), 1, false)")
            )


def make_app(folder: Path, database_url: str, **config: object) -> Flask:
    """An application for tests on ``database_url``, its instance and index in ``folder``,
    without CSRF tokens (forms are posted directly); ``config`` adds to or overrides that."""
    return create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(folder / "instance"),
            "DATABASE_URL": database_url,
            "INDEX_DIR": str(folder / "instance" / "index"),
            "WTF_CSRF_ENABLED": False,
            **config,
        }
    )


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    # The workflow tests walk a case through its hearing in seconds; the tests of the
    # minimum hearing length (tests/casefile) set their own.
    application = make_app(tmp_path, database_url, HEARING_MIN_DAYS=0)
    yield application
    get_database_engine(application).dispose()


def get_database_engine(application: Flask):  # type: ignore[no-untyped-def]
    with application.app_context():
        return get_database().engine


@pytest.fixture
def client(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_client()


class LawregCliRunner(FlaskCliRunner):
    """Invokes the real ``lawreg`` entry point (a FlaskGroup) bound to the test app."""

    def invoke(self, cli=None, args=None, **kwargs):  # type: ignore[no-untyped-def, override]
        return super().invoke(cli or main, args, **kwargs)


@pytest.fixture
def runner(app: Flask) -> LawregCliRunner:
    return LawregCliRunner(app)


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """scrypt takes half a second per hash here; tests that create accounts use a cheap one."""
    monkeypatch.setattr(accounts, "HASH_METHOD", "pbkdf2:sha256:1000")


@pytest.fixture
def db(app: Flask) -> Callable[[Callable[[UnitOfWork], T]], T]:
    """Run ``check(uow)`` in a fresh app context and unit of work as an admin, committing at
    the end.  Unlike ``uow`` no app context stays pushed, so test-client requests keep their
    own ``flask.g`` (and their own signed-in user)."""

    def run(check: Callable[[UnitOfWork], T]) -> T:
        with app.app_context(), unit_of_work(Actor("test", role="admin")) as work:
            return check(work)

    return run


@pytest.fixture
def uow(app: Flask) -> Iterator[UnitOfWork]:
    """An open unit of work inside an app context; commit explicitly in the test."""
    with app.app_context():
        work = unit_of_work(Actor("test", role="admin"))
        try:
            yield work
        finally:
            work.session.close()
