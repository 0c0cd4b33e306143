"""The search page: ``GET /search?q=...`` with filters, facets, snippets and pagination.

Query parameters: ``q``, ``type``, ``status``, ``law``, ``agency``, ``group``, ``flag``,
``year_from``, ``year_to`` (Buddhist Era, Thai or Arabic digits), ``sort`` (relevance, year,
year_asc) and ``page``.  A value that cannot be used is dropped and named on the page; a
query that cannot be searched explains why; a search without hits suggests what to try.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template, request
from werkzeug.datastructures import MultiDict

from ..i18n import gettext, lazy_gettext
from ..search import SearchRequest
from ..services import search as search_service
from ..thai.years import normalise_year_be
from .bounds import parse_int

bp = Blueprint("search", __name__)

FILTER_PARAMS = {
    "type": "law_type",
    "status": "status",
    "law": "law_key",
    "agency": "agency",
    "group": "group",
    "flag": "flag",
}
KEPT_PARAMS = ("q", *FILTER_PARAMS, "year_from", "year_to", "sort")
MAX_PARAM_CHARS = 300
MAX_RESULT_PAGE = 500
SORT_LABELS = {
    "relevance": lazy_gettext("Best match"),
    "year": lazy_gettext("Newest law first"),
    "year_asc": lazy_gettext("Oldest law first"),
}
FACET_TITLES = {
    "law_type": lazy_gettext("Type of law"),
    "status": lazy_gettext("Status"),
    "law": lazy_gettext("Law"),
    "group": lazy_gettext("Subject group"),
    "agency": lazy_gettext("Responsible agency"),
    "year": lazy_gettext("Year (B.E.)"),
    "flag": lazy_gettext("Screening flag"),
}
FACET_PARAM = {"law_type": "type", "status": "status", "law": "law", "group": "group",
               "agency": "agency", "flag": "flag"}


@bp.get("/search")
def search() -> tuple[str, int] | str:
    args = request.args
    search_request, errors = parse_request(args)
    search_request.per_page = current_app.config["PAGE_SIZE"]
    kept = {name: args.get(name, "")[:MAX_PARAM_CHARS] for name in KEPT_PARAMS if args.get(name)}
    results = None
    without_filters = None
    if search_request.text.strip():
        results = search_service.search(search_request)
        if not results.hits and search_request.has_filters:
            broader = search_request.without_filters()
            broader.facets = broader.snippets = False
            without_filters = search_service.search(broader).total
    return render_template(
        "search.html",
        query=search_request.text,
        search_request=search_request,
        results=results,
        errors=errors,
        args=kept,
        without_filters=without_filters,
        notices=[notice_message(n.code, n.params) for n in results.notices] if results else [],
        sort_labels=SORT_LABELS,
        facet_titles=FACET_TITLES,
        facet_param=FACET_PARAM,
    )


def parse_request(args: MultiDict[str, str]) -> tuple[SearchRequest, list[str]]:
    """The search request of a query string, and a message for each value refused."""
    errors: list[str] = []
    values: dict[str, Any] = {"text": args.get("q", "")}
    for param, name in FILTER_PARAMS.items():
        value = args.get(param, "").strip()[:MAX_PARAM_CHARS]
        values[name] = value or None
    for name in ("year_from", "year_to"):
        text = args.get(name, "").strip()[:MAX_PARAM_CHARS]
        try:
            values[name] = normalise_year_be(text)
        except ValueError:
            values[name] = None
            errors.append(
                gettext("“%(value)s” is not a Buddhist-Era year; write it like 2560.", value=text)
            )
    if values["year_from"] and values["year_to"] and values["year_from"] > values["year_to"]:
        values["year_from"], values["year_to"] = values["year_to"], values["year_from"]
    sort = args.get("sort", "relevance")
    values["sort"] = sort if sort in SORT_LABELS else "relevance"
    values["page"] = parse_int(args.get("page", "")[:MAX_PARAM_CHARS], 1, MAX_RESULT_PAGE) or 1
    return SearchRequest(**values), errors


def notice_message(code: str, params: dict[str, Any]) -> str:
    if code == "empty":
        return gettext("Type some words, a law's title or a section such as “ป.อ. มาตรา 334”.")
    if code == "no_words":
        return gettext("Your query has no words to search for. Try words such as “ลักทรัพย์” or “เช่าบ้าน”.")
    if code == "truncated":
        return gettext("Your query was long, so only its first %(limit)s characters were used.",
                       limit=params.get("limit"))
    if code == "section_not_found":
        return gettext("The registry has no section %(section)s in this law.",
                       section=params.get("section"))
    if code == "law_without_text":
        return gettext("The text of %(title)s is not in the registry (only its catalogue entry), "
                       "so its section %(section)s cannot be shown.",
                       title=params.get("title"), section=params.get("section"))
    return code

