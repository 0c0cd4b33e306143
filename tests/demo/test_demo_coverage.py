"""The demo set (lawreg/demo/laws.jsonl) covers every feature the registry, the workflow and
the screening rules are demonstrated with (lawreg/demo/README.md lists them); read as plain
JSON, as in test_demo_set.py.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from itertools import combinations

import pytest

from lawreg.thai.digits import to_arabic_digits

from .demo_set import (
    BY_KEY,
    LAWS,
    REGULATION_TYPES,
    all_texts,
    canonical,
    current_text,
)


def test_covers_every_type_with_acts_the_most_common() -> None:
    types = Counter(law["type"] for law in LAWS)
    assert set(types) >= {
        "พระราชบัญญัติ", "พระราชกำหนด", "พระราชกฤษฎีกา", "กฎกระทรวง", "ประกาศ", "ระเบียบ", "ข้อบังคับ",
    }
    assert types.most_common(1)[0][0] == "พระราชบัญญัติ"


def test_covers_old_and_new_laws_and_several_agencies_and_groups() -> None:
    years = [law["year_be"] for law in LAWS]
    assert sum(2480 <= y < 2520 for y in years) >= 5
    assert sum(y >= 2560 for y in years) >= 5
    ministries = {law["agency"].split(" > ")[0] for law in LAWS}
    assert len(ministries) >= 5
    assert all(" > " in law["agency"] for law in LAWS)
    groups = [law["group"] for law in LAWS]
    assert any(isinstance(g, list) and len(g) == 2 for g in groups)
    assert len({g for item in groups for g in ([item] if isinstance(item, str) else item)}) >= 6
    assert sum("title_en" in law for law in LAWS) >= 0.8 * len(LAWS)
    assert sum(bool(law.get("abbreviations")) for law in LAWS) >= 3


def test_amended_laws_have_dated_versions_from_amending_acts() -> None:
    amended = {
        law["key"]
        for law in LAWS
        for section in law["sections"]
        if 2 <= len(section.get("versions", [])) <= 3
        and any(BY_KEY[v.get("amended_by", law["key"])]["title"].find("(ฉบับที่") > 0
                for v in section["versions"])
    }
    assert len(amended) >= 3
    three_versions = [
        (law["key"], s["number"]) for law in LAWS for s in law["sections"]
        if len(s.get("versions", [])) == 3
    ]
    assert len(three_versions) >= 2


def test_a_repealed_law_and_a_partly_repealed_law() -> None:
    repealed = [law for law in LAWS if law["status"] == "repealed"]
    assert repealed
    for law in repealed:
        repealers = [
            (other, relation) for other in LAWS for relation in other.get("relations", [])
            if relation["kind"] == "repeals" and relation["target"] == law["key"]
        ]
        assert repealers, law["key"]
        for other, relation in repealers:
            assert other["year_be"] > law["year_be"]
            assert relation["date"] == other["commenced_on"]
    partly = [law for law in LAWS if law["status"] == "partly_repealed"]
    assert partly
    for law in partly:
        statuses = Counter(s.get("status", "in_force") for s in law["sections"])
        assert statuses["repealed"] >= 1 and statuses["in_force"] >= 1, law["key"]


def test_subordinate_legislation_names_its_enabling_section() -> None:
    enabled = [
        (law, relation) for law in LAWS for relation in law.get("relations", [])
        if relation["kind"] == "enabled_by"
    ]
    assert len(enabled) >= 6
    for law, relation in enabled:
        assert law["type"] in REGULATION_TYPES | {"พระราชกฤษฎีกา"}, law["key"]
        assert BY_KEY[relation["target"]]["type"] == "พระราชบัญญัติ"
        assert "target_section" in relation, law["key"]
    assert {law["type"] for law, _ in enabled} >= REGULATION_TYPES


def test_section_numbers_in_thai_digits_and_inserted_sections() -> None:
    raw_numbers = [str(s["number"]) for law in LAWS for s in law["sections"]]
    assert any(re.search("[๐-๙]", n) for n in raw_numbers)
    canonical_numbers = [canonical(n) for n in raw_numbers]
    assert any(" ทวิ" in n for n in canonical_numbers)
    assert any("/" in n for n in canonical_numbers)
    assert "๑๒ ทวิ" in raw_numbers


def text_with(pattern: str) -> list[tuple[str, str]]:
    return [(key, number) for key, number, text in all_texts() if re.search(pattern, text)]


@pytest.mark.parametrize(
    "pattern",
    [
        r"ยื่นคำขอเป็นหนังสือ",
        r"สำเนาบัตรประจำตัวประชาชน",
        r"สำเนาทะเบียนบ้าน",
        r"รับรองสำเนาถูกต้อง",
        r"ลงลายมือชื่อ",
        r"มาแสดงตน",
        r"ด้วยตนเอง",
        r"ไปรษณีย์ลงทะเบียนตอบรับ",
        r"ปิดประกาศไว้ ณ ที่ว่าการอำเภอ",
        r"หนังสือพิมพ์",
        r"ฉบับจริง|ต้นฉบับ",
        r"ประทับตรา",
        r"โทรสาร|โทรเลข",
        r"สมุดทะเบียน",
        r"ตรวจสถานที่|ตรวจสภาพ",
        r"หรือโดยวิธีการทางอิเล็กทรอนิกส์ตามที่รัฐมนตรีประกาศกำหนด",
        r"เทเล็กซ์|แผ่นดิสเก็ตต์",
        r"กระทรวงเศรษฐการ|กระทรวงพัฒนาการแห่งชาติ|กรมประชาสงเคราะห์",
    ],
)
def test_screening_patterns_occur(pattern: str) -> None:
    assert text_with(pattern)


def test_a_private_law_form_rule_between_citizens() -> None:
    assert text_with(r"ต้องทำเป็นหนังสือและลงลายมือชื่อคู่สัญญา")


THAI_DIGIT_WORDS = {"หนึ่ง": 1, "เอ็ด": 1, "สอง": 2, "ยี่": 2, "สาม": 3, "สี่": 4, "ห้า": 5,
                    "หก": 6, "เจ็ด": 7, "แปด": 8, "เก้า": 9}
THAI_MULTIPLIERS = {"สิบ": 10, "ร้อย": 100, "พัน": 1_000, "หมื่น": 10_000, "แสน": 100_000,
                    "ล้าน": 1_000_000}
_NUMBER_WORD = re.compile("|".join(sorted([*THAI_DIGIT_WORDS, *THAI_MULTIPLIERS], key=len, reverse=True)))


def thai_amount(words: str) -> int:
    """"ห้าร้อย" → 500, "หนึ่งแสน" → 100000, "๕๐" → 50 (enough for fines below a million)."""
    digits = to_arabic_digits(words).replace(",", "").strip()
    if digits.isdigit():
        return int(digits)
    tokens = _NUMBER_WORD.findall(words)
    assert "".join(tokens) == words.strip(), f"not a Thai number: {words!r}"
    total, digit = 0, None
    for token in tokens:
        if token in THAI_DIGIT_WORDS:
            digit = THAI_DIGIT_WORDS[token]
        else:
            total += (1 if digit is None else digit) * THAI_MULTIPLIERS[token]
            digit = None
    return total + (digit or 0)


def test_thai_amount_reads_fines() -> None:
    assert [thai_amount(w) for w in ("ห้าร้อย", "หนึ่งแสน", "๕๐", "ยี่สิบเอ็ด", "สองแสนห้าหมื่น")] == [
        500, 100_000, 50, 21, 250_000
    ]


def fines() -> list[tuple[str, int]]:
    found = []
    for key, _number, text in all_texts():
        for match in re.finditer(r"ปรับไม่เกิน\s*([^\sบ]+?)\s*บาท", text):
            found.append((key, thai_amount(match.group(1))))
    return found


def test_stale_fines_in_old_laws_and_current_fines_in_new_ones() -> None:
    year = {law["key"]: law["year_be"] for law in LAWS}
    stale = {key for key, amount in fines() if amount <= 1_000 and year[key] < 2520}
    current = {key for key, amount in fines() if amount >= 100_000 and year[key] >= 2560}
    assert len(stale) >= 4
    assert len(current) >= 2
    amounts = {amount for _key, amount in fines()}
    assert {50, 500, 1_000, 100_000} <= amounts


def test_every_act_has_the_boilerplate_provisions() -> None:
    for law in LAWS:
        if law["type"] not in {"พระราชบัญญัติ", "พระราชกำหนด", "พระราชกฤษฎีกา"}:
            continue
        texts = [current_text(s) for s in law["sections"]]
        kind = law["type"]
        assert texts[0].startswith(f"{kind}นี้เรียกว่า “"), law["key"]
        assert "ใช้บังคับ" in texts[1] or "ให้ใช้พระราชบัญญัตินี้" in texts[1], law["key"]
        assert any("รักษาการ" in text for text in texts), law["key"]


def related_pairs() -> set[frozenset[str]]:
    """Laws whose likeness is expected: an amending Act and the law it amends (it quotes the
    new text), and two amending Acts of the same law (they replace the same sections)."""
    edits = [
        (law["key"], relation["target"])
        for law in LAWS for relation in law.get("relations", [])
        if relation["kind"] in {"amends", "repeals"}
    ]
    pairs = {frozenset(edit) for edit in edits}
    pairs |= {
        frozenset((a, b)) for (a, target_a), (b, target_b) in combinations(set(edits), 2)
        if target_a == target_b and a != b
    }
    return pairs


def near_duplicates(threshold: float = 0.8, min_length: int = 150) -> set[tuple[str, str]]:
    """Pairs "law#section" of long provisions in unrelated laws that are alike but not equal.
    The minister-in-charge clause is boilerplate every Act repeats, so it is left out."""
    candidates = [
        (law["key"], canonical(s["number"]), current_text(s))
        for law in LAWS for s in law["sections"]
        if len(current_text(s)) >= min_length and "รักษาการ" not in current_text(s)
    ]
    related = related_pairs()
    found = set()
    for (key_a, num_a, text_a), (key_b, num_b, text_b) in combinations(candidates, 2):
        if key_a == key_b or frozenset((key_a, key_b)) in related or text_a == text_b:
            continue
        matcher = SequenceMatcher(None, text_a, text_b, autojunk=False)
        if matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold \
                and matcher.ratio() >= threshold:
            found.add(tuple(sorted((f"{key_a}#{num_a}", f"{key_b}#{num_b}"))))
    return found


def test_near_duplicate_provisions_in_two_laws() -> None:
    assert near_duplicates() == {
        ("folk-herbal-medicine-act-2564#8", "rice-mill-licensing-act-2510#11"),
        ("community-markets-act-2562#9", "community-radio-act-2553#9"),
    }
