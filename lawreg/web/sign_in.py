"""The sign-in and sign-out pages (blueprint ``auth``, under ``/auth/``).  Throttling and password checks live in :mod:`lawreg.services.accounts`.

Signing out ends every session of the account (its ``login_token`` changes), so a copied
session cookie is worthless afterwards.  The session lasts ``PERMANENT_SESSION_LIFETIME``.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from ..i18n import gettext, lazy_gettext
from ..services import unit_of_work
from ..services.accounts import (
    MAX_PASSWORD_LENGTH,
    LoginRefusal,
    authenticate,
    sign_out_everywhere,
)
from ..services.permissions import ANONYMOUS
from .sessions import SignedInUser, current_actor, safe_next

bp = Blueprint("auth", __name__, url_prefix="/auth")
BANGKOK = ZoneInfo("Asia/Bangkok")


class LoginForm(FlaskForm):
    username = StringField(lazy_gettext("User name"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(
        lazy_gettext("Password"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    form = LoginForm()
    target = safe_next(request.args.get("next"))
    if form.validate_on_submit():
        with unit_of_work(ANONYMOUS) as uow:
            result = authenticate(uow, form.username.data or "", form.password.data or "",
                                  request.remote_addr or "unknown")
            signed_in = SignedInUser.from_row(result.user) if result.user else None
        if signed_in is not None:
            language = session.get("lang")
            session.clear()  # a fresh session on sign-in: no fixation
            if language:
                session["lang"] = language
            session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME
            login_user(signed_in)
            return redirect(target or home_for(signed_in.role))
        if result.refusal == LoginRefusal.BAD_CREDENTIALS:
            message = gettext("Wrong user name or password.")
        else:
            message = gettext(
                "Too many failed sign-in attempts. Try again after %(time)s.",
                time=bangkok_time(result.retry_after),
            )
        flash(message, "error")
        return render_template("auth/login.html", form=form), 401
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout() -> Response:
    if current_user.is_authenticated:
        with unit_of_work(current_actor()) as uow:
            sign_out_everywhere(uow, current_user.id)
        logout_user()
        flash(gettext("You have signed out."), "success")
    return redirect(url_for("public.home"))


def home_for(role: str) -> str:
    """Where a user lands after signing in."""
    if role == "officer":
        return url_for("officer.workspace")
    if role in ("reviewer", "committee", "admin"):
        return url_for("committee.board")
    return url_for("public.home")


def bangkok_time(moment: datetime | None) -> str:
    """A time of day as Thai users read it (Indochina Time), e.g. "14:05"."""
    if moment is None:
        return ""
    return moment.astimezone(BANGKOK).strftime("%H:%M")
