"""The account page of personal API tokens: list, create (the secret shown once), revoke."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from ..errors import LawregError
from ..i18n import gettext, lazy_gettext
from ..services import read_only, unit_of_work
from ..services.tokens import NAME_MAX, create_token, list_tokens, revoke_token
from .sessions import current_actor

bp = Blueprint("api_tokens", __name__, url_prefix="/account/tokens")


class TokenForm(FlaskForm):
    name = StringField(lazy_gettext("What the token is for"),
                       validators=[InputRequired(), Length(max=NAME_MAX)])


class RevokeForm(FlaskForm):
    pass


@bp.route("", methods=["GET", "POST"])
@login_required
def index() -> str:
    form = TokenForm()
    secret = None
    with (read_only(current_actor()) if request.method == "GET" else unit_of_work(current_actor())) as work:
        if form.validate_on_submit():
            secret = create_token(work, form.name.data or "").secret
            form.name.data = ""
        tokens = [(t.id, t.prefix, t.name, t.created_at, t.revoked_at) for t in list_tokens(work)]
    return render_template("api/tokens.html", form=form, revoke_form=RevokeForm(),
                           tokens=tokens, secret=secret)


@bp.post("/<int:token_id>/revoke")
@login_required
def revoke(token_id: int) -> Response:
    if RevokeForm().validate_on_submit():
        try:
            with unit_of_work(current_actor()) as work:
                revoke_token(work, token_id)
            flash(gettext("The token was revoked."), "success")
        except LawregError:
            flash(gettext("That token cannot be revoked."), "error")
    return redirect(url_for(".index"))
