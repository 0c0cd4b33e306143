"""Draw the sections to label for the statute-book screening set
(``python bench/screening_statute_sample.py OUT.jsonl``).

Seeded and blind to the rules: Acts and emergency decrees of ``krisdika-texts`` that the
registry does not know under a built-in key, drawn at random; from each, sections whose
text mentions the things screening is about (licences, registration, applications,
registers, inspections, fees and fines, notices, signatures) and random sections as
ordinary negatives.  A third of the laws (drawn by the same seed) make the held-out part.
The output carries the text for the labeller; the committed fixture keeps only keys.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from lawreg.screening.statute_texts import catalogue_rows, read_law

KEYWORDS = (
    "ใบอนุญาต", "จดทะเบียน", "ทะเบียน", "คำขอ", "ยื่น", "สมุด", "บัญชี", "ตรวจ",
    "ค่าธรรมเนียม", "ปรับ", "ประกาศ", "ปิด", "แจ้ง", "ลายมือชื่อ", "สำเนา", "ไปรษณีย์",
)
# The second, focused draw: the paper and presence words of the labelling rules
# (tests/fixtures/screening_statute/README.md), and amounts in baht.
FOCUS_KEYWORDS = (
    "เป็นหนังสือ", "ด้วยตนเอง", "ลายมือชื่อ", "สำเนา", "ไปรษณีย์", "ปิดประกาศ", "ณ สำนักงาน",
    "แสดงใบอนุญาต", "ที่เปิดเผย", "สมุด", "ทะเบียน", "แบบพิมพ์", "ต่อหน้า", "บาท",
)
# The third draw: the paper and presence words alone (the second one found mostly amounts).
PAPER_KEYWORDS = tuple(w for w in FOCUS_KEYWORDS if w not in {"บาท", "ทะเบียน", "สมุด"})
ACT_TYPES = ("พระราชบัญญัติ", "พระราชกำหนด")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--data", type=Path, default=Path("../shared/data").resolve())
    parser.add_argument("--laws", type=int, default=48)
    parser.add_argument("--per-law", type=int, default=6)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument(
        "--focus", type=Path, nargs="*", help="earlier draws (JSONL): draw other laws, by FOCUS_KEYWORDS"
    )
    parser.add_argument("--paper", action="store_true", help="draw by PAPER_KEYWORDS")
    parser.add_argument(
        "--no-heldout", action="store_true",
        help="every law goes to the development part (a further dev set beside an existing split)",
    )
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    rows = catalogue_rows(args.data)
    candidates = []
    for path in sorted((args.data / "krisdika-texts").glob("*.txt")):
        sysid = path.stem
        if rows.get(sysid, ("", ""))[1] not in ACT_TYPES:
            continue
        law = read_law(args.data, sysid)
        if law.key.startswith("krisdika-") and len(law.sections) >= 12:
            candidates.append(law)
    words = KEYWORDS
    if args.focus:
        drawn = {
            json.loads(line)["law_key"] for path in args.focus for line in path.open(encoding="utf-8")
        }
        candidates = [law for law in candidates if law.key not in drawn]
        words = PAPER_KEYWORDS if args.paper else FOCUS_KEYWORDS
    laws = rng.sample(candidates, args.laws)
    heldout = set() if args.no_heldout else {law.key for law in rng.sample(laws, len(laws) // 3)}
    with args.out.open("w", encoding="utf-8") as out:
        for law in laws:
            body = [s for s in law.sections if s.number not in {"1", "2"}]
            keyword = [s for s in body if any(word in s.text for word in words)]
            chosen = rng.sample(keyword, min(len(keyword), args.per_law - (1 if args.focus else 2)))
            rest = [s for s in body if s not in chosen]
            chosen += rng.sample(rest, min(len(rest), args.per_law - len(chosen)))
            for section in sorted(chosen, key=lambda s: body.index(s)):
                out.write(json.dumps({
                    "part": "heldout" if law.key in heldout else "dev",
                    "law_key": law.key, "title": law.title, "year_be": law.year_be,
                    "section": section.number, "amended_year_be": section.amended_year_be,
                    "text": section.text,
                }, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
