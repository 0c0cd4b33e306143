"""What every response and request passes through: security headers, the reverse proxy's
view of the client, input no page may see, and the page for a server error.

- **Headers.** A strict Content-Security-Policy (scripts and styles only from this site's
  static files: the templates have no inline ``<script>``, ``<style>``, ``style=`` or event
  attributes), ``frame-ancestors 'none'`` with ``X-Frame-Options`` for old browsers,
  ``nosniff``, a same-origin referrer, and HSTS when the request came over HTTPS or the
  cookies are marked secure.  The ``Server`` header is set by the servers to "lawreg".
- **Proxies.** ``PROXY_FIX_HOPS`` trusted reverse proxies: their ``X-Forwarded-For``,
  ``-Proto`` and ``-Host`` give the real client address (used by the sign-in and comment
  limits) and scheme.  With the default 0 nobody's forwarded headers are believed.
- **Input.** A NUL character in the path, a query or a form field is refused with 400:
  PostgreSQL cannot store it, and no legitimate text holds it.
- **Errors.** An unexpected exception is logged with its traceback by Flask; the visitor
  gets a 500 page in their language that does not depend on the database.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, render_template, request
from werkzeug.exceptions import BadRequest, InternalServerError
from werkzeug.middleware.proxy_fix import ProxyFix

from . import bounds

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
FALLBACK_500 = (
    '<!doctype html><html lang="th"><meta charset="utf-8"><title>500</title>'
    "<h1>ขออภัย ระบบขัดข้อง</h1><p>Sorry, something went wrong on our side.</p></html>"
)
logger = logging.getLogger(__name__)


def add_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure or current_app.config.get("SESSION_COOKIE_SECURE"):
        max_age = int(current_app.config.get("HSTS_MAX_AGE", 0))
        response.headers.setdefault("Strict-Transport-Security", f"max-age={max_age}")
    return response


def refuse_nul() -> None:
    """Refuse a request whose path, query or form holds a NUL character."""
    values = [request.path, *request.args.keys(), *request.args.values(),
              *request.form.keys(), *request.form.values()]
    if any("\x00" in value for value in values):
        raise BadRequest()


def server_error(error: InternalServerError) -> tuple[str, int]:
    """The 500 page: self-contained, so a broken database cannot break it too."""
    try:
        return render_template("errors/server_error.html"), 500
    except Exception:  # the page must not fail: answer in both languages without templates
        logger.exception("the 500 page could not be rendered")
        return FALLBACK_500, 500


def init_app(app: Flask) -> None:
    """Install the bounded id converter, the proxy fix, the input guard, the headers and the
    500 page on ``app`` (before the blueprints, whose routes use the converter)."""
    bounds.init_app(app)
    hops = int(app.config.get("PROXY_FIX_HOPS", 0))
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    app.before_request(refuse_nul)
    app.after_request(add_security_headers)
    app.register_error_handler(InternalServerError, server_error)
