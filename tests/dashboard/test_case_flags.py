"""The "cases by flag category" figure against plain-SQL counts."""

from __future__ import annotations

from lawreg.models import ReviewCase
from lawreg.services import Actor
from lawreg.services.cases import link_flags, open_case
from lawreg.services.dashboard import build
from lawreg.services.flags.triage import add_manual_flag, decide

from .test_dashboard import populate, sql


def link(uow, registry):
    """The hearing case gets an outdated and a digital flag, a new transport-act case an
    outdated one, a new price-act case a flag later dismissed; the others none."""
    first = populate(uow, registry)
    uow.actor = registry.officer
    outdated = add_manual_flag(uow, "price-act", "outdated", section="25", quote="ต้องระวางโทษ")
    digital = add_manual_flag(uow, "price-act", "obstructs_digital", section="25 ทวิ", quote="เป็นหนังสือ")
    doubtful = add_manual_flag(uow, "price-act", "duplicative", section="1")
    case = uow.session.get(ReviewCase, first)
    link_flags(uow, first, case.version, [outdated.id, digital.id])
    open_case(uow, "price-act", "amend", "ซ้ำ", sections=["1"], flags=[doubtful.id])
    decide(uow, [doubtful.id], "dismissed", "ไม่ซ้ำ")
    uow.actor = registry.other_officer
    transport = add_manual_flag(uow, "transport-act", "outdated", section="1")
    open_case(uow, "transport-act", "keep", "ยังจำเป็น", flags=[transport.id])
    uow.commit()


def test_cases_by_flag_category_equal_independent_sql_counts(db, registry):
    db(lambda uow: link(uow, registry))

    def check(uow):
        uow.actor = Actor("committee", role="committee")
        rows = build(uow).tables["cases_by_flag_category"].rows
        live = ("SELECT cf.case_id, f.category FROM case_flag cf JOIN flag f ON f.id = cf.flag_id "
                "WHERE f.status != 'dismissed'")
        by_category = dict(sql(uow, f"SELECT category, COUNT(DISTINCT case_id) FROM ({live}) AS l GROUP BY category"))
        unlinked = sql(uow, f"SELECT COUNT(*) FROM review_case WHERE id NOT IN (SELECT case_id FROM ({live}) AS l)")[0][0]
        assert dict(rows) == {**by_category, "none": unlinked}
        # Five cases: the hearing case counts under two categories, the dismissed flag's
        # case and the two populated cases without flags under "none".
        assert rows == [("outdated", 2), ("obstructs_digital", 1), ("none", 3)]
        assert sql(uow, "SELECT COUNT(*) FROM review_case")[0][0] == 5

    db(check)


def test_dashboard_page_shows_cases_by_flag_category(db, registry, signed_in):
    db(lambda uow: link(uow, registry))
    page = signed_in("committee").get("/dashboard/").get_data(as_text=True)
    assert "เรื่องตามประเภทข้อสังเกต" in page and "ไม่มีข้อสังเกตที่เชื่อมโยง" in page
    csv_text = signed_in("committee").get("/dashboard/tables/cases_by_flag_category.csv").get_data(as_text=True)
    assert csv_text.lstrip("\ufeff").splitlines()[1:] == ["ล้าสมัย,2", "เป็นอุปสรรคต่อรัฐบาลดิจิทัล,1",
                                                        "ไม่มีข้อสังเกตที่เชื่อมโยง,3"]
