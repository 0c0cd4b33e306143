"""The triage queue and decisions, manual flags, and flags and burden on the public pages."""

from __future__ import annotations

import re

import pytest
from markupsafe import Markup
from sqlalchemy import select

from lawreg.errors import InvalidRecord
from lawreg.models import AuditEntry, Flag, FlagStatus
from lawreg.records import LawRecord, SectionRecord
from lawreg.services.flags.queries import burden_ranking
from lawreg.services.flags.screening import screen
from lawreg.services.flags.triage import add_manual_flag, decide
from lawreg.services.laws import upsert_law
from lawreg.web.triage import highlight

from .conftest import AGENCY, OWN_LAW, PAPER_FILING, flag_ids, flag_rows

HOSTILE = '<script>alert("x")</script>'


def queue_ids(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'name="flag" value="(\d+)" form="bulk"', page)]


def test_bulk_confirm_and_dismiss_record_who_and_why(screened, signed_in, db):
    own = db(lambda uow: flag_ids(uow, OWN_LAW))
    reviewer = signed_in("reviewer")
    response = reviewer.post("/triage/decide", data={
        "flag": [str(i) for i in own[:2]], "action": "confirm", "reason": "", "next": "/triage/?category=outdated",
    })
    assert response.status_code == 303 and response.headers["Location"].endswith("/triage/?category=outdated")
    response = reviewer.post("/triage/decide", data={
        "flag": [str(i) for i in own[2:]], "action": "dismiss", "reason": "ไม่เป็นภาระ"})
    assert response.status_code == 303

    def decisions(uow):
        flags = [uow.session.get(Flag, i) for i in own]
        audits = uow.session.scalar(
            select(AuditEntry.id).where(AuditEntry.action == "flag.dismissed").limit(1))
        return [(f.status, f.decided_by, f.decision_reason) for f in flags], audits
    rows, audited = db(decisions)
    assert rows[:2] == [(FlagStatus.CONFIRMED, "user:reviewer", None)] * 2
    assert rows[2:] == [(FlagStatus.DISMISSED, "user:reviewer", "ไม่เป็นภาระ")] * (len(own) - 2)
    assert audited is not None
    # Decided flags leave the default (suggested) queue.
    assert queue_ids(reviewer.get(f"/triage/?law={OWN_LAW}").get_data(as_text=True)) == []


def test_dismissal_requires_a_reason(screened, signed_in, db):
    own = db(lambda uow: flag_ids(uow, OWN_LAW))
    before = db(flag_rows)
    officer = signed_in("officer")
    for reason in ("", "   "):
        response = officer.post("/triage/decide", data={
            "flag": [str(i) for i in own], "action": "dismiss", "reason": reason})
        assert response.status_code == 400
    assert officer.post("/triage/decide", data={"action": "dismiss", "reason": "x"}).status_code == 400
    assert officer.post("/triage/decide", data={"flag": "1", "action": "delete"}).status_code == 400
    assert db(flag_rows) == before

    def service(uow):
        with pytest.raises(InvalidRecord, match="reason"):
            decide(uow, own, "dismissed", " ")
    db(service)
    assert db(flag_rows) == before


def test_queue_filters_sorting_and_pages(app, screened, signed_in, db):
    app.config["PAGE_SIZE"] = 2
    reviewer = signed_in("reviewer")

    def confidences(uow, ids):
        return [uow.session.get(Flag, i).confidence for i in ids]
    first = queue_ids(reviewer.get("/triage/").get_data(as_text=True))
    second = queue_ids(reviewer.get("/triage/?page=2").get_data(as_text=True))
    assert len(first) == 2 and second and not set(first) & set(second)
    ordered = db(lambda uow: confidences(uow, first + second))
    assert ordered == sorted(ordered, reverse=True)

    def ids_where(uow, **conditions):
        query = select(Flag.id).where(Flag.status == FlagStatus.SUGGESTED)
        for name, value in conditions.items():
            query = query.where(getattr(Flag, name) == value)
        return set(uow.session.scalars(query))

    def all_pages(query):
        ids, page = [], 1
        while True:
            found = queue_ids(reviewer.get(f"/triage/?{query}&page={page}").get_data(as_text=True))
            if not found or set(found) <= set(ids):
                return set(ids)
            ids += found
            page += 1
    assert all_pages("category=duplicative") == db(lambda uow: ids_where(uow, category="duplicative"))
    assert all_pages("rule=digital.written-filing") == db(
        lambda uow: ids_where(uow, rule_id="digital.written-filing"))
    high = all_pages("min_confidence=0.8")
    assert high and all(c >= 0.8 for c in db(lambda uow: confidences(uow, sorted(high))))
    agency_id = db(lambda uow: uow.session.get(Flag, next(iter(high))).law.agency_id)
    assert all_pages(f"agency={agency_id}&law={OWN_LAW}") == set(db(lambda uow: flag_ids(uow, OWN_LAW)))
    # A bad filter value is ignored (with its message), never a server error.
    response = reviewer.get("/triage/?min_confidence=lots&status=bogus")
    assert response.status_code == 200
    # Dismissed flags are found under their status.
    own = db(lambda uow: flag_ids(uow, OWN_LAW))
    reviewer.post("/triage/decide", data={"flag": str(own[0]), "action": "dismiss", "reason": "ไม่ใช่"})
    assert all_pages("status=dismissed") == {own[0]}


