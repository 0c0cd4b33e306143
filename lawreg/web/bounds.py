"""Bounds on every number and date a visitor can send, so none can crash or overload a page.

``str.isdigit`` is true for "²" and "②", which ``int`` refuses; an id of 2⁶³ overflows SQLite
and 2³¹ PostgreSQL's ``integer``; ``date.max`` overflows as soon as a day is added to it.
The helpers here accept Arabic and Thai decimal digits only, within ranges the registry can
store and compute with, and give ``None`` (the caller's "not given" or error) otherwise.
"""

from __future__ import annotations

from datetime import date

from flask import Flask
from werkzeug.routing import IntegerConverter
from werkzeug.routing.map import Map
from wtforms import Field
from wtforms.validators import NumberRange, ValidationError

from ..i18n import gettext
from ..thai.digits import to_arabic_digits

MAX_ID = 2**31 - 1  # PostgreSQL integer: the widest id column of the schema
MAX_PAGE = 10_000
# Dates a law, a case or a filter can carry: from the oldest Thai statute still cited to
# well past any plan's horizon.  Wider values are refused rather than stored.
EARLIEST_DATE = date(1800, 1, 1)
LATEST_DATE = date(2200, 12, 31)


def parse_int(text: str | None, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """The number written in ``text`` (Arabic or Thai digits), or ``None`` when it is not a
    plain decimal number within ``minimum``–``maximum``."""
    digits = to_arabic_digits(text or "").strip()
    if not digits or len(digits) > 12 or not (digits.isascii() and digits.isdecimal()):
        return None
    number = int(digits)
    return number if minimum <= number <= maximum else None


def parse_page(text: str | None) -> int:
    """A page number from the query string; anything else is page 1."""
    return parse_int(text, 1, MAX_PAGE) or 1


def parse_date(text: str | None) -> date:
    """An ISO date (Arabic or Thai digits) within the registry's range; ``ValueError`` else."""
    found = date.fromisoformat(to_arabic_digits(text or "").strip())
    if not EARLIEST_DATE <= found <= LATEST_DATE:
        raise ValueError(f"{found} is outside {EARLIEST_DATE}–{LATEST_DATE}")
    return found


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` in a route, limited to ids the database can hold (404 beyond)."""

    def __init__(self, url_map: Map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = None, signed: bool = False) -> None:  # noqa: A002
        super().__init__(url_map, fixed_digits, min, MAX_ID if max is None else max, signed)


def init_app(app: Flask) -> None:
    """Make every ``<int:...>`` route converter bounded (before blueprints are registered)."""
    app.url_map.converters["int"] = BoundedIntConverter


def bounded_id(value: object) -> int:
    """``coerce`` for a field of ids: an int within the database's range, else ``ValueError``."""
    number = value if isinstance(value, int) else parse_int(str(value))
    if number is None or not 0 <= number <= MAX_ID:
        raise ValueError(f"{value!r} is not an id")
    return number


def id_range() -> NumberRange:
    """The validator of an integer field that ends up in an id or version column."""
    return NumberRange(min=0, max=MAX_ID)


def registry_date(_form: object, field: Field) -> None:
    """A WTForms validator: the date lies within :data:`EARLIEST_DATE`–:data:`LATEST_DATE`."""
    if field.data is not None and not EARLIEST_DATE <= field.data <= LATEST_DATE:
        raise ValidationError(gettext("Use a date between %(first)s and %(last)s.",
                                      first=EARLIEST_DATE.isoformat(), last=LATEST_DATE.isoformat()))
