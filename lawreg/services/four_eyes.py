"""The four-eyes rule: what one person puts forward, a second person passes on.

* A case is *forwarded* to central review (``forward``) and *referred* to the committee
  (``close_hearing``) by someone other than its author: whoever opened it or submitted it
  for agency review.  So an agency needs two officers to send a proposal out, and a
  reviewer who drafted a case cannot send it to the committee alone.
* A flag raised by hand is confirmed by someone other than the person who raised it.

People are compared by account (``user_id``), or by name for the command line, which has no
account.  A refusal raises :class:`SecondPersonRequired` (code ``four_eyes.case`` or
``four_eyes.flag``, with the action and the record as parameters, so the edge says it in
the reader's language) and is
audited as ``four_eyes.refused`` — the refused change is rolled back, the record of the
attempt is kept (:meth:`UnitOfWork.audit_refusal`).
"""

from __future__ import annotations

from ..models import Flag, ReviewCase
from .case_workflow import TransitionRefused
from .unit_of_work import Actor, UnitOfWork

SECOND_PERSON_TRANSITIONS = frozenset({"forward", "close_hearing"})
AUTHOR_STEPS = frozenset({"open", "submit"})


class SecondPersonRequired(TransitionRefused):
    """``action`` on the ``entity`` ``key`` (e.g. ``forward`` on case 7) must be taken by a
    second person, not its author."""

    def __init__(self, action: str, entity: str, key: str) -> None:
        super().__init__("four_eyes.case" if entity == "case" else "four_eyes.flag",
                         action=action, entity=entity, key=key)


def _identity(user_id: int | None, name: str) -> tuple[str, int | str]:
    return ("user", user_id) if user_id is not None else ("name", name)


def case_authors(case: ReviewCase) -> set[tuple[str, int | str]]:
    """Who wrote the case: its opener and whoever submitted it for agency review."""
    people = {_identity(case.opened_by_id, case.opened_by)}
    people |= {_identity(step.user_id, step.actor) for step in case.transitions if step.name in AUTHOR_STEPS}
    return people


def is_author(actor: Actor, case: ReviewCase) -> bool:
    return _identity(actor.user_id, actor.name) in case_authors(case)


def case_refusal(actor: Actor, case: ReviewCase, name: str) -> SecondPersonRequired | None:
    """Why ``actor`` may not take transition ``name`` on ``case`` under the four-eyes rule."""
    if name in SECOND_PERSON_TRANSITIONS and is_author(actor, case):
        return SecondPersonRequired(name, "case", str(case.id))
    return None


def require_second_person_for_case(uow: UnitOfWork, case: ReviewCase, name: str) -> None:
    """Refuse (audited) transition ``name`` on ``case`` when the actor is one of its authors."""
    if case_refusal(uow.actor, case, name) is not None:
        _refuse(uow, "case", str(case.id), name)


def require_second_person_for_flag(uow: UnitOfWork, flag: Flag) -> None:
    """Refuse (audited) the confirmation of a hand-raised flag by the person who raised it."""
    if flag.rule_id is None and _identity(uow.actor.user_id, uow.actor.name) == _identity(
        flag.created_by_user_id, flag.created_by
    ):
        _refuse(uow, "flag", str(flag.id), "confirm")


def _refuse(uow: UnitOfWork, entity_type: str, key: str, action: str) -> None:
    uow.audit_refusal("four_eyes.refused", entity_type, key, after={"action": action})
    raise SecondPersonRequired(action, entity_type, key)
