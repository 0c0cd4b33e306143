"""Staff writes through the API obey the pages' permissions, per role, and If-Match."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from lawreg.db import get_database
from lawreg.models import ApiToken, Flag, ReviewCase

from .conftest import World
from .test_contract import check, document, staff_token


def bearer(app: Flask, world: World, role: str) -> dict[str, str]:
    return {"Authorization": "Bearer " + staff_token(app, world, role)}


def test_tokens_are_stored_hashed_and_revocable(app: Flask, world: World, runner) -> None:  # type: ignore[no-untyped-def]
    headers = bearer(app, world, "committee")
    client = app.test_client()
    assert client.get("/api/v1/dashboard", headers=headers).status_code == 200
    secret = headers["Authorization"].split()[1]
    with app.app_context():
        session = get_database().sessionmaker()
        token = session.scalar(select(ApiToken))
        assert secret not in (token.secret_hash, token.prefix) and token.secret_hash != secret
        session.close()
    result = runner.invoke(args=["token", "revoke", str(token.id)])
    assert result.exit_code == 0, result.output
    refused = client.get("/api/v1/dashboard", headers=headers)
    assert refused.status_code == 401 and refused.json["error"]["code"] == "invalid_token"


def test_token_cli_creates_and_lists(app: Flask, world: World, runner) -> None:  # type: ignore[no-untyped-def]
    created = runner.invoke(args=["token", "create", "reviewer", "--name", "sync"])
    assert created.exit_code == 0 and "lrt_" in created.output
    listed = runner.invoke(args=["token", "list", "reviewer"])
    assert "sync" in listed.output and "active" in listed.output


@pytest.mark.parametrize(
    ("role", "status"),
    [("officer", 403), ("reviewer", 200), ("committee", 403), ("admin", 200)],
)
def test_flag_decisions_follow_the_permission_table(
    app: Flask, world: World, role: str, status: int
) -> None:
    # test-code is not of the officer's agency; the committee may not triage at all.
    client = app.test_client()
    response = client.post(f"/api/v1/flags/{world.flag_id}/decision",
                           json={"decision": "dismiss", "reason": "ไม่ล้าสมัย"},
                           headers=bearer(app, world, role))
    assert response.status_code == status, response.json
    with app.app_context():
        session = get_database().sessionmaker()
        stored = session.get(Flag, world.flag_id).status
        session.close()
    assert stored == ("dismissed" if status == 200 else "suggested")
    if status == 200:
        check(document(client), "/flags/{id}/decision", "post", 200, response.json)
    else:
        assert response.json["error"]["code"] == "permission_denied"


def test_anonymous_writes_are_refused(client: FlaskClient, world: World) -> None:
    response = client.post(f"/api/v1/flags/{world.flag_id}/decision", json={"decision": "confirm"})
    assert response.status_code == 401


def test_flag_suggestion_by_the_officer_of_the_law(app: Flask, world: World) -> None:
    client = app.test_client()
    response = client.post("/api/v1/flags", json={"law": "price-act", "category": "outdated",
                                                  "section": "25", "quote": "ต้องระวางโทษ"},
                           headers=bearer(app, world, "officer"))
    assert response.status_code == 201, response.json
    check(document(client), "/flags", "post", 200, response.json)
    other = client.post("/api/v1/flags", json={"law": "transport-act", "category": "outdated"},
                        headers=bearer(app, world, "officer"))
    assert other.status_code == 403


def test_case_transitions_need_if_match_and_refuse_a_stale_version(app: Flask, world: World) -> None:
    client = app.test_client()
    committee = bearer(app, world, "committee")
    url = f"/api/v1/cases/{world.case_id}/transitions"
    version = client.get(f"/api/v1/cases/{world.case_id}").json["version"]
    missing = client.post(url, json={"name": "close_hearing"}, headers=committee)
    assert missing.status_code == 428
    officer = client.post(url, json={"name": "close_hearing"},
                          headers={**bearer(app, world, "officer"), "If-Match": str(version)})
    assert officer.status_code in (403, 409), officer.json
    with app.app_context():
        session = get_database().sessionmaker()
        assert session.get(ReviewCase, world.case_id).stage == "public_hearing"
        session.close()
    reviewer = bearer(app, world, "reviewer")
    stale = client.post(url, json={"name": "close_hearing"},
                        headers={**reviewer, "If-Match": str(version - 1)})
    assert stale.status_code == 412 and stale.json["error"]["code"] == "stale_version"
    moved = client.post(url, json={"name": "close_hearing"},
                        headers={**reviewer, "If-Match": f'"{version}"'})
    assert moved.status_code == 200, moved.json
    assert moved.json["stage"] == "committee_decision"
    check(document(client), "/cases/{id}/transitions", "post", 200, moved.json)


def test_account_page_creates_and_revokes_tokens(app: Flask, world: World) -> None:
    from workflow.conftest import PASSWORD

    client = app.test_client()
    assert client.post("/auth/login", data={"username": "reviewer", "password": PASSWORD}).status_code == 302
    page = client.post("/account/tokens", data={"name": "my script"})
    assert page.status_code == 200 and b"lrt_" in page.data
    from web.html_checks import assert_accessible

    assert_accessible(page.get_data(as_text=True))
    with app.app_context():
        session = get_database().sessionmaker()
        token_id = session.scalar(select(ApiToken.id).where(ApiToken.name == "my script"))
        session.close()
    client.post(f"/account/tokens/{token_id}/revoke")
    with app.app_context():
        session = get_database().sessionmaker()
        assert session.get(ApiToken, token_id).revoked_at is not None
        session.close()


def test_a_flag_decision_with_a_stale_etag_is_refused(app: Flask, world: World) -> None:
    client = app.test_client()
    reviewer = bearer(app, world, "reviewer")
    etag = client.get(f"/api/v1/flags/{world.flag_id}").headers["ETag"]
    first = client.post(f"/api/v1/flags/{world.flag_id}/decision", json={"decision": "dismiss",
                        "reason": "ซ้ำ"}, headers={**reviewer, "If-Match": etag})
    assert first.status_code == 200, first.json
    again = client.post(f"/api/v1/flags/{world.flag_id}/decision", json={"decision": "confirm"},
                        headers={**reviewer, "If-Match": etag})
    assert again.status_code == 412 and again.json["error"]["code"] == "stale_version"
    fresh = client.get(f"/api/v1/flags/{world.flag_id}").headers["ETag"]
    assert client.post(f"/api/v1/flags/{world.flag_id}/decision", json={"decision": "confirm"},
                       headers={**reviewer, "If-Match": fresh}).status_code == 200


def test_a_refusal_carries_the_service_code_and_its_message_in_english_or_thai(
    app: Flask, world: World
) -> None:
    client = app.test_client()
    headers = bearer(app, world, "officer")
    url = f"/api/v1/flags/{world.flag_id}/decision"
    english = client.post(url, json={"decision": "dismiss", "reason": "ไม่ใช่"}, headers=headers).json["error"]
    assert english["code"] == "permission_denied" and english["params"]["reason"] == "law.not_in_agency"
    assert english["message"] == f"{english['params']['law']} is not a law of your agency"
    thai = client.post(url + "?lang=th", json={"decision": "dismiss", "reason": "ไม่ใช่"},
                       headers=headers).json["error"]
    assert thai["message"] == f"{english['params']['law']} ไม่ใช่กฎหมายของหน่วยงานของท่าน"
