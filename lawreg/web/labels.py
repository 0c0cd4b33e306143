"""Reader-facing names of the registry's codes (statuses, law types, relation kinds).

The database stores stable codes (``in_force``, ``amends``) and Thai law-type names; pages
show them in the reader's language through these tables.  Templates use the functions as
globals: ``status_label(law.status)``, ``law_type_label(law.law_type)``, ...
"""

from __future__ import annotations

from datetime import date

from flask import Flask, request
from flask_babel.speaklater import LazyString
from sqlalchemy import select

from ..db import get_session
from ..i18n import lazy_gettext
from ..models import Law, LawStatus, LawType, RelationKind, Section, SectionStatus
from ..models.law import DEMO_SOURCE, is_demo
from ..services.status import NOT_YET_IN_FORCE, StatusAt, statuses_at

STATUS_CACHE = "lawreg.law_statuses"
STATUS_LABELS: dict[str, LazyString] = {
    LawStatus.IN_FORCE: lazy_gettext("In force"),
    LawStatus.PARTLY_REPEALED: lazy_gettext("Partly repealed"),
    LawStatus.REPEALED: lazy_gettext("Repealed"),
    LawStatus.EXPIRED: lazy_gettext("Expired"),
    NOT_YET_IN_FORCE: lazy_gettext("Not yet in force"),
}

SECTION_STATUS_LABELS: dict[str, LazyString] = {
    SectionStatus.IN_FORCE: lazy_gettext("In force"),
    SectionStatus.REPEALED: lazy_gettext("Repealed"),
    NOT_YET_IN_FORCE: lazy_gettext("Not yet in force"),
}

LAW_TYPE_LABELS: dict[str, LazyString] = {
    LawType.CONSTITUTION: lazy_gettext("Constitution"),
    LawType.ORGANIC_ACT: lazy_gettext("Organic Act"),
    LawType.CODE: lazy_gettext("Code"),
    LawType.ACT: lazy_gettext("Act"),
    LawType.EMERGENCY_DECREE: lazy_gettext("Emergency Decree"),
    LawType.ROYAL_DECREE: lazy_gettext("Royal Decree"),
    LawType.MINISTERIAL_REGULATION: lazy_gettext("Ministerial Regulation"),
    LawType.ANNOUNCEMENT: lazy_gettext("Announcement"),
    LawType.REGULATION: lazy_gettext("Regulation"),
    LawType.RULE: lazy_gettext("Rule"),
    LawType.ORDER: lazy_gettext("Order"),
    LawType.OTHER: lazy_gettext("Other"),
}

# (kind, direction) → heading; "out" is "this law <kind> that one", "in" the reverse.
RELATION_LABELS: dict[tuple[str, str], LazyString] = {
    (RelationKind.AMENDS, "out"): lazy_gettext("Amends"),
    (RelationKind.AMENDS, "in"): lazy_gettext("Amended by"),
    (RelationKind.REPEALS, "out"): lazy_gettext("Repeals"),
    (RelationKind.REPEALS, "in"): lazy_gettext("Repealed by"),
    (RelationKind.ENABLED_BY, "out"): lazy_gettext("Enabled by (parent law)"),
    (RelationKind.ENABLED_BY, "in"): lazy_gettext("Subordinate legislation"),
    (RelationKind.REFERS_TO, "out"): lazy_gettext("Refers to"),
    (RelationKind.REFERS_TO, "in"): lazy_gettext("Referred to by"),
}
RELATION_ORDER = [kind.value for kind in RelationKind]

# Section labels as stored (Thai) → reader's language: "มาตรา 277" reads "Section 277".
SECTION_LABELS: dict[str, LazyString] = {
    "มาตรา": lazy_gettext("Section"),
    "ข้อ": lazy_gettext("Clause"),
    "บัญชี": lazy_gettext("Schedule"),
}

# Subordinate instruments number their provisions ข้อ (clause); Acts, codes and decrees มาตรา.
CLAUSE_LAW_TYPES = (LawType.MINISTERIAL_REGULATION, LawType.ANNOUNCEMENT, LawType.REGULATION,
                    LawType.RULE, LawType.ORDER)