def test_queue_shows_highlighted_evidence_and_duplicate_side_by_side(screened, signed_in):
    page = signed_in("officer").get(f"/triage/?law={OWN_LAW}&lang=en").get_data(as_text=True)
    assert "ผู้ประสงค์จะขอรับใบอนุญาตให้<mark>ยื่นคำขอเป็นหนังสือ</mark>ต่อนายทะเบียน" in page
    assert 'class="side-by-side"' in page and "/laws/other-act-2510/sections/9" in page
    assert "similarity 0.8" in page
    # The rule description follows the interface language.
    assert "filing" in page.lower() or "paper" in page.lower()
    thai = signed_in("officer").get(f"/triage/?law={OWN_LAW}&lang=th").get_data(as_text=True)
    assert "(กระดาษ)" in thai


def test_highlight_escapes_every_piece():
    text = f"ก{HOSTILE}ข<b>&"
    start = text.index("<script>")
    html = highlight(text, (start, start + len(HOSTILE)))
    assert isinstance(html, Markup)
    assert html == 'ก<mark>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</mark>ข&lt;b&gt;&amp;'
    assert highlight(text, None) == Markup.escape(text)
    assert highlight("abc", (0, 0)) == "<mark></mark>abc"


def test_hostile_text_and_input_are_escaped(screened, signed_in, db):
    def hostile_law(uow):
        upsert_law(uow, LawRecord(
            key="hostile-act", title=f"พระราชบัญญัติ {HOSTILE}", year_be=2499,
            agency=f"กระทรวงพาณิชย์ > {AGENCY}",
            sections=[SectionRecord("3", f"มาตรา 3 {HOSTILE} ให้ยื่นคำขอเป็นหนังสือต่อนายทะเบียน <i>")],
        ))
        uow.commit()
        screen(uow, ["hostile-act"])
    db(hostile_law)
    officer = signed_in("officer")
    response = officer.post("/triage/laws/hostile-act/sections/3/flags", data={
        "category": "outdated", "quote": HOSTILE, "notes": f"บันทึก {HOSTILE}"})
    assert response.status_code == 303
    hostile_ids = db(lambda uow: flag_ids(uow, "hostile-act"))
    suggested = db(lambda uow: [i for i in hostile_ids if uow.session.get(Flag, i).rule_id])
    officer.post("/triage/decide", data={"flag": [str(i) for i in suggested], "action": "dismiss",
                                         "reason": f"เหตุผล {HOSTILE}"})
    pages = [
        officer.get("/triage/?law=hostile-act&status=any").get_data(as_text=True),
        officer.get("/laws/hostile-act").get_data(as_text=True),
        officer.get("/laws/hostile-act/sections/3").get_data(as_text=True),
    ]
    for page in pages:
        assert HOSTILE not in page and "<i>" not in page
        assert "&lt;script&gt;alert(" in page
    assert "<mark>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</mark>" in pages[0]
    assert "เหตุผล &lt;script&gt;" in pages[1] and "บันทึก &lt;script&gt;" in pages[2]


