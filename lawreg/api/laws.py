"""Laws, their sections at any date, section versions and relations (read-only)."""

from __future__ import annotations

from datetime import date

from flask import Response, request
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from .. import frbr
from ..models import Law, LawStatus, Section
from ..services import browse, queries
from ..services.status import law_facts, section_status_at, section_statuses_at, statuses_at
from ..thai.digits import to_arabic_digits
from ..thai.years import normalise_year_be
from ..web.readonly import read_session
from . import schemas, serialize
from .http import ApiError, conditional, page_args, paged
from .spec import PAGE_PARAMS, Param, operation

KEY = Param("key", "path", "the law's registry key, e.g. civil-commercial-code")
NUMBER = Param("number", "path",
               "section number in any written form (277 ทวิ, 277ทวิ, ๒๗๗ ทวิ, 134/1); "
               "a suffix @YYYY-MM-DD reads the text in force on that date")
AT = Param("at", description="point in time, YYYY-MM-DD (Common Era)", type="string")
LAW_FILTERS = (
    Param("type", description="Thai law type, e.g. พระราชบัญญัติ"),
    Param("group", description="subject group"),
    Param("status", description="in_force, partly_repealed, repealed or expired"),
    Param("year_from", description="B.E. year, inclusive", type="integer"),
    Param("year_to", description="B.E. year, inclusive", type="integer"),
    Param("agency", description="agency id; includes the agencies under it", type="integer"),
    Param("sort", description="year (newest first) or burden"),
)


def law_filters(args: MultiDict[str, str]) -> browse.LawFilters:
    """The browse filters; a value that cannot be used is a 400 naming the parameter."""
    years: dict[str, int | None] = {}
    for name in ("year_from", "year_to"):
        try:
            years[name] = normalise_year_be(args.get(name, "").strip())
        except ValueError:
            raise ApiError(400, "invalid_parameter", f"{name} is not a Buddhist-Era year",
                           parameter=name) from None
    status = args.get("status", "").strip() or None
    if status is not None and status not in {s.value for s in LawStatus}:
        raise ApiError(400, "invalid_parameter", f"unknown status {status!r}", parameter="status")
    agency_text = to_arabic_digits(args.get("agency", "").strip())
    if agency_text and not agency_text.isdigit():
        raise ApiError(400, "invalid_parameter", "agency is an agency id", parameter="agency")
    return browse.LawFilters(
        law_type=args.get("type", "").strip() or None,
        group=args.get("group", "").strip() or None,
        status=status,
        year_from=years["year_from"],
        year_to=years["year_to"],
        agency_id=int(agency_text) if agency_text else None,
    )


def find_law(key: str) -> Law:
    law = read_session().scalar(select(Law).where(Law.key == key))
    if law is None:
        raise ApiError(404, "law_not_found", f"there is no law {key!r}", key=key)
    return law


@operation("/laws", summary="Laws, with the browse page's filters and facets",
           response=schemas.LawList, params=(*LAW_FILTERS, *PAGE_PARAMS), errors=(400,))
def list_laws() -> Response:
    """Laws newest first (or by regulatory burden), filtered like the browse page, with
    the count of each filter value."""
    filters = law_filters(request.args)
    sort = request.args.get("sort", "year")
    if sort not in browse.BROWSE_SORTS:
        raise ApiError(400, "invalid_parameter", f"unknown sort {sort!r}", parameter="sort")
    page, per_page = page_args()
    session = read_session()
    result = browse.browse_laws(session, filters, page=page, page_size=per_page, sort=sort)
    statuses = statuses_at(session, date.today(), [law.id for law in result.items])
    body = paged([serialize.law(law, statuses[law.id].status) for law in result.items],
                 result.total, result.page, per_page)
    body["facets"] = {
        name: [{"value": f.value, "label": f.label, "count": f.count} for f in values]
        for name, values in result.facets.items()
    }
    newest = max((law.updated_at for law in result.items), default=None)
    return conditional(body, newest)


@operation("/laws/{key}", summary="A law with its metadata, contents, relations and flags",
           response=schemas.LawDetail, params=(KEY,), errors=(404,))
def get_law(key: str) -> Response:
    session = read_session()
    page = queries.law_page(session, key)
    if page is None:
        raise ApiError(404, "law_not_found", f"there is no law {key!r}", key=key)
    law = page.law
    dates = frbr.expression_dates(
        law, (version.valid_from for section in page.sections for version in section.versions)
    )
    body = serialize.law(law)
    body["expression_uri"] = frbr.expression_uri(law, dates[-1] if dates else None)
    body["expressions"] = [
        {"date": when.isoformat(), "frbr_uri": frbr.expression_uri(law, when),
         "akn_url": serialize.absolute(frbr.manifestation_uri(law, when, "xml"))}
        for when in dates
    ]
    body["sections"] = len(page.sections)
    body["contents"] = serialize.contents(page.contents, law.key)
    body["relations"] = [serialize.relation(row, "outgoing") for row in page.outgoing] + [
        serialize.relation(row, "incoming") for row in page.incoming
    ]
    body["flags"] = [serialize.flag(flag) for flag in page.flags]
    return conditional(body, law.updated_at)


