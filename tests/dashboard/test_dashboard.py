"""Dashboard figures against counts computed independently with plain SQL, the charts,
and the CSV/XLSX exports."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from statistics import median

from hearing.conftest import case_in_hearing
from openpyxl import load_workbook
from sqlalchemy import text
from workflow.conftest import FULL_CHECKLIST, decide

from lawreg.models import ReformTarget
from lawreg.services import Actor
from lawreg.services.cases import TransitionInput, open_case, transition
from lawreg.services.dashboard import build


def populate(uow, registry, commenced_on=None):
    """Three cases: one in hearing, one published (repeal of transport-act, commencing
    ``commenced_on``, today by default), one withdrawn."""
    first = case_in_hearing(uow, registry)
    uow.actor = registry.other_officer
    published = open_case(uow, "transport-act", "repeal", "ไม่จำเป็นแล้ว", checklist=FULL_CHECKLIST)
    uow.session.flush()
    steps = [("submit", registry.other_officer, None), ("forward", registry.admin, None),
             ("open_hearing", registry.reviewer, None), ("close_hearing", registry.reviewer, None),
             ("approve", registry.committee, TransitionInput(comment="เห็นชอบ")),
             ("start_drafting", registry.reviewer, None), ("to_cabinet", registry.reviewer, None),
             ("to_parliament", registry.reviewer, None),
             ("publish", registry.reviewer, TransitionInput(gazette_ref="ราชกิจจานุเบกษา เล่ม 143 ตอนที่ 1 ก",
                                                            published_on=date.today(),
                                                            commenced_on=commenced_on or date.today(),
                                                            instrument_key="transport-repeal-act",
                                                            instrument_title="พระราชบัญญัติยกเลิก"))]
    for name, actor, data in steps:
        if name == "approve":  # the committee's recorded vote
            decide(uow, registry, published.id, name)
            continue
        uow.actor = actor
        transition(uow, published.id, name, published.version, data)
    uow.actor = registry.officer
    kept = open_case(uow, "price-act", "keep", "ยังจำเป็น")
    uow.session.flush()
    transition(uow, kept.id, "withdraw", kept.version, TransitionInput(comment="ซ้ำ"))
    uow.session.add(ReformTarget(action="repeal", target_count=4, starts_on=date.today() - timedelta(days=40),
                                 due_on=date.today() + timedelta(days=300), set_by="test"))
    uow.commit()
    return first


def sql(uow, statement):
    return [tuple(row) for row in uow.session.execute(text(statement))]


def as_datetime(value):
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=None) if value.tzinfo else value


def test_figures_equal_independent_sql_counts(db, registry):
    db(lambda uow: populate(uow, registry))

    def check(uow):
        uow.actor = Actor("committee", role="committee")
        figures = build(uow)
        tables = figures.tables
        assert sorted(tables["by_stage"].rows) == sorted(sql(uow, "SELECT stage, COUNT(*) FROM review_case GROUP BY stage"))
        assert sorted(tables["by_action"].rows) == sorted(sql(uow, "SELECT action, COUNT(*) FROM review_case GROUP BY action"))
        assert sorted(tables["by_agency"].rows) == sorted(sql(
            uow, "SELECT a.name, COUNT(*) FROM review_case c JOIN law l ON l.id = c.law_id "
                 "JOIN agency a ON a.id = l.agency_id GROUP BY a.name"))
        assert sum(n for _, n in tables["by_law_type"].rows) == sql(uow, "SELECT COUNT(*) FROM review_case")[0][0]
        assert figures.total_cases == 3
        assert figures.open_cases == sql(uow, "SELECT COUNT(*) FROM review_case WHERE stage NOT IN ('closed', 'withdrawn')")[0][0]
        month = date.today().strftime("%Y-%m")
        closed = sql(uow, "SELECT COUNT(*) FROM case_transition WHERE to_stage IN ('closed', 'withdrawn')")[0][0]
        assert tables["opened_closed"].rows == [(month, 3, closed)]
        # Median days per stage, from the transitions read with plain SQL.
        rows = sql(uow, "SELECT case_id, to_stage, at FROM case_transition ORDER BY case_id, id")
        stays = {}
        for (case_a, stage_a, at_a), (case_b, stage_b, at_b) in zip(rows, rows[1:], strict=False):
            if case_a == case_b and stage_a != stage_b:
                stays.setdefault(stage_a, []).append((as_datetime(at_b) - as_datetime(at_a)).total_seconds() / 86400)
        assert {s: n for s, _, n in tables["median_stage_days"].rows} == {s: len(v) for s, v in stays.items()}
        assert {s: m for s, m, _ in tables["median_stage_days"].rows} == {s: round(median(v), 1) for s, v in stays.items()}
        # Burndown: one law repealed this month (transport-act) against a target of four.
        progress = figures.targets[0]
        published = sql(uow, "SELECT COUNT(DISTINCT law_id) FROM review_case WHERE action = 'repeal' "
                             f"AND published_on IS NOT NULL AND commenced_on <= '{date.today().isoformat()}'")[0][0]
        assert progress.achieved == published == 1
        this_month = [row for row in progress.table.rows if row[0] == month][0]
        assert this_month[2] == 3
        assert progress.table.rows[0][1] == 4 and progress.table.rows[-1][1] == 0
        assert progress.table.rows[-1][2] is None  # the future is not drawn
        overdue = sql(uow, "SELECT COUNT(*) FROM review_case WHERE stage NOT IN ('closed', 'withdrawn') "
                           f"AND stage_due_on < '{date.today().isoformat()}'")[0][0]
        assert len(tables["overdue"].rows) == overdue
        assert tables["flags_by_category"].rows == sql(
            uow, "SELECT category, COUNT(*), COUNT(DISTINCT law_id) FROM flag WHERE status != 'dismissed' "
                 "AND superseded_at IS NULL GROUP BY category ORDER BY category")

    db(check)


def test_a_repeal_counts_towards_the_target_from_its_commencement(db, registry):
    commences = date.today() + timedelta(days=60)
    db(lambda uow: populate(uow, registry, commenced_on=commences))

    def progress_on(day):
        def check(uow):
            uow.actor = Actor("committee", role="committee")
            return build(uow, today=day).targets[0]
        return db(check)

    before, on_the_day = progress_on(commences - timedelta(days=1)), progress_on(commences)
    assert (before.achieved, on_the_day.achieved) == (0, 1)
    month = f"{commences.year:04d}-{commences.month:02d}"
    assert [row[2] for row in before.table.rows if row[0] == month] == [4]
    assert [row[2] for row in on_the_day.table.rows if row[0] == month] == [3]


def test_overdue_case_and_review_due_appear(db, registry):
    def make_overdue(uow):
        case_id = case_in_hearing(uow, registry)
        uow.session.execute(text(f"UPDATE review_case SET stage_due_on = '2020-01-01' WHERE id = {case_id}"))
        uow.commit()
        uow.session.expire_all()
        uow.actor = Actor("committee", role="committee")
        tables = build(uow, today=date(2026, 11, 27)).tables
        return tables["overdue"].rows, tables["review_due"].rows

    overdue, review_due = db(make_overdue)
    assert overdue[0][1] == "price-act" and overdue[0][4] > 2000
    # price-act commenced 1999-10-01 and was never evaluated: its review fell due in 2004.
    assert ("price-act", "พระราชบัญญัติว่าด้วยราคาสินค้า พ.ศ. 2542", "", "2004-10-01") in review_due


def test_page_charts_and_exports(db, registry, signed_in):
    db(lambda uow: populate(uow, registry))
    committee = signed_in("committee")
    page = committee.get("/dashboard/").get_data(as_text=True)
    assert page.count('role="img"') >= 5 and "<title id=" in page and "<desc id=" in page
    assert "เรื่องตามขั้นตอน" in page  # Thai headings
    rows = list(csv.reader(io.StringIO(committee.get("/dashboard/tables/by_action.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["ข้อเสนอ", "เรื่อง"] and sorted(rows[1:]) == [["คงไว้", "1"], ["ยกเลิก", "2"]]
    response = committee.get("/dashboard/tables/by_stage.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("ขั้นตอน", "เรื่อง") and sum(v[1] for v in values[1:]) == 3
    assert committee.get("/dashboard/tables/nothing.csv").status_code == 404


def test_chart_text_is_escaped():
    from lawreg.web.charts import bar_chart, line_chart

    svg = str(bar_chart("<t>", [("<script>", 3)]))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    line = str(line_chart("x", ["2026-01", "2026-02"], [("a&b", [1, None])]))
    assert "a&amp;b" in line and "polyline" not in line  # one point: nothing to join
