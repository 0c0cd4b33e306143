"""Taking the fictional demo laws out of a registry that now holds real ones.

``lawreg demo`` loads 30 invented laws (``Law.source == "demo"``) so a new installation has
something to show.  Once real laws are imported they must go, and only they: the removal
selects by the demo source alone, records one audit entry per law (with what it was) and
per relation from a real law that pointed at one, and names every removed law to the search
index through the unit of work.  A demo law that a review case is about is not removed (a
case is an official record): the refusal names the cases.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from ..errors import InvalidRecord
from ..models import Law, LawRelation, ReviewCase
from ..models.law import DEMO_SOURCE
from .laws import law_snapshot
from .permissions import Permission, require
from .unit_of_work import UnitOfWork


def demo_laws(uow: UnitOfWork) -> list[Law]:
    return list(uow.session.scalars(select(Law).where(Law.source == DEMO_SOURCE).order_by(Law.key)))


def remove_demo_laws(uow: UnitOfWork) -> list[str]:
    """Delete every demo law with its sections, versions, relations and flags; return their
    keys.  Real laws are untouched apart from losing relations that pointed at a demo law."""
    require(uow.actor, Permission.MANAGE_REGISTRY)
    laws = demo_laws(uow)
    if not laws:
        return []
    ids = [law.id for law in laws]
    cases = list(uow.session.scalars(select(ReviewCase.id).where(ReviewCase.law_id.in_(ids)).order_by(ReviewCase.id)))
    if cases:
        raise InvalidRecord("law", "demo.cases_open", cases=", ".join(map(str, cases)))
    pointing_in = uow.session.scalars(
        select(LawRelation).where(LawRelation.object_law_id.in_(ids), LawRelation.subject_law_id.not_in(ids))
    )
    for relation in pointing_in:
        uow.audit("relation.delete", "law", relation.subject_law.key,
                  before={"kind": relation.kind, "object": relation.object_law.key})
        uow.law_changed(relation.subject_law.key)
    keys = []
    for law in laws:
        uow.audit("law.delete", "law", law.key, before=law_snapshot(law) | {"sections": len(law.sections)})
        uow.law_changed(law.key)
        keys.append(law.key)
    uow.session.flush()  # the audit entries are written; the loaded rows are about to go
    uow.session.expunge_all()
    # The database's ON DELETE CASCADE takes the sections, versions, relations, flags and
    # burden figures along (SQLite too: lawreg.db turns foreign keys on).
    uow.session.execute(delete(LawRelation).where(LawRelation.object_law_id.in_(ids)))
    uow.session.execute(delete(Law).where(Law.id.in_(ids)))
    return keys
