"""The dashboard's bar charts plot what their tables list, and say what they count."""

from __future__ import annotations

import re

from lawreg.services.dashboard import Table
from lawreg.web.dashboard import chart_for


def bar_values(svg: str) -> list[str]:
    """The figures written at the bar ends (the texts right after each bar)."""
    return re.findall(r'<rect [^>]*/><text [^>]*>([^<]*)</text>', svg)


def test_flag_chart_plots_flags_like_its_table_and_names_the_unit(app):
    # Seven open flags on two laws, three on one: the table's first figure is flags.
    table = Table("flags_by_category", "Open screening flags by category",
                  (("category", "Category"), ("flags", "Flags"), ("laws", "Laws")),
                  [("duplicative", 3, 1), ("outdated", 7, 2)])
    with app.test_request_context("/dashboard/?lang=en"):
        svg = str(chart_for(table))
    assert bar_values(svg) == ["3", "7"]  # not the 1 and 2 laws
    assert "Unit: Flags" in svg


def test_case_charts_name_cases_as_their_unit(app):
    table = Table("by_stage", "Cases by stage", (("stage", "Stage"), ("cases", "Cases")),
                  [("draft", 4)])
    with app.test_request_context("/dashboard/?lang=th"):
        svg = str(chart_for(table))
    assert bar_values(svg) == ["4"]
    assert "หน่วย: เรื่อง" in svg


def test_months_read_in_the_buddhist_era_in_thai(app):
    table = Table("opened_closed", "Cases opened and closed per month",
                  (("month", "Month"), ("opened", "Opened"), ("closed", "Closed")),
                  [("2026-11", 2, 0), ("2026-12", 1, 1)])
    with app.test_request_context("/dashboard/?lang=th"):
        svg = str(chart_for(table))
    assert "ธ.ค. 2569" in svg and "2026-12" not in svg
    with app.test_request_context("/dashboard/?lang=en"):
        assert "Dec 2026" in str(chart_for(table))
