"""The web tests' sample registry, and the demo set, for the API tests."""

from __future__ import annotations

import pytest
from flask import Flask

from web.conftest import Registry, registry  # noqa: F401 - the fixture, shared

__all__ = ["Registry"]


@pytest.fixture
def demo(app: Flask, runner) -> Flask:  # type: ignore[no-untyped-def]
    """The bundled demo set of 30 laws, loaded (and indexed) by the real command."""
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return app
