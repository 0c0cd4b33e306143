"""Browser test of the committee's work: four eyes on the forward, the to-do list, and a
decision by recorded vote with a change of vote and a dissent, as the people involved see it."""

from __future__ import annotations

import pytest

from .serving import click_and_wait, person

# The same served registry as the walk in test_browser.py (module-scoped, so a registry of
# its own per module); the browser is tests/e2e/conftest.py's.
from .test_browser import open_case_in_browser, server, take, vote  # noqa: F401

pytestmark = pytest.mark.e2e


def test_a_committee_decides_by_recorded_vote_with_dissent(browser, server):  # type: ignore[no-untyped-def]  # noqa: F811 (fixtures)
    officer = person(browser, server, "officer")
    case_id = open_case_in_browser(officer, "price-act", "ขอยกเลิกเพราะไม่มีการบังคับใช้")
    take(officer, case_id, "submit")
    main = officer.locator("main")
    assert officer.locator(f'form[action$="/cases/{case_id}/transitions/forward"]').count() == 0
    assert "การส่งต่อหรือเสนอต่อคณะกรรมการต้องทำโดยผู้อื่น" in main.inner_text()

    form = officer.locator("form.assign-form")  # the officer gives the case to a colleague
    officer.locator("details:has(form.assign-form) summary").click()
    form.locator("input[name=assignee]").fill("colleague")
    click_and_wait(officer, form.locator("button[type=submit]"))
    colleague = person(browser, server, "colleague")
    colleague.goto("/todo")
    assert f"เรื่องที่ {case_id}" in colleague.locator("main").inner_text()
    click_and_wait(colleague, colleague.locator(f'main a[href="/cases/{case_id}"]'))
    take(colleague, case_id, "forward")

    reviewer = person(browser, server, "reviewer")
    reviewer.goto(f"/cases/{case_id}")
    take(reviewer, case_id, "open_hearing")
    take(reviewer, case_id, "close_hearing")

    chair = person(browser, server, "committee")
    chair.goto("/todo")
    assert "เรื่องที่รอฉันลงคะแนน" in chair.locator("main").inner_text()
    click_and_wait(chair, chair.locator(f'main a[href="/cases/{case_id}#votes-heading"]'))
    assert chair.locator(f'form[action$="/cases/{case_id}/transitions/approve"]').count() == 0
    vote(chair, "abstain")
    vote(chair, "against", "ควรแก้ไขบางมาตราแทนการยกเลิกทั้งฉบับ")  # a change of vote
    assert "ยังไม่มีมติ" in chair.locator("main").inner_text()
    for member in ("member2", "member3"):
        page = person(browser, server, member)
        page.goto(f"/cases/{case_id}")
        vote(page, "for", "เห็นชอบตามเสนอ")
    chair.reload()
    panel = chair.locator("section.committee-votes").inner_text()
    assert "มติเห็นชอบ" in panel and "เห็นชอบ 2 ไม่เห็นชอบ 1 งดออกเสียง 0" in panel
    dissent = chair.locator("ul.dissent").inner_text()
    assert "ควรแก้ไขบางมาตราแทนการยกเลิกทั้งฉบับ" in dissent
    assert chair.locator("tr.vote--against").count() == 1  # the current vote only
    assert "เห็นชอบ" in chair.locator("dl.facts").inner_text()  # the stage: approved
