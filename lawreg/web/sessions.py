"""Who the request is: sessions, request forgery protection and refused requests (web layer).

Flask-Login keeps who is signed in; the session carries the user's ``login_token`` rather
than their id, so disabling an account or changing its password or role ends every session
it has.  Flask-WTF's :class:`CSRFProtect` guards every POST of every blueprint (an API
blueprint that authenticates by token exempts itself with ``csrf.exempt(bp)``).

Authorisation is not decided here: views pass :func:`current_actor` to the services, which
raise :class:`~lawreg.errors.PermissionDenied`; :func:`init_app` turns that into a
sign-in redirect for anonymous visitors and a 403 page for everyone else.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask, flash, redirect, request, url_for
from flask_login import AnonymousUserMixin, LoginManager, current_user
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import select
from werkzeug.exceptions import Forbidden
from werkzeug.wrappers import Response as BaseResponse

from ..db import get_session
from ..errors import PermissionDenied
from ..i18n import error_message, lazy_gettext
from ..models import User
from ..services import unit_of_work
from ..services.permissions import ANONYMOUS
from ..services.unit_of_work import Actor
from .errors import render_error

csrf = CSRFProtect()
login_manager = LoginManager()


@dataclass
class SignedInUser:
    """What a request knows of its user: plain values, never a live database row."""

    id: int
    username: str
    display_name: str
    role: str
    agency_id: int | None
    agency_name: str | None
    token: str

    is_authenticated = True
    is_active = True
    is_anonymous = False

    @classmethod
    def from_row(cls, user: User) -> SignedInUser:
        return cls(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            role=user.role,
            agency_id=user.agency_id,
            agency_name=user.agency.name if user.agency else None,
            token=user.login_token,
        )

    def get_id(self) -> str:
        return self.token

    @property
    def actor(self) -> Actor:
        return Actor(name=f"user:{self.username}", role=self.role, user_id=self.id, agency_id=self.agency_id)


class AnonymousVisitor(AnonymousUserMixin):
    role = ANONYMOUS.role
    actor = ANONYMOUS


@login_manager.user_loader
def load_user(token: str) -> SignedInUser | None:
    user = get_session().scalar(select(User).where(User.login_token == token, User.active))
    return SignedInUser.from_row(user) if user is not None else None


def current_actor() -> Actor:
    """The actor of the current request: the signed-in user, or the anonymous public."""
    return current_user.actor


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site (no scheme, host or "//"), else ``None``."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def audit_refusal(error: Exception) -> None:
    """Record a refused action: a signed-in user's, or an anonymous attempt to change data
    (an anonymous visitor merely opening a members' page is sent to sign in, not recorded)."""
    if not current_user.is_authenticated and request.method in ("GET", "HEAD", "OPTIONS"):
        return
    with unit_of_work(current_actor()) as uow:
        uow.audit("request.refused", "request", f"{request.method} {request.path}"[:200],
                  after={"endpoint": request.endpoint, "reason": str(error)[:500],
                         "address": request.remote_addr})


def sign_in_first() -> BaseResponse:
    """Flask-Login's ``login_required`` refusal, audited like any other, then the usual
    sign-in redirect with its message."""
    audit_refusal(PermissionDenied("auth.sign_in_required"))
    flash(login_manager.login_message, login_manager.login_message_category)
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def permission_denied(error: PermissionDenied) -> BaseResponse | tuple[str, int]:
    audit_refusal(error)
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return render_error(Forbidden(description=error_message(error)))


def init_app(app: Flask) -> None:
    """Install sessions, CSRF protection and the PermissionDenied handler on ``app``.

    The cookie settings are in :func:`lawreg.config.default_config`: Flask has its own
    defaults for them, so ``setdefault`` here would never apply.  The remember-me cookie is
    secure whenever the session cookie is.
    """
    app.config.setdefault("REMEMBER_COOKIE_SECURE", app.config["SESSION_COOKIE_SECURE"])
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    login_manager.anonymous_user = AnonymousVisitor
    login_manager.unauthorized_handler(sign_in_first)
    app.register_error_handler(PermissionDenied, permission_denied)
