"""Hosts that serve one database share the secret key, so a session from one is accepted
by the other (issue 10: "a session from A is refused on B")."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from lawreg import create_app
from lawreg.config import load_secret_key
from lawreg.db import get_database
from lawreg.services import Actor, accounts, unit_of_work

PASSWORD = "a long enough test password"


def host(tmp_path: Path, name: str, database_url: str) -> Flask:
    return create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / name),
                       "DATABASE_URL": database_url, "INDEX_DIR": str(tmp_path / name / "index"),
                       "WTF_CSRF_ENABLED": False})


def session_cookie_from_a_accepted_on_b(app: Flask, tmp_path: Path) -> bool:
    with app.app_context(), unit_of_work(Actor("test", role="admin")) as work:
        accounts.create_user(work, "chair", PASSWORD, "committee")
    host_a = host(tmp_path, "a", app.config["DATABASE_URL"])
    host_b = host(tmp_path, "b", app.config["DATABASE_URL"])
    try:
        browser_a = host_a.test_client()
        signed_in = browser_a.post("/auth/login", data={"username": "chair", "password": PASSWORD})
        assert signed_in.status_code == 302
        cookie = browser_a.get_cookie("session")
        assert cookie is not None and browser_a.get("/review/").status_code == 200
        browser_b = host_b.test_client()
        browser_b.set_cookie("session", cookie.value)
        return browser_b.get("/review/").status_code == 200
    finally:
        for application in (host_a, host_b):
            with application.app_context():
                get_database().engine.dispose()


def test_a_session_from_one_host_is_accepted_on_another_with_a_shared_key(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key_file = tmp_path / "shared_secret"
    key_file.write_text("0123456789abcdef" * 4 + "\n", encoding="ascii")
    monkeypatch.setenv("LAWREG_SECRET_KEY_FILE", str(key_file))
    assert session_cookie_from_a_accepted_on_b(app, tmp_path)


def test_without_a_shared_key_each_host_signs_its_own_sessions(app: Flask, tmp_path: Path) -> None:
    assert not session_cookie_from_a_accepted_on_b(app, tmp_path)


def test_the_key_comes_from_the_environment_first_then_a_file_then_the_instance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LAWREG_SECRET_KEY", raising=False)
    monkeypatch.delenv("LAWREG_SECRET_KEY_FILE", raising=False)
    generated = load_secret_key(tmp_path / "instance")
    assert (tmp_path / "instance" / "secret_key").read_text() == generated
    key_file = tmp_path / "key"
    key_file.write_text("from-a-file\n", encoding="ascii")
    monkeypatch.setenv("LAWREG_SECRET_KEY_FILE", str(key_file))
    assert load_secret_key(tmp_path / "instance") == "from-a-file"
    monkeypatch.setenv("LAWREG_SECRET_KEY", "from-the-environment")
    assert load_secret_key(tmp_path / "instance") == "from-the-environment"
    key_file.write_text("")
    monkeypatch.delenv("LAWREG_SECRET_KEY")
    with pytest.raises(ValueError, match="empty"):
        load_secret_key(tmp_path / "instance")
