from datetime import date
from urllib.parse import quote

from lawreg.records import LawRecord, SectionRecord, VersionRecord
from lawreg.services.laws import upsert_law
from lawreg.thai.numbers import section_sort_key

from .conftest import HOSTILE
from .html_checks import assert_accessible

ESCAPED = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def test_home_shows_counts_search_box_and_recent_laws(client, registry):
    response = client.get("/")
    assert response.status_code == 200
    html = text_of(response)
    assert "ทะเบียนกฎหมายเพื่อการปฏิรูป" in html
    assert 'action="/search"' in html and 'name="q"' in html
    assert "กฎหมายตามสถานะ" in html and "ยกเลิกแล้ว" in html  # one repealed regulation
    assert "กฎกระทรวง" in html  # counts by type
    assert "พระราชบัญญัติแก้ไขเพิ่มเติมประมวลกฎหมายทดสอบ" in html
    assert ESCAPED in html and HOSTILE not in html
    assert_accessible(html)


def test_home_of_an_empty_registry(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "ทะเบียนยังไม่มีกฎหมาย" in text_of(response)


def test_browse_lists_every_law_with_facets(client, registry):
    html = text_of(client.get("/laws"))
    assert "พบกฎหมาย 3 ฉบับ" in html
    assert '<option value="กฎกระทรวง">กฎกระทรวง (1)</option>' in html
    assert "กฎหมายแพ่ง (2)" in html
    assert_accessible(html)


BROWSE_CASES = [
    ("type=กฎกระทรวง", ["กฎกระทรวงว่าด้วยการทดสอบ"], ["ประมวลกฎหมายทดสอบ"]),
    ("group=กฎหมายพาณิชย์", ["ประมวลกฎหมายทดสอบ"], ["กฎกระทรวงว่าด้วยการทดสอบ"]),
    ("status=repealed", ["กฎกระทรวงว่าด้วยการทดสอบ"], ["ประมวลกฎหมายทดสอบ"]),
    ("year_from=2536&year_to=๒๕๔๕", ["กฎกระทรวงว่าด้วยการทดสอบ"], ["ประมวลกฎหมายทดสอบ", "(ฉบับที่ 2)"]),
    ("year_from=2560", ["(ฉบับที่ 2)"], ["ประมวลกฎหมายทดสอบ {", "กฎกระทรวงว่าด้วย"]),
]


def test_browse_filters(client, registry):
    for query, expected, absent in BROWSE_CASES:
        results = text_of(client.get(f"/laws?{query}")).split('id="results-heading"', 1)[1]
        for text in expected:
            assert text in results, query
        for text in absent:
            assert text not in results, query


def test_browse_agency_filter_includes_agencies_under_it(client, registry, app):
    html = text_of(client.get("/laws"))
    ministry_id = html.split(">กระทรวงยุติธรรม (2)<", 1)[0].rsplit('value="', 1)[1].split('"', 1)[0]
    results = text_of(client.get(f"/laws?agency={ministry_id}")).split('id="results-heading"', 1)[1]
    assert "พบกฎหมาย 2 ฉบับ" in results
    assert "ประมวลกฎหมายทดสอบ" in results  # owned by a department of the ministry
    assert "กฎกระทรวงว่าด้วย" not in results


def test_browse_reports_a_bad_year_and_ignores_it(client, registry):
    response = client.get("/laws?year_from=1992")
    html = text_of(response)
    assert response.status_code == 200
    assert "“1992” ไม่ใช่ปีพุทธศักราช" in html
    assert "พบกฎหมาย 3 ฉบับ" in html


def test_browse_paginates_and_keeps_filters(app, client, registry):
    app.config["PAGE_SIZE"] = 2
    first = text_of(client.get("/laws?group=กฎหมายแพ่ง"))
    assert "หน้า 1 จาก 1" not in first  # only two laws in that group: one page, no pager
    first = text_of(client.get("/laws"))
    assert "หน้า 1 จาก 2" in first
    assert first.count('<li>\n        <a href="/laws/') == 2
    second = text_of(client.get("/laws?page=2"))
    assert "หน้า 2 จาก 2" in second
    assert second.count('<li>\n        <a href="/laws/') == 1
    beyond = text_of(client.get("/laws?page=99"))
    assert "หน้า 2 จาก 2" in beyond
    filtered = text_of(client.get("/laws?type=พระราชบัญญัติ&page=1"))
    assert "page=2" not in filtered
    app.config["PAGE_SIZE"] = 1
    kept = text_of(client.get("/laws?group=กฎหมายแพ่ง"))
    assert f"/laws?page=2&amp;group={quote('กฎหมายแพ่ง')}" in kept


def test_law_page_shows_metadata_contents_relations_and_history(client, registry):
    response = client.get("/laws/test-code")
    assert response.status_code == 200
    html = text_of(response)
    assert "พ.ศ. 2535 (ค.ศ. 1992)" in html
    assert "1 มีนาคม พ.ศ. 2535" in html
    assert "เล่ม 109 ตอนที่ 30" in html
    assert "กระทรวงยุติธรรม</a> › <a" in html and "สำนักงานกิจการยุติธรรม" in html
    assert "ป.ท." in html and "กฎหมายพาณิชย์" in html
    assert "<summary>บรรพ 1 หลักทั่วไป</summary>" in html
    # Contents and text in code order: 193/30 < 277 < 277 ทวิ < 278.
    positions = [html.index(f'id="s-{section_sort_key(number)}"') for number in
                 ("193/30", "277", "277 ทวิ", "278")]
    assert positions == sorted(positions)
    assert "แก้ไขเพิ่มเติมโดย" in html and "/laws/amending-act" in html
    assert "กฎหมายลำดับรอง" in html and "/laws/test-regulation" in html
    assert "เพิ่มกฎหมายเข้าทะเบียน" in html  # the audit trail
    assert "1 มิถุนายน พ.ศ. 2560" in html  # amendment history from the section versions
    assert "มาตรา 277 ข้อความใหม่\nวรรคสอง" in html  # line breaks kept for pre-line
    assert ESCAPED in html and HOSTILE not in html
    assert 'name="law" value="test-code"' in html
    page = assert_accessible(html)
    section_links = {link for link in page.links if link.startswith("/laws/test-code/sections/")}
    assert len(section_links) == 4
    for link in section_links:
        assert client.get(link).status_code == 200, link


def test_amending_law_shows_the_other_direction(client, registry):
    html = text_of(client.get("/laws/amending-act"))
    assert "แก้ไขเพิ่มเติม</h3>" in html
    assert "/laws/test-code/sections/277" in html


def test_section_page_shows_current_text_versions_and_neighbours(client, registry):
    response = client.get("/laws/test-code/sections/277")
    assert response.status_code == 200
    html = text_of(response)
    assert "<h1>มาตรา 277 ความรับผิดทางละเมิด</h1>" in html
    assert "บรรพ 1 หลักทั่วไป › หมวด 1 บทเบ็ดเสร็จ" in html
    assert "ตัวบทปัจจุบัน" in html and "มาตรา 277 ข้อความใหม่" in html
    assert "ตั้งแต่ตราขึ้นครั้งแรก" in html and "จนถึง 1 มิถุนายน พ.ศ. 2560" in html
    assert "แก้ไขเพิ่มเติมโดย" in html and 'href="/laws/amending-act"' in html
    assert 'rel="prev">← ก่อนหน้า: มาตรา 193/30' in html
    assert f'href="/laws/test-code/sections/{quote("277 ทวิ")}" rel="next"' in html
    assert f"/search?q={quote('มาตรา', safe='')}+277&amp;law=test-code" in html
    assert_accessible(html)


def test_point_in_time_reading(client, registry):
    old = text_of(client.get("/laws/test-code/sections/277?at=2010-01-01"))
    assert "มาตรา 277 ข้อความเดิม" in old and "ข้อความใหม่" not in old.split('id="versions-heading"')[0]
    assert "ตัวบทที่ใช้บังคับ ณ วันที่ 1 มกราคม พ.ศ. 2553" in old
    new = text_of(client.get("/laws/test-code/sections/277?at=2017-06-01"))
    assert "มาตรา 277 ข้อความใหม่" in new.split('id="versions-heading"')[0]


def test_reading_date_that_is_not_a_date_is_refused_clearly(client, registry):
    response = client.get("/laws/test-code/sections/277?at=31/12/2560")
    assert response.status_code == 400
    html = text_of(response)
    assert "“31/12/2560” ไม่ใช่วันที่" in html
    assert "มาตรา 277 ข้อความใหม่" in html  # the current text is still shown


def test_section_not_in_force_on_a_date(client, registry, uow):
    upsert_law(uow, LawRecord(key="test-code", title="x", sections=[
        SectionRecord(number="279", versions=[VersionRecord("ใหม่", valid_from=date(2020, 1, 1))])
    ]))
    uow.commit()
    html = text_of(client.get("/laws/test-code/sections/279?at=2019-01-01"))
    assert "มาตรานี้ยังไม่มีผลใช้บังคับในวันที่ 1 มกราคม พ.ศ. 2562" in html
    assert "เริ่มใช้บังคับเมื่อวันที่ 1 มกราคม พ.ศ. 2563" in html


def test_section_number_variants_redirect_to_the_canonical_url(client, registry):
    canonical = f"/laws/test-code/sections/{quote('277 ทวิ')}?at=2020-01-01"
    for written in ("277ทวิ", "๒๗๗ ทวิ", "๒๗๗ทวิ", "มาตรา 277 ทวิ", "277  ทวิ"):
        response = client.get(f"/laws/test-code/sections/{quote(written)}?at=2020-01-01")
        assert response.status_code == 301, written
        assert response.headers["Location"] == canonical
    page = client.get(canonical)
    assert page.status_code == 200
    assert "บทที่เพิ่มเข้ามา" in text_of(page)
    # Query names that url_for would take as its own arguments are dropped, not a 500.
    odd_query = client.get("/laws/test-code/sections/277ทวิ?number=1&_external=1&at=2020-01-01")
    assert odd_query.headers["Location"] == canonical


def test_slash_numbered_section_resolves(client, registry):
    response = client.get("/laws/test-code/sections/193/30")
    assert response.status_code == 200
    assert "อายุความสิบปี" in text_of(response)
    assert client.get(f"/laws/test-code/sections/{quote('๑๙๓/๓๐')}").status_code == 301


def test_repealed_section_is_marked_in_words(client, registry):
    html = text_of(client.get("/laws/test-code/sections/278"))
    assert '<span class="badge badge--repealed">ยกเลิกแล้ว</span>' in html


def test_hostile_section_text_is_escaped(client, registry):
    html = text_of(client.get(f"/laws/test-code/sections/{quote('277 ทวิ')}"))
    assert ESCAPED in html
    assert HOSTILE not in html


def test_unknown_pages_give_404_in_thai(client, registry):
    for url in (
        "/laws/no-such-law",
        "/laws/no-such-law/sections/1",
        "/laws/test-code/sections/999",
        "/laws/test-code/sections/not-a-number",
        "/no-such-page",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        html = text_of(response)
        assert "ไม่พบหน้าที่ต้องการ" in html
        assert_accessible(html)


def test_404_in_english(client, registry):
    response = client.get("/laws/test-code/sections/999?lang=en")
    assert response.status_code == 404
    html = text_of(response)
    assert "Page not found" in html
    assert "There is no section “999” in law “test-code”." in html
