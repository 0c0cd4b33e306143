import pytest

from lawreg.thai.abbreviations import expand_abbreviations
from lawreg.thai.citations import find_citations
from lawreg.thai.years import find_years


@pytest.mark.parametrize(
    ("text", "law_key", "section", "paragraph"),
    [
        ("มาตรา ๒๘๘", None, "288", None),
        ("ม. 134/1", None, "134/1", None),
        ("ม.134/1", None, "134/1", None),
        ("มาตรา 335 ทวิ", None, "335 ทวิ", None),
        ("มาตรา 277ทวิ แห่งประมวลกฎหมายอาญา", "criminal-code", "277 ทวิ", None),
        ("มาตรา 35 วรรค 1", None, "35", 1),
        ("มาตรา 4 วรรคแปด", None, "4", 8),
        ("มาตรา 4 วรรค 8 แห่ง พ.ร.บ. วิธีการงบประมาณ", "budget-procedure-act-2561", "4", 8),
        ("ป.พ.พ. มาตรา 1336", "civil-commercial-code", "1336", None),
        ("มาตรา ๒๘๘ ป.อ.", "criminal-code", "288", None),
        ("ป.วิ.อ. ม.134/1", "criminal-procedure-code", "134/1", None),
        ("section 420 of the Civil and Commercial Code", "civil-commercial-code", "420", None),
    ],
)
def test_citation_forms(text: str, law_key: str | None, section: str, paragraph: int | None) -> None:
    [citation] = find_citations(text)
    assert (citation.law_key, citation.section, citation.paragraph) == (law_key, section, paragraph)
    assert (citation.start, citation.end) == (0, len(text))


def test_citations_in_running_text_keep_offsets() -> None:
    text = "ผู้เสียหายฟ้องตาม ป.พ.พ. มาตรา 420 และ ป.อ. ม. 288"
    citations = find_citations(text)
    assert [(c.law_key, c.section) for c in citations] == [
        ("civil-commercial-code", "420"), ("criminal-code", "288")
    ]  # fmt: skip
    assert text[citations[0].start : citations[0].end] == "ป.พ.พ. มาตรา 420"


def test_expand_abbreviations() -> None:
    assert expand_abbreviations("ตาม พ.ร.บ. นี้ ครม. อาจ ฯลฯ ป.อ. ม. 5") == (
        "ตาม พระราชบัญญัติ นี้ คณะรัฐมนตรี อาจ และอื่น ๆ ประมวลกฎหมายอาญา มาตรา 5"
    )
    assert expand_abbreviations("ความ.") == "ความ."


def test_find_years() -> None:
    years = find_years("พ.ศ. ๒๕๖๐ ค.ศ. 2017 มาตรา 1336 ปี 2562")
    assert [y for y, _, _ in years] == [2560, 2560, 2562]
