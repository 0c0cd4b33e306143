"""``lawreg search-eval`` scores the instance's real search against a judged query set."""

from __future__ import annotations

import json
from pathlib import Path

from lawreg.records import LawRecord, SectionRecord
from lawreg.services import UnitOfWork
from lawreg.services.laws import upsert_law

THEFT = (
    "ผู้ใดเอาทรัพย์ของผู้อื่นหรือที่ผู้อื่นเป็นเจ้าของรวมอยู่ด้วยไปโดยทุจริต "
    "ผู้นั้นกระทำความผิดฐานลักทรัพย์ ต้องระวางโทษจำคุกไม่เกินสามปี และปรับไม่เกินหกหมื่นบาท"
)
MURDER = "ผู้ใดฆ่าผู้อื่น ต้องระวางโทษประหารชีวิต จำคุกตลอดชีวิต หรือจำคุกตั้งแต่สิบห้าปีถึงยี่สิบปี"


def _write(tmp_path: Path, queries: list[dict[str, str]], qrels: str) -> tuple[str, str]:
    queries_path = tmp_path / "queries.jsonl"
    queries_path.write_text(
        "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in queries), encoding="utf-8"
    )
    qrels_path = tmp_path / "qrels.txt"
    qrels_path.write_text(qrels, encoding="utf-8")
    return str(queries_path), str(qrels_path)


def _store_criminal_code(uow: UnitOfWork) -> None:
    upsert_law(
        uow,
        LawRecord(
            key="criminal-code",
            title="ประมวลกฎหมายอาญา",
            law_type="ประมวลกฎหมาย",
            year_be=2499,
            abbreviations=["ป.อ."],
            sections=[
                SectionRecord("288", text=MURDER, heading="ฆ่าผู้อื่นโดยเจตนา"),
                SectionRecord("334", text=THEFT, heading="ความผิดฐานลักทรัพย์และโทษ"),
            ],
        ),
    )
    uow.commit()


def test_search_eval_reports_per_kind(uow: UnitOfWork, runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _store_criminal_code(uow)
    queries, qrels = _write(
        tmp_path,
        [
            {"qid": "c1", "text": "ป.อ. มาตรา 334", "kind": "citation"},
            {"qid": "t1", "text": "ลักทรัพย์", "kind": "legal_term"},
            # judged against the wrong section on purpose: the search must not find 288 here
            {"qid": "t2", "text": "ลักทรัพย์ ทุจริต", "kind": "legal_term"},
        ],
        "c1 0 criminal-code#334 2\nt1 0 criminal-code#334 2\nt2 0 criminal-code#288 2\n",
    )
    result = runner.invoke(args=["search-eval", "--queries", queries, "--qrels", qrels, "--json", "--per-kind"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["per_query"]["c1"]["recall@1"] == 1.0
    assert report["per_query"]["t1"]["recall@1"] == 1.0
    assert report["per_query"]["t2"]["recall@10"] == 0.0
    assert report["by_kind"]["legal_term"]["recall@10"] == 0.5
    assert report["counts"] == {"legal_term": 2, "citation": 1, "overall": 3}

    table = runner.invoke(args=["search-eval", "--queries", queries, "--qrels", qrels, "--per-kind"])
    assert table.exit_code == 0
    rows = [line.split()[0] for line in table.output.splitlines()[2:]]
    assert rows == ["legal_term", "citation", "overall"]


def test_search_eval_warns_when_the_index_is_empty(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    queries, qrels = _write(
        tmp_path, [{"qid": "t1", "text": "ลักทรัพย์", "kind": "legal_term"}], "t1 0 criminal-code#334 2\n"
    )
    result = runner.invoke(args=["search-eval", "--queries", queries, "--qrels", qrels])
    assert result.exit_code == 0
    assert "is the index empty?" in result.output
    assert "overall" in result.output


def test_search_eval_names_the_bad_line(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    queries, qrels = _write(
        tmp_path, [{"qid": "t1", "text": "ลักทรัพย์", "kind": "legal_term"}], "t1 0 criminal-code#334 2\nt1 0 criminal-code#288 high\n"
    )
    result = runner.invoke(args=["search-eval", "--queries", queries, "--qrels", qrels])
    assert result.exit_code == 1
    assert "line 2" in result.output and "field rel" in result.output
    assert "Traceback" not in result.output
