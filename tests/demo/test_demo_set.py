"""The demo set (lawreg/demo/laws.jsonl): well-formed, internally consistent, and covering
every feature the registry, the workflow and the screening rules are demonstrated with.

These tests read the file as plain JSON on purpose, so they check the data itself and do not
depend on the importer; loading through the importer is tested in test_demo_load.py.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from datetime import date
from difflib import SequenceMatcher
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from lawreg.models import LawStatus, LawType, RelationKind, SectionStatus
from lawreg.thai.digits import to_arabic_digits
from lawreg.thai.numbers import parse_section_number

DEMO_FILE = Path(__file__).resolve().parents[2] / "lawreg" / "demo" / "laws.jsonl"

LAW_FIELDS = {
    "key", "title", "title_en", "type", "year_be", "agency", "group", "status", "enacted_on",
    "published_on", "commenced_on", "gazette_ref", "source", "abbreviations", "sections",
    "relations",
}
SECTION_FIELDS = {"number", "label", "heading", "chapter", "status", "text", "versions"}
VERSION_FIELDS = {"text", "valid_from", "valid_to", "amended_by", "note"}
RELATION_FIELDS = {"kind", "target", "section", "target_section", "date", "note"}
REGULATION_TYPES = {"กฎกระทรวง", "ประกาศ", "ระเบียบ", "ข้อบังคับ"}


def load_lines() -> list[dict[str, Any]]:
    with DEMO_FILE.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


LAWS = load_lines()
BY_KEY = {law["key"]: law for law in LAWS}
LINE_OF = {law["key"]: index for index, law in enumerate(LAWS)}


def canonical(number: str | int) -> str:
    return parse_section_number(number).canonical


def sections_by_number(law: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {canonical(section["number"]): section for section in law["sections"]}


def current_text(section: dict[str, Any]) -> str:
    if "versions" in section:
        return next(v["text"] for v in section["versions"] if "valid_to" not in v)
    return section["text"]


def all_texts() -> list[tuple[str, str, str]]:
    """(law key, canonical section number, text) of every version of every section."""
    rows = []
    for law in LAWS:
        for section in law["sections"]:
            texts = [v["text"] for v in section["versions"]] if "versions" in section else [section["text"]]
            rows += [(law["key"], canonical(section["number"]), text) for text in texts]
    return rows


def iso(value: str) -> date:
    return date.fromisoformat(value)


# --- well-formed ------------------------------------------------------------------------

def test_file_is_small_and_every_line_is_one_law_object() -> None:
    assert DEMO_FILE.stat().st_size < 300_000
    assert 25 <= len(LAWS) <= 40
    for law in LAWS:
        assert isinstance(law, dict)
        assert set(law) <= LAW_FIELDS, law["key"]
        assert {"key", "title", "type", "year_be", "agency", "status", "sections"} <= set(law)
        assert law["source"] == "demo"


def test_keys_are_unique() -> None:
    duplicates = [key for key, count in Counter(law["key"] for law in LAWS).items() if count > 1]
    assert duplicates == []


def test_law_metadata_is_valid() -> None:
    statuses = {s.value for s in LawStatus}
    types = {t.value for t in LawType}
    for law in LAWS:
        assert law["status"] in statuses, law["key"]
        assert law["type"] in types, law["key"]
        assert str(law["year_be"]) in law["title"], law["key"]
        enacted, published, commenced = (
            iso(law[name]) for name in ("enacted_on", "published_on", "commenced_on")
        )
        assert enacted <= published <= commenced, law["key"]
        assert law["year_be"] - 543 in {enacted.year, enacted.year + 1}, law["key"]
        volume = re.search(r"เล่ม (\d+)", law["gazette_ref"])
        assert volume and int(volume.group(1)) == law["year_be"] - 2426, law["key"]
        assert all(part.strip() for part in law["agency"].split(" > ")), law["key"]


def test_sections_are_well_formed_and_numbers_unique_per_law() -> None:
    for law in LAWS:
        assert 4 <= len(law["sections"]) <= 15, law["key"]
        numbers = [canonical(section["number"]) for section in law["sections"]]
        assert len(numbers) == len(set(numbers)), law["key"]
        sort_keys = [parse_section_number(n).sort_key for n in numbers]
        assert sort_keys == sorted(sort_keys), f"{law['key']}: sections out of code order"
        for section in law["sections"]:
            assert set(section) <= SECTION_FIELDS
            assert ("text" in section) != ("versions" in section)
            assert section.get("status", "in_force") in {s.value for s in SectionStatus}
            for text in [v["text"] for v in section.get("versions", [])] or [section["text"]]:
                assert text.strip(), (law["key"], section["number"])
                # The number is a field of its own; the text does not repeat it.
                assert not re.match(r"\s*(มาตรา|ข้อ)\s*[\d๐-๙]", text), (law["key"], section["number"])


def test_regulations_number_their_provisions_with_kho() -> None:
    for law in LAWS:
        labels = {section.get("label", "มาตรา") for section in law["sections"]}
        expected = "ข้อ" if law["type"] in REGULATION_TYPES else "มาตรา"
        assert labels == {expected}, law["key"]


# --- internally consistent ----------------------------------------------------------------

def test_every_relation_points_at_a_law_and_sections_of_the_file() -> None:
    kinds = {k.value for k in RelationKind}
    for law in LAWS:
        own = sections_by_number(law)
        for relation in law.get("relations", []):
            assert set(relation) <= RELATION_FIELDS
            assert relation["kind"] in kinds
            assert relation["target"] in BY_KEY, (law["key"], relation)
            assert relation["target"] != law["key"]
            if "section" in relation:
                assert canonical(relation["section"]) in own, (law["key"], relation)
            if "target_section" in relation:
                target = sections_by_number(BY_KEY[relation["target"]])
                assert canonical(relation["target_section"]) in target, (law["key"], relation)


def test_amended_by_names_a_law_on_an_earlier_line() -> None:
    for law in LAWS:
        for section in law["sections"]:
            for version in section.get("versions", []):
                assert set(version) <= VERSION_FIELDS
                if "amended_by" in version:
                    assert version["amended_by"] in BY_KEY
                    assert LINE_OF[version["amended_by"]] < LINE_OF[law["key"]], (
                        law["key"], section["number"]
                    )


def test_version_dates_are_ordered_and_contiguous() -> None:
    for law in LAWS:
        commenced = iso(law["commenced_on"])
        for section in law["sections"]:
            versions = section.get("versions")
            if not versions:
                continue
            where = (law["key"], section["number"])
            starts = [iso(v["valid_from"]) for v in versions]
            assert starts[0] >= commenced, where
            for earlier, later in zip(versions, versions[1:], strict=False):
                assert iso(earlier["valid_from"]) < iso(earlier["valid_to"]), where
                assert earlier["valid_to"] == later["valid_from"], where
            assert "valid_to" not in versions[-1], where


def test_each_dated_version_is_the_work_of_its_amending_law() -> None:
    """A version's start is its amending law's commencement, the amending law has an
    amends (or repeals) relation to exactly this section, and its operative section quotes
    the new text."""
    for law in LAWS:
        for section in law["sections"]:
            for version in section.get("versions", []):
                if "amended_by" not in version:
                    continue
                amending = BY_KEY[version["amended_by"]]
                number = canonical(section["number"])
                where = (law["key"], number, amending["key"])
                assert version["valid_from"] == amending["commenced_on"], where
                relations = [
                    r for r in amending["relations"]
                    if r["target"] == law["key"] and canonical(r.get("target_section", "0")) == number
                ]
                assert len(relations) == 1, where
                relation = relations[0]
                assert relation["date"] == version["valid_from"], where
                if relation["kind"] == "repeals":
                    assert section.get("status") == "repealed", where
                    continue
                assert relation["kind"] == "amends", where
                operative = sections_by_number(amending)[canonical(relation["section"])]
                assert to_arabic_digits(version["text"]) in to_arabic_digits(operative["text"]), where


def test_subject_groups_come_from_the_real_catalogue(shared_data: Path) -> None:
    with (shared_data / "krisdika" / "law_groups.csv").open(encoding="utf-8") as handle:
        catalogue = {row["law_group"] for row in csv.DictReader(handle)}
    for law in LAWS:
        groups = [law["group"]] if isinstance(law["group"], str) else law["group"]
        assert set(groups) <= catalogue, law["key"]


def test_section_texts_are_not_copied_from_real_statutes(shared_data: Path) -> None:
    real = []
    for path in sorted((shared_data / "thai-codes").glob("*.json")):
        real += [str(s["text"]) for s in json.loads(path.read_text(encoding="utf-8"))["sections"]]
    for path in sorted((shared_data / "thai-law-sections").glob("*.json")):
        real.append(path.read_text(encoding="utf-8"))
    corpus = to_arabic_digits("\n".join(real))
    assert len(corpus) > 1_000_000
    for key, number, text in all_texts():
        for sentence in re.split(r"\n| (?=ให้|ผู้ใด)", to_arabic_digits(text)):
            if len(sentence) >= 60:
                assert sentence not in corpus, (key, number, sentence)


# --- the features later work is demonstrated with ---------------------------------------

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
