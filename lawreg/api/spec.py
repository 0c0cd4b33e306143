"""The OpenAPI 3.1 document, generated from the code.

Each view is declared with :func:`operation` — its path, parameters and response schema —
and that one declaration both registers the Flask route and describes it in the document,
so a route cannot exist without its description (or the reverse).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import Schema

from . import schemas

API_VERSION = "1.0.0"
ERROR_TEXT = {
    304: "Not modified since the ETag or date given",
    400: "A parameter that cannot be used",
    401: "No valid token",
    403: "The token's role may not do this",
    404: "No such object",
    409: "Refused by the workflow",
    412: "The object changed since the version given in If-Match",
    422: "A field that cannot be stored",
    428: "If-Match is required",
    429: "Too many requests",
}


@dataclass(frozen=True)
class Param:
    name: str
    where: str = "query"  # query or path
    description: str = ""
    type: str = "string"
    required: bool = False

    def to_openapi(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "in": self.where,
            "required": self.required or self.where == "path",
            "description": self.description,
            "schema": {"type": self.type},
        }


@dataclass
class Operation:
    path: str  # OpenAPI form, /laws/{key}
    method: str
    view: Callable[..., Any]
    summary: str
    response: type[Schema] | None
    params: tuple[Param, ...] = ()
    tag: str = "laws"
    errors: tuple[int, ...] = ()
    body: type[Schema] | None = None
    auth: bool = False
    description: str = field(default="")

    @property
    def endpoint(self) -> str:
        return self.view.__name__

    @property
    def flask_rule(self) -> str:
        """``{number}`` takes slashes (section 134/1); integer parameters are ints."""
        rule = self.path.replace("{number}", "<path:number>")
        for param in self.params:
            if param.where == "path" and param.type == "integer":
                rule = rule.replace("{" + param.name + "}", f"<int:{param.name}>")
        return re.sub(r"\{(\w+)\}", r"<\1>", rule)


OPERATIONS: list[Operation] = []


def operation(path: str, *, summary: str, response: type[Schema] | None,
              params: tuple[Param, ...] = (), method: str = "get", tag: str = "laws",
              errors: tuple[int, ...] = (), body: type[Schema] | None = None,
              auth: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare an API view: the route and its OpenAPI description in one place."""

    def declare(view: Callable[..., Any]) -> Callable[..., Any]:
        OPERATIONS.append(Operation(path, method, view, summary, response, params, tag,
                                    errors, body, auth, (view.__doc__ or "").strip()))
        return view

    return declare


PAGE_PARAMS = (
    Param("page", description="page number, from 1", type="integer"),
    Param("per_page", description="items per page, 1 to 100", type="integer"),
)


def _schema_name(schema: type[Schema] | Schema) -> str:
    """Components are named after their schema class (apispec passes classes or instances)."""
    return (schema if isinstance(schema, type) else type(schema)).__name__


def build_spec(server_url: str = "/api/v1") -> dict[str, Any]:
    """The OpenAPI 3.1 document of every declared operation."""
    spec = APISpec(
        title="lawreg open legal data API",
        version=API_VERSION,
        openapi_version="3.1.0",
        plugins=[MarshmallowPlugin(schema_name_resolver=_schema_name)],
        info={
            "description": (
                "Thai legislation in the lawreg registry: laws, sections at any date, "
                "relations, search, screening flags, review cases and public hearings. "
                "Reads need no account; writes need a personal token "
                "(Authorization: Bearer ...)."
            ),
            "license": {"name": "Open data", "identifier": "CC-BY-4.0"},
        },
        servers=[{"url": server_url}],
    )
    for name in sorted(vars(schemas)):
        candidate = vars(schemas)[name]
        if isinstance(candidate, type) and issubclass(candidate, Schema) and candidate is not Schema \
                and candidate.__module__ == schemas.__name__ \
                and name not in spec.components.schemas:  # nested ones register themselves
            spec.components.schema(name, schema=candidate)
    spec.components.security_scheme("token", {"type": "http", "scheme": "bearer"})
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method] = _describe(op)
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def _describe(op: Operation) -> dict[str, Any]:
    error_ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    responses: dict[str, Any] = {}
    if op.response is not None:
        responses["200"] = {
            "description": "OK",
            "content": {"application/json": {
                "schema": {"$ref": f"#/components/schemas/{_schema_name(op.response)}"}}},
        }
    else:
        responses["200"] = {"description": "OK"}
    statuses = {*op.errors, 429}
    if op.method == "get":
        statuses.add(304)
    for status in sorted(statuses):
        entry: dict[str, Any] = {"description": ERROR_TEXT[status]}
        if status != 304:
            entry["content"] = error_ref
        responses[str(status)] = entry
    described: dict[str, Any] = {
        "operationId": op.endpoint,
        "summary": op.summary,
        "description": op.description,
        "tags": [op.tag],
        "parameters": [param.to_openapi() for param in op.params],
        "responses": responses,
    }
    if op.body is not None:
        described["requestBody"] = {
            "required": True,
            "content": {"application/json": {
                "schema": {"$ref": f"#/components/schemas/{_schema_name(op.body)}"}}},
        }
    if op.auth:
        described["security"] = [{"token": []}]
    return described
