"""The OpenAPI document is valid, and every endpoint's real answers match it."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from .conftest import World

SAMPLES = {
    "key": "test-code",
    "number": "277",
}


def document(client: FlaskClient) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json


def check(spec: dict[str, Any], path: str, method: str, status: int, body: Any) -> None:
    """Validate ``body`` against the schema the document gives for ``status``."""
    answer = spec["paths"][path][method]["responses"][str(status)]
    schema = answer["content"]["application/json"]["schema"]
    validator = Draft202012Validator({**schema, "components": spec["components"]})
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.path))
    assert not errors, f"{method.upper()} {path} {status}: " + "; ".join(
        f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_the_document_is_valid_openapi_3_1(client: FlaskClient) -> None:
    spec = document(client)
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_the_document_lists_exactly_the_routes_of_the_blueprint(app: Flask) -> None:
    with app.test_request_context():
        from lawreg.api.spec import OPERATIONS

        rules = {rule.endpoint for rule in app.url_map.iter_rules()
                 if rule.endpoint.startswith("api.")} - {"api.unknown"}
        assert rules == {f"api.{op.endpoint}" for op in OPERATIONS}


def concrete(path: str, world: World) -> str:
    values = {**SAMPLES, "id": "0"}
    if path.startswith("/flags"):
        values["id"] = str(world.flag_id)
    if path.startswith(("/cases", "/hearings")):
        values["id"] = str(world.case_id)
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    return path


QUERIES = {"/search": "?q=ละเมิด"}


def test_every_endpoint_answers_as_documented(app: Flask, world: World) -> None:
    client = app.test_client()
    spec = document(client)
    checked = 0
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method != "get" or operation["responses"]["200"].get("content") is None:
                continue
            url = "/api/v1" + concrete(path, world) + QUERIES.get(path, "")
            headers = {}
            if path == "/dashboard":
                headers = {"Authorization": "Bearer " + staff_token(app, world, "committee")}
            response = client.get(url, headers=headers)
            assert response.status_code == 200, (url, response.json)
            check(spec, path, method, 200, response.json)
            checked += 1
    assert checked == 16  # every GET that answers JSON (POSTs: test_writes.py)


def staff_token(app: Flask, world: World, role: str) -> str:
    from lawreg.services import tokens, unit_of_work

    actor = world.staff.by_role()[role]
    with app.app_context(), unit_of_work(actor) as work:
        return tokens.create_token(work, "contract test").secret


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/v1/laws/no-such-law", 404, "law_not_found"),
        ("/api/v1/laws/test-code/sections/9999", 404, "section_not_found"),
        ("/api/v1/laws?status=sleeping", 400, "invalid_parameter"),
        ("/api/v1/laws?per_page=1000", 400, "invalid_parameter"),
        ("/api/v1/laws/test-code/sections/277?at=yesterday", 400, "invalid_date"),
        ("/api/v1/search", 400, "missing_parameter"),
        ("/api/v1/flags/99999", 404, "flag_not_found"),
        ("/api/v1/cases/99999", 404, "case_not_found"),
        ("/api/v1/hearings/99999", 404, "not_found"),
        ("/api/v1/dashboard", 401, "unauthenticated"),
        ("/api/v1/no/such/thing", 404, "no_such_endpoint"),
        ("DELETE /api/v1/laws", 405, "method_not_allowed"),
    ],
)
def test_errors_are_documented_objects_with_codes(
    app: Flask, world: World, url: str, status: int, code: str
) -> None:
    client = app.test_client()
    spec = document(client)
    method, _, path = url.rpartition(" ")
    response = client.open(path, method=method or "GET")
    assert response.status_code == status
    assert response.json["error"]["code"] == code
    validator = Draft202012Validator({"$ref": "#/components/schemas/Error",
                                      "components": spec["components"]})
    assert not list(validator.iter_errors(response.json))


def test_the_api_page_is_made_from_the_document_and_works_offline(client: FlaskClient) -> None:
    spec = document(client)
    page = client.get("/api/v1/docs?lang=en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for path, operations in spec["paths"].items():
        for method in operations:
            assert f"{method.upper()} /api/v1{path}" in html
    assert "https://" not in html.replace("https://example", "") and "http://" not in html
    thai = client.get("/api/v1/docs?lang=th").get_data(as_text=True)
    assert "API ข้อมูลเปิด" in thai


def test_every_message_of_the_open_data_pages_has_a_thai_translation() -> None:
    from pathlib import Path

    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[2]
    catalogue = {}
    for po in (root / "lawreg" / "translations" / "th" / "LC_MESSAGES").glob("*.po"):
        with po.open("rb") as handle:
            catalogue.update({m.id: m.string for m in read_po(handle, locale="th") if m.id})
    messages = set()
    for path in sorted((root / "templates" / "api").glob("*.html")):
        for _line, message, _c, _ctx in extract_from_file(
                "jinja2", str(path), options={"extensions": "jinja2.ext.i18n"}):
            messages.add(message[0] if isinstance(message, tuple) else message)
    for name in ("api_pages.py", "api_tokens.py"):
        for _line, message, _c, _ctx in extract_from_file(
                "python", str(root / "lawreg" / "web" / name),
                keywords={"gettext": None, "lazy_gettext": None}):
            messages.add(message[0] if isinstance(message, tuple) else message)
    assert len(messages) > 40
    assert sorted(m for m in messages if not catalogue.get(m)) == []
