"""The read API on the sample registry: laws, sections at a date, versions, relations,
flags, cases, hearings, and the whole-API rules (pages, ETag, CORS, rate limit)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from .conftest import Registry, World

LAW_FIELDS = {"key", "frbr_uri", "akn_url", "title", "title_en", "type", "year_be", "status",
              "source_url"}


def test_laws_list_filters_and_pages_with_links(client: FlaskClient, registry: Registry) -> None:
    everything = client.get("/api/v1/laws").json
    assert everything["total"] == 3
    assert set(everything["items"][0]) >= LAW_FIELDS
    repealed = client.get("/api/v1/laws?status=repealed").json
    assert [law["key"] for law in repealed["items"]] == ["test-regulation"]
    response = client.get("/api/v1/laws?per_page=2")
    first = response.json
    assert first["pages"] == 2 and first["links"]["prev"] is None
    assert f'<{first["links"]["next"]}>; rel="next"' in response.headers["Link"]
    second = client.get(first["links"]["next"].replace("http://localhost", "")).json
    assert second["page"] == 2 and len(second["items"]) == 1
    assert {i["key"] for i in first["items"] + second["items"]} == {
        "test-code", "amending-act", "test-regulation"}
    assert {f["value"]: f["count"] for f in everything["facets"]["status"]} == {
        "in_force": 1, "partly_repealed": 1, "repealed": 1}


def test_a_law_has_uris_contents_relations_and_expressions(
    client: FlaskClient, registry: Registry
) -> None:
    law = client.get("/api/v1/laws/test-code").json
    assert law["frbr_uri"] == "/akn/th/act/code/1992/test-code"
    assert law["akn_url"] == "http://localhost/akn/th/act/code/1992/test-code/tha.xml"
    assert law["expression_uri"] == "/akn/th/act/code/1992/test-code/tha@2017-06-01"
    assert [e["date"] for e in law["expressions"]] == ["1992-03-05", "2017-06-01"]
    book = law["contents"][0]
    assert book["kind"] == "chapter" and book["title"] == "บรรพ 1 หลักทั่วไป"
    assert [(c["title"], [s["number"] for s in c["items"]]) for c in book["items"]] == [
        ("หมวด 0 อายุความ", ["193/30"]), ("หมวด 1 บทเบ็ดเสร็จ", ["277", "277 ทวิ"]),
        ("หมวด 2 ข้อยกเว้น", ["278"])]
    kinds = {(r["kind"], r["direction"], r["law"]["key"]) for r in law["relations"]}
    assert ("amends", "incoming", "amending-act") in kinds
    assert ("enabled_by", "incoming", "test-regulation") in kinds


def test_a_section_at_a_point_in_time(client: FlaskClient, registry: Registry) -> None:
    now = client.get("/api/v1/laws/test-code/sections/277").json
    assert now["text"].startswith("มาตรา 277 ข้อความใหม่")
    assert now["version"]["amended_by"]["key"] == "amending-act"
    before = client.get("/api/v1/laws/test-code/sections/277?at=2010-01-01").json
    assert before["text"] == "มาตรา 277 ข้อความเดิม" and before["at"] == "2010-01-01"
    suffixed = client.get("/api/v1/laws/test-code/sections/277@2010-01-01").json
    assert suffixed["text"] == before["text"]
    thai_digits = client.get("/api/v1/laws/test-code/sections/๒๗๗ ทวิ").json
    assert thai_digits["number"] == "277 ทวิ"
    slashed = client.get("/api/v1/laws/test-code/sections/193/30").json
    assert slashed["number"] == "193/30"


def test_section_versions_and_relations_both_ways(client: FlaskClient, registry: Registry) -> None:
    versions = client.get("/api/v1/laws/test-code/sections/277/versions").json
    assert [v["valid_to"] for v in versions["versions"]] == ["2017-06-01", None]
    relations = client.get("/api/v1/laws/amending-act/relations").json
    assert [(r["kind"], r["law"]["key"], r["other_section"]) for r in relations["outgoing"]] == [
        ("amends", "test-code", "277")]
    assert relations["incoming"] == []


def test_flags_cases_hearings_and_comments(client: FlaskClient, world: World) -> None:
    flags = client.get("/api/v1/flags?law=test-code").json
    assert [f["id"] for f in flags["items"]] == [world.flag_id]
    assert flags["items"][0]["evidence"]["quote"] == "ผู้ใดกระทำละเมิด"
    cases = client.get("/api/v1/cases").json
    assert [c["id"] for c in cases["items"]] == [world.case_id]
    assert cases["items"][0]["stage"] == "public_hearing"
    hearing = client.get(f"/api/v1/hearings/{world.case_id}").json
    assert [c["body"] for c in hearing["comments"]] == ["เห็นด้วยกับการยกเลิก"]
    assert "ip_hash" not in hearing["comments"][0]


def test_cases_before_the_public_hearing_are_not_public(
    app: Flask, client: FlaskClient, world: World
) -> None:
    from workflow.conftest import FULL_CHECKLIST

    from lawreg.services import unit_of_work
    from lawreg.services.cases import open_case

    with app.app_context(), unit_of_work(world.staff.officer) as work:
        draft = open_case(work, "price-act", "repeal", "ล้าสมัย", sections=["1"],
                          checklist=FULL_CHECKLIST)
        work.session.flush()
        draft_id = draft.id
    assert client.get(f"/api/v1/cases/{draft_id}").status_code == 404
    assert draft_id not in [c["id"] for c in client.get("/api/v1/cases").json["items"]]


def test_etag_and_last_modified_give_304(client: FlaskClient, registry: Registry) -> None:
    first = client.get("/api/v1/laws/test-code")
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    again = client.get("/api/v1/laws/test-code", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    other = client.get("/api/v1/laws/test-code", headers={"If-None-Match": '"stale"'})
    assert other.status_code == 200


def test_reads_allow_any_origin(client: FlaskClient, registry: Registry) -> None:
    response = client.get("/api/v1/laws", headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/v1/laws", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 204
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]


def test_rate_limit_answers_429_with_retry_after(app: Flask, registry: Registry) -> None:
    app.config["API_RATE_LIMIT"] = 3
    client = app.test_client()
    statuses = [client.get("/api/v1/stats").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/stats")
    assert refused.json["error"]["code"] == "rate_limited"
    assert int(refused.headers["Retry-After"]) >= 1


def test_get_requests_read_through_a_session_that_refuses_to_write(
    app: Flask, registry: Registry
) -> None:
    import pytest
    from sqlalchemy import select

    from lawreg.models import Law
    from lawreg.web.readonly import ReadOnlySession, read_session

    with app.test_request_context("/api/v1/laws"):
        session = read_session()
        law = session.scalar(select(Law).where(Law.key == "test-code"))
        law.title = "changed"
        with pytest.raises(ReadOnlySession):
            session.flush()


def test_a_closed_hearing_stays_readable_with_the_agencys_answers(
    app: Flask, client: FlaskClient, world: World, db  # type: ignore[no-untyped-def]
) -> None:
    from casefile.conftest import age_hearing, close_hearing

    from lawreg.services.hearing_archive import respond

    open_now = client.get(f"/api/v1/hearings/{world.case_id}").json
    assert open_now["open"] is True and open_now["closed_at"] is None
    assert open_now["comments"][0]["response"] is None and open_now["summary_response"] is None

    def close_and_answer(uow):  # type: ignore[no-untyped-def]
        age_hearing(uow, world.case_id, 20)
        close_hearing(uow, world.staff, world.case_id)
        uow.actor = world.staff.officer
        respond(uow, world.case_id, "กรมจะเสนอยกเลิกตามความเห็นนี้", world.comment_id)
        respond(uow, world.case_id, "สรุปผลการรับฟังความคิดเห็น")
        uow.commit()

    db(close_and_answer)
    closed = client.get(f"/api/v1/hearings/{world.case_id}")
    assert closed.status_code == 200
    body = closed.json
    assert body["open"] is False and body["closed_at"] > body["opened_at"]
    assert body["comments"][0]["response"]["body"] == "กรมจะเสนอยกเลิกตามความเห็นนี้"
    assert body["summary_response"]["body"] == "สรุปผลการรับฟังความคิดเห็น"
    assert "officer" not in closed.get_data(as_text=True)  # the agency answers, not its staff
    assert world.case_id not in [c["id"] for c in client.get("/api/v1/hearings").json["items"]]
    assert [c["id"] for c in client.get("/api/v1/hearings/closed").json["items"]] == [world.case_id]
