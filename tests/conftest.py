"""Shared fixtures: a fresh application per test on SQLite and, when
``LAWREG_TEST_DATABASE_URL`` is set, on PostgreSQL too (each test in its own schema)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from lawreg import create_app
from lawreg.db import get_database
from lawreg.migrate import upgrade
from lawreg.services import Actor, UnitOfWork, unit_of_work

FIXTURES = Path(__file__).parent / "fixtures"
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


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'lawreg.sqlite'}"
        return
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


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    application = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": database_url,
            "INDEX_DIR": str(tmp_path / "instance" / "index"),
            "WTF_CSRF_ENABLED": False,
        }
    )
    with application.app_context():
        upgrade(get_database().engine)
    yield application
    get_database_engine(application).dispose()


def get_database_engine(application: Flask):  # type: ignore[no-untyped-def]
    with application.app_context():
        return get_database().engine


@pytest.fixture
def client(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def runner(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


@pytest.fixture
def uow(app: Flask) -> Iterator[UnitOfWork]:
    """An open unit of work inside an app context; commit explicitly in the test."""
    with app.app_context():
        work = unit_of_work(Actor("test", role="admin"))
        try:
            yield work
        finally:
            work.session.close()
