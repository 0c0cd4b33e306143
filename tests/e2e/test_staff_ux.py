"""Browser tests of the staff pages as a ministry team uses them at 1280 px, in Thai, under
the strict Content-Security-Policy: the header on one line, a readable audit entry, badge
icons that are not empty boxes, triage refusals on the page itself, the open-case hand-off
as a POST, and a password change."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from triage.conftest import OWN_LAW, other_act, permit_act
from workflow.conftest import PASSWORD, build_registry

from lawreg.models import AuditEntry
from lawreg.services import Actor, unit_of_work
from lawreg.services.accounts import actor_for, find_user
from lawreg.services.flags.screening import screen
from lawreg.services.laws import upsert_law

from . import serving
from .serving import CSP_VIOLATIONS, browser_app, click_and_wait, fast_hashes, served

pytestmark = pytest.mark.e2e
WIDTH = 1280


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The workflow registry, two screened laws with suggestions, and an audit entry with a
    long Thai value, served on a free port."""
    app = browser_app(tmp_path_factory.mktemp("staffux"))
    with app.app_context(), fast_hashes(), unit_of_work(Actor("test", role="admin")) as uow:
        build_registry(uow)
        upsert_law(uow, permit_act())
        upsert_law(uow, other_act())
        uow.session.add(AuditEntry(
            actor=actor_for(find_user(uow, "officer")).name, action="law.update", entity_type="law",
            entity_key="price-act", before={"title": "เดิม"},
            after={"title": "พระราชบัญญัติว่าด้วยราคาสินค้า" * 60, "url": "https://example.go.th/" + "x" * 400}))
        uow.commit()
        screen(uow, [OWN_LAW])
    with served(app) as url:
        yield url


