"""The triage page as staff use it: refusals shown inline on the queue (nothing typed is
lost), the open-case hand-off as a POST, collapsible filters, and law filters by title."""

from __future__ import annotations

from urllib.parse import urlsplit

from triage.conftest import OTHER_LAW, OWN_LAW, flag_ids, flag_rows


def test_dismissing_without_a_reason_stays_on_the_queue_with_the_error(screened, signed_in, db):
    reviewer = signed_in("reviewer")
    ids = db(lambda uow: flag_ids(uow, OWN_LAW))
    before = db(flag_rows)
    response = reviewer.post("/triage/decide?lang=en", data={
        "flag": [str(i) for i in ids[:2]], "action": "dismiss", "reason": "  ", "origin": "bulk",
        "next": f"/triage/?law={OWN_LAW}"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<h1>Flag triage</h1>" in page  # the queue itself, not a dead-end page
    assert 'id="refused-bulk"' in page and "Give a reason for the dismissal." in page
    for flag_id in ids[:2]:  # the checked flags stay checked
        assert f'id="check-{flag_id}" checked' in page
    assert f'id="check-{ids[2]}" checked' not in page
    assert f'value="{OWN_LAW}"' in page  # the queue's filter is kept
    assert db(flag_rows) == before


def test_a_single_flag_refusal_is_shown_beside_that_flag_with_the_text_kept(screened, signed_in, db):
    reviewer = signed_in("reviewer")
    flag = db(lambda uow: flag_ids(uow, OWN_LAW))[0]
    response = reviewer.post("/triage/decide", data={
        "flag": str(flag), "action": "dismiss", "reason": "", "next": "/triage/"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="refused-{flag}"' in page and f'aria-describedby="refused-{flag}" autofocus' in page


def test_bulk_dismissal_with_one_reason_decides_every_checked_flag(screened, signed_in, db):
    reviewer = signed_in("reviewer")
    ids = db(lambda uow: flag_ids(uow, OWN_LAW))[:2]
    response = reviewer.post("/triage/decide", data={
        "flag": [str(i) for i in ids], "action": "dismiss", "reason": "ซ้ำกับระบบใหม่", "origin": "bulk",
        "next": "/triage/"})
    assert response.status_code == 303
    rows = {row[0]: row for row in db(flag_rows)}
    assert all(rows[i][1] == "dismissed" and rows[i][3] == "ซ้ำกับระบบใหม่" for i in ids)


def test_open_case_from_checked_flags_is_a_post_that_prefills_the_form(screened, signed_in, db):
    officer = signed_in("officer")
    page = officer.get("/triage/").get_data(as_text=True)
    assert 'formmethod="get"' not in page  # the CSRF token never goes into a URL
    assert 'name="prefill" value="1" formaction="/officer/cases/new"' in page
    ids = db(lambda uow: flag_ids(uow, OWN_LAW))[:2]
    response = officer.post("/officer/cases/new", data={"flag": [str(i) for i in ids], "prefill": "1"})
    form = response.get_data(as_text=True)
    assert response.status_code == 200 and "csrf_token=" not in urlsplit(response.request.url).query
    assert f'value="{OWN_LAW}"' in form
    for flag_id in ids:
        assert f'name="flags" value="{flag_id}" checked' in form
    assert "Case 1 opened" not in form and 'class="form-error"' not in form


def test_filters_are_a_collapsible_panel_open_only_when_in_use(screened, signed_in):
    reviewer = signed_in("reviewer")
    plain = reviewer.get("/triage/").get_data(as_text=True)
    assert '<details class="filter-panel">' in plain
    filtered = reviewer.get("/triage/?category=outdated").get_data(as_text=True)
    assert '<details class="filter-panel" open>' in filtered
    assert "<script" not in filtered.split("</main>")[0]  # no inline script under the strict CSP


def test_the_law_filter_matches_words_of_the_title(screened, signed_in):
    reviewer = signed_in("reviewer")
    by_title = reviewer.get("/triage/", query_string={"law": "การอนุญาต", "status": "any"}).get_data(as_text=True)
    assert f'href="/laws/{OWN_LAW}"' in by_title and f'href="/laws/{OTHER_LAW}"' not in by_title
    by_key = reviewer.get("/triage/", query_string={"law": OTHER_LAW, "status": "any"}).get_data(as_text=True)
    assert f'href="/laws/{OTHER_LAW}"' in by_key and f'href="/laws/{OWN_LAW}"' not in by_key
