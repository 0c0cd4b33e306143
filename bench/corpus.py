"""Section corpora for the benchmarks: the four real codes, and larger synthetic ones.

The real corpus is read straight from ``thai-codes/*.json`` (the same files the
``thai-codes`` importer reads) so the baselines see exactly the section documents lawreg
indexes: heading + text, docid ``law_key#section`` with the canonical section number.

Synthetic corpora answer "how does search scale to 30k or 300k sections?" without
inventing language: every synthetic section is a recombination of real paragraphs and a
real marginal heading, under new law keys and new section numbers, drawn from a seeded
:class:`random.Random` so every run and every engine sees the same corpus.
"""

from __future__ import annotations

import json
import os
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from lawreg.known_laws import find_by_source_key
from lawreg.thai.numbers import ORDINAL_SUFFIXES, SUFFIX_VARIANTS, parse_section_number

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RELEVANCE_DIR = PROJECT_ROOT / "tests" / "fixtures" / "relevance"
CODE_FILES = ("civil-th.json", "civil-proc-th.json", "criminal-th.json", "criminal-proc-th.json")
_SUFFIXES = "|".join(sorted({*ORDINAL_SUFFIXES, *SUFFIX_VARIANTS}, key=len, reverse=True))
_LEADING_NUMBER = re.compile(
    rf"^\s*มาตรา\s*[0-9๐-๙]+(?:\s*(?:{_SUFFIXES}))?(?:\s*/\s*[0-9๐-๙]+)?\s*"
)


@dataclass(frozen=True)
class SectionDoc:
    law_key: str
    law_title: str
    section: str  # canonical number
    heading: str
    text: str

    @property
    def docid(self) -> str:
        return f"{self.law_key}#{self.section}"

    @property
    def body(self) -> str:
        """What a bag-of-words baseline indexes: the heading and the text."""
        return f"{self.heading}\n{self.text}"


def shared_data_dir() -> Path:
    """``$LAWREG_SHARED_DATA`` or ``../shared/data`` next to the project (as the tests do)."""
    return Path(os.environ.get("LAWREG_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data")).resolve()


def codes_dir() -> Path:
    path = shared_data_dir() / "thai-codes"
    if not path.is_dir():
        raise SystemExit(f"thai-codes not found at {path} (set LAWREG_SHARED_DATA)")
    return path


def heading_of(title: str) -> str:
    """The marginal heading without its leading "มาตรา N" (the text repeats the number)."""
    return _LEADING_NUMBER.sub("", title, count=1).strip() or title.strip()


def load_codes(directory: Path | None = None) -> list[SectionDoc]:
    """Every section of the four codes, in file order."""
    directory = directory or codes_dir()
    docs: list[SectionDoc] = []
    for name in CODE_FILES:
        data = json.loads((directory / name).read_text(encoding="utf-8"))
        law = find_by_source_key(data["id"])
        if law is None:
            raise SystemExit(f"{name}: source id {data['id']!r} is not in known_laws.json")
        for section in data["sections"]:
            docs.append(
                SectionDoc(
                    law_key=law.key,
                    law_title=law.title,
                    section=parse_section_number(section["number"]).canonical,
                    heading=heading_of(section.get("title") or ""),
                    text=section["text"],
                )
            )
    return docs


def _paragraphs(docs: Sequence[SectionDoc]) -> list[str]:
    """Real paragraphs without their "มาตรา N" opening, long enough to read as provisions."""
    found: list[str] = []
    for doc in docs:
        for number, line in enumerate(doc.text.split("\n")):
            line = (_LEADING_NUMBER.sub("", line, count=1) if number == 0 else line).strip()
            if len(line) >= 40:
                found.append(line)
    return found


def synthetic_laws(
    base: Sequence[SectionDoc], sections: int, *, seed: int = 13, per_law: int = 150
) -> Iterator[list[SectionDoc]]:
    """``sections`` synthetic sections grouped into laws of about ``per_law`` sections.

    Each law takes a real code's title plus "(ฉบับทดสอบที่ N)" and key ``synthetic-N``;
    each section gets the next number, a real heading and 1-3 real paragraphs.
    """
    rng = random.Random(seed)
    paragraphs = _paragraphs(base)
    headings = [doc.heading for doc in base if doc.heading]
    titles = sorted({doc.law_title for doc in base})
    made = 0
    law_number = 0
    while made < sections:
        law_number += 1
        size = min(sections - made, max(1, int(rng.gauss(per_law, per_law / 4))))
        title = f"{rng.choice(titles)} (ฉบับทดสอบที่ {law_number})"
        law_docs = []
        for number in range(1, size + 1):
            chosen = rng.sample(paragraphs, rng.choice((1, 1, 2, 2, 3)))
            text = f"มาตรา {number}  " + "\n".join(chosen)
            law_docs.append(
                SectionDoc(f"synthetic-{law_number:05d}", title, str(number), rng.choice(headings), text)
            )
        made += size
        yield law_docs


def corpus_of_size(size: int, *, seed: int = 13) -> list[list[SectionDoc]]:
    """The real codes (one list per law) topped up with synthetic laws to ``size`` sections."""
    real = load_codes()
    by_law: dict[str, list[SectionDoc]] = {}
    for doc in real:
        by_law.setdefault(doc.law_key, []).append(doc)
    laws = list(by_law.values())
    if size > len(real):
        laws.extend(synthetic_laws(real, size - len(real), seed=seed))
    return laws


def parse_size(text: str) -> int:
    """ "3k" → 3000, "300k" → 300000, "3105" → 3105."""
    text = text.strip().lower()
    if text.endswith("k"):
        return int(float(text[:-1]) * 1000)
    return int(text)
