"""Fixtures of the importer tests: source fixtures, a database fingerprint, a quiet index."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from lawreg.db import get_database
from lawreg.models import Base
from lawreg.services import LISTENERS_KEY

SOURCES = Path(__file__).resolve().parents[1] / "fixtures" / "importers"


@pytest.fixture
def sources() -> Path:
    return SOURCES


@pytest.fixture(autouse=True)
def without_index_sync(request: pytest.FixtureRequest) -> None:
    """The search index has its own tests; keeping it in step after every commit would
    triple the time of these database tests without testing the importers any better."""
    if "app" in request.fixturenames:
        app = request.getfixturevalue("app")
        app.extensions[LISTENERS_KEY] = []
        app.config["SEARCH_SYNC"] = False


def fingerprint(app: Flask) -> tuple[dict[str, int], str]:
    """Row counts and a hash of every row of every table: equal means the database is
    exactly as it was."""
    digest = hashlib.sha256()
    counts: dict[str, int] = {}
    with app.app_context(), get_database().session() as session:
        for table in Base.metadata.sorted_tables:
            counts[table.name] = session.scalar(select(func.count()).select_from(table)) or 0
            for row in session.execute(select(table).order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
    return counts, digest.hexdigest()
