"""Browser test of a case's file, as its people use it: the hearing that may not close before
its fifteen days, an officer attaching the draft bill and writing in the discussion (hostile
markup stays text), the agency answering a comment, the public reading the closed hearing in
the archive, and the committee printing the case file.

Served and driven like ``test_browser.py`` (Debian's chromium; skipped with a reason when it
or Playwright is missing, failed in CI).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hearing.conftest import case_in_hearing
from sqlalchemy import select, update
from workflow.conftest import build_registry

from lawreg.models import CaseTransition, HearingComment, ModerationStatus
from lawreg.services import Actor, unit_of_work

from .serving import (
    CSP_VIOLATIONS,
    browser_app,
    chromium_browser,
    click_and_wait,
    fast_hashes,
    person,
    served,
)
from .test_browser import take

pytestmark = pytest.mark.e2e

HOSTILE = '<img src=x onerror="alert(1)">ร่างนี้ต้องแก้มาตรา 25'
# 3 MB: above the site-wide 2 MB form limit, within the attachment limit (20 MB).
DRAFT = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n" + b"%" * (3 * 1024 * 1024)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object, int]]:
    """The application at its default minimum hearing length, with a case in hearing that
    has one published comment; yields (url, app, case id)."""
    app = browser_app(tmp_path_factory.mktemp("e2e-casefile"))
    with app.app_context(), fast_hashes(), unit_of_work(Actor("test", role="admin")) as uow:
        registry = build_registry(uow)
        case_id = case_in_hearing(uow, registry)
        uow.session.add(HearingComment(case_id=case_id, body="ควรยกเลิกเพราะไม่มีผู้ใช้แล้ว",
                                       stance="support", status=ModerationStatus.APPROVED,
                                       display_name="ประชาชนผู้หนึ่ง", ip_hash="0" * 64))
    with served(app) as url:
        yield url, app, case_id


@pytest.fixture(scope="module")
def browser(site):  # type: ignore[no-untyped-def]
    with chromium_browser() as chromium:
        yield chromium


def age_hearing(app, case_id: int, days: int) -> None:  # type: ignore[no-untyped-def]
    """As if the hearing had opened ``days`` ago."""
    with app.app_context(), unit_of_work(Actor("test", role="admin")) as uow:
        opened = uow.session.scalar(select(CaseTransition).where(
            CaseTransition.case_id == case_id, CaseTransition.name == "open_hearing"))
        uow.session.execute(update(CaseTransition).where(CaseTransition.id == opened.id)
                            .values(at=opened.at - timedelta(days=days)))


def test_a_case_file_from_hearing_to_the_cabinet(browser, site, tmp_path_factory):  # type: ignore[no-untyped-def]
    url, app, case_id = site
    dialogs: list[str] = []

    reviewer = person(browser, url, "reviewer")
    reviewer.goto(f"/cases/{case_id}")
    assert "ต้องเปิดอย่างน้อย 15 วัน" in reviewer.locator("main").inner_text()
    assert reviewer.locator(f'form[action$="/cases/{case_id}/transitions/close_hearing"]').count() == 0

    officer = person(browser, url, "officer")
    officer.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    officer.goto(f"/cases/{case_id}")
    form = officer.locator("form.attachment-form")
    form.locator("select[name=kind]").select_option("draft_bill")
    form.locator("input[type=file]").set_input_files(
        {"name": "ร่างพระราชบัญญัติยกเลิก.pdf", "mimeType": "application/pdf", "buffer": DRAFT})
    click_and_wait(officer, form.locator("button[type=submit]"))
    assert "แนบแล้ว: ร่างพระราชบัญญัติยกเลิก.pdf" in officer.locator("main").inner_text()
    with officer.expect_download() as download:
        officer.locator("#attachments a[download]").first.click()
    assert download.value.suggested_filename == "ร่างพระราชบัญญัติยกเลิก.pdf"
    assert Path(download.value.path()).read_bytes() == DRAFT

    note = officer.locator("form.note-form")
    note.locator("textarea[name=body]").fill(HOSTILE)
    click_and_wait(officer, note.locator("button[type=submit]"))
    thread = officer.locator("#discussion article.case-note")
    assert thread.count() == 1 and HOSTILE in thread.first.inner_text()  # shown as text
    assert officer.locator("#discussion img").count() == 0 and dialogs == []
    folder = Path(os.environ.get("LAWREG_E2E_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    officer.screenshot(path=str(folder / "case-file-panel.png"), full_page=True)

    age_hearing(app, case_id, 15)
    reviewer.goto(f"/cases/{case_id}")
    take(reviewer, case_id, "close_hearing")
    assert "อย่างน้อย 15 วัน" not in reviewer.locator("main").inner_text()

    officer.goto(f"/hearings/{case_id}/responses")
    answer = officer.locator("article.comment form.response-form").first
    answer.locator("textarea[name=body]").fill("กรมจะเสนอยกเลิกตามความเห็นนี้")
    click_and_wait(officer, answer.locator("button[type=submit]"))
    assert "บันทึกคำชี้แจงแล้ว" in officer.locator("main").inner_text()

    public = person(browser, url)
    public.goto("/hearings/")
    with public.expect_navigation():
        public.locator('a[href="/hearings/archive"]').click()
    with public.expect_navigation():
        public.locator(f'main a[href="/hearings/{case_id}"]').click()
    text = public.locator("main").inner_text()
    assert "ควรยกเลิกเพราะไม่มีผู้ใช้แล้ว" in text and "กรมจะเสนอยกเลิกตามความเห็นนี้" in text
    assert "คำชี้แจงของกรมการค้าภายใน" in text
    assert "user:" not in text and "officer" not in text.lower() and "reviewer" not in text
    public.screenshot(path=str(folder / "closed-hearing.png"), full_page=True)

    committee = person(browser, url, "committee")
    committee.goto(f"/cases/{case_id}")
    printed = committee.request.get(f"{url}/cases/{case_id}/case-file.pdf")
    assert printed.ok and printed.headers["content-type"] == "application/pdf"
    from pypdf import PdfReader

    from lawreg.thai.normalize import normalize

    pdf = "".join(normalize("".join(p.extract_text() for p in PdfReader(io.BytesIO(printed.body())).pages)).split())
    assert "ร่างพระราชบัญญัติยกเลิก.pdf" in pdf and "แฟ้มเรื่องที่" in pdf
    assert CSP_VIOLATIONS == []
