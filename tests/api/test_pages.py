"""The public pages' open-data box: official text, PDF with Thai fonts, citations in Thai
and English, "cited by", and the word-level comparison of two versions."""

from __future__ import annotations

import io
import subprocess

import pytest
from flask import Flask
from flask.testing import FlaskClient

from lawreg.db import get_database
from lawreg.records import LawRecord, SectionRecord
from lawreg.services import Actor, UnitOfWork
from lawreg.services.laws import upsert_law
from lawreg.web.compare import word_diff

from .conftest import Registry


@pytest.fixture
def citing(app: Flask, registry: Registry) -> None:
    """Section 279 of the test code cites section 277; the code has an official link."""
    with app.app_context():
        work = UnitOfWork(get_database().sessionmaker(), Actor("test"), close_on_exit=True)
        with work:
            upsert_law(work, LawRecord(
                key="test-code", title="ประมวลกฎหมายทดสอบ",
                source_url="https://www.krisdika.go.th/law?lawId=1",
                sections=[SectionRecord(number="279", text="ผู้ใดฝ่าฝืนมาตรา 277 ต้องระวางโทษ")]))


def test_law_page_links_the_official_text_and_open_data(client: FlaskClient, citing: None) -> None:
    html = client.get("/laws/test-code?lang=en").get_data(as_text=True)
    assert 'href="https://www.krisdika.go.th/law?lawId=1"' in html
    assert "เล่ม 109 ตอนที่ 30" in html
    assert 'href="/akn/th/act/code/1992/test-code/tha.xml"' in html
    assert 'value="ประมวลกฎหมายทดสอบ"' in html
    assert client.get("/akn/th/act/code/1992/test-code/tha.xml").status_code == 200


def test_section_citations_in_thai_and_english(client: FlaskClient, citing: None) -> None:
    html = client.get("/laws/test-code/sections/277?lang=en").get_data(as_text=True)
    assert 'value="มาตรา 277 แห่งประมวลกฎหมายทดสอบ"' in html
    assert 'value="Test Code B.E. 2535 (1992), section 277"' in html
    assert "print.css" in html


def test_cited_by_reads_the_citations_in_the_text(client: FlaskClient, citing: None) -> None:
    html = client.get("/laws/test-code/sections/277?lang=en").get_data(as_text=True)
    cited = html.split("Cited by", 1)[1].split("</section>", 1)[0]
    assert "/laws/test-code/sections/279" in cited
    # 277 ทวิ's text says "มาตรา 277 ทวิ": a different section, not a citation of 277.
    assert "277%20%E0%B8%97%E0%B8%A7%E0%B8%B4" not in cited


def test_word_diff_marks_words_and_keeps_the_texts() -> None:
    old = "ให้ยื่นคำขอเป็นหนังสือต่อนายทะเบียน"
    new = "ให้ยื่นคำขอต่อนายทะเบียนหรือทางอิเล็กทรอนิกส์"
    left, right = word_diff(old, new)
    assert "".join(p.text for p in left) == old and "".join(p.text for p in right) == new
    assert [p.text for p in left if p.change == "removed"] == ["เป็นหนังสือ"]
    assert "".join(p.text for p in right if p.change == "added") == "หรือทางอิเล็กทรอนิกส์"


def test_compare_page_shows_two_versions_side_by_side(client: FlaskClient, registry: Registry) -> None:
    html = client.get("/laws/test-code/compare?section=277").get_data(as_text=True)
    assert "มาตรา 277 <del>" in html and "<del>ข้อความเดิม</del>" in html
    assert "มาตรา 277 <ins>" in html and "วรรคสอง ผู้ใดกระทำละเมิด</ins>" in html
    assert client.get("/laws/test-code/compare?section=278").status_code == 404  # one version


def thai_fonts() -> bool:
    try:
        listed = subprocess.run(["fc-list", ":lang=th", "family"], capture_output=True, text=True)
    except FileNotFoundError:
        return False
    return bool(listed.stdout.strip())


@pytest.mark.skipif(not thai_fonts(), reason="no Thai font installed (Debian fonts-thai-tlwg)")
def test_pdf_of_a_law_and_a_section_embeds_a_thai_font(client: FlaskClient, registry: Registry) -> None:
    from pypdf import PdfReader

    for url in ("/laws/test-code/pdf", "/laws/test-code/pdf?section=277"):
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        reader = PdfReader(io.BytesIO(response.data))
        fonts = {str(font.get_object()["/BaseFont"])
                 for page in reader.pages for font in page["/Resources"]["/Font"].values()}
        assert fonts, url
        text = "".join(page.extract_text() for page in reader.pages)
        assert "มาตรา 277" in text
    assert client.get("/laws/test-code/pdf?section=999").status_code == 404


def test_the_new_pages_are_accessible_and_offline(app: Flask, client: FlaskClient, registry: Registry) -> None:
    from web.html_checks import assert_accessible

    for url in ("/api/v1/docs", "/downloads/", "/laws/test-code/compare?section=277",
                "/laws/test-code/sections/277", "/laws/test-code"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_accessible(response.get_data(as_text=True))
