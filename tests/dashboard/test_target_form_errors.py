"""A refused reform-target form comes back open where it was sent, with its errors beside
the fields and what was typed, not a message over a page of empty forms."""

from __future__ import annotations

from datetime import date

from workflow.conftest import PASSWORD, build_registry

from lawreg.services.dashboard import set_target


def committee_client(app, db):
    def setup(uow):
        build_registry(uow)
        set_target(uow, "repeal", 10, date(2026, 1, 1), date(2027, 1, 1), "")
    db(setup)
    client = app.test_client()
    assert client.post("/auth/login", data={"username": "committee", "password": PASSWORD}).status_code == 302
    return client


def test_a_refused_change_of_a_target_is_shown_in_that_targets_form(app, db):
    client = committee_client(app, db)
    response = client.post("/dashboard/targets/1?lang=en", data={
        "action": "repeal", "target_count": "12", "starts_on": "2026-06-01", "due_on": "2026-01-01", "note": "แก้ไข"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    edit = page[page.index('action="/dashboard/targets/1"'):]
    edit = edit[:edit.index("</form>")]
    assert 'id="due_on-1"' in edit and 'aria-invalid="true"' in edit and 'class="form-error"' in edit
    assert 'value="12"' in edit and "แก้ไข" in edit  # what was typed
    new = page[page.index('action="/dashboard/targets"'):]
    assert 'class="form-error"' not in new[:new.index("</form>")]


def test_a_refused_new_target_opens_the_new_target_form_with_its_errors(app, db):
    client = committee_client(app, db)
    response = client.post("/dashboard/targets", data={"action": "repeal", "target_count": "0",
                                                        "starts_on": "2026-01-01", "due_on": "2027-01-01"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    new = page[page.rindex("<details open>"):]
    assert 'action="/dashboard/targets"' in new[:400] and 'class="form-error"' in new
