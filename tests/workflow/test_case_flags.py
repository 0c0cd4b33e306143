"""Flags linked to review cases: choosing them when a case is opened, adding more later, the
checks on each flag, the permission matrix (a refusal writes nothing), and the pages that
lead from flags to a pre-filled case form."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lawreg.errors import InvalidRecord, PermissionDenied
from lawreg.models import AuditEntry, CaseFlag, CaseTransition, Flag
from lawreg.services.cases import StaleCase, get_case, link_flags, open_case
from lawreg.services.flags.triage import add_manual_flag, decide

from .conftest import build_registry, table_counts

QUOTE = "ต้องระวางโทษ"


@pytest.fixture
def flagged(db):
    """The registry, plus flags by hand: two on price-act (sections 25 and 25 ทวิ), one on
    the other agency's transport-act; returns (registry, {name: flag id})."""
    def make(uow):
        registry = build_registry(uow)
        uow.actor = registry.officer
        ids = {
            "penalty": add_manual_flag(uow, "price-act", "outdated", section="25", quote=QUOTE).id,
            "paper": add_manual_flag(uow, "price-act", "obstructs_digital", section="25 ทวิ",
                                     quote="เป็นหนังสือ").id,
        }
        uow.actor = registry.other_officer
        ids["transport"] = add_manual_flag(uow, "transport-act", "outdated", section="1").id
        uow.commit()
        return registry, ids
    return db(make)


def test_opening_links_flags_audited_and_leaves_their_status(db, flagged):
    registry, ids = flagged

    def check(uow):
        uow.actor = registry.officer
        case = open_case(uow, "price-act", "repeal", "ล้าสมัย", sections=["25"],
                         flags=[ids["penalty"], ids["paper"], ids["penalty"]])
        uow.commit()
        links = uow.session.scalars(select(CaseFlag).where(CaseFlag.case_id == case.id)).all()
        assert sorted(link.flag_id for link in links) == sorted([ids["penalty"], ids["paper"]])
        assert {link.linked_by for link in links} == {registry.officer.name}
        entry = uow.session.scalars(select(AuditEntry).where(AuditEntry.action == "case.open")).one()
        assert entry.after["flags"] == sorted([ids["penalty"], ids["paper"]])
        assert {f.status for f in uow.session.scalars(select(Flag))} == {"suggested"}
    db(check)


@pytest.mark.parametrize(
    ("flag", "message"),
    [("transport", "is on transport-act, not on price-act"), (10_000, "no flag 10000")],
)
def test_a_flag_of_another_law_is_refused_naming_the_field(db, flagged, flag, message):
    registry, ids = flagged
    before = table_counts_of(db)

    def attempt(uow):
        uow.actor = registry.officer
        flag_id = ids[flag] if isinstance(flag, str) else flag
        with pytest.raises(InvalidRecord) as refused:
            open_case(uow, "price-act", "repeal", "ล้าสมัย", flags=[ids["penalty"], flag_id])
        assert refused.value.field == "flags" and message in refused.value.reason
    db(attempt)
    assert table_counts_of(db) == before


def test_a_dismissed_flag_is_refused(db, flagged):
    registry, ids = flagged

    def attempt(uow):
        uow.actor = registry.officer
        decide(uow, [ids["paper"]], "dismissed", "ไม่ใช่")
        uow.commit()
        with pytest.raises(InvalidRecord, match="dismissed"):
            open_case(uow, "price-act", "repeal", "ล้าสมัย", flags=[ids["paper"]])
    db(attempt)


def table_counts_of(db):
    return db(table_counts)


def test_link_flags_later_follows_case_permissions(db, flagged):
    registry, ids = flagged

    def open_it(uow):
        uow.actor = registry.officer
        case = open_case(uow, "price-act", "repeal", "ล้าสมัย", flags=[ids["penalty"]])
        uow.commit()
        return case.id, case.version
    case_id, version = db(open_it)
    before = table_counts_of(db)

    # The other agency's officer, the committee: refused, nothing written.
    for actor in (registry.other_officer, registry.committee):
        def refused(uow, actor=actor):
            uow.actor = actor
            with pytest.raises(PermissionDenied):
                link_flags(uow, case_id, version, [ids["paper"]])
        db(refused)
        assert table_counts_of(db) == before

    # A flag of another law, a stale version: refused, nothing written.
    def wrong_law(uow):
        uow.actor = registry.officer
        with pytest.raises(InvalidRecord, match="transport-act"):
            link_flags(uow, case_id, version, [ids["transport"]])
        with pytest.raises(StaleCase):
            link_flags(uow, case_id, version - 1, [ids["paper"]])
    db(wrong_law)
    assert table_counts_of(db) == before

    def link(uow):
        uow.actor = registry.reviewer
        case = link_flags(uow, case_id, version, [ids["paper"], ids["penalty"]])
        uow.commit()
        assert case.version == version + 1
        assert sorted(link.flag_id for link in case.flag_links) == sorted([ids["penalty"], ids["paper"]])
        step = uow.session.scalars(select(CaseTransition).where(CaseTransition.name == "link_flags")).one()
        assert step.actor == registry.reviewer.name and step.comment == f"#{ids['paper']}"
        audit = uow.session.scalars(select(AuditEntry).where(AuditEntry.action == "case.link_flags")).one()
        assert audit.before["flags"] == [ids["penalty"]]
        assert audit.after["flags"] == sorted([ids["penalty"], ids["paper"]])
        with pytest.raises(InvalidRecord, match="not yet linked"):
            link_flags(uow, case_id, case.version, [ids["paper"]])
    db(link)


