"""Security of every response and of signing in (issue 10, part 2): headers, cookies,
revoked sessions, the client address behind a proxy, password rules, private files, the
500 page."""

from __future__ import annotations

import logging
import re
import stat
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from lawreg import create_app
from lawreg.errors import InvalidRecord
from lawreg.models import AuditEntry
from lawreg.services.accounts import MAX_ADDRESS_FAILURES, create_user

from .conftest import hearing_case, registry, signed_in  # noqa: F401  (fixtures)

PASSWORD = "correct horse battery"
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def sign_in(client, username="officer", password=PASSWORD, address=None):  # type: ignore[no-untyped-def]
    environ = {"REMOTE_ADDR": address} if address else {}
    return client.post("/auth/login", data={"username": username, "password": password},
                       environ_base=environ)


def test_every_response_has_the_security_headers(client):
    for path in ("/", "/laws", "/search?q=x", "/no-such-page", "/static/lawreg.css", "/auth/login"):
        headers = client.get(path).headers
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, path
        assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in headers  # plain HTTP: no HSTS
    secure = client.get("/", base_url="https://localhost").headers
    assert secure["Strict-Transport-Security"].startswith("max-age=")


def test_no_template_has_inline_script_style_or_event_handlers():
    """The CSP forbids them; they would silently stop working in the browser."""
    inline = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:", re.I)
    offenders = [f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
                 for path in TEMPLATES.rglob("*.html")
                 for match in inline.finditer(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_session_cookie_is_lax_httponly_and_expires(client, registry):  # noqa: F811
    response = sign_in(client)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie and "Expires=" in cookie
    assert "Secure" not in cookie


def test_cookies_are_secure_when_configured(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("LAWREG_SESSION_COOKIE_SECURE", "true")  # a LAWREG_* variable
    app = create_app({"TESTING": True, "DATABASE_URL": database_url,
                      "INSTANCE_PATH": str(tmp_path / "instance"), "WTF_CSRF_ENABLED": False})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    response = app.test_client().get("/?lang=en")
    session_cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Secure" in session_cookie
    assert "Strict-Transport-Security" in response.headers


def test_signing_out_ends_a_copied_session(app, registry):  # noqa: F811
    browser = app.test_client()
    assert sign_in(browser).status_code == 302
    copied = app.test_client()
    copied.set_cookie("session", browser.get_cookie("session").value)
    assert copied.get("/officer/").status_code == 200
    assert browser.post("/auth/logout").status_code == 302
    assert copied.get("/officer/").status_code == 302  # sent to sign in
    assert sign_in(browser).status_code == 302  # the user can sign in again


def test_a_password_change_ends_open_sessions(app, db, registry):  # noqa: F811
    from lawreg.services.accounts import set_password

    browser = app.test_client()
    assert sign_in(browser).status_code == 302
    db(lambda uow: set_password(uow, "officer", "another long passphrase"))
    assert browser.get("/officer/").status_code == 302


def proxied_app(database_url: str, tmp_path: Path, hops: int) -> Flask:
    return create_app({"TESTING": True, "DATABASE_URL": database_url, "PROXY_FIX_HOPS": hops,
                       "INSTANCE_PATH": str(tmp_path / "proxied"), "WTF_CSRF_ENABLED": False})


def test_behind_a_proxy_failures_count_per_real_client(database_url, tmp_path, registry):  # noqa: F811
    """30 failures from one citizen behind the proxy must not lock out every other citizen."""
    client = proxied_app(database_url, tmp_path, 1).test_client()
    attacker = {"X-Forwarded-For": "203.0.113.7"}
    for index in range(MAX_ADDRESS_FAILURES + 1):
        client.post("/auth/login", data={"username": f"guess{index}", "password": "x" * 12},
                    headers=attacker, environ_base={"REMOTE_ADDR": "10.0.0.1"})
    refused = client.post("/auth/login", data={"username": "officer", "password": PASSWORD},
                          headers=attacker, environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert refused.status_code == 401
    citizen = client.post("/auth/login", data={"username": "officer", "password": PASSWORD},
                          headers={"X-Forwarded-For": "198.51.100.2"},
                          environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert citizen.status_code == 302


def test_without_trusted_hops_forwarded_addresses_are_ignored(database_url, tmp_path, db):
    client = proxied_app(database_url, tmp_path, 0).test_client()
    client.post("/auth/login", data={"username": "x1", "password": "y" * 12},
                headers={"X-Forwarded-For": "203.0.113.9"}, environ_base={"REMOTE_ADDR": "10.0.0.1"})
    entry = db(lambda uow: uow.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "user.login_refused")).one())
    assert entry.after["address"] == "10.0.0.1"


def test_hearing_comment_limit_is_per_client_behind_a_proxy(database_url, tmp_path, hearing_case):  # noqa: F811
    client = proxied_app(database_url, tmp_path, 1).test_client()

    def comment(address: str) -> int:
        return client.post(f"/hearings/{hearing_case}/comments",
                           data={"body": "ความเห็น " + address, "stance": "support"},
                           headers={"X-Forwarded-For": address},
                           environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code

    statuses = [comment("203.0.113.7") for _ in range(8)]
    assert 429 in statuses  # the one sender is limited ...
    assert comment("198.51.100.2") in (200, 302)  # ... not the next citizen


@pytest.mark.parametrize("password", ["password1234", "Qwertyuiop", "1234567890", "iloveyou12"])
def test_common_passwords_are_refused(uow, password):
    with pytest.raises(InvalidRecord, match="common"):
        create_user(uow, "somchai", password, "reviewer")


def test_an_uncommon_long_password_is_accepted(uow):
    assert create_user(uow, "somchai", "ลมหนาวพัดผ่านทุ่งนา 2569", "reviewer").username == "somchai"


def test_instance_folder_and_database_are_private(tmp_path, monkeypatch):
    folder = tmp_path / "fresh" / "instance"
    monkeypatch.setenv("LAWREG_INSTANCE", str(folder))
    monkeypatch.delenv("LAWREG_DATABASE_URL", raising=False)
    app = create_app()
    from lawreg.db import get_database
    from lawreg.migrate import upgrade

    with app.app_context():
        upgrade(get_database().engine)
        get_database().engine.dispose()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "lawreg.sqlite").stat().st_mode) == 0o600
    assert stat.S_IMODE((folder / "secret_key").stat().st_mode) == 0o600


def test_a_server_error_shows_a_page_and_logs_the_traceback(app, caplog):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom-for-test")
    def boom():  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug in a view")

    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/boom-for-test")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "ขออภัย ระบบขัดข้อง" in page and "RuntimeError" not in page
    assert response.headers["Content-Security-Policy"]
    assert "a bug in a view" in caplog.text and "Traceback" in caplog.text
    english = app.test_client().get("/boom-for-test?lang=en").get_data(as_text=True)
    assert "Something went wrong on our side" in english


def test_a_nul_character_is_refused_before_any_view(client):
    assert client.get("/search?q=%00").status_code == 400
    assert client.post("/auth/login", data={"username": "a\x00b", "password": "x" * 12}).status_code == 400