def person(browser, server, username: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    """A staff member signed in, at the width these tests are about."""
    return serving.person(browser, server, username, password, viewport={"width": WIDTH, "height": 900})


def test_the_header_fits_one_line_and_staff_links_open_from_a_menu(browser, server):  # type: ignore[no-untyped-def]
    admin = person(browser, server, "admin")
    admin.goto("/review/")
    tops = admin.eval_on_selector_all(
        ".site-nav > ul > li, .language-switch li", "items => items.map(item => Math.round(item.getBoundingClientRect().top))")
    assert max(tops) - min(tops) <= 4, tops  # every item on one line
    name_top = admin.eval_on_selector(".site-name", "e => Math.round(e.getBoundingClientRect().top)")
    assert abs(name_top - min(tops)) <= 12  # beside the site name, not under it
    assert not admin.locator('.nav-menu a[href="/audit/"]').is_visible()
    admin.locator(".nav-menu > details > summary").first.click()
    click_and_wait(admin, admin.locator('.nav-menu a[href="/audit/"]'))
    assert admin.url.endswith("/audit/")
    assert CSP_VIOLATIONS == []


def test_an_audit_entry_is_readable_and_as_wide_as_the_window(browser, server):  # type: ignore[no-untyped-def]
    committee = person(browser, server, "committee")
    committee.goto("/audit/?action=law.update")
    click_and_wait(committee, committee.locator("main table a").first)
    text = committee.locator("main").inner_text()
    assert "พระราชบัญญัติว่าด้วยราคาสินค้า" in text and "\\u0e" not in text
    assert "พ.ศ. 25" in text and "Officer" in text and "user:officer" not in text
    width = committee.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, width  # was 4,496 px


def test_badge_icons_are_drawn_shapes_not_font_glyphs(browser, server):  # type: ignore[no-untyped-def]
    reviewer = person(browser, server, "reviewer")
    reviewer.goto(f"/laws/{OWN_LAW}")
    icons = reviewer.eval_on_selector_all(".badge, .flag-status", """items => items.map(item => {
        const style = getComputedStyle(item, "::before");
        return {cls: item.className, content: style.content, width: parseFloat(style.width),
                shape: style.clipPath !== "none" || style.backgroundImage !== "none"
                       || style.boxShadow !== "none" || style.borderRadius !== "0px"};
    })""")
    assert len(icons) >= 3, icons  # the law's status, its flags and their statuses
    for icon in icons:
        if "shape--question" in icon["cls"]:
            assert icon["content"] == '"?"', icon  # ASCII, in every font
        else:  # no character at all: nothing a Thai font can miss
            assert icon["content"] == '""' and icon["width"] > 5 and icon["shape"], icon
    assert {"badge--in_force", "shape--no-entry", "shape--question"} <= {c for icon in icons for c in icon["cls"].split()}


def test_triage_refusal_stays_on_the_page_and_bulk_dismissal_works(browser, server):  # type: ignore[no-untyped-def]
    reviewer = person(browser, server, "reviewer")
    reviewer.goto(f"/triage/?law={OWN_LAW}")
    assert reviewer.locator("details.filter-panel[open]").count() == 1  # a filter is in use
    reviewer.goto("/triage/")
    assert reviewer.locator("details.filter-panel[open]").count() == 0
    assert not reviewer.locator("#rule").is_visible()  # the filters fold away
    boxes = reviewer.locator("input[form=bulk][name=flag]")
    total = boxes.count()
    assert total >= 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    click_and_wait(reviewer, reviewer.locator('#bulk button[value="dismiss"]'))
    alert = reviewer.locator("#refused-bulk")
    assert alert.is_visible() and "เหตุผล" in alert.inner_text()
    assert reviewer.locator("input[form=bulk][name=flag]:checked").count() == 2  # kept
    reviewer.fill("#bulk-reason", "มีระบบออนไลน์แล้ว")
    click_and_wait(reviewer, reviewer.locator('#bulk button[value="dismiss"]'))
    assert "/triage/" in reviewer.url and reviewer.locator(".flash--success").count() == 1
    assert reviewer.locator("input[form=bulk][name=flag]").count() == total - 2


def test_open_a_case_from_checked_flags_posts_without_the_token_in_the_url(browser, server):  # type: ignore[no-untyped-def]
    officer = person(browser, server, "officer")
    officer.goto("/triage/")
    officer.locator("input[form=bulk][name=flag]").first.check()
    requests: list[tuple[str, str]] = []
    officer.on("request", lambda request: requests.append((request.method, request.url)))
    click_and_wait(officer, officer.locator('#bulk button[name="prefill"]'))
    assert officer.url.endswith("/officer/cases/new")
    assert ("POST", officer.url) in requests
    assert not any("csrf_token" in url for _method, url in requests)
    assert officer.locator("input[name=law]").input_value() == OWN_LAW
    assert officer.locator("input[name=flags]:checked").count() == 1
    click_and_wait(officer, officer.locator('button[name="refresh"]'))  # show the law's flags
    assert "csrf_token" not in officer.url and officer.locator("input[name=flags]:checked").count() == 1


def test_a_user_changes_their_password_from_the_account_menu(browser, server):  # type: ignore[no-untyped-def]
    other = person(browser, server, "other")
    other.locator(".nav-menu--account summary").click()
    click_and_wait(other, other.locator('a[href="/account/password"]'))
    other.fill("input[name=current_password]", "not the password")
    other.fill("input[name=password]", "ไม้ตะพดสีเขียวมะกอก")
    other.fill("input[name=confirm]", "ไม้ตะพดสีเขียวมะกอก")
    click_and_wait(other, other.locator("main button[type=submit]"))
    assert other.locator("#current_password-error").is_visible()
    assert other.locator("input[name=current_password]").get_attribute("aria-invalid") == "true"
    other.fill("input[name=current_password]", PASSWORD)
    other.fill("input[name=password]", "ไม้ตะพดสีเขียวมะกอก")
    other.fill("input[name=confirm]", "ไม้ตะพดสีเขียวมะกอก")
    click_and_wait(other, other.locator("main button[type=submit]"))
    assert other.locator(".flash--success").count() == 1
    again = person(browser, server, "other", "ไม้ตะพดสีเขียวมะกอก")
    assert "/auth/login" not in again.url
