"""Browser tests: the real application served on 127.0.0.1, driven by Debian's chromium.

They walk the whole reform path as its people do — an officer flags a section by selecting
its words and opens a case from that flag, then reviewer, a member of the public,
moderator, committee — and check the conflict page and a refused transition.
Skipped with a reason when chromium or Playwright's Python package is missing (CI installs
chromium; see ``.ci/run``).  No browser is ever downloaded.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from workflow.conftest import FULL_CHECKLIST, build_registry

from lawreg.services import Actor, unit_of_work

from .serving import CSP_VIOLATIONS, browser_app, click_and_wait, fast_hashes, person, served

pytestmark = pytest.mark.e2e

CONFLICT_HEADING = "เรื่องนี้มีการเปลี่ยนแปลงแล้ว"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The application with a fresh SQLite registry and one account per role, on a free port."""
    # This walk closes its hearing at once; tests/e2e/test_case_file.py checks the minimum.
    app = browser_app(tmp_path_factory.mktemp("e2e"), HEARING_MIN_DAYS=0)
    with app.app_context(), fast_hashes(), unit_of_work(Actor("test", role="admin")) as uow:
        build_registry(uow)
    with served(app) as url:
        yield url


def take(page, case_id: int, name: str, **fields: str):  # type: ignore[no-untyped-def]
    """Submit the form of transition ``name`` on the case page (already open)."""
    form = page.locator(f'form[action$="/cases/{case_id}/transitions/{name}"]')
    for field, value in fields.items():
        form.locator(f'[name="{field}"]').fill(value)
    click_and_wait(page, form.locator("button[type=submit]"))


def vote(page, choice: str, reason: str = "") -> None:  # type: ignore[no-untyped-def]
    """Cast a vote with the case page's vote form (already open)."""
    form = page.locator("form.vote-form")
    form.locator(f'input[name=choice][value="{choice}"]').check()
    form.locator("textarea[name=reason]").fill(reason)
    click_and_wait(page, form.locator("button[type=submit]"))


def open_case_in_browser(page, law: str, justification: str, url: str | None = None) -> int:  # type: ignore[no-untyped-def]
    """Fill and send the open-case form (at ``url`` when given: a pre-filled form)."""
    if url is None:
        page.goto(f"/officer/cases/new?law={law}")
    page.select_option("select[name=action]", "repeal")
    page.fill("textarea[name=justification]", justification)
    for question, (answer, evidence) in FULL_CHECKLIST.items():
        page.check(f'input[name="checklist-{question}-answer"][value="{answer}"]')
        page.fill(f'textarea[name="checklist-{question}-evidence"]', evidence)
    click_and_wait(page, page.locator("main form button[type=submit]:not([name=refresh])"))
    assert "/cases/new" not in page.url, page.locator("main").inner_text()[:1500]
    return int(page.url.rstrip("/").rsplit("/", 1)[1])


def select_words(page, words: str) -> None:  # type: ignore[no-untyped-def]
    """Select ``words`` in the section text as a reader does with the mouse (the page's
    script takes the selection on mouse-up)."""
    page.evaluate(
        """(words) => {
            const source = document.querySelector("[data-flag-source]");
            const node = source.firstChild;
            const at = node.textContent.indexOf(words);
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + words.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            source.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
        }""",
        words,
    )


def flag_and_open_case(page, evidence: str) -> int:  # type: ignore[no-untyped-def]
    """Flag price-act section 25 by hand (the evidence selected in its text), then open a
    case from that flag on the section page, proposing to repeal the whole law; returns
    the case id."""
    page.goto("/laws/price-act/sections/25")
    select_words(page, evidence)
    form = page.locator("form.manual-flag")
    assert form.locator("#flag-quote").input_value() == evidence
    assert form.locator("#flag-start").input_value() == "21"  # where the selection starts
    form.locator("select[name=category]").select_option("outdated")
    form.locator("textarea[name=notes]").fill("โทษปรับไม่ได้ปรับปรุงมานาน")
    click_and_wait(page, form.locator("button[type=submit]"))
    assert "/laws/price-act/sections/25" in page.url
    flags = page.locator(".flag-list .flag")
    assert flags.count() == 1 and evidence in flags.first.inner_text()
    with page.expect_navigation():
        page.locator('main a[href^="/officer/cases/new"]').click()
    assert page.locator("input[name=law]").input_value() == "price-act"
    assert page.locator("input[name=sections]").input_value() == "25"
    checked = page.locator("input[name=flags]:checked")
    assert checked.count() == 1
    page.fill("input[name=sections]", "")  # the flag motivates repealing the whole law
    return open_case_in_browser(page, "price-act", "กฎหมายล้าสมัย ไม่มีการบังคับใช้ตั้งแต่ พ.ศ. 2550",
                                url=page.url)


