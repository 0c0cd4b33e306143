"""The API's own description: the OpenAPI document and a readable page made from it.

The page is rendered on the server from the same document (no JavaScript viewer, nothing
from a CDN), so it works offline and always matches the routes.
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, render_template, request

from .http import json_response
from .spec import build_spec, operation

SPEC_CACHE = "lawreg.api.openapi"


def openapi_document() -> dict[str, Any]:
    """The document, built once per application (the routes do not change at run time)."""
    cached = current_app.extensions.get(SPEC_CACHE)
    if cached is None:
        cached = current_app.extensions[SPEC_CACHE] = build_spec(request.script_root + "/api/v1")
    return cached


@operation("/openapi.json", summary="This API's OpenAPI 3.1 document", response=None,
           tag="meta")
def openapi_json() -> Response:
    response = json_response(openapi_document())
    response.add_etag()
    response.make_conditional(request)  # answers 304 / 206 in place
    return response


@operation("/docs", summary="This API described for people (HTML)", response=None, tag="meta")
def docs() -> str:
    document = openapi_document()
    return render_template("api/docs.html", document=document,
                           schemas=document["components"]["schemas"])
