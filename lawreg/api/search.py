"""Search: the same engine, query understanding, facets and snippets as the search page."""

from __future__ import annotations

from flask import Response, request

from ..services import search as search_service
from ..web.search import parse_request
from . import schemas, serialize
from .http import ApiError, conditional, page_args, paged
from .spec import PAGE_PARAMS, Param, operation

SEARCH_PARAMS = (
    Param("q", description="words, a title or a citation such as ป.พ.พ. มาตรา 1336",
          required=True),
    Param("type", description="Thai law type"),
    Param("status", description="law status"),
    Param("law", description="a law's key"),
    Param("agency", description="agency name"),
    Param("group", description="subject group"),
    Param("flag", description="screening flag category"),
    Param("year_from", description="B.E. year", type="integer"),
    Param("year_to", description="B.E. year", type="integer"),
    Param("sort", description="relevance, year or year_asc"),
)
MAX_PAGE = 500


@operation("/search", summary="Search sections and laws", response=schemas.SearchResults,
           params=(*SEARCH_PARAMS, *PAGE_PARAMS), tag="search", errors=(400,))
def search() -> Response:
    """Results at the level of sections, with facet counts, highlighted snippets (matched
    words marked) and the notices the page shows (``truncated``, ``section_not_found``...)."""
    search_request, errors = parse_request(request.args)
    if errors:
        raise ApiError(400, "invalid_parameter", str(errors[0]),
                       parameter="year_from" if request.args.get("year_from") else "year_to")
    page, per_page = page_args()
    if page > MAX_PAGE:
        raise ApiError(400, "invalid_parameter", f"page is at most {MAX_PAGE}", parameter="page")
    search_request.page, search_request.per_page = page, per_page
    if not search_request.text.strip():
        raise ApiError(400, "missing_parameter", "q is required", parameter="q")
    results = search_service.search(search_request)
    hits = [
        {
            "law_key": hit.law_key,
            "law_title": hit.law_title,
            "section": hit.section,
            "label": hit.label,
            "heading": hit.heading,
            "type": hit.law_type,
            "year_be": hit.year_be,
            "status": hit.status,
            "score": round(float(hit.score), 4),
            "pinned": hit.pinned,
            "snippet": hit.snippet_text,
            "highlights": [{"text": s.text, "matched": s.matched} for s in hit.snippet],
            **(serialize.section_urls(hit.law_key, hit.section) if hit.section else {
                "api_url": serialize.absolute(f"/api/v1/laws/{hit.law_key}"),
                "html_url": serialize.absolute(f"/laws/{hit.law_key}"),
            }),
        }
        for hit in results.hits
    ]
    body = paged(hits, results.total, page, per_page)
    body["query"] = search_request.text
    body["facets"] = {
        name: [{"value": str(value), "count": count} for value, count in values]
        for name, values in results.facets.items()
    }
    body["notices"] = [{"code": n.code, "params": dict(n.params)} for n in results.notices]
    body["suggestions"] = list(results.suggestions)
    return conditional(body)
