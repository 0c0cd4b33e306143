"""Relevance evaluation of section search: reading a judged query set, scoring rankings.

The dev set lives in ``tests/fixtures/relevance/``: ``queries.jsonl`` (one
``{"qid", "text", "kind"}`` per line) and ``qrels.txt`` in TREC format
(``qid 0 docid rel``, docid ``law_key#section``, rel 1 = relevant, 2 = the best answer).

Everything here is a pure function of its inputs, so the same code scores lawreg's search,
the benchmark baselines and hand-made toy cases in the unit tests.  Metric definitions
(k is the cut-off; a ranking is a list of docids, best first; a docid repeated within the
first k counts at its first position only):

* Recall@k — relevant docids (rel >= 1) among the first k, divided by all relevant docids;
* MRR@10 — 1 / rank of the first relevant docid within the first 10, else 0;
* nDCG@10 — graded: gain ``2**rel - 1`` discounted by ``log2(rank + 1)``, divided by the
  same sum over the ideal ordering of the judged docids.

Averages are macro averages over queries, overall and per query kind.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lawreg.errors import ImportRejected

METRICS: tuple[str, ...] = ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10")
QUERY_KINDS: tuple[str, ...] = ("everyday", "legal_term", "citation", "question", "english")

Qrels = Mapping[str, Mapping[str, int]]
"""qid -> {docid: grade}; only grades > 0 are kept by :func:`load_qrels`."""


@dataclass(frozen=True)
class Query:
    qid: str
    text: str
    kind: str


def docid(law_key: str, section: str) -> str:
    """The docid of a section in qrels and rankings: ``law_key#section`` (canonical number)."""
    return f"{law_key}#{section}"


def load_queries(path: str | Path) -> list[Query]:
    """Read ``queries.jsonl``; a malformed line raises :class:`ImportRejected` naming it."""
    path = Path(path)
    queries: list[Query] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as error:
                raise ImportRejected(str(path), number, None, f"not JSON ({error.msg})") from None
            if not isinstance(data, dict):
                raise ImportRejected(str(path), number, None, "expected a JSON object")
            for name in ("qid", "text", "kind"):
                value = data.get(name)
                if not isinstance(value, str) or not value.strip():
                    raise ImportRejected(str(path), number, name, "missing or empty string")
            if data["qid"] in seen:
                raise ImportRejected(str(path), number, "qid", f"duplicate qid {data['qid']!r}")
            seen.add(data["qid"])
            queries.append(Query(data["qid"], data["text"], data["kind"]))
    return queries


def load_qrels(path: str | Path) -> dict[str, dict[str, int]]:
    """Read TREC qrels (``qid 0 docid rel``); judgments with rel 0 are dropped.

    Unlike strict TREC, a docid may contain single spaces, because canonical section
    numbers do ("criminal-code#335 ทวิ"); the grade is always the last field.
    """
    path = Path(path)
    qrels: dict[str, dict[str, int]] = {}
    seen: set[tuple[str, str]] = set()
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split()
            if len(parts) < 4:
                raise ImportRejected(
                    str(path), number, None, f"expected 'qid 0 docid rel', got {len(parts)} fields"
                )
            # A section number may hold a space ("335 ทวิ"): the docid is everything between
            # the iteration column and the grade.
            qid, grade_text, doc = parts[0], parts[-1], " ".join(parts[2:-1])
            if "#" not in doc:
                raise ImportRejected(str(path), number, "docid", f"{doc!r} is not law_key#section")
            try:
                grade = int(grade_text)
            except ValueError:
                raise ImportRejected(str(path), number, "rel", f"{grade_text!r} is not an integer") from None
            if grade < 0:
                raise ImportRejected(str(path), number, "rel", "grade must be >= 0")
            if (qid, doc) in seen:
                raise ImportRejected(str(path), number, "docid", f"{doc} judged twice for {qid}")
            seen.add((qid, doc))
            judged = qrels.setdefault(qid, {})
            if grade > 0:
                judged[doc] = grade
    return {qid: judged for qid, judged in qrels.items() if judged}


def _positions(ranking: Iterable[str], k: int) -> list[str | None]:
    """The first k positions; a docid repeated there counts at its first position only
    (later copies become ``None``), so listing a section twice earns nothing twice."""
    seen: set[str] = set()
    positions: list[str | None] = []
    for doc in ranking:
        if len(positions) == k:
            break
        positions.append(None if doc in seen else doc)
        seen.add(doc)
    return positions