def test_the_whole_reform_path(browser, server, tmp_path_factory):  # type: ignore[no-untyped-def]
    officer = person(browser, server, "officer")
    case_id = flag_and_open_case(officer, "ต้องระวางโทษ")
    linked = officer.locator(".case-flag-list .flag")
    assert linked.count() == 1
    assert "ต้องระวางโทษ" in linked.first.inner_text()
    assert linked.first.locator('a[href="/laws/price-act/sections/25"]').count() == 1
    take(officer, case_id, "submit")
    colleague = person(browser, server, "colleague")  # four eyes: a second officer forwards it
    colleague.goto(f"/cases/{case_id}")
    take(colleague, case_id, "forward")
    assert "ขั้นตอน" in colleague.content()
    assert CSP_VIOLATIONS == []  # the pages so far, the triage script included, obey the CSP

    reviewer = person(browser, server, "reviewer")
    reviewer.goto(f"/cases/{case_id}")
    take(reviewer, case_id, "open_hearing")

    public = person(browser, server)
    public.goto("/hearings/")
    click_and_wait(public, public.locator(f'a[href="/hearings/{case_id}"]'))  # content() mid-navigation is ''
    assert "กฎหมายล้าสมัย" in public.content()
    public.check('input[name=stance][value="support"]')
    public.fill("input[name=display_name]", "ประชาชน")
    public.fill("textarea[name=body]", "<b>เห็นด้วย</b> ควรยกเลิกโดยเร็ว")
    click_and_wait(public, public.locator('form[action$="/comments"] button[type=submit]'))
    assert "ขอบคุณ" in public.content()
    assert "ควรยกเลิกโดยเร็ว" not in " ".join(public.locator("main article").all_inner_texts())  # pending

    reviewer.goto("/hearings/moderation")
    form = reviewer.locator("form.moderation-form").first
    form.locator('input[value="approved"]').check()
    click_and_wait(reviewer, form.locator("button[type=submit]"))
    public.reload()
    shown = " ".join(public.locator("main article").all_inner_texts())
    assert "<b>เห็นด้วย</b> ควรยกเลิกโดยเร็ว" in shown  # shown as text, not markup

    reviewer.goto(f"/cases/{case_id}")
    take(reviewer, case_id, "close_hearing")

    committee = person(browser, server, "committee")
    for member in ("committee", "member2", "member3"):  # the committee decides by vote
        voter = committee if member == "committee" else person(browser, server, member)
        voter.goto(f"/cases/{case_id}")
        vote(voter, "for", "เห็นชอบให้ยกเลิก")
    committee.reload()
    assert "มติเห็นชอบ" in committee.locator("main").inner_text()

    reviewer.goto(f"/cases/{case_id}")
    take(reviewer, case_id, "start_drafting")
    take(reviewer, case_id, "to_cabinet")
    take(reviewer, case_id, "to_parliament")
    take(reviewer, case_id, "publish", gazette_ref="ราชกิจจานุเบกษา เล่ม 143 ตอนที่ 80 ก",
         published_on=date.today().isoformat(), commenced_on=date.today().isoformat(),
         instrument_key="price-repeal-act",
         instrument_title="พระราชบัญญัติยกเลิกพระราชบัญญัติว่าด้วยราคาสินค้า")  # in effect today
    assert "ราชกิจจานุเบกษา เล่ม 143" in reviewer.content()

    public.goto("/laws?status=repealed")
    browse_text = public.locator("main").inner_text()
    assert "ว่าด้วยราคาสินค้า" in browse_text, browse_text[:1500]
    public.goto("/laws/price-act")
    assert "ยกเลิกแล้ว" in public.locator("main").inner_text()
    public.goto("/search?q=ราคาสินค้า")
    search_text = public.locator("main").inner_text()
    assert "ว่าด้วยราคาสินค้า" in search_text and "ยกเลิกแล้ว" in search_text

    committee.goto("/dashboard/")
    assert committee.locator('svg[role="img"]').count() >= 4
    # For a person to look at: LAWREG_E2E_SCREENSHOTS=folder keeps it, else a temp folder.
    folder = Path(os.environ.get("LAWREG_E2E_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    committee.screenshot(path=str(folder / "dashboard.png"), full_page=True)
    assert (folder / "dashboard.png").stat().st_size > 10_000
    assert CSP_VIOLATIONS == []  # hearing, moderation and dashboard pages too


def test_two_people_acting_on_one_case_see_the_conflict(browser, server):  # type: ignore[no-untyped-def]
    officer = person(browser, server, "other")
    case_id = open_case_in_browser(officer, "transport-act", "ขอเสนอให้ทบทวน")
    first = person(browser, server, "admin")
    first.goto(f"/cases/{case_id}")
    officer.goto(f"/cases/{case_id}")
    take(first, case_id, "submit")
    take(officer, case_id, "submit")  # the second read version 1, which is now stale
    heading = officer.locator("h1").inner_text()
    assert heading == CONFLICT_HEADING
    changed_by = officer.locator("main").inner_text()
    assert "admin" in changed_by and "user:admin" not in changed_by  # who changed it, by display name
