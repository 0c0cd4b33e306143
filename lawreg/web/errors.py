"""Error pages in the reader's language, for every blueprint."""

from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

from ..i18n import lazy_gettext

TITLES = {
    400: lazy_gettext("The request could not be understood"),
    403: lazy_gettext("You do not have permission to see this page"),
    404: lazy_gettext("Page not found"),
    405: lazy_gettext("This action is not allowed here"),
}


def render_error(error: HTTPException) -> tuple[str, int]:
    """A page for a client error that keeps the site's navigation.

    A view that aborts with its own (translated) description, e.g.
    ``abort(404, description=gettext("No section 999 in this law"))``, has it shown;
    Werkzeug's English default descriptions are replaced by the catalogue's text.
    """
    status = error.code or 500
    own_description = error.description != type(error).description
    return (
        render_template(
            "errors/error.html",
            status=status,
            title=TITLES.get(status, error.name),
            description=error.description if own_description else None,
        ),
        status,
    )


def init_app(app: Flask) -> None:
    for status in TITLES:
        app.register_error_handler(status, render_error)
