import pytest

from lawreg.thai.abbreviations import expand_abbreviations
from lawreg.thai.citations import find_citations, own_law_sections
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
        # the law's abbreviation with or without dots and spaces, before or after
        ("ป.พ.พ มาตรา 420", "civil-commercial-code", "420", None),
        ("ปพพ. มาตรา 420", "civil-commercial-code", "420", None),
        ("ปพพ มาตรา 420", "civil-commercial-code", "420", None),
        ("ป พ พ มาตรา 420", "civil-commercial-code", "420", None),
        ("ป. พ. พ. มาตรา 420", "civil-commercial-code", "420", None),
        ("ม.420 ปพพ", "civil-commercial-code", "420", None),
        ("ปวิอ ม.134/1", "criminal-procedure-code", "134/1", None),
        ("มาตรา 78 ป.วิ.อาญา", "criminal-procedure-code", "78", None),
        # "มาตรา", "ม." or a bare "ม" before the number
        ("ป.พ.พ. ม 420", "civil-commercial-code", "420", None),
        ("ป.อ.ม.341", "criminal-code", "341", None),
        # Thai digits, suffixes glued or spaced, slash numbers
        ("มาตรา ๓๓๕ ทวิ ป.อ.", "criminal-code", "335 ทวิ", None),
        ("มาตรา 335ทวิ ป.อ.", "criminal-code", "335 ทวิ", None),
        ("มาตรา 193/30 ป.พ.พ.", "civil-commercial-code", "193/30", None),
        ("มาตรา ๑๙๓/๓๐ วรรคสอง ป.พ.พ.", "civil-commercial-code", "193/30", 2),
        # the law's Thai title before or after
        ("มาตรา 420 ประมวลกฎหมายแพ่งและพาณิชย์", "civil-commercial-code", "420", None),
        ("ประมวลกฎหมายวิธีพิจารณาความแพ่ง มาตรา 4 ทวิ", "civil-procedure-code", "4 ทวิ", None),
        # English: "section", "s.", "sec.", "art.", "§"; the title before or after, any case
        ("section 420 civil and commercial code", "civil-commercial-code", "420", None),
        ("criminal code section 341", "criminal-code", "341", None),
        ("section 78 criminal procedure code", "criminal-procedure-code", "78", None),
        ("civil procedure code s. 4 ทวิ", "civil-procedure-code", "4 ทวิ", None),
        ("Civil Procedure Code s. 4 bis", "civil-procedure-code", "4 ทวิ", None),
        ("sec. 12 ter of the Penal Code", "criminal-code", "12 ตรี", None),
        ("art. 1336 Civil and Commercial Code", "civil-commercial-code", "1336", None),
        ("§ 288 criminal code", "criminal-code", "288", None),
        ("Section 420 paragraph 2 of the Civil and Commercial Code", "civil-commercial-code", "420", 2),
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


@pytest.mark.parametrize(
    ("text", "law_key", "section"),
    [
        ("ปพพ.1382", "civil-commercial-code", "1382"),
        ("ป.พ.พ. 1382", "civil-commercial-code", "1382"),
        ("1382 ปพพ", "civil-commercial-code", "1382"),
        ("277ทวิ ป.อ.", "criminal-code", "277 ทวิ"),
        ("ประมวลกฎหมายอาญา ๒๘๘", "criminal-code", "288"),
        ("civil and commercial code 420", "civil-commercial-code", "420"),
    ],
)
def test_bare_numbers_next_to_a_law_are_citations_when_asked(
    text: str, law_key: str, section: str
) -> None:
    assert find_citations(text) == []  # running text: a number alone is no citation
    [citation] = find_citations(text, bare_numbers=True)
    assert (citation.law_key, citation.section) == (law_key, section)


def test_a_year_next_to_a_title_is_not_a_section() -> None:
    assert find_citations("พ.ร.บ.ล้มละลาย 2483", bare_numbers=True) == []


def test_dotless_initials_must_start_a_word() -> None:
    # "ปอ" ends no law inside a word; the section stays uncited by law
    [citation] = find_citations("สาปอ มาตรา 5")
    assert citation.law_key is None
    assert find_citations("ข้อความ 5 ข้อ") == []  # a word ending in ม is no "ม" marker


def test_a_law_named_before_belongs_to_its_own_section() -> None:
    citations = find_citations("ป.อ. มาตรา 5 ป.พ.พ. มาตรา 6")
    assert [(c.law_key, c.section) for c in citations] == [
        ("criminal-code", "5"), ("civil-commercial-code", "6")
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "sections"),
    [
        # พ.ร.บ.จราจรทางบก มาตรา 160 ตรี: a penalty section names the duty it punishes.
        ("ผู้ใดฝ่าฝืนมาตรา ๔๓ (๒) ต้องระวางโทษจำคุกไม่เกินหนึ่งปี", ["43"]),
        ("ผู้ใดฝ่าฝืนมาตรา ๑๐ มาตรา ๑๑ หรือมาตรา ๑๒ ต้องระวางโทษ", ["10", "11", "12"]),
        ("ตามมาตรา ๓๙ ทวิ และมาตรา 40 วรรคสอง ให้", ["39 ทวิ", "40"]),
        ("ให้นำมาตรา ๑๒ แห่งพระราชบัญญัตินี้มาใช้บังคับ", ["12"]),
        # Another law's sections, named after the citation or after its list, are not its own.
        ("ตามมาตรา 5 แห่งพระราชบัญญัติการทะเบียนราษฎร พ.ศ. 2534", []),
        ("มาตรา ๕ และมาตรา ๖ แห่งพระราชบัญญัติการทะเบียนราษฎร และมาตรา ๙", ["9"]),
        ("เป็นความผิดตามมาตรา ๒๙๕ แห่งประมวลกฎหมายอาญา", []),
        ("ตาม ป.อ. มาตรา 295", []),
        ("ผู้ใดฝ่าฝืนมาตรา ๒๗ หรือมาตรา ๒๗ วรรคสอง", ["27"]),
    ],
)
def test_own_law_sections(text: str, sections: list[str]) -> None:
    assert own_law_sections(text) == sections
