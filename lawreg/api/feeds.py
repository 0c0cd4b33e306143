"""Atom feeds (RFC 4287, written by feedgen): recently changed laws, gazette publications
recorded through review cases, public hearings opened, and each law's own changes.

Entries name what changed and when, never who (the audit trail's actors are for staff).
An entry's id is a stable ``tag:`` URI, so a reader sees an entry once however often the
feed is fetched.
"""

from __future__ import annotations

from datetime import UTC, datetime

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, abort, request, url_for
from sqlalchemy import func, select

from .. import frbr
from ..db import get_database
from ..i18n import gettext
from ..models import AuditEntry, CaseStage, CaseTransition, Law, ReviewCase
from ..web.readonly import read_session
from .serialize import absolute

bp = Blueprint("feeds", __name__, url_prefix="/feeds")
FEED_SIZE = 50
EMPTY_FEED_UPDATED = datetime(2000, 1, 1, tzinfo=UTC)  # a feed with no entry yet
ATOM = "application/atom+xml"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def new_feed(feed_id: str, title: str, subtitle: str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(f"tag:{request.host.split(':')[0]},2026:{feed_id}")
    feed.title(title)
    feed.subtitle(subtitle)
    feed.link(href=request.base_url, rel="self", type=ATOM)
    feed.link(href=absolute(url_for("public.home")), rel="alternate", type="text/html")
    feed.language("th")
    feed.author({"name": "lawreg"})
    return feed


def add_entry(feed: FeedGenerator, entry_id: str, title: str, link: str, updated: datetime,
              summary: str) -> None:
    entry = feed.add_entry(order="append")
    entry.id(f"tag:{request.host.split(':')[0]},2026:{entry_id}")
    entry.title(title)
    entry.link(href=link, rel="alternate", type="text/html")
    entry.updated(_aware(updated))
    entry.summary(summary)


def finish(feed: FeedGenerator, newest: datetime | None) -> Response:
    feed.updated(_aware(newest) if newest else EMPTY_FEED_UPDATED)
    response = Response(feed.atom_str(pretty=False), mimetype=ATOM)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.add_etag()
    response.make_conditional(request)  # answers 304 / 206 in place
    return response


def law_changes(limit: int = FEED_SIZE) -> list[tuple[str, datetime, int]]:
    """(law key, last change, number of changes) for the laws changed last, newest first.

    From the audit trail, like the home page's list: amending a section does not touch
    the law row."""
    law_key = func.coalesce(
        func.nullif(func.substr(AuditEntry.entity_key, 1,
                                func.instr(AuditEntry.entity_key, "#") - 1), ""),
        AuditEntry.entity_key,
    ) if get_database().is_sqlite else func.split_part(
        AuditEntry.entity_key, "#", 1)
    rows = read_session().execute(
        select(law_key.label("key"), func.max(AuditEntry.at), func.count())
        .where(AuditEntry.entity_type.in_(("law", "section")))
        .group_by(law_key)
        .order_by(func.max(AuditEntry.at).desc())
        .limit(limit)
    ).all()
    return [(row[0], row[1], row[2]) for row in rows]


@bp.get("/changes.atom")
def changes() -> Response:
    feed = new_feed("changes", gettext("Recently changed laws"),
                    gettext("Laws whose text or details changed in the registry, newest first."))
    changed = law_changes()
    laws = {law.key: law for law in read_session().scalars(
        select(Law).where(Law.key.in_([key for key, _at, _n in changed])))}
    for key, at, count in changed:
        law = laws.get(key)
        if law is None:
            continue
        add_entry(feed, f"law:{key}:{_aware(at).isoformat()}", law.title,
                  absolute(url_for("public.law", key=key)), at,
                  gettext("%(count)s changes recorded; the law: %(uri)s", count=count,
                          uri=frbr.work_uri(law)))
    return finish(feed, changed[0][1] if changed else None)


@bp.get("/gazette.atom")
def gazette() -> Response:
    """Review cases whose instrument was published in the Royal Gazette."""
    feed = new_feed("gazette", gettext("Published in the Royal Gazette"),
                    gettext("Reforms recorded as published in the Royal Gazette."))
    cases = list(read_session().scalars(
        select(ReviewCase).where(ReviewCase.gazette_ref.is_not(None))
        .order_by(ReviewCase.published_on.desc().nulls_last(), ReviewCase.id.desc())
        .limit(FEED_SIZE)
    ))
    for case in cases:
        add_entry(feed, f"gazette:case-{case.id}", f"{case.law.title} — {case.gazette_ref}",
                  absolute(url_for("public.law", key=case.law.key)), case.updated_at,
                  gettext("%(action)s published %(date)s, in force %(commenced)s: %(ref)s",
                          action=case.action, date=case.published_on or "",
                          commenced=case.commenced_on or "", ref=case.gazette_ref))
    return finish(feed, max((c.updated_at for c in cases), default=None))


@bp.get("/hearings.atom")
def hearings() -> Response:
    """Public hearings opened, newest first (each opening of a hearing is one entry)."""
    feed = new_feed("hearings", gettext("Public hearings opened"),
                    gettext("Proposals open for public comment."))
    steps = read_session().execute(
        select(CaseTransition, ReviewCase)
        .join(ReviewCase, ReviewCase.id == CaseTransition.case_id)
        .where(CaseTransition.to_stage == CaseStage.PUBLIC_HEARING)
        .order_by(CaseTransition.at.desc(), CaseTransition.id.desc())
        .limit(FEED_SIZE)
    ).all()
    for step, case in steps:
        add_entry(feed, f"hearing:transition-{step.id}", case.law.title,
                  absolute(url_for("hearing.show", case_id=case.id)), step.at,
                  gettext("Proposal to %(action)s: %(justification)s", action=case.action,
                          justification=case.justification[:500]))
    return finish(feed, steps[0][0].at if steps else None)


@bp.get("/laws/<key>.atom")
def law_feed(key: str) -> Response:
    """One law's changes: each recorded change of the law or one of its sections."""
    session = read_session()
    law = session.scalar(select(Law).where(Law.key == key))
    if law is None:
        abort(404, description=gettext("There is no law “%(key)s” in the registry.", key=key))
    feed = new_feed(f"law:{key}", law.title, gettext("Changes of this law in the registry."))
    entries = list(session.scalars(
        select(AuditEntry)
        .where(((AuditEntry.entity_type == "law") & (AuditEntry.entity_key == key))
               | ((AuditEntry.entity_type == "section")
                  & AuditEntry.entity_key.startswith(f"{key}#", autoescape=True)))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(FEED_SIZE)
    ))
    for entry in entries:
        number = entry.entity_key.partition("#")[2]
        link = (url_for("public.section", key=key, number=number) if number
                else url_for("public.law", key=key))
        title = f"{law.title} มาตรา {number}" if number else law.title
        add_entry(feed, f"audit:{entry.id}", title, absolute(link), entry.at,
                  gettext("Recorded change: %(action)s", action=entry.action))
    return finish(feed, entries[0].at if entries else None)
