"""The public pages: what anyone may read without an account.

Home, the filtered list of laws, a law with its contents, relations and history, and a
section with its versions over time.  Each view parses the request, calls one query from
:mod:`lawreg.services.queries` (the law list: :mod:`lawreg.services.browse`) and renders.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from ..db import get_session
from ..i18n import gettext
from ..models import LawStatus
from ..services import browse as law_list
from ..services import queries
from ..services.status import NOT_YET_IN_FORCE
from ..thai.digits import to_arabic_digits
from ..thai.years import normalise_year_be
from .bounds import parse_date, parse_int, parse_page
from .labels import statuses_today

bp = Blueprint("public", __name__)

FILTER_NAMES = ("type", "group", "status", "year_from", "year_to", "agency")
STATUSES = [*(status.value for status in LawStatus), NOT_YET_IN_FORCE]
RECENT_LAWS = 10


@bp.get("/")
def home() -> str:
    session = get_session()
    return render_template(
        "public/home.html",
        summary=queries.registry_summary(session, statuses_today()),
        recent=queries.recently_changed_laws(session, RECENT_LAWS),
    )


@bp.get("/laws")
def browse() -> str:
    filters, errors = parse_filters(request.args)
    sort = request.args.get("sort", "year")
    if sort not in law_list.BROWSE_SORTS:
        errors.append(gettext("“%(value)s” is not a known order.", value=sort[:50]))
        sort = "year"
    result = law_list.browse_laws(
        get_session(),
        filters,
        page=parse_page(request.args.get("page")),
        page_size=current_app.config["PAGE_SIZE"],
        sort=sort,
        statuses=statuses_today(),
    )
    kept = [(name, value) for name in FILTER_NAMES for value in request.args.getlist(name) if value]
    if sort != "year":
        kept.append(("sort", sort))
    return render_template(
        "public/browse.html",
        result=result,
        filters=filters,
        errors=errors,
        args=dict(kept),
        statuses=STATUSES,
        sort=sort,
    )


@bp.get("/laws/<key>")
def law(key: str) -> tuple[str, int]:
    """The law on a reading date (``?at=``, today by default), one part of its text
    (``?part=N``) at a time."""
    return render_law(key, parse_page(request.args.get("part")))


@bp.get("/laws/<key>/goto")
def goto_section(key: str) -> Response | tuple[str, int]:
    """The "go to section" box: the section, written in any form, in its part of the law
    page; an unknown number shows the law page again with the reason."""
    written = request.args.get("section", "").strip()
    page = queries.find_section(get_session(), key, written) if written else None
    if page is None:
        error = gettext("There is no section “%(number)s” in this law.", number=written[:40])
        return render_law(key, parse_page(request.args.get("part")), goto_error=error,
                          goto_text=written[:40])
    part, parts = queries.part_of_section(get_session(), page.law, page.section)
    args: dict[str, Any] = {"part": part} if parts > 1 else {}
    return redirect(url_for(".law", key=key, **args) + f"#s-{page.section.sort_key}", code=303)


def render_law(key: str, part: int, goto_error: str | None = None,
               goto_text: str = "") -> tuple[str, int]:
    at_text = request.args.get("at", "").strip()
    at, at_error = parse_reading_date(at_text)
    page = queries.law_page(get_session(), key, part=part, when=at)
    if page is None:
        abort(404, description=gettext("There is no law “%(key)s” in the registry.", key=key))
    code = 404 if goto_error else 400 if at_error else 200
    return render_template("public/law.html", page=page, law=page.law, at=at, at_text=at_text,
                           at_error=at_error, goto_error=goto_error, goto_text=goto_text), code


@bp.get("/laws/<key>/sections/<path:number>")
def section(key: str, number: str) -> Response | tuple[str, int]:
    at_text = request.args.get("at", "").strip()
    at, error = parse_reading_date(at_text)
    page = queries.find_section(get_session(), key, number, when=at)
    if page is None:
        abort(
            404,
            description=gettext(
                "There is no section “%(number)s” in law “%(key)s”.", number=number, key=key
            ),
        )
    if number != page.section.number:
        query: dict[str, Any] = {name: value for name, value in request.args.items()
                                 if name not in ("key", "number") and not name.startswith("_")}
        canonical = url_for(".section", key=key, number=page.section.number, **query)
        return redirect(canonical, code=301)
    shown = None
    if page.status is not None and page.status.status != NOT_YET_IN_FORCE:
        shown = page.section.version_at(at) if at else page.section.current_version
    return (
        render_template(
            "public/section.html",
            page=page,
            law=page.law,
            section=page.section,
            at=at,
            at_text=at_text,
            at_error=error,
            shown=shown,
            today=date.today(),
        ),
        400 if error else 200,
    )


def parse_filters(args: MultiDict[str, str]) -> tuple[law_list.LawFilters, list[str]]:
    """The browse filters from the query string, and a message for each value refused.

    A refused value is dropped (the list shows as if it were not given) and named in the
    message, so a mistyped year never produces an empty list without explanation.
    """
    errors: list[str] = []
    years: dict[str, int | None] = {}
    for name in ("year_from", "year_to"):
        text = args.get(name, "").strip()
        try:
            years[name] = normalise_year_be(text)
        except ValueError:
            years[name] = None
            errors.append(
                gettext(
                    "“%(value)s” is not a Buddhist-Era year; write it like 2560.", value=text
                )
            )
    if years["year_from"] and years["year_to"] and years["year_from"] > years["year_to"]:
        years["year_from"], years["year_to"] = years["year_to"], years["year_from"]
    status = args.get("status", "").strip() or None
    if status is not None and status not in STATUSES:
        errors.append(gettext("“%(value)s” is not a known status.", value=status))
        status = None
    agency_text = to_arabic_digits(args.get("agency", "").strip())[:40]
    agency_id = parse_int(agency_text)
    if agency_text and agency_id is None:
        errors.append(gettext("“%(value)s” is not a known agency.", value=agency_text))
    filters = law_list.LawFilters(
        law_type=args.get("type", "").strip() or None,
        group=args.get("group", "").strip() or None,
        status=status,
        year_from=years["year_from"],
        year_to=years["year_to"],
        agency_id=agency_id,
    )
    return filters, errors


def parse_reading_date(text: str) -> tuple[date | None, str | None]:
    """The ``?at=`` date (ISO, Common Era) and an error message when it is not one."""
    if not text:
        return None, None
    try:
        return parse_date(text), None
    except ValueError:
        return None, gettext(
            "“%(value)s” is not a date; use the form YYYY-MM-DD (Common Era), e.g. 2017-06-01.",
            value=text,
        )