PROVISIONS_HEADINGS: dict[str, LazyString] = {
    "มาตรา": lazy_gettext("Sections"),
    "ข้อ": lazy_gettext("Clauses"),
}

AUDIT_ACTION_LABELS: dict[str, LazyString] = {
    "law.create": lazy_gettext("Law added to the registry"),
    "law.update": lazy_gettext("Law details changed"),
    "section.update": lazy_gettext("Section text or details changed"),
    "relation.create": lazy_gettext("Relation to another law added"),
}


def status_label(status: str | None) -> str:
    return str(STATUS_LABELS.get(status or "", status or ""))


def section_status_label(status: str | None) -> str:
    """A section's status; a law's (``expired``) when the section shares its law's."""
    label = SECTION_STATUS_LABELS.get(status or "") or STATUS_LABELS.get(status or "")
    return str(label or status or "")


def statuses_today() -> dict[int, StatusAt]:
    """Every law's status today (computed, see :mod:`lawreg.services.status`), once per
    request: kept with the request, not ``g``, which outlives it when an app context is
    already open."""
    cache: dict[int, StatusAt] | None = request.environ.get(STATUS_CACHE)
    if cache is None:
        cache = statuses_at(get_session(), date.today())
        request.environ[STATUS_CACHE] = cache
    return cache


def law_status(law: Law) -> StatusAt:
    """The law's status today, for lists that show many laws."""
    cache = statuses_today()
    if law.id not in cache:  # a law written during this request
        request.environ.pop(STATUS_CACHE)
        cache = statuses_today()
    return cache[law.id]


def law_type_label(law_type: str | None) -> str:
    """The reader's-language name of a law type; a type outside the list shows as stored."""
    return str(LAW_TYPE_LABELS.get(law_type or "", law_type or ""))


def relation_label(kind: str, direction: str) -> str:
    return str(RELATION_LABELS.get((kind, direction), kind))


def provision_word(law: Law | None) -> str:
    """What ``law`` calls its numbered provisions: "ข้อ" for a ministerial regulation,
    announcement, regulation, rule or order (known by its type, else by its title's first
    word), "มาตรา" otherwise."""
    if law is None:
        return "มาตรา"
    kind = law.law_type or law.title or ""
    return "ข้อ" if kind.startswith(CLAUSE_LAW_TYPES) else "มาตรา"


def section_citation(section: Section) -> str:
    """"มาตรา 277 ทวิ" in Thai, "Section 277 ทวิ" in English; "ข้อ 5" / "Clause 5" for a
    regulation's provision even when it was stored with the default label มาตรา."""
    label = section.label
    if label == "มาตรา":
        label = provision_word(section.law)
    return f"{SECTION_LABELS.get(label, label)} {section.number}"


def provision_citation(law: Law | None, number: str) -> str:
    """Provision ``number`` of ``law`` when only the number is at hand (a flag, a case)."""
    word = provision_word(law)
    return f"{SECTION_LABELS[word]} {number}"


def provisions_heading(law: Law | None) -> str:
    """The heading over a law's provisions or their count: "มาตรา" or "ข้อ"."""
    return str(PROVISIONS_HEADINGS[provision_word(law)])


DEMO_CACHE = "lawreg.demo_keys"


def is_demo_law(law: Law | str) -> bool:
    """Whether a law (or a law key, as search hits carry) is one of the fictional demo laws;
    the keys are read once per request."""
    if isinstance(law, Law):
        return is_demo(law)
    keys: frozenset[str] | None = request.environ.get(DEMO_CACHE)
    if keys is None:
        keys = frozenset(get_session().scalars(select(Law.key).where(Law.source == DEMO_SOURCE)))
        request.environ[DEMO_CACHE] = keys
    return law in keys


def audit_action_label(action: str) -> str:
    return str(AUDIT_ACTION_LABELS.get(action, action))


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        status_label=status_label,
        law_status=law_status,
        section_status_label=section_status_label,
        law_type_label=law_type_label,
        relation_label=relation_label,
        section_citation=section_citation,
        provision_citation=provision_citation,
        provisions_heading=provisions_heading,
        relation_order=RELATION_ORDER,
        audit_action_label=audit_action_label,
        is_demo_law=is_demo_law,
    )
