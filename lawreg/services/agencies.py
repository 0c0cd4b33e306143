"""Agencies named in sources as "กระทรวงการคลัง > กรมบัญชีกลาง" become a hierarchy of rows."""

from __future__ import annotations

from sqlalchemy import select

from ..models import Agency
from .unit_of_work import UnitOfWork

PATH_SEPARATOR = ">"


def agency_path(agency: Agency | None) -> str | None:
    """The written form of an agency's place in the hierarchy, ministry first."""
    if agency is None:
        return None
    return f" {PATH_SEPARATOR} ".join(node.name for node in agency.lineage())


def ensure_agency(uow: UnitOfWork, path: str) -> Agency:
    """Find or create each agency along ``path``; an existing name keeps its place."""
    parent: Agency | None = None
    for name in (part.strip() for part in path.split(PATH_SEPARATOR)):
        if not name:
            continue
        agency = uow.session.scalar(select(Agency).where(Agency.name == name))
        if agency is None:
            agency = Agency(name=name, parent=parent)
            uow.session.add(agency)
            uow.session.flush()
            uow.audit("agency.create", "agency", name, after={"name": name, "parent": parent and parent.name})
        parent = agency
    if parent is None:
        raise ValueError(f"empty agency path: {path!r}")
    return parent