def test_manual_flag_needs_evidence_from_the_text(screened, signed_in, db):
    officer = signed_in("officer")
    url = f"/triage/laws/{OWN_LAW}/sections/5/flags"
    before = db(flag_rows)
    for form in (
        {"category": "outdated", "quote": "ไม่มีในมาตรานี้"},  # not in the text
        {"category": "outdated", "quote": "นายทะเบียน", "start": "0"},  # not at that position
        {"category": "outdated", "quote": ""},  # no evidence
        {"category": "obsolete", "quote": "นายทะเบียน"},  # no such category
    ):
        response = officer.post(url, data=form)
        assert response.status_code == 400, form
    refused = officer.post(url + "?lang=en", data={"category": "outdated", "quote": "ไม่มี"})
    assert "must be words of this section" in refused.get_data(as_text=True)
    assert db(flag_rows) == before
    assert officer.get(f"/triage/laws/{OWN_LAW}/sections/404/flags").status_code == 404

    # The selection script sends the position of the chosen occurrence.
    start = PAPER_FILING.index("นายทะเบียน")
    response = officer.post(url, data={"category": "obstructs_digital", "quote": "นายทะเบียน",
                                       "start": str(start), "notes": "ควรยื่นทางออนไลน์"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/laws/{OWN_LAW}/sections/5")

    def manual(uow):
        flag = uow.session.scalars(select(Flag).where(Flag.rule_id.is_(None))).one()
        return flag.status, flag.evidence, flag.created_by, flag.notes
    status, evidence, created_by, notes = db(manual)
    assert status == FlagStatus.SUGGESTED and created_by == "user:officer"  # a second person confirms
    assert evidence == {"quote": "นายทะเบียน", "start": start, "end": start + len("นายทะเบียน")}
    assert notes == "ควรยื่นทางออนไลน์"
    page = officer.get(f"/laws/{OWN_LAW}/sections/5").get_data(as_text=True)
    assert "ควรยื่นทางออนไลน์" in page
    assert "Raised by Officer; awaiting confirmation" in page and "user:officer" not in page  # display name
    assert 'action="/triage/laws/permit-act-2500/sections/5/flags"' in page


def test_manual_form_only_for_permitted_users(screened, signed_in, app):
    section = f"/laws/{OWN_LAW}/sections/5"
    assert "manual-flag" not in app.test_client().get(section).get_data(as_text=True)
    assert "manual-flag" not in signed_in("committee").get(section).get_data(as_text=True)
    assert "manual-flag" not in signed_in("other").get(section).get_data(as_text=True)
    assert "manual-flag" in signed_in("officer").get(section).get_data(as_text=True)
    assert "triage.js" in signed_in("reviewer").get(section).get_data(as_text=True)
    # Reading an old date shows no form: a flag attaches to the current text.
    assert "manual-flag" not in signed_in("reviewer").get(section + "?at=1990-01-01").get_data(as_text=True)


def test_service_manual_flag_position(screened, db):
    def run(uow):
        with pytest.raises(InvalidRecord, match="quote"):
            add_manual_flag(uow, OWN_LAW, "outdated", section="5", quote="นายทะเบียน", start=3)
        with pytest.raises(InvalidRecord, match="section"):
            add_manual_flag(uow, OWN_LAW, "outdated", section="not a number", quote="x")
        flag = add_manual_flag(uow, OWN_LAW, "outdated", section="5", quote="ให้")
        return flag.evidence
    evidence = db(run)
    assert PAPER_FILING[evidence["start"]:evidence["end"]] == "ให้"


def test_law_page_shows_flags_and_burden(screened, signed_in, db, app):
    own = db(lambda uow: flag_ids(uow, OWN_LAW, "obstructs_digital"))
    signed_in("reviewer").post("/triage/decide", data={
        "flag": [str(i) for i in own], "action": "dismiss", "reason": "มีระบบออนไลน์แล้ว"})
    page = app.test_client().get(f"/laws/{OWN_LAW}?lang=en").get_data(as_text=True)
    burden = db(lambda uow: [row for row in burden_ranking(uow.session) if row[0] == OWN_LAW][0])
    assert f"{burden[2]:.1f} per 1,000 words" in page
    assert "ใบอนุญาต: 1" in page  # the term counts
    assert "Duplicative" in page or "ซ้ำซ้อน" in page
    assert "ยื่นคำขอเป็นหนังสือ" in page  # the evidence quote
    # Who decided and why: the public reads the role, never the account name.
    assert "Decided by Central review unit" in page and "มีระบบออนไลน์แล้ว" in page
    assert "user:reviewer" not in page
    assert "confidence 0.85" in page
    # A law not screened yet shows no burden section.
    assert "burden-heading" not in app.test_client().get("/laws/price-act").get_data(as_text=True)


def test_browse_sorted_by_burden(screened, app, db):
    client = app.test_client()
    page = client.get("/laws?sort=burden").get_data(as_text=True)
    ranking = db(lambda uow: [key for key, _count, _rate in burden_ranking(uow.session)])
    assert len(ranking) == 2
    shown = re.findall(r'<li>\s*<a href="/laws/([^"]+)"', page)
    assert shown[: len(ranking)] == ranking
    assert set(shown[len(ranking):]) == {"price-act", "transport-act"}  # not screened: last
    assert 'value="burden" selected' in page
    # The sort survives paging, and a bad sort is named and ignored.
    app.config["PAGE_SIZE"] = 1
    assert "sort=burden" in client.get("/laws?sort=burden").get_data(as_text=True)
    bad = client.get("/laws?sort=bogus")
    assert bad.status_code == 200 and "bogus" in bad.get_data(as_text=True)


def test_triage_writes_need_the_csrf_token(app, screened, signed_in, db):
    officer = signed_in("officer")  # signed in while the test app skips CSRF checks
    app.config["WTF_CSRF_ENABLED"] = True
    own = db(lambda uow: flag_ids(uow, OWN_LAW))
    before = db(flag_rows)
    assert officer.post("/triage/decide", data={
        "flag": str(own[0]), "action": "confirm"}).status_code == 400
    assert officer.post(f"/triage/laws/{OWN_LAW}/sections/5/flags", data={
        "category": "outdated", "quote": "นายทะเบียน"}).status_code == 400
    assert db(flag_rows) == before
    # The pages carry the token their forms need.
    page = officer.get("/triage/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert officer.post("/triage/decide", data={
        "csrf_token": token, "flag": str(own[0]), "action": "confirm"}).status_code == 303
    assert app.test_client().get("/static/triage.js").status_code == 200


def test_decide_refuses_a_decision_that_is_neither_confirm_nor_dismiss(db, registry):
    def attempt(uow):
        with pytest.raises(InvalidRecord) as refused:
            decide(uow, [1], "maybe", "ไม่แน่ใจ")
        assert (refused.value.field, refused.value.code) == ("decision", "flag.decision_unknown")
    db(attempt)
