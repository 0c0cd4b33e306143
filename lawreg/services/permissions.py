"""Who may do what: the one table every service consults before it writes or reveals.

The CLI, the API and the pages all reach the same services, so a rule enforced here holds
everywhere.  :data:`PERMISSIONS` says which roles hold a permission; :func:`require` adds
the one scoping rule: an officer acts only for the laws of their own agency and of the
agencies under it (a ministry's officer for its departments' laws), and :func:`scope` is
the same rule as a query condition, for lists.  A service
calls ``require(uow.actor, Permission.X, law=...)`` before touching anything and lets
:class:`~lawreg.errors.PermissionDenied` propagate; the web edge turns it into
403 (or a login redirect for an anonymous visitor).
"""

from __future__ import annotations

import enum

from sqlalchemy import ColumnElement, false, select, true

from ..errors import PermissionDenied
from ..models import Agency, Law, Role
from .unit_of_work import Actor


class Permission(enum.StrEnum):
    MANAGE_USERS = "manage_users"
    VIEW_CASES = "view_cases"
    OPEN_CASE = "open_case"
    # One permission per group of case transitions; lawreg.services.cases names which one
    # each transition needs.
    SUBMIT_CASE = "submit_case"  # the agency puts its own case forward
    REVIEW_CASE = "review_case"  # the central review unit runs hearings and the legislative path
    DECIDE_CASE = "decide_case"  # the committee approves or rejects
    WITHDRAW_CASE = "withdraw_case"
    RECORD_EVALUATION = "record_evaluation"
    VIEW_DEADLINES = "view_deadlines"
    MODERATE_COMMENTS = "moderate_comments"  # approve or hide public-hearing comments
    VIEW_AUDIT = "view_audit"
    VIEW_DASHBOARD = "view_dashboard"
    SET_TARGETS = "set_targets"  # the committee's reform targets (dashboard burndown)
    TRIAGE_FLAGS = "triage_flags"  # confirm or dismiss screening flags, singly or in bulk
    ADD_FLAG = "add_flag"  # raise a flag by hand on a law or section
    RUN_SCREENING = "run_screening"  # run the screening engine and record its suggestions
    MANAGE_REGISTRY = "manage_registry"  # remove laws from the registry (the demo set)
    ASSIGN_CASE = "assign_case"  # name who works a case, and by when
    SET_AGENCY_TARGETS = "set_agency_targets"  # each agency's yearly targets (dashboard)


OFFICER, REVIEWER, COMMITTEE, ADMIN = Role.OFFICER, Role.REVIEWER, Role.COMMITTEE, Role.ADMIN

PERMISSIONS: dict[Permission, frozenset[str]] = {
    Permission.MANAGE_USERS: frozenset({ADMIN}),
    Permission.VIEW_CASES: frozenset({OFFICER, REVIEWER, COMMITTEE, ADMIN}),
    Permission.OPEN_CASE: frozenset({OFFICER, REVIEWER, ADMIN}),
    Permission.SUBMIT_CASE: frozenset({OFFICER, ADMIN}),
    Permission.REVIEW_CASE: frozenset({REVIEWER, ADMIN}),
    Permission.DECIDE_CASE: frozenset({COMMITTEE, ADMIN}),
    Permission.WITHDRAW_CASE: frozenset({OFFICER, REVIEWER, ADMIN}),
    Permission.RECORD_EVALUATION: frozenset({OFFICER, REVIEWER, ADMIN}),
    Permission.VIEW_DEADLINES: frozenset({REVIEWER, COMMITTEE, ADMIN}),
    Permission.MODERATE_COMMENTS: frozenset({REVIEWER, COMMITTEE, ADMIN}),
    Permission.VIEW_AUDIT: frozenset({COMMITTEE, ADMIN}),
    Permission.VIEW_DASHBOARD: frozenset({REVIEWER, COMMITTEE, ADMIN}),
    Permission.SET_TARGETS: frozenset({COMMITTEE, ADMIN}),
    Permission.TRIAGE_FLAGS: frozenset({OFFICER, REVIEWER, ADMIN}),
    Permission.ADD_FLAG: frozenset({OFFICER, REVIEWER, ADMIN}),
    Permission.RUN_SCREENING: frozenset({REVIEWER, ADMIN}),
    Permission.MANAGE_REGISTRY: frozenset({ADMIN}),
    Permission.ASSIGN_CASE: frozenset({OFFICER, REVIEWER, COMMITTEE, ADMIN}),
    Permission.SET_AGENCY_TARGETS: frozenset({ADMIN}),
}

# Permissions an officer holds only for laws of their own agency.
AGENCY_SCOPED = frozenset(
    {
        Permission.VIEW_CASES,
        Permission.OPEN_CASE,
        Permission.SUBMIT_CASE,
        Permission.WITHDRAW_CASE,
        Permission.RECORD_EVALUATION,
        Permission.TRIAGE_FLAGS,
        Permission.ADD_FLAG,
        Permission.ASSIGN_CASE,
    }
)

ANONYMOUS = Actor(name="anonymous", role=Role.PUBLIC)


def denial(actor: Actor, permission: Permission, law: Law | None = None) -> PermissionDenied | None:
    """Why ``actor`` may not use ``permission`` (on ``law``), or ``None`` when they may."""
    allowed = PERMISSIONS[permission]
    if actor.role not in allowed:
        if actor.role == Role.PUBLIC:
            return PermissionDenied("auth.sign_in_required")
        return PermissionDenied("permission.role_denied", role=actor.role,
                                permission=permission.value.replace("_", " "),
                                roles=", ".join(sorted(allowed)))
    if actor.role == Role.OFFICER and permission in AGENCY_SCOPED and law is not None:
        if actor.agency_id is None:
            return PermissionDenied("permission.officer_without_agency")
        if law.agency is None or actor.agency_id not in {a.id for a in law.agency.lineage()}:
            return PermissionDenied("law.not_in_agency", law=law.key)
    return None


def can(actor: Actor, permission: Permission, law: Law | None = None) -> bool:
    return denial(actor, permission, law) is None


def require(actor: Actor, permission: Permission, law: Law | None = None) -> None:
    """Raise :class:`PermissionDenied` with the reason unless ``actor`` holds ``permission``."""
    reason = denial(actor, permission, law)
    if reason is not None:
        raise reason


def scope(actor: Actor) -> ColumnElement[bool]:
    """The condition on :class:`Law` for the laws ``actor`` acts for: an officer's agency and
    every agency below it; nothing for an officer without an agency; every law for the other
    roles.  The list counterpart of the agency rule in :func:`denial`, e.g.
    ``select(Law).where(scope(actor))``."""
    if actor.role != Role.OFFICER:
        return true()
    if actor.agency_id is None:
        return false()
    tree = select(Agency.id).where(Agency.id == actor.agency_id).cte("agency_scope", recursive=True)
    # UNION (not UNION ALL) stops at an agency already reached, should parents ever loop.
    tree = tree.union(select(Agency.id).where(Agency.parent_id == tree.c.id))
    return Law.agency_id.in_(select(tree.c.id))
