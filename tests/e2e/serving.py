"""What every browser test needs: Debian's chromium (never a downloaded browser), a fresh
migrated application on SQLite, and that application served on a free loopback port."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server
from workflow.conftest import PASSWORD

from lawreg import create_app
from lawreg.db import get_database
from lawreg.migrate import upgrade
from lawreg.services import accounts

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail in CI (``CI=true``), which must run these tests."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: CI installs it in .ci/run, so this is a broken CI set-up")
    pytest.skip(f"{reason}; browser tests skipped")


def browser_app(folder: Path, **config: object) -> Flask:
    """A new application with an empty, migrated SQLite registry in ``folder`` (and any other
    ``config``), after checking that chromium and Playwright are there."""
    if CHROMIUM is None:
        unavailable("no chromium binary found (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("Playwright for Python is not installed")
    app = create_app({"INSTANCE_PATH": str(folder / "instance"),
                      "DATABASE_URL": f"sqlite:///{folder / 'lawreg.sqlite'}",
                      "INDEX_DIR": str(folder / "instance" / "index"), **config})
    with app.app_context():
        upgrade(get_database().engine)
    return app


@contextmanager
def served(app: Flask) -> Iterator[str]:
    """``app`` on 127.0.0.1 and a free port for the block; yields its base URL."""
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.server_port}"
    finally:
        http.shutdown()
        with app.app_context():
            get_database().engine.dispose()


@contextmanager
def fast_hashes() -> Iterator[None]:
    """Cheap password hashes (pbkdf2, 1,000 rounds) while a test's accounts are made."""
    method, accounts.HASH_METHOD = accounts.HASH_METHOD, "pbkdf2:sha256:1000"
    try:
        yield
    finally:
        accounts.HASH_METHOD = method


@contextmanager
def chromium_browser() -> Iterator[Any]:
    """Debian's chromium, headless, driven by Playwright for the block."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


CSP_VIOLATIONS: list[str] = []  # what chromium refused under the Content-Security-Policy


def person(browser: Any, server: str, username: str | None = None, password: str = PASSWORD,
           **context_options: Any) -> Any:
    """A new browser context (its own cookies) in Thai, signed in as ``username`` unless None;
    what its pages' Content-Security-Policy refuses is added to :data:`CSP_VIOLATIONS`."""
    context = browser.new_context(base_url=server, locale="th-TH", **context_options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("console", lambda message: "Content Security Policy" in message.text
            and CSP_VIOLATIONS.append(f"{page.url}: {message.text}"))
    if username:
        page.goto("/auth/login")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        click_and_wait(page, page.locator("main button[type=submit]"))
        assert "/auth/login" not in page.url, page.content()[:500]
    return page


def click_and_wait(page: Any, locator: Any) -> None:
    """Click a link or a submit button and wait for the page it leads to (after a POST, the
    page its redirect leads to)."""
    with page.expect_navigation():
        locator.click()
