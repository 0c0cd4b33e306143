"""Write the statute-book citation query set (``tests/fixtures/citations_statute/``).

Run once, before any tuning, and committed with its output; see the fixture's README.
Each query cites one section of one law of ``krisdika-texts/`` in one of the forms people
write (listed in the fixture's README); the law's key is the one the catalogue importer assigns
(``krisdika-<sysid>``, or the known key for the codes), the section is a heading
``มาตรา N`` of the principal text (before "หมายเหตุ", so not an amending Act's own section).
A third of the laws, chosen by a hash of the key, are held out.

    python -m bench.make_citation_queries ../shared/data tests/fixtures/citations_statute
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

from lawreg.thai.digits import to_arabic_digits

from .statute_corpus import catalogue_records, unique_numbers

SEED = 20261204
_TYPE_ABBREVIATIONS = {"พระราชบัญญัติ": ("พ.ร.บ.", "พรบ"), "พระราชกำหนด": ("พ.ร.ก.", "พรก")}
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_CODE_NAMES = {  # how people write the codes (the abbreviations lawreg stores on them)
    "civil-commercial-code": ["ป.พ.พ.", "ปพพ", "ประมวลแพ่ง"],
    "criminal-code": ["ป.อ.", "ป.อาญา", "ประมวลอาญา"],
    "civil-procedure-code": ["ป.วิ.พ.", "ป.วิ.แพ่ง"],
    "criminal-procedure-code": ["ป.วิ.อ.", "ป.วิ.อาญา"],
    "land-code": ["ป.ที่ดิน"],
}
_ENGLISH = {  # English titles lawreg holds (known_laws.json), as people write them
    "civil-commercial-code": "Civil and Commercial Code",
    "criminal-code": "Criminal Code",
    "civil-procedure-code": "Civil Procedure Code",
    "criminal-procedure-code": "Criminal Procedure Code",
    "land-code": "Land Code",
    "bankruptcy-act-2483": "Bankruptcy Act",
    "administrative-procedure-act-2539": "Administrative Procedure Act",
    "electronic-transactions-act-2544": "Electronic Transactions Act",
    "civil-service-act-2551": "Civil Service Act",
    "budget-procedure-act-2561": "Budget Procedure Act",
    "public-debt-management-act-2548": "Public Debt Management Act",
    "treasury-reserves-act-2491": "Treasury Reserves Act",
}
_QUESTIONS = ["ตาม{c} กำหนดไว้ว่าอย่างไร", "ขอถามเรื่อง{c} ใช้กับกรณีนี้ได้ไหม",
              "ศาลวินิจฉัยตาม{c} อย่างไรบ้าง"]


def short_name(title: str) -> tuple[str, str, int | None]:
    """(type word, name without type and year, year) of a catalogue title."""
    text = to_arabic_digits(title)
    year_match = re.search(r"\s*(?:พ\.\s*ศ\.|พุทธศักราช)\s*(\d{4})\s*$", text)
    year = int(year_match.group(1)) if year_match else None
    text = text[: year_match.start()] if year_match else text
    for word in ("พระราชบัญญัติ", "พระราชกำหนด", "ประมวลกฎหมาย", "ประมวล"):
        if text.startswith(word):
            return word, text[len(word):].strip(), year
    return "", text.strip(), year


def write(shared: Path, out: Path) -> None:
    rng = random.Random(SEED)
    records = catalogue_records(shared)
    by_sysid = {r.source_id: r for r in records if r.source_id}
    name_counts = Counter((short_name(r.title)[0], short_name(r.title)[1]) for r in records)
    laws = []
    for path in sorted((shared / "krisdika-texts").glob("*.txt")):
        record = by_sysid.get(path.stem)
        if record is None or not record.title:
            continue
        kind, name, year = short_name(record.title)
        if not kind or "(ฉบับที่" in name or len(name) > 45:
            continue  # amending Acts and titles nobody writes out in a citation
        numbers = unique_numbers(path)
        if len(numbers) < 3:
            continue
        laws.append((record, kind, name, year, numbers))
    rng.shuffle(laws)
    codes = [entry for entry in laws if entry[0].key in _CODE_NAMES or entry[0].key in _ENGLISH]
    others = [entry for entry in laws if entry not in codes][:64]
    queries: list[dict[str, str]] = []
    qrels: list[str] = []
    for record, kind, name, year, numbers in [*codes, *others]:
        shared_name = name_counts[(kind, name)] > 1
        special = [n for n in numbers if " " in n or "/" in n]
        picks = [rng.choice(numbers[1:]), rng.choice(special or numbers[1:])]
        count = 3 if record.key in _CODE_NAMES else 2
        while len(picks) < count:
            picks.append(rng.choice(numbers))
        for number, section in enumerate(picks):
            english = number == 0 and record.key in _ENGLISH
            form, text = _query(rng, record.key, kind, name, year, section, shared_name, english)
            qid = f"c{len(queries) + 1:03d}"
            held = int(hashlib.sha1(record.key.encode()).hexdigest(), 16) % 3 == 0
            queries.append({"qid": qid, "text": text, "kind": form, "law_key": record.key,
                            "split": "heldout" if held else "dev"})
            qrels.append(f"{qid} 0 {record.key}#{section} 2")
    out.mkdir(parents=True, exist_ok=True)
    with (out / "queries.jsonl").open("w", encoding="utf-8") as handle:
        for query in queries:
            handle.write(json.dumps(query, ensure_ascii=False) + "\n")
    (out / "qrels.txt").write_text("\n".join(qrels) + "\n", encoding="utf-8")
    print(f"{len(queries)} queries over {len({q['law_key'] for q in queries})} laws; "
          f"{Counter(q['kind'] for q in queries)}; {Counter(q['split'] for q in queries)}")


def _query(rng: random.Random, key: str, kind: str, name: str, year: int | None, section: str,
           shared_name: bool, english: bool) -> tuple[str, str]:
    """One citation of ``section`` in a form drawn for this law."""
    marker = rng.choice(["มาตรา ", "มาตรา", "ม.", "ม. "])
    cited = f"{marker}{section}"
    forms = ["title_year", "title", "short", "short_year", "thai_digits", "question"]
    if key in _CODE_NAMES:
        forms = ["abbreviation", "abbreviation", "title", "thai_digits", "question"]
    if shared_name:  # without the year the name is ambiguous: every form names the year
        forms = ["title_year", "short_year", "thai_digits"]
    if " " in section or "/" in section:
        form_prefix = "suffix_" if " " in section else "slash_"
    else:
        form_prefix = ""
    form = "english" if english else rng.choice(forms)
    full = f"{kind}{name}"
    year_text = f" พ.ศ. {year}" if year else ""
    short = f"{rng.choice(_TYPE_ABBREVIATIONS.get(kind, (kind,)))}{name}" if kind in _TYPE_ABBREVIATIONS else full
    if form == "title_year":
        law = f"{full}{year_text}"
    elif form == "title":
        law = full
    elif form == "short":
        law = short
    elif form == "short_year":
        law = f"{short} {year or ''}".strip()
    elif form == "abbreviation":
        law = rng.choice(_CODE_NAMES[key])
    elif form == "english":
        number = section.replace(" ทวิ", " bis").replace(" ตรี", " ter")
        text = rng.choice([f"section {number} of the {_ENGLISH[key]}", f"{_ENGLISH[key]} s. {number}"])
        return form_prefix + form, text
    elif form == "thai_digits":
        law = f"{full}{year_text}" if (shared_name or key not in _CODE_NAMES) else rng.choice(_CODE_NAMES[key])
        cited = cited.translate(_THAI_DIGITS)
        law = law.translate(_THAI_DIGITS)
    else:  # question
        law = short if not shared_name else f"{short} {year}"
        return form_prefix + form, rng.choice(_QUESTIONS).format(c=f"{cited} {law}")
    text = f"{law} {cited}" if rng.random() < 0.5 else f"{cited} {law}"
    return form_prefix + form, text


if __name__ == "__main__":
    write(Path(sys.argv[1]), Path(sys.argv[2]))
