"""Where lawreg keeps its state, and how a deployment chooses its database.

Everything mutable lives in one instance folder (``LAWREG_INSTANCE``, default ``./instance``):
the SQLite database, the search index and the secret key.  A production deployment points
``LAWREG_DATABASE_URL`` at PostgreSQL and keeps the index and key in the instance folder.
Any setting may also come from the instance ``config.py`` or from a ``LAWREG_<NAME>``
environment variable (read as JSON when it parses, e.g. ``LAWREG_SESSION_COOKIE_SECURE=true``),
which wins over ``config.py``.  The folder is created private (0700): it holds the key.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

SECRET_KEY_FILE = "secret_key"


def instance_path() -> Path:
    """The instance folder chosen by the environment, made absolute."""
    return Path(os.environ.get("LAWREG_INSTANCE", "instance")).resolve()


def templates_path() -> Path:
    """The page templates: ``lawreg/templates`` inside an installed wheel (setup.py copies them
    there), else the checkout's top-level ``templates/`` folder."""
    packaged = Path(__file__).resolve().parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` (and missing parents) readable by the owner only."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)


def load_secret_key(folder: Path) -> str:
    """The secret key: ``LAWREG_SECRET_KEY``, else the file ``LAWREG_SECRET_KEY_FILE``
    names, else the instance's own key, created on first run so none is ever hard-coded.
    Hosts that serve one database share the key (either variable), so a session signed by
    one host is accepted by the others."""
    if key := os.environ.get("LAWREG_SECRET_KEY", "").strip():
        return key
    if shared := os.environ.get("LAWREG_SECRET_KEY_FILE"):
        key = Path(shared).read_text(encoding="ascii").strip()
        if not key:
            raise ValueError(f"LAWREG_SECRET_KEY_FILE {shared} is empty")
        return key
    path = folder / SECRET_KEY_FILE
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    make_private_folder(folder)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


def default_config(folder: Path) -> dict[str, Any]:
    """Configuration derived from the environment and the instance folder."""
    database_url = os.environ.get("LAWREG_DATABASE_URL") or f"sqlite:///{folder / 'lawreg.sqlite'}"
    return {
        "DATABASE_URL": database_url,
        "INDEX_DIR": str(folder / "index"),
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "th",
        "LANGUAGES": ("th", "en"),
        "PAGE_SIZE": 20,
        # Cookies: HttpOnly and SameSite=Lax always; Secure when the site is served over
        # HTTPS (set LAWREG_SESSION_COOKIE_SECURE=true behind a TLS proxy).
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,
        "PERMANENT_SESSION_LIFETIME": 8 * 3600,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # Reverse proxies in front of lawreg whose X-Forwarded-For/-Proto/-Host are trusted.
        "PROXY_FIX_HOPS": 0,
        "HSTS_MAX_AGE": 365 * 24 * 3600,
        # Committee decisions (lawreg.services.votes): the current votes needed, and the
        # share of the votes for and against that approval needs (0.5: simple majority).
        "COMMITTEE_QUORUM": 3,
        "COMMITTEE_MAJORITY": 0.5,
        # Due-date reminders (lawreg reminders send).  Without MAIL_SERVER the messages are
        # written as .eml files to MAIL_SINK (a debugging sink for development).
        "MAIL_SERVER": "",
        "MAIL_PORT": 25,
        "MAIL_USE_TLS": False,
        "MAIL_USERNAME": "",
        "MAIL_PASSWORD": "",
        "MAIL_FROM": "lawreg@localhost",
        "MAIL_SINK": str(folder / "mail"),
        "REMINDER_DAYS_AHEAD": 3,
        "MAIL_SITE_URL": "http://localhost:5000",  # the site's address, for links in e-mail
    }
