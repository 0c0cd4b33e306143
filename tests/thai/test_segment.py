import json

from lawreg.thai.normalize import normalize
from lawreg.thai.segment import segment, word_spans


def test_legal_terms_stay_whole() -> None:
    tokens = segment("ผู้รับมอบอำนาจต้องชดใช้ค่าสินไหมทดแทนและคืนลาภมิควรได้แก่พนักงานเจ้าหน้าที่")
    for term in ("ผู้รับมอบอำนาจ", "ค่าสินไหมทดแทน", "ลาภมิควรได้", "พนักงานเจ้าหน้าที่"):
        assert term in tokens


def test_numbers_and_abbreviations_are_single_tokens() -> None:
    assert segment("ป.วิ.อ. ม.134/1 มาตรา ๑๙๓/๓๐ ทวิ") == [
        "ป.วิ.อ.", "ม.", "134/1", "มาตรา", "๑๙๓/๓๐", "ทวิ"
    ]  # fmt: skip


def test_latin_words_are_tokens_and_whitespace_is_not() -> None:
    assert segment("section  420\nof the Code") == ["section", "420", "of", "the", "Code"]


def test_offsets_point_into_the_original_text() -> None:
    text = "  ค\u0e48\u0e4dา\u200bคืน  ผู้รับมอบอำนาจ\n"
    spans = word_spans(text)
    assert [t for t, _, _ in spans] == ["ค่ำคืน", "ผู้รับมอบอำนาจ"]
    for token, start, end in spans:
        assert normalize(text[start:end]) == token


def test_offsets_on_a_real_code(shared_data) -> None:
    sections = json.loads((shared_data / "thai-codes" / "civil-proc-th.json").read_text())["sections"]
    for section in sections[:100]:
        text = section["text"]
        for token, start, end in word_spans(text):
            assert text[start:end] == token


def test_mined_code_terms_are_words() -> None:
    assert "ไขข่าว" in segment("ผู้ใดกล่าวหรือไขข่าวแพร่หลาย")
    assert segment("แล้วจะต้อง")[0] != "แล้"


def test_segment_gives_the_tokens_of_word_spans_on_the_real_codes(shared_data) -> None:
    """segment() skips the offset mapping (indexing needs only the words); on every real
    section, and on damaged and spaced-out variants, it must give the same words."""
    texts = []
    for path in sorted((shared_data / "thai-codes").glob("*.json")):
        sections = json.loads(path.read_text(encoding="utf-8"))["sections"]
        texts += [section["text"] for section in sections[::3]]
    assert len(texts) > 1000
    variants = ["  ทรัพย์สิน\u200b  ของ\r\nผู้อื่น  ", "ค ่ ำ ที ่ เเละ 193 / 30", ""]
    for text in texts + variants:
        assert segment(text) == [token for token, _, _ in word_spans(text)], text[:60]
