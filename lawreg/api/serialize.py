"""Registry objects as the JSON the API answers (shapes in :mod:`lawreg.api.schemas`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import request, url_for
from sqlalchemy.orm import object_session

from .. import frbr
from ..local_time import local_iso
from ..models import (
    Flag,
    HearingComment,
    HearingResponse,
    Law,
    LawRelation,
    ReviewCase,
    Section,
    SectionVersion,
)
from ..models.law import is_demo
from ..services.hearing_archive import ArchivedHearing
from ..services.queries import ChapterNode
from ..services.status import law_status_at


def absolute(path: str) -> str:
    return request.host_url.rstrip("/") + path


def law_ref(law: Law) -> dict[str, Any]:
    return {
        "key": law.key,
        "title": law.title,
        "frbr_uri": frbr.work_uri(law),
        "api_url": absolute(url_for("api.get_law", key=law.key)),
    }


def law(item: Law, status: str | None = None) -> dict[str, Any]:
    """The law object of every answer.  ``akn_url`` is the latest text's XML under a URL that
    never changes (``…/tha.xml``); the dated expressions are in the law's own answer.
    ``status`` is computed from the dated records for today, like the pages' (a list passes
    the statuses it computed for all its laws at once)."""
    work = frbr.work_uri(item)
    session = object_session(item)
    if status is None:
        status = law_status_at(session, item).status if session is not None else item.status
    return {
        "key": item.key,
        "frbr_uri": work,
        "akn_url": absolute(f"{work}/{frbr.LANGUAGE}.xml"),
        "html_url": absolute(url_for("public.law", key=item.key)),
        "api_url": absolute(url_for("api.get_law", key=item.key)),
        "title": item.title,
        "title_en": item.title_en,
        "type": item.law_type,
        "year_be": item.year_be,
        "status": status,
        "source_url": item.source_url,
        "demo": is_demo(item),
        "gazette_ref": item.gazette_ref,
        "enacted_on": _iso(item.enacted_on),
        "published_on": _iso(item.published_on),
        "commenced_on": _iso(item.commenced_on),
        "abbreviations": list(item.abbreviations or []),
        "subject_groups": list(item.subject_groups),
        "agency": item.agency.name if item.agency else None,
        "updated_at": local_iso(item.updated_at),
    }


def section_urls(law_key: str, number: str) -> dict[str, str]:
    return {
        "api_url": absolute(url_for("api.get_section", key=law_key, number=number)),
        "html_url": absolute(url_for("public.section", key=law_key, number=number)),
    }


def section_summary(law_key: str, section: Section, status: str | None = None) -> dict[str, Any]:
    """``status`` is the section's status computed for the day asked (the stored one when the
    caller has none)."""
    return {
        "number": section.number,
        "label": section.label,
        "citation": section.citation,
        "heading": section.heading,
        "chapter_path": list(section.chapter_path or []),
        "status": status or section.status,
        **section_urls(law_key, section.number),
    }


def version(item: SectionVersion) -> dict[str, Any]:
    return {
        "id": item.id,
        "text": item.text,
        "valid_from": _iso(item.valid_from),
        "valid_to": _iso(item.valid_to),
        "amended_by": law_ref(item.amended_by) if item.amended_by else None,
        "note": item.note,
    }


def contents(node: ChapterNode, law_key: str) -> list[dict[str, Any]]:
    """The table of contents as nested chapters whose leaves are sections."""
    items: list[dict[str, Any]] = []
    for child in node.items:
        if isinstance(child, ChapterNode):
            items.append({"kind": "chapter", "title": child.title, "number": None,
                          "api_url": None, "items": contents(child, law_key)})
        else:
            items.append({"kind": "section", "title": child.heading or child.citation,
                          "number": child.number,
                          "api_url": section_urls(law_key, child.number)["api_url"],
                          "items": []})
    return items


def relation(row: LawRelation, direction: str) -> dict[str, Any]:
    """A relation seen from one side: ``law`` is the other law."""
    outgoing = direction == "outgoing"
    mine = row.subject_section if outgoing else row.object_section
    other = row.object_section if outgoing else row.subject_section
    return {
        "kind": row.kind,
        "direction": direction,
        "law": law_ref(row.object_law if outgoing else row.subject_law),
        "section": mine.number if mine else None,
        "other_section": other.number if other else None,
        "effective_on": _iso(row.effective_on),
        "note": row.note,
    }


def flag(item: Flag) -> dict[str, Any]:
    return {
        "id": item.id,
        "law_key": item.law.key,
        "section": item.section_number,
        "category": item.category,
        "rule_id": item.rule_id,
        "status": item.status,
        "confidence": float(item.confidence),
        "similarity": item.similarity,
        "evidence": dict(item.evidence or {}),
        "created_at": local_iso(item.created_at),
        "decided_at": local_iso(item.decided_at),
        "decision_reason": item.decision_reason,
    }


def case(item: ReviewCase) -> dict[str, Any]:
    """A review case as the public may read it: no names of officers, no internal notes."""
    return {
        "id": item.id,
        "law": law_ref(item.law),
        "action": item.action,
        "stage": item.stage,
        "stage_due_on": _iso(item.stage_due_on),
        "justification": item.justification,
        "sections": [link.section.number for link in item.sections],
        "gazette_ref": item.gazette_ref,
        "published_on": _iso(item.published_on),
        "commenced_on": _iso(item.commenced_on),
        "instrument": law_ref(item.instrument) if item.instrument else None,
        "version": item.version,
        "transitions": [
            {"name": step.name, "from_stage": step.from_stage, "to_stage": step.to_stage,
             "at": local_iso(step.at)}
            for step in item.transitions
        ],
        "created_at": local_iso(item.created_at),
        "updated_at": local_iso(item.updated_at),
    }


def comment(item: HearingComment, response: HearingResponse | None = None) -> dict[str, Any]:
    return {
        "id": item.id,
        "display_name": item.display_name,
        "stance": item.stance,
        "body": item.body,
        "created_at": local_iso(item.created_at),
        "response": agency_response(response),
    }


def agency_response(item: HearingResponse | None) -> dict[str, Any] | None:
    """The agency's answer, as the agency's: never the name of the staff member who wrote it."""
    return None if item is None else {"body": item.body, "responded_at": local_iso(item.responded_at)}


def hearing(record: ArchivedHearing) -> dict[str, Any]:
    """A hearing as the public reads it, open or closed."""
    return {
        "case": case(record.case),
        "open": record.period.is_open,
        "opened_at": local_iso(record.period.opened_at),
        "closed_at": local_iso(record.period.closed_at) if record.period.closed_at else None,
        "comments": [comment(c, record.responses.get(c.id)) for c in record.comments],
        "summary_response": agency_response(record.summary),
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
