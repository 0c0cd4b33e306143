"""``lawreg search`` and ``lawreg index``: searching from the command line, keeping the index.

``lawreg search --batch FILE --json`` reads one ``{"qid": "...", "text": "..."}`` per line and
prints one ``{"qid": "...", "hits": [...]}`` per query — the run format the relevance
evaluation and benchmarks consume.  A malformed line stops the run before any output, with
the file, line and field named.
"""

from __future__ import annotations

import json
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext

from ..db import get_database
from ..errors import ImportRejected, LawregError
from ..search import SearchError, SearchRequest
from ..services import citations, index_sync
from ..services import search as search_service
from ..services.status import laws_with_dated_changes

NOTICE_TEXT = {
    "empty": "The query is empty: type some words, a law's title or a section such as “ป.อ. มาตรา 334”.",
    "no_words": "The query has no words to search for.",
    "truncated": "The query was cut to its first {limit} characters.",
    "section_not_found": "The registry has no section {section} in {law_key}.",
    "law_without_text": "The text of {title} ({law_key}) is not in the registry, so its section {section} cannot be shown.",
}


@click.command("search")
@with_appcontext
@click.argument("words", nargs=-1)
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--page", default=1, show_default=True, type=click.IntRange(1, 500))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per query.")
@click.option("--type", "law_type", help="Only laws of this type (e.g. ประมวลกฎหมาย).")
@click.option("--status", help="Only laws with this status (in_force, repealed, ...).")
@click.option("--law", "law_key", help="Only this law (its key, e.g. criminal-code).")
@click.option("--year-from", type=int, help="Only laws of this Buddhist-Era year or later.")
@click.option("--year-to", type=int, help="Only laws of this Buddhist-Era year or earlier.")
@click.option("--sort", type=click.Choice(["relevance", "year", "year_asc"]), default="relevance")
@click.option(
    "--batch",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='Run every query of a JSONL file of {"qid": ..., "text": ...} lines.',
)
def search_command(
    words: tuple[str, ...],
    limit: int,
    page: int,
    as_json: bool,
    law_type: str | None,
    status: str | None,
    law_key: str | None,
    year_from: int | None,
    year_to: int | None,
    sort: str,
    batch: Path | None,
) -> None:
    """Search sections and laws: lawreg search ขโมยมือถือ / lawreg search "ป.อ. มาตรา 334"."""
    filters: dict[str, Any] = {
        "law_type": law_type, "status": status, "law_key": law_key,
        "year_from": year_from, "year_to": year_to, "sort": sort,
    }
    if batch is not None:
        if words:
            raise click.UsageError("give either QUERY words or --batch FILE, not both")
        queries = read_batch(batch)
        for qid, text in queries:
            request = SearchRequest(text=text, per_page=limit, facets=False, **filters)
            results = search_service.search(request)
            hits = [hit.to_json() for hit in results.hits]
            click.echo(json.dumps({"qid": qid, "hits": hits}, ensure_ascii=False))
        return
    text = " ".join(words)
    request = SearchRequest(text=text, per_page=limit, page=page, facets=not as_json, **filters)
    started = time.perf_counter()
    results = search_service.search(request)
    elapsed = time.perf_counter() - started
    if as_json:
        click.echo(json.dumps({
            "query": text,
            "total": results.total,
            "notices": [notice_text(n.code, n.params) for n in results.notices],
            "choices": [{"law_key": key, "title": results.law_titles.get(key, key)}
                        for key in results.understanding.choices],
            "hits": [hit.to_json() for hit in results.hits],
        }, ensure_ascii=False))
        return
    for notice in results.notices:
        click.echo(notice_text(notice.code, notice.params), err=True)
    if results.understanding.choices:
        click.echo("Several laws have this name; did you mean one of these (--law KEY)?", err=True)
        for key in results.understanding.choices:
            click.echo(f"  {key}  {results.law_titles.get(key, key)}", err=True)
    if not results.hits:
        click.echo("No results.")
        if results.suggestions:
            click.echo("Try: " + ", ".join(results.suggestions))
        return
    first = (results.request.page - 1) * results.request.per_page
    click.echo(f"{results.total} results ({elapsed * 1000:.0f} ms)")
    for rank, hit in enumerate(results.hits, start=first + 1):
        where = f"{hit.label or 'มาตรา'} {hit.section}" if hit.section else "(law)"
        click.echo(f"{rank:>3}. {hit.law_title} — {where}  [{hit.score:.2f}]  {hit.doc_id}")
        if hit.snippet_text:
            click.echo("     " + hit.snippet_text.replace("\n", " ")[:300])


def notice_text(code: str, params: dict[str, Any]) -> str:
    return NOTICE_TEXT.get(code, code).format(**params)