def recall_at(ranking: Sequence[str], relevant: Mapping[str, int], k: int) -> float:
    total = sum(1 for grade in relevant.values() if grade > 0)
    if total == 0:
        raise ValueError("recall is undefined for a query without relevant docids")
    found = sum(1 for doc in _positions(ranking, k) if doc is not None and relevant.get(doc, 0) > 0)
    return found / total


def reciprocal_rank(ranking: Sequence[str], relevant: Mapping[str, int], k: int = 10) -> float:
    for rank, doc in enumerate(_positions(ranking, k), start=1):
        if doc is not None and relevant.get(doc, 0) > 0:
            return 1.0 / rank
    return 0.0


def ndcg_at(ranking: Sequence[str], relevant: Mapping[str, int], k: int) -> float:
    def dcg(grades: Iterable[int]) -> float:
        return sum((2**grade - 1) / math.log2(rank + 1) for rank, grade in enumerate(grades, start=1))

    ideal = dcg(sorted((g for g in relevant.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        raise ValueError("nDCG is undefined for a query without relevant docids")
    return dcg(relevant.get(doc, 0) if doc else 0 for doc in _positions(ranking, k)) / ideal


def score_query(ranking: Sequence[str], relevant: Mapping[str, int]) -> dict[str, float]:
    """All :data:`METRICS` of one ranking against its judgments."""
    return {
        "recall@1": recall_at(ranking, relevant, 1),
        "recall@5": recall_at(ranking, relevant, 5),
        "recall@10": recall_at(ranking, relevant, 10),
        "mrr@10": reciprocal_rank(ranking, relevant, 10),
        "ndcg@10": ndcg_at(ranking, relevant, 10),
    }


def _mean(rows: Sequence[Mapping[str, float]]) -> dict[str, float]:
    return {name: sum(row[name] for row in rows) / len(rows) for name in METRICS} if rows else {}


@dataclass
class EvaluationReport:
    """Per-query scores and their macro averages; ``counts`` is the number of queries averaged."""

    per_query: dict[str, dict[str, float]]
    by_kind: dict[str, dict[str, float]]
    overall: dict[str, float]
    counts: dict[str, int] = field(default_factory=dict)
    unjudged: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "overall": self.overall,
            "by_kind": self.by_kind,
            "counts": self.counts,
            "unjudged": self.unjudged,
            "per_query": self.per_query,
        }


def evaluate(
    queries: Sequence[Query], qrels: Qrels, rankings: Mapping[str, Sequence[str]]
) -> EvaluationReport:
    """Score ``rankings`` (qid -> docids, best first) against ``qrels``.

    A query absent from ``rankings`` scores zero (the system found nothing); a query without
    judgments cannot be scored and is listed in ``unjudged`` instead of being averaged.
    """
    per_query: dict[str, dict[str, float]] = {}
    rows_by_kind: dict[str, list[dict[str, float]]] = {}
    unjudged: list[str] = []
    for query in queries:
        relevant = qrels.get(query.qid)
        if not relevant:
            unjudged.append(query.qid)
            continue
        scores = score_query(rankings.get(query.qid, ()), relevant)
        per_query[query.qid] = scores
        rows_by_kind.setdefault(query.kind, []).append(scores)
    ordered_kinds = [k for k in QUERY_KINDS if k in rows_by_kind] + sorted(
        k for k in rows_by_kind if k not in QUERY_KINDS
    )
    by_kind = {kind: _mean(rows_by_kind[kind]) for kind in ordered_kinds}
    counts = {kind: len(rows_by_kind[kind]) for kind in ordered_kinds}
    counts["overall"] = len(per_query)
    return EvaluationReport(per_query, by_kind, _mean(list(per_query.values())), counts, unjudged)


def format_table(report: EvaluationReport, *, per_kind: bool = True, title: str = "") -> str:
    """A fixed-width table of the averages: one row per kind (optionally) and ``overall``."""
    header = f"{title or 'kind':<12} {'n':>4} " + " ".join(f"{m:>9}" for m in METRICS)
    lines = [header, "-" * len(header)]
    rows = list(report.by_kind.items()) if per_kind else []
    rows.append(("overall", report.overall))
    for kind, means in rows:
        cells = " ".join(f"{means.get(m, 0.0):>9.3f}" for m in METRICS)
        lines.append(f"{kind:<12} {report.counts.get(kind, 0):>4} {cells}")
    if report.unjudged:
        lines.append(f"unjudged queries (not averaged): {', '.join(report.unjudged)}")
    return "\n".join(lines)
