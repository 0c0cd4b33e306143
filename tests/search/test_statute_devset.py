"""The statute-book relevance set (tests/fixtures/relevance_statute): shape, split, docids.

The docid check reads the raw texts of ``krisdika-texts`` (skipped without the shared data):
every judged section must be a principal-section heading of its law's file, so a typo in a
docid or a section that sits only in an appended amending instrument fails here rather than
silently lowering recall.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from importers.krisdika_catalog import parse as parse_catalogue
from importers.report import ImportReport
from lawreg.thai.digits import to_arabic_digits
from lawreg.thai.numbers import SectionNumberError, parse_section_number
from search_index.evaluation import load_qrels, load_queries

SET_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "relevance_statute"
KINDS = {"everyday", "question", "legal_term", "english", "long", "officer"}
_HEADING = re.compile(r"^\s*มาตรา\s*([0-9๐-๙][^\[]*?)\s*(?:\[[0-9๐-๙]+\]\s*)*(?:\s{2,}.*)?$")
_NOTES = re.compile(r"\n\s*หมายเหตุ\s*:")


def _parts() -> dict[str, tuple[list, dict[str, dict[str, int]]]]:
    return {
        "dev": (load_queries(SET_DIR / "queries.jsonl"), load_qrels(SET_DIR / "qrels.txt")),
        "heldout": (
            load_queries(SET_DIR / "heldout" / "queries.jsonl"),
            load_qrels(SET_DIR / "heldout" / "qrels.txt"),
        ),
    }


def test_every_query_is_judged_with_a_best_answer() -> None:
    for name, (queries, qrels) in _parts().items():
        assert {query.qid for query in queries} == set(qrels), name
        for query in queries:
            assert query.kind in KINDS, query
            assert 2 in qrels[query.qid].values(), f"{name} {query.qid} has no grade-2 section"


def test_size_and_split_are_what_the_readme_promises() -> None:
    parts = _parts()
    dev, heldout = parts["dev"][0], parts["heldout"][0]
    total = len(dev) + len(heldout)
    assert total >= 150
    assert len(heldout) * 3 >= total
    assert not {q.qid for q in dev} & {q.qid for q in heldout}
    assert not {q.text for q in dev} & {q.text for q in heldout}
    held_kinds, all_kinds = Counter(q.kind for q in heldout), Counter(q.kind for q in [*dev, *heldout])
    assert set(held_kinds) == set(all_kinds) == KINDS
    laws = {doc.split("#")[0] for _, qrels in parts.values() for judged in qrels.values() for doc in judged}
    assert len(laws) >= 60
    assert not laws & {"civil-commercial-code", "civil-procedure-code", "criminal-code", "criminal-procedure-code"}


def _principal_headings(path: Path) -> set[str]:
    """Canonical numbers of the ``มาตรา`` headings before the first ``หมายเหตุ :``."""
    raw = path.read_bytes().decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    body = _NOTES.split(raw.replace("\xa0", " "), maxsplit=1)[0]
    found: set[str] = set()
    for line in body.split("\n"):
        match = _HEADING.match(line)
        if not match:
            continue
        try:
            found.add(parse_section_number(to_arabic_digits(match.group(1))).canonical)
        except SectionNumberError:
            continue
    return found


def test_every_docid_is_a_principal_section_of_its_law(shared_data: Path) -> None:
    texts = shared_data / "krisdika-texts"
    if not texts.is_dir():
        pytest.skip(f"no krisdika-texts in {shared_data}")
    records = parse_catalogue(shared_data / "krisdika" / "law_catalog.csv", ImportReport("krisdika-catalog"))
    sysid_by_key = {record.key: record.source_id for record in records}
    wanted: dict[str, set[str]] = {}
    for _, qrels in _parts().values():
        for judged in qrels.values():
            for doc in judged:
                key, section = doc.split("#", 1)
                wanted.setdefault(key, set()).add(section)
    missing = []
    for key, sections in sorted(wanted.items()):
        sysid = sysid_by_key.get(key)
        assert sysid, f"{key} is not a law of the catalogue"
        headings = _principal_headings(texts / f"{sysid}.txt")
        missing += [f"{key}#{section}" for section in sorted(sections - headings)]
    assert not missing, missing
