"""``lawreg search-eval``: score the registry's own search against a judged query set."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import click

from search_index.evaluation import Query, evaluate, format_table, load_qrels, load_queries

from ..errors import LawregError

CUTOFF = 10


def hit_docid(law_key: str, section: str | None) -> str:
    """The docid of a search hit: ``law_key#section``, or the bare key for a law-level hit
    (which no qrels line names, so it counts as not relevant but keeps its rank)."""
    return f"{law_key}#{section}" if section else law_key


def search_rankings(queries: Sequence[Query], k: int = CUTOFF) -> dict[str, list[str]]:
    """The top ``k`` docids of lawreg's search for each query (needs an app context).

    It goes through :func:`lawreg.services.search.search` with the defaults of the search
    page (no filters, relevance order), so what is scored is what users get.
    """
    from search_index.query import SearchRequest

    from ..services.search import search

    rankings: dict[str, list[str]] = {}
    for query in queries:
        results = search(SearchRequest(text=query.text, per_page=k, facets=False, snippets=False))
        rankings[query.qid] = [hit_docid(hit.law_key, hit.section) for hit in results.hits]
    return rankings


@click.command("search-eval")
@click.option(
    "--queries",
    "queries_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="queries.jsonl: one {qid, text, kind} a line",
)
@click.option(
    "--qrels",
    "qrels_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TREC qrels: qid 0 law_key#section grade",
)
@click.option("--json", "as_json", is_flag=True, help="print the report as JSON")
@click.option("--per-kind", is_flag=True, help="one row per query kind, then overall")
def search_eval_command(queries_path: Path, qrels_path: Path, as_json: bool, per_kind: bool) -> None:
    """Recall@1/5/10, MRR@10 and nDCG@10 of lawreg's search on judged queries.

    Searches the index of this instance, so import the laws the qrels name first
    (e.g. `lawreg import thai-codes ../shared/data/thai-codes`).
    """
    try:
        queries = load_queries(queries_path)
        qrels = load_qrels(qrels_path)
    except LawregError as error:
        raise click.ClickException(str(error)) from None
    if not queries:
        raise click.ClickException(f"{queries_path}: no queries")
    rankings = search_rankings(queries)
    if not any(rankings.values()):
        click.echo(
            "warning: the search returned nothing for every query; is the index empty? "
            "(import the laws, or run `lawreg index rebuild`)",
            err=True,
        )
    report = evaluate(queries, qrels, rankings)
    if as_json:
        data = report.to_json()
        if not per_kind:
            data.pop("by_kind")
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    click.echo(format_table(report, per_kind=per_kind))