def test_an_officer_may_not_open_a_case_on_another_agencys_law_with_its_flags(db, flagged):
    registry, ids = flagged
    before = table_counts_of(db)

    def attempt(uow):
        uow.actor = registry.officer
        with pytest.raises(PermissionDenied):
            open_case(uow, "transport-act", "repeal", "ล้าสมัย", flags=[ids["transport"]])
    db(attempt)
    assert table_counts_of(db) == before


# -- the pages -------------------------------------------------------------------------------


@pytest.fixture
def registry(flagged):
    """The accounts ``flagged`` made, for the shared ``signed_in`` fixture."""
    return flagged[0]


def test_from_the_section_page_to_a_case_with_its_flag(app, db, flagged, signed_in):
    _, ids = flagged
    officer = signed_in("officer")
    section = officer.get("/laws/price-act/sections/25").get_data(as_text=True)
    link = re.search(r'href="(/officer/cases/new\?[^"]+)"[^>]*>[^<]*', section)
    assert link is not None
    form = officer.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert 'value="price-act"' in form and 'value="25"' in form
    assert re.search(rf'value="{ids["penalty"]}" checked', form)
    assert re.search(rf'value="{ids["paper"]}">', form)  # offered, not pre-checked
    assert f'value="{ids["transport"]}"' not in form  # another law's flag is not offered

    response = officer.post("/officer/cases/new", data={
        "law": "price-act", "action": "repeal", "sections": "25", "justification": "ล้าสมัย",
        "flags": [str(ids["penalty"])]})
    assert response.status_code == 302
    page = officer.get(response.location).get_data(as_text=True)
    assert f'id="linked-flag-{ids["penalty"]}"' in page and QUOTE in page
    assert 'href="/laws/price-act/sections/25"' in page
    assert f'id="linked-flag-{ids["paper"]}"' not in page


def test_the_form_refuses_another_laws_flag_and_writes_nothing(db, flagged, signed_in):
    _, ids = flagged
    officer = signed_in("officer")
    before = table_counts_of(db)
    response = officer.post("/officer/cases/new", data={
        "law": "price-act", "action": "repeal", "justification": "ล้าสมัย",
        "flags": [str(ids["transport"])]})
    assert response.status_code == 400
    assert f"ข้อสังเกต {ids['transport']} อยู่ใน transport-act ไม่ใช่ price-act" in response.get_data(as_text=True)
    flags_field = response.get_data(as_text=True).split('class="case-flags"', 1)[1].split("</fieldset>", 1)[0]
    assert '<p class="form-error">ข้อสังเกต ' in flags_field  # beside the flags, not a banner
    assert table_counts_of(db) == before


def test_triage_queue_offers_a_case_from_the_checked_flags(db, flagged, signed_in):
    _, ids = flagged
    officer = signed_in("officer")
    queue = officer.get("/triage/?status=suggested").get_data(as_text=True)
    assert 'formaction="/officer/cases/new"' in queue
    form = officer.get(f"/officer/cases/new?flag={ids['penalty']}&flag={ids['paper']}").get_data(as_text=True)
    assert 'value="price-act"' in form and "25, 25 ทวิ" in form
    assert re.search(rf'value="{ids["paper"]}" checked', form)
    # Flags of two laws: the law is left for the officer to choose.
    mixed = officer.get(f"/officer/cases/new?flag={ids['penalty']}&flag={ids['transport']}")
    assert "อยู่ในกฎหมายหลายฉบับ" in mixed.get_data(as_text=True)  # "on several laws"


def test_linking_more_flags_on_the_case_page_and_refusals(db, flagged, signed_in):
    registry, ids = flagged

    def open_it(uow):
        uow.actor = registry.officer
        case = open_case(uow, "price-act", "repeal", "ล้าสมัย")
        uow.commit()
        return case.id, case.version
    case_id, version = db(open_it)
    other, committee = signed_in("other"), signed_in("committee")
    before = table_counts_of(db)
    assert other.post(f"/cases/{case_id}/flags", data={"version": version,
                                                      "flags": [str(ids["paper"])]}).status_code == 403
    assert committee.post(f"/cases/{case_id}/flags", data={"version": version,
                                                          "flags": [str(ids["paper"])]}).status_code == 403
    assert table_counts_of(db) == {**before, "audit_entry": before["audit_entry"] + 2}  # 2 refusals
    officer = signed_in("officer")
    page = officer.get(f"/cases/{case_id}").get_data(as_text=True)
    assert 'id="linked-flag-' not in page
    assert f'name="flags" value="{ids["paper"]}"' in page
    response = officer.post(f"/cases/{case_id}/flags", data={"version": version, "flags": [str(ids["paper"])]})
    assert response.status_code == 302
    assert db(lambda uow: [link.flag_id for link in get_case(uow, case_id).flag_links]) == [ids["paper"]]
