"""Refusals on the Thai pages read in Thai: the service raises a code, the page renders it
through the catalogue (``errors.po``), with its parameters."""

from __future__ import annotations

from .test_web import open_by_page, registry  # noqa: F401  (registry: a fixture)


def test_an_officer_opening_a_case_on_another_agencys_law_reads_why_in_thai(signed_in):
    refused = open_by_page(signed_in("officer"), law="transport-act")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 403
    assert "transport-act ไม่ใช่กฎหมายของหน่วยงานของท่าน" in page
    assert "is not a law of your agency" not in page


def test_a_section_the_law_lacks_is_named_in_thai(signed_in):
    refused = open_by_page(signed_in("officer"), sections="999")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "price-act ไม่มีมาตรา 999" in page and "has no section" not in page


def test_the_same_refusal_reads_in_english_on_request(signed_in):
    officer = signed_in("officer")
    officer.get("/?lang=en")
    page = open_by_page(officer, sections="999").get_data(as_text=True)
    assert "price-act has no section 999" in page


def test_a_transition_without_its_comment_is_refused_in_thai(signed_in):
    officer, admin = signed_in("officer"), signed_in("admin")
    assert open_by_page(officer).status_code == 302
    refused = admin.post("/cases/1/transitions/withdraw", data={"version": "1", "comment": " "})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "ต้องระบุความเห็นประกอบ" in page and "needs comment" not in page
