"""Accounts on the web: every user changes their own password; administrators list, create
and edit accounts (display name, e-mail, role, agency, active).

The services in :mod:`lawreg.services.accounts` decide and audit; a refusal comes back as
the field it concerns and is shown beside that field on the same page, with what was typed
kept (passwords excepted).  Changing one's password ends one's other sessions and keeps
this one signed in.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel.speaklater import LazyString
from flask_login import login_required, login_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import BooleanField, EmailField, Field, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from ..db import get_session
from ..errors import InvalidRecord, NotFound
from ..i18n import gettext, lazy_gettext
from ..models import Agency
from ..services import read_only, unit_of_work
from ..services.accounts import (
    ACCOUNT_ROLES,
    MAX_PASSWORD_LENGTH,
    change_own_password,
    create_user,
    get_user,
    list_users,
    update_user,
)
from ..services.browse import agency_tree
from ..services.permissions import Permission, require
from .display import role_label
from .sessions import SignedInUser, current_actor

bp = Blueprint("accounts", __name__)

# What a refusal of each field means, in the reader's language.
REFUSALS: dict[str, LazyString] = {
    "username": lazy_gettext("Use 2–80 letters a–z, digits, “.”, “_” or “-”, starting with a letter or digit, "
                             "and a name no other account has."),
    "password": lazy_gettext("Choose 10–200 characters that are not one of the most common passwords "
                             "and differ from the current one."),
    "current_password": lazy_gettext("This is not your current password."),
    "email": lazy_gettext("This is not an e-mail address."),
    "agency": lazy_gettext("An agency officer needs an agency."),
    "role": lazy_gettext("You cannot disable your own account or take away its administrator role."),
    "display_name": lazy_gettext("Give the name to show on pages."),
}


def show_refusal(form: FlaskForm, error: InvalidRecord) -> None:
    """Put the service's refusal beside the field it names (the form's top otherwise)."""
    message = str(REFUSALS.get(error.field, error.reason))
    field = getattr(form, error.field, None)
    target = field if isinstance(field, Field) else getattr(form, "display_name", None)
    if isinstance(target, Field):
        target.errors = [*target.errors, message]
    else:
        flash(message, "error")


class PasswordForm(FlaskForm):
    current_password = PasswordField(lazy_gettext("Current password"),
                                     validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])
    password = PasswordField(lazy_gettext("New password"),
                             validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])
    confirm = PasswordField(lazy_gettext("New password again"),
                            validators=[DataRequired(), EqualTo("password", lazy_gettext("The two new passwords differ."))])


def role_choices() -> list[SelectChoice]:
    return [SelectChoice(role, role_label(role)) for role in ACCOUNT_ROLES]


class UserForm(FlaskForm):
    display_name = StringField(lazy_gettext("Name shown on pages"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(lazy_gettext("E-mail"), validators=[Optional(), Length(max=320)])
    role = SelectField(lazy_gettext("Role"), validators=[DataRequired()])
    agency = SelectField(lazy_gettext("Agency"), coerce=int, validators=[Optional()])
    active = BooleanField(lazy_gettext("Active (may sign in)"), default=True)

    def fill_choices(self) -> None:
        self.role.choices = role_choices()
        self.agency.choices = [SelectChoice(0, gettext("No agency"))] + [
            SelectChoice(agency.id, "\u2003" * depth + agency.name) for agency, depth in agency_tree(get_session())
        ]

    def chosen_agency(self) -> Agency | None:
        return get_session().get(Agency, self.agency.data) if self.agency.data else None


class NewUserForm(UserForm):
    username = StringField(lazy_gettext("User name (for signing in)"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(lazy_gettext("First password"),
                             validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password() -> str | Response | tuple[str, int]:
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            with unit_of_work(current_actor()) as uow:
                user = change_own_password(uow, form.current_password.data or "", form.password.data or "")
                signed_in = SignedInUser.from_row(user)
        except InvalidRecord as error:
            show_refusal(form, error)
        else:
            login_user(signed_in)  # the new token: this session stays, the others end
            session.permanent = True
            flash(gettext("Your password has been changed. Your other sessions have ended."), "success")
            return redirect(url_for("accounts.password"))
    status = 400 if form.is_submitted() else 200
    return render_template("accounts/password.html", form=form), status


def render_users(form: NewUserForm, status: int = 200) -> tuple[str, int]:
    with read_only(current_actor()) as uow:
        return render_template("accounts/users.html", users=list_users(uow), form=form), status


@bp.get("/admin/users")
@login_required
def users() -> tuple[str, int]:
    require(current_actor(), Permission.MANAGE_USERS)
    form = NewUserForm(formdata=None)
    form.fill_choices()
    return render_users(form)


@bp.post("/admin/users")
@login_required
def user_create() -> Response | tuple[str, int]:
    require(current_actor(), Permission.MANAGE_USERS)
    form = NewUserForm()
    form.fill_choices()
    if form.validate():
        try:
            with unit_of_work(current_actor()) as uow:
                user = create_user(uow, form.username.data or "", form.password.data or "", form.role.data or "",
                                   display_name=form.display_name.data, email=form.email.data,
                                   agency=form.chosen_agency())
                name = user.username
        except InvalidRecord as error:
            show_refusal(form, error)
        else:
            flash(gettext("Account %(name)s created.", name=form.display_name.data), "success")
            return redirect(url_for("accounts.user_edit", username=name))
    return render_users(form, 400)


@bp.route("/admin/users/<username>", methods=["GET", "POST"])
@login_required
def user_edit(username: str) -> str | Response | tuple[str, int]:
    actor = current_actor()
    require(actor, Permission.MANAGE_USERS)
    with (read_only(actor) if request.method == "GET" else unit_of_work(actor)) as uow:
        try:
            user = get_user(uow, username)
        except NotFound:
            abort(404)
        form = UserForm()
        form.fill_choices()
        if not form.is_submitted():
            form.display_name.data, form.email.data = user.display_name, user.email
            form.role.data, form.agency.data, form.active.data = user.role, user.agency_id or 0, user.active
        elif form.validate():
            try:
                update_user(uow, username, display_name=form.display_name.data or "", email=form.email.data,
                            role=form.role.data or "", agency=form.chosen_agency(),
                            active=bool(form.active.data))
            except InvalidRecord as error:
                uow.rollback()
                show_refusal(form, error)
            else:
                uow.commit()
                flash(gettext("Account %(name)s saved.", name=form.display_name.data), "success")
                return redirect(url_for("accounts.user_edit", username=username))
        user = get_user(uow, username)
        status = 400 if form.is_submitted() else 200
        return render_template("accounts/user.html", form=form, user=user), status
