"""The open-data JSON API under ``/api/v1/``: one blueprint whose routes all come from the
:func:`~lawreg.api.spec.operation` declarations, so the OpenAPI document lists exactly the
routes that exist.

Every response passes through the same edges: the rate limit before the view, service and
HTTP errors as JSON error objects, CORS headers after.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, request
from werkzeug.exceptions import HTTPException

from ..errors import LawregError
from ..web import readonly
from . import http, ratelimit
from .spec import OPERATIONS

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _add_routes() -> None:
    """Import the modules that declare operations (their decorators fill OPERATIONS) and
    route each one, once per process: a blueprint's rules are fixed at first registration."""
    from . import docs, laws, reform, search, writes  # noqa: F401

    if bp.name in _ROUTED:
        return
    for op in OPERATIONS:
        bp.add_url_rule(op.flask_rule, endpoint=op.endpoint, view_func=op.view,
                        methods=[op.method.upper()])
    _ROUTED.add(bp.name)


_ROUTED: set[str] = set()


@bp.before_request
def count_request() -> Response | None:
    if request.method == "OPTIONS":
        return Response(status=204)
    limit, remaining = ratelimit.enforce()
    request.environ["lawreg.ratelimit"] = (limit, remaining)
    return None


@bp.after_request
def finish(response: Response) -> Response:
    counted = request.environ.get("lawreg.ratelimit")
    if counted:
        response.headers["X-RateLimit-Limit"] = str(counted[0])
        response.headers["X-RateLimit-Remaining"] = str(counted[1])
    return http.add_cors(response)


@bp.errorhandler(http.ApiError)
def api_error(error: http.ApiError) -> Response:
    return http.add_cors(http.error_response(error))


@bp.errorhandler(LawregError)
def service_error(error: LawregError) -> Response:
    return http.add_cors(http.error_response(http.from_service_error(error)))


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException) -> Response:
    return http.add_cors(http.error_response(http.from_http_error(error)))


@bp.route("/<path:anything>", methods=["GET", "OPTIONS"])
def unknown(anything: str) -> Response:
    raise http.ApiError(404, "no_such_endpoint", f"there is no endpoint /{anything}",
                        path=f"/api/v1/{anything}")


def init_app(app: Flask) -> None:
    """Register the API (routes from the operation declarations) on ``app``."""
    from . import downloads, feeds, sitemap

    _add_routes()
    app.register_blueprint(bp)
    for blueprint in (feeds.bp, downloads.bp, sitemap.bp):
        app.register_blueprint(blueprint)
    app.teardown_appcontext(readonly.close_read_session)
    app.register_error_handler(405, _method_not_allowed)


def _method_not_allowed(error: HTTPException) -> Response | tuple[str, int]:
    """A 405 has no blueprint (no route matched), so the API's is chosen by its path."""
    from ..web.errors import render_error

    if request.path.startswith(f"{bp.url_prefix}/"):
        return http.add_cors(http.error_response(http.from_http_error(error)))
    return render_error(error)
