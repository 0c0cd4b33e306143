"""The one page arithmetic and the one spreadsheet-cell guard every list and export uses."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from lawreg.paging import Page
from lawreg.spreadsheets import csv_safe


@pytest.mark.parametrize(("asked", "size", "total", "number", "pages", "offset"), [
    (3, 20, 41, 3, 3, 40),   # the last, short page
    (1, 20, 40, 1, 2, 0),
    (9, 20, 40, 2, 2, 20),   # past the end: the last page
    (0, 20, 40, 1, 2, 0),    # before the start: the first
    (5, 20, 0, 1, 1, 0),     # nothing to show: one empty page
])
def test_page_arithmetic(asked, size, total, number, pages, offset):
    page = Page.of(asked, size, total)
    assert (page.number, page.pages, page.offset) == (number, pages, offset)


def test_page_neighbours():
    assert (Page.of(1, 10, 25).has_previous, Page.of(1, 10, 25).has_next) == (False, True)
    assert (Page.of(3, 10, 25).has_previous, Page.of(3, 10, 25).has_next) == (True, False)
    with pytest.raises(ValueError):
        Page.of(1, 0, 10)


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)",
                                  "\t=1", "\r=1"])
def test_formula_text_gets_an_apostrophe(text):
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["พระราชบัญญัติราคาสินค้า พ.ศ. 2542", "a=b", "", 42, -3.5,
                                   None, date(2026, 1, 1)])
def test_other_values_are_unchanged(value):
    assert csv_safe(value) == value


def test_a_guarded_cell_reads_back_as_text_in_csv():
    buffer = io.StringIO()
    csv.writer(buffer).writerow([csv_safe("=1+1"), csv_safe(7)])
    assert next(csv.reader(io.StringIO(buffer.getvalue()))) == ["'=1+1", "7"]
