"""The web application: one blueprint per audience, all registered by :func:`init_app`.

Views are short: parse the request, call one service or query function, render a template
from the top-level ``templates/`` folder (every page extends ``base.html``).
"""

from __future__ import annotations

from flask import Flask

from .. import request_log
from ..i18n import init_i18n
from . import (
    agency_targets,
    audit,
    case_work,
    cases,
    committee,
    dashboard,
    errors,
    hearing,
    labels,
    officer,
    public,
    sessions,
    sign_in,
)
from . import search as search_pages
from . import triage as triage_pages
from .health import bp as health_bp
from .security import init_app as init_security

BLUEPRINTS = [public.bp, sign_in.bp, officer.bp, cases.bp, committee.bp, search_pages.bp,
              hearing.bp, audit.bp, dashboard.bp, triage_pages.bp]
BLUEPRINTS += [case_work.bp, agency_targets.bp]


def init_app(app: Flask) -> None:
    """Install languages, error pages and every blueprint on ``app``."""
    init_i18n(app)
    init_security(app)
    errors.init_app(app)
    labels.init_app(app)
    sessions.init_app(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    request_log.init_app(app)
    app.register_blueprint(health_bp)
    from .. import api
    from ..akn import routes as akn_routes

    api.init_app(app)
    app.register_blueprint(akn_routes.bp)
    from . import api_pages, api_tokens

    app.register_blueprint(api_tokens.bp)
    api_pages.init_app(app)
    from . import accounts, display

    display.init_app(app)
    app.register_blueprint(accounts.bp)
