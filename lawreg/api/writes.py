"""Staff writes through the API: flag suggestions and decisions, case transitions.

Each calls the same service as the page, in a unit of work acting as the token's owner, so
the permission table, the audit trail and the index update are the pages' own.  A case
transition needs ``If-Match`` with the case version the caller read (``version`` in the
body of ``GET /cases/{id}``, also its ``X-Case-Version`` header): a stale one is 412.  A
flag decision may send ``If-Match`` with the flag's ETag, for the same protection.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, request

from ..models import Flag, FlagStatus
from ..services import unit_of_work
from ..services.case_workflow import TransitionInput
from ..services.cases import transition
from ..services.flags.triage import add_manual_flag, decide
from . import schemas, serialize
from .actor import require_token
from .http import ApiError, etag_of, json_response
from .spec import Param, operation

ID = Param("id", "path", "the object's id", type="integer")
WRITE_ERRORS = (400, 401, 403, 404, 409, 422)


def body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiError(400, "invalid_body", "send a JSON object")
    return data


def text(data: dict[str, Any], name: str, required: bool = False) -> str | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise ApiError(422, "invalid_field", f"{name} must be text", field=name)
    return value


def iso_date(data: dict[str, Any], name: str) -> date | None:
    value = text(data, name)
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise ApiError(422, "invalid_field", f"{name} must be YYYY-MM-DD", field=name) from None


@operation("/flags", method="post", summary="Raise a flag on a law or section (staff)",
           response=schemas.Flag, body=schemas.FlagSuggestion, tag="writes", auth=True,
           errors=WRITE_ERRORS)
def suggest_flag() -> Response:
    data = body()
    with unit_of_work(require_token()) as work:
        flag = add_manual_flag(work, text(data, "law", True) or "", text(data, "category", True) or "",
                               section=text(data, "section"), quote=text(data, "quote") or "",
                               notes=text(data, "notes"))
        work.session.flush()
        answer = serialize.flag(flag)
    return json_response(answer, 201)


@operation("/flags/{id}/decision", method="post", summary="Confirm or dismiss a flag (staff)",
           response=schemas.Flag, body=schemas.FlagDecision, params=(ID,), tag="writes",
           auth=True, errors=(*WRITE_ERRORS, 412))
def decide_flag(id: int) -> Response:  # noqa: A002 - the path parameter's name
    """With ``If-Match: <the ETag of GET /flags/{id}>``, a flag decided or changed by
    someone else in between is refused (412) rather than decided twice."""
    data = body()
    decision = text(data, "decision", True)
    if decision not in ("confirm", "dismiss"):
        raise ApiError(422, "invalid_field", "decision is confirm or dismiss", field="decision")
    expected = request.if_match
    with unit_of_work(require_token()) as work:
        current = work.session.get(Flag, id)
        if expected and current is not None and not expected.contains(etag_of(serialize.flag(current))):
            raise ApiError(412, "stale_version", "the flag changed since it was read", id=id)
        status = FlagStatus.CONFIRMED if decision == "confirm" else FlagStatus.DISMISSED
        [flag] = decide(work, [id], status, text(data, "reason"))
        work.session.flush()
        answer = serialize.flag(flag)
    return json_response(answer)


def if_match_version() -> int:
    header = request.headers.get("If-Match", "").strip().strip('W/').strip('"')
    if not header:
        raise ApiError(428, "if_match_required",
                       "send If-Match with the case version you read", header="If-Match")
    if not header.isdigit():
        raise ApiError(400, "invalid_header", "If-Match is the case version, a whole number",
                       header="If-Match")
    return int(header)


@operation("/cases/{id}/transitions", method="post",
           summary="Move a case along a transition (staff; If-Match: the version read)",
           response=schemas.Case, body=schemas.CaseTransitionRequest, params=(ID,),
           tag="writes", auth=True, errors=(*WRITE_ERRORS, 412, 428))
def transition_case(id: int) -> Response:  # noqa: A002
    data = body()
    version = if_match_version()
    name = text(data, "name", True) or ""
    supplied = TransitionInput(comment=text(data, "comment") or "",
                               gazette_ref=text(data, "gazette_ref"),
                               published_on=iso_date(data, "published_on"),
                               commenced_on=iso_date(data, "commenced_on"))
    with unit_of_work(require_token()) as work:
        case = transition(work, id, name, version, supplied)
        work.session.flush()
        answer = serialize.case(case)
    response = json_response(answer)
    response.headers["X-Case-Version"] = str(answer["version"])
    return response
