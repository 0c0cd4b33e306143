"""Synthetic corpora for measuring the near-duplicate search at scale.

Real Thai sections are cut into runs of a few words and reassembled into new "sections"
(a mosaic: real vocabulary and word order within each run, no real section repeated), so
a corpus of any size has realistic token statistics.  Into it go *planted* near-duplicates
— copies of a section with one to three words replaced, deleted or inserted — whose pairs
the search must find, and the boilerplate every Act repeats (short title, commencement,
minister in charge, repeal clause) with only the law's name and year varying, which it must
never report.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

MINISTRIES = ("มหาดไทย", "การคลัง", "พาณิชย์", "คมนาคม", "ยุติธรรม", "เกษตรและสหกรณ์", "แรงงาน", "สาธารณสุข")


def boilerplate_sections(name: str, year: int, ministry: str) -> list[str]:
    """The formal clauses of an Act named ``name`` of B.E. ``year``."""
    title = f"พระราชบัญญัติ{name} พ.ศ. {year}"
    return [
        f"พระราชบัญญัตินี้เรียกว่า “{title}”",
        "พระราชบัญญัตินี้ให้ใช้บังคับเมื่อพ้นกำหนดหนึ่งร้อยแปดสิบวันนับแต่วันประกาศในราชกิจจานุเบกษาเป็นต้นไป",
        f"ให้ยกเลิกพระราชบัญญัติ{name} พ.ศ. {year - 30}",
        f"ให้รัฐมนตรีว่าการกระทรวง{ministry}รักษาการตามพระราชบัญญัตินี้ และให้มีอำนาจแต่งตั้ง"
        "พนักงานเจ้าหน้าที่ กับออกกฎกระทรวงเพื่อปฏิบัติการตามพระราชบัญญัตินี้ กฎกระทรวงนั้น"
        "เมื่อได้ประกาศในราชกิจจานุเบกษาแล้วให้ใช้บังคับได้",
    ]


@dataclass
class SyntheticCorpus:
    """Sections as (law key, section number, tokens joined into text)."""

    sections: list[tuple[str, str, str]] = field(default_factory=list)
    planted_pairs: set[frozenset[tuple[str, str]]] = field(default_factory=set)
    boilerplate: set[tuple[str, str]] = field(default_factory=set)


def _mosaic(rng: random.Random, runs: Sequence[Sequence[str]], words: int) -> list[str]:
    tokens: list[str] = []
    while len(tokens) < words:
        tokens.extend(rng.choice(runs))
    return tokens[:words]


def _edit(rng: random.Random, tokens: list[str], vocabulary: Sequence[str]) -> list[str]:
    copy = list(tokens)
    for _ in range(rng.randint(1, 3)):
        position = rng.randrange(len(copy))
        action = rng.choice(("replace", "delete", "insert"))
        if action == "replace":
            copy[position] = rng.choice(vocabulary)
        elif action == "delete" and len(copy) > 20:
            del copy[position]
        else:
            copy.insert(position, rng.choice(vocabulary))
    return copy


def build_corpus(
    source_tokens: Sequence[Sequence[str]],
    sections: int,
    *,
    planted: int = 200,
    sections_per_law: int = 40,
    seed: int = 2026,
) -> SyntheticCorpus:
    """A corpus of about ``sections`` sections built from ``source_tokens`` (the word
    tokens of real sections), with ``planted`` near-duplicate pairs and four boilerplate
    sections per law."""
    rng = random.Random(seed)
    runs = [
        tokens[i : i + size]
        for tokens in source_tokens
        for size in (rng.randint(3, 7),)
        for i in range(0, max(1, len(tokens) - size), size)
    ]
    vocabulary = sorted({token for tokens in source_tokens for token in tokens})
    corpus = SyntheticCorpus()
    law = 0
    originals: list[tuple[str, str, list[str]]] = []
    while len(corpus.sections) < sections:
        law += 1
        key = f"synthetic-act-{law:06d}"
        clauses = boilerplate_sections(f"ทดสอบฉบับที่ {law}", 2500 + law % 60, rng.choice(MINISTRIES))
        for number, text in enumerate(clauses, start=1):
            corpus.sections.append((key, str(number), text))
            corpus.boilerplate.add((key, str(number)))
        for number in range(len(clauses) + 1, sections_per_law + 1):
            tokens = _mosaic(rng, runs, rng.randint(40, 110))
            corpus.sections.append((key, str(number), "".join(tokens)))
            if len(originals) < planted and rng.random() < 0.05:
                originals.append((key, str(number), tokens))
    for index, (key, original_number, tokens) in enumerate(originals):
        copy_key = f"synthetic-copy-{index:06d}"
        corpus.sections.append((copy_key, "1", "".join(_edit(rng, tokens, vocabulary))))
        corpus.planted_pairs.add(frozenset({(key, original_number), (copy_key, "1")}))
    return corpus
