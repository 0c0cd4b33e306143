"""Cells for files people open in a spreadsheet (CSV and XLSX exports).

A cell starting with ``=``, ``+``, ``-`` or ``@`` is run as a formula by Excel and
LibreOffice (CSV formula injection: ``=HYPERLINK(...)`` in a law title or an audit entry
would run on the reader's machine); a leading tab or carriage return is read the same way
by some of them.  :func:`csv_safe` is the one guard every export uses.
"""

from __future__ import annotations

from typing import TypeVar

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def csv_safe(value: T) -> T | str:
    """``value`` with a leading apostrophe if it is text a spreadsheet would run as a formula;
    anything else (numbers, dates, ``None``) unchanged, so numbers stay numbers in XLSX."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
