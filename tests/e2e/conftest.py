"""The browser every browser-test module drives."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .serving import chromium_browser


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    """Debian's chromium for a module's tests, launched after its ``server`` fixture (which
    skips, or fails in CI, when chromium or Playwright is missing)."""
    with chromium_browser() as chromium:
        yield chromium