def read_batch(path: Path) -> list[tuple[str, str]]:
    """The (qid, text) pairs of a batch file; the first bad line raises a usage error."""
    queries: list[tuple[str, str]] = []
    with path.open(encoding="utf-8", errors="strict") as handle:
        try:
            lines = list(handle)
        except UnicodeDecodeError as error:
            raise click.ClickException(f"{path}: not UTF-8 text ({error.reason})") from error
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise click.ClickException(
                str(ImportRejected(str(path), number, None, f"not JSON ({error.msg})"))
            ) from error
        if not isinstance(data, dict):
            raise click.ClickException(str(ImportRejected(str(path), number, None, "not an object")))
        for field in ("qid", "text"):
            if not isinstance(data.get(field), str):
                raise click.ClickException(
                    str(ImportRejected(str(path), number, field, "missing or not a string"))
                )
        queries.append((data["qid"], data["text"]))
    return queries


@click.group("index")
def index_group() -> None:
    """The search index: rebuild it from the database, check it for drift, catch up."""


@index_group.command("rebuild")
@with_appcontext
@click.option("--procs", type=click.IntRange(1, 16), default=None,
              help="Indexing processes (default: INDEX_PROCS, else up to 2).")
def rebuild_command(procs: int | None) -> None:
    """Build a fresh index from the database and switch to it atomically."""
    try:
        with get_database().session() as session:
            report = search_service.rebuild_index(session, procs=procs)
    except (LawregError, SearchError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"indexed {report.laws} laws, {report.documents} documents in {report.seconds:.1f} s "
        f"({report.documents_per_second:.0f} documents/s)"
    )


@index_group.command("check")
@with_appcontext
@click.option("--repair", is_flag=True, help="Re-index the laws that differ.")
def check_command(repair: bool) -> None:
    """Compare the index with the database law by law (exit 1 if they differ, unrepaired)."""
    try:
        with get_database().session() as session:
            result = search_service.check_index(session, repair=repair)
    except (LawregError, SearchError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{result.laws} laws checked")
    for label, keys in (("missing from the index", result.missing),
                        ("stale in the index", result.stale),
                        ("in the index but not in the database", result.extra)):
        if keys:
            shown = ", ".join(keys[:20]) + (" ..." if len(keys) > 20 else "")
            click.echo(f"{len(keys)} {label}: {shown}")
    if result.in_sync:
        click.echo("index in sync with the database")
    elif result.repaired:
        click.echo("repaired")
    else:
        click.echo("run `lawreg index check --repair` to fix")
        raise SystemExit(1)


@index_group.command("sync")
@with_appcontext
def sync_command() -> None:
    """Apply the outbox of changed laws to this host's index now (searches do it too)."""
    try:
        result = index_sync.catch_up()
    except (LawregError, SearchError, OSError) as error:
        raise click.ClickException(f"the index could not catch up: {error}") from error
    if result is None:
        raise click.ClickException("another process kept the index busy; try again")
    how = "compared in full with the database" if result.full_check else (
        f"{result.rows} outbox rows applied ({result.laws} laws)")
    click.echo(f"index caught up to outbox id {result.cursor}: {how}")


@index_group.command("prune-outbox")
@with_appcontext
@click.option("--days", type=click.IntRange(1), default=index_sync.RETENTION_DAYS,
              show_default=True, help="Keep the rows of this many days.")
def prune_outbox_command(days: int) -> None:
    """Delete outbox rows older than --days (a host whose index is further behind compares
    its whole index with the database instead)."""
    with get_database().session() as session:
        deleted = index_sync.prune(session, days)
        session.commit()
    click.echo(f"{deleted} outbox rows older than {days} days deleted")


@index_group.command("refresh-dates")
@with_appcontext
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The last day already reflected in the index (default: yesterday).")
def refresh_dates_command(since: datetime | None) -> None:
    """Re-index the laws with a repeal, amendment or commencement dated after --since and
    up to today: the index holds each law's status and text as of the day it was written,
    so run this daily (e.g. from cron) to let dated changes reach search on their day."""
    today = date.today()
    after = since.date() if since else today - timedelta(days=1)
    with get_database().session() as session:
        keys = laws_with_dated_changes(session, after, today)
    if keys:
        search_service.reindex_laws(keys)
    click.echo(f"{len(keys)} laws re-indexed for changes dated after {after.isoformat()}")


@index_group.command("citations")
@with_appcontext
def citations_command() -> None:
    """Read every current text's citations again into the "cited by" table (after an
    upgrade that added the table; every write keeps it current after that)."""
    started = time.perf_counter()
    with get_database().session() as session:
        stored, keys = citations.rebuild(session)
        session.commit()
    if keys:  # the index documents of their sections carry how often each is cited
        search_service.reindex_laws(sorted(keys))
    click.echo(f"{stored} citations stored in {time.perf_counter() - started:.1f} s; "
               f"{len(keys)} laws re-indexed")