@operation("/laws/{key}/sections", summary="A law's sections in order",
           response=schemas.SectionList, params=(KEY, *PAGE_PARAMS), errors=(400, 404))
def list_sections(key: str) -> Response:
    law = find_law(key)
    page, per_page = page_args(default_per_page=100)
    session = read_session()
    total = session.scalar(select(func.count()).select_from(Section)
                           .where(Section.law_id == law.id)) or 0
    sections = list(session.scalars(
        select(Section).where(Section.law_id == law.id)
        .order_by(Section.sort_key, Section.id).limit(per_page).offset((page - 1) * per_page)
    ))
    statuses = section_statuses_at(law_facts(session, law), sections, date.today())
    body = paged([serialize.section_summary(law.key, s, statuses[s.id].status) for s in sections],
                 total, page, per_page)
    body["law"] = serialize.law_ref(law)
    return conditional(body, law.updated_at)


def split_point_in_time(number: str) -> tuple[str, date | None]:
    """``277@2017-06-01`` -> ("277", 2017-06-01); ``?at=`` gives the date otherwise."""
    number, _, suffix = number.partition("@")
    text = suffix or request.args.get("at", "").strip()
    if not text:
        return number, None
    try:
        return number, date.fromisoformat(to_arabic_digits(text))
    except ValueError:
        raise ApiError(400, "invalid_date", "use a date of the form YYYY-MM-DD (Common Era)",
                       parameter="at", value=text[:40]) from None


def find_section(key: str, number: str) -> queries.SectionPage:
    found = queries.find_section(read_session(), key, number)
    if found is None:
        find_law(key)
        raise ApiError(404, "section_not_found", f"law {key!r} has no section {number!r}",
                       key=key, number=number)
    return found


@operation("/laws/{key}/sections/{number}",
           summary="A section: its text now or at a date, with its relations",
           response=schemas.Section, params=(KEY, NUMBER, AT), errors=(400, 404))
def get_section(key: str, number: str) -> Response:
    """The current text, or with ``?at=`` (or ``@date`` after the number) the text in force
    on that date; ``text`` is null when no version was in force then."""
    if number.endswith("/versions"):
        return section_versions(key, number[: -len("/versions")])
    number, at = split_point_in_time(number)
    found = find_section(key, number)
    section = found.section
    shown = section.version_at(at) if at else section.current_version
    status = section_status_at(read_session(), section, at)
    body = serialize.section_summary(found.law.key, section, status.status)
    body.update({
        "law": serialize.law_ref(found.law),
        "at": at.isoformat() if at else None,
        "text": shown.text if shown else None,
        "version": serialize.version(shown) if shown else None,
        "previous": found.previous.number if found.previous else None,
        "next": found.next.number if found.next else None,
        "relations": [serialize.relation(row, "outgoing") for row in found.outgoing]
        + [serialize.relation(row, "incoming") for row in found.incoming],
    })
    return conditional(body, found.law.updated_at)


@operation("/laws/{key}/sections/{number}/versions",
           summary="Every version of a section, oldest first",
           response=schemas.SectionVersions, params=(KEY, NUMBER), errors=(404,))
def section_versions(key: str, number: str) -> Response:
    found = find_section(key, number.partition("@")[0])
    body = {
        "law": serialize.law_ref(found.law),
        "number": found.section.number,
        "versions": [serialize.version(v) for v in found.section.versions],
    }
    return conditional(body, found.law.updated_at)


@operation("/laws/{key}/relations", summary="A law's relations both ways",
           response=schemas.Relations, params=(KEY,), errors=(404,))
def law_relations(key: str) -> Response:
    """Amends / amended by, repeals / repealed by, enabled by / subordinate legislation,
    refers to / referred to by — each seen from this law."""
    page = queries.law_page(read_session(), key)
    if page is None:
        raise ApiError(404, "law_not_found", f"there is no law {key!r}", key=key)
    body = {
        "law": serialize.law_ref(page.law),
        "outgoing": [serialize.relation(row, "outgoing") for row in page.outgoing],
        "incoming": [serialize.relation(row, "incoming") for row in page.incoming],
    }
    return conditional(body, page.law.updated_at)
