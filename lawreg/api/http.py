"""What every API response shares: JSON bodies, error objects with codes, conditional
requests (ETag / Last-Modified / 304), CORS for reads, and page links.

Errors are ``{"error": {"code": ..., "message": ..., "params": {...}}}``: ``code`` is stable
and machine-readable, ``message`` English for a developer (``?lang=th`` for Thai),
``params`` what the code needs (a field name, a key; for a service refusal ``reason``, the
service's own error code).
Service errors (:mod:`lawreg.errors`) map to codes here, so the API reports the same
refusals as the pages.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from flask import Response, request
from werkzeug.exceptions import HTTPException

from ..errors import ConcurrentEdit, InvalidRecord, LawregError, NotFound, PermissionDenied, english
from ..i18n import error_message
from ..paging import Page
from ..services.case_workflow import TransitionRefused
from ..web.bounds import MAX_PAGE, parse_int

MAX_PER_PAGE = 100


class ApiError(Exception):
    """An error answered as a JSON error object with ``status``."""

    def __init__(self, status: int, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.params = params


def error_body(code: str, message: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "params": params or {}}}


def error_response(error: ApiError) -> Response:
    response = json_response(error_body(error.code, error.message, error.params), error.status)
    if error.status == 429 and "retry_after" in error.params:
        response.headers["Retry-After"] = str(error.params["retry_after"])
    return response


def from_service_error(error: Exception) -> ApiError:
    """The API error of a service error: the same refusal, as a code with parameters.

    ``code`` is the kind of refusal (``invalid_field``, ``permission_denied``, ...),
    ``params["reason"]`` the service's own code (``flag.reason_required``) and the other
    params its parameters; ``message`` is the code's text, in English for a developer
    unless the request asks for a language (``?lang=th``: the Thai a page would show)."""
    if request.args.get("lang"):
        message = error_message(error)
    elif isinstance(error, LawregError):
        message = english(error.code, error.params)
    else:
        message = str(error)
    params = dict(getattr(error, "params", {}))
    params.pop("message", None)
    params["reason"] = getattr(error, "code", "error")
    if isinstance(error, NotFound):
        return ApiError(404, "not_found", message, **params)
    if isinstance(error, PermissionDenied):
        return ApiError(403, "permission_denied", message, **params)
    if isinstance(error, ConcurrentEdit):
        return ApiError(412, "stale_version", message, **params)
    if isinstance(error, TransitionRefused):
        return ApiError(409, "transition_refused", message, **params, field=error.field)
    if isinstance(error, InvalidRecord):
        return ApiError(422, "invalid_field", message, **params, field=error.field)
    return ApiError(400, "refused", message, **params)


def from_http_error(error: HTTPException) -> ApiError:
    status = error.code or 500
    code = (error.name or "error").lower().replace(" ", "_")
    return ApiError(status, code, error.description or error.name)


def dumps(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def json_response(body: Any, status: int = 200) -> Response:
    return Response(dumps(body), status=status, mimetype="application/json")


def etag_of(body: Any) -> str:
    """The strong ETag of a JSON answer: what ``If-Match`` on a write is compared with."""
    return hashlib.sha256(dumps(body)).hexdigest()[:32]


def conditional(body: Any, last_modified: datetime | None = None) -> Response:
    """A 200 with a strong ETag of the body (and Last-Modified when known), or a 304 when
    the client's ``If-None-Match`` / ``If-Modified-Since`` still hold."""
    response = json_response(body)
    links = body.get("links") if isinstance(body, dict) else None
    if links:  # RFC 8288, for clients that page by headers
        response.headers["Link"] = ", ".join(
            f'<{url}>; rel="{rel}"' for rel, url in links.items() if url and rel != "self")
    response.set_etag(etag_of(body))
    if last_modified is not None:
        if last_modified.tzinfo is None:
            last_modified = last_modified.replace(tzinfo=UTC)
        response.last_modified = last_modified.replace(microsecond=0)
    response.headers["Cache-Control"] = "public, max-age=60"
    response.make_conditional(request)  # answers 304 / 206 in place
    return response


def add_cors(response: Response) -> Response:
    """Reads may come from any origin (open data); writes carry a token, never a cookie,
    so a browser on another site cannot ride a signed-in session."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = (
        "ETag, Last-Modified, Link, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining"
    )
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS, POST"
        response.headers["Access-Control-Allow-Headers"] = (
            "Authorization, Content-Type, If-Match, If-None-Match, If-Modified-Since"
        )
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


def page_args(default_per_page: int = 20) -> tuple[int, int]:
    """``page`` (from 1) and ``per_page`` (1..100) from the query string."""
    page = _positive_int("page", 1)
    per_page = _positive_int("per_page", default_per_page)
    if per_page > MAX_PER_PAGE:
        raise ApiError(400, "invalid_parameter", f"per_page is at most {MAX_PER_PAGE}",
                       parameter="per_page", maximum=MAX_PER_PAGE)
    return page, per_page


def _positive_int(name: str, default: int) -> int:
    """``str.isdigit`` accepts "²" and "②", which ``int`` refuses, and a page number past the
    database's offsets overflows: both are the pages' bounded parse instead."""
    text = request.args.get(name, "").strip()
    if not text:
        return default
    number = parse_int(text, 1, MAX_PAGE)
    if number is None:
        raise ApiError(400, "invalid_parameter",
                       f"{name} must be a whole number from 1 to {MAX_PAGE}", parameter=name)
    return number


def paged(items: list[Any], total: int, page: int, per_page: int) -> dict[str, Any]:
    """A page of results with its counts and the links to the first, previous, next and
    last pages (the same query string, only ``page`` changed)."""
    pages = Page(page, per_page, total).pages
    kept = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]

    def link(number: int) -> str:
        return f"{request.base_url}?{urlencode([*kept, ('page', number)])}"

    links: dict[str, str | None] = {
        "self": link(page),
        "first": link(1),
        "last": link(pages),
        "prev": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if page < pages else None,
    }
    return {"items": items, "total": total, "page": page, "per_page": per_page,
            "pages": pages, "links": links}
