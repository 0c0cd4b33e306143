"""The audit-log pages (committee and administrators): filter, page, diff, export."""

from __future__ import annotations

import json
from datetime import date

from flask import Blueprint, Response, abort, render_template, request
from flask_login import login_required
from werkzeug.datastructures import MultiDict

from ..errors import NotFound
from ..i18n import gettext
from ..services import read_only
from ..services.audit_log import (
    AuditFilters,
    diff,
    export_rows,
    facet_values,
    get_entry,
    search_entries,
    to_csv,
    to_jsonl,
)
from ..services.permissions import Permission, require
from ..thai.digits import to_arabic_digits
from .bounds import parse_date, parse_page
from .sessions import current_actor

bp = Blueprint("audit", __name__, url_prefix="/audit")
FILTER_NAMES = ("actor", "action", "entity_type", "entity_key", "date_from", "date_to")
PAGE_SIZE = 50


def parse_filters(args: MultiDict[str, str]) -> tuple[AuditFilters, list[str]]:
    """The filters of the query string; a malformed date is reported, not guessed."""
    errors: list[str] = []
    dates: dict[str, date | None] = {}
    for name in ("date_from", "date_to"):
        text = to_arabic_digits(args.get(name, "").strip())
        dates[name] = None
        if text:
            try:
                dates[name] = parse_date(text)
            except ValueError:
                errors.append(gettext("“%(value)s” is not a date (YYYY-MM-DD).", value=text[:40]))
    text_values = {name: args.get(name, "").strip()[:300] or None
                   for name in ("actor", "action", "entity_type", "entity_key")}
    return AuditFilters(actor=text_values["actor"], action=text_values["action"],
                        entity_type=text_values["entity_type"],
                        entity_key=text_values["entity_key"],
                        date_from=dates["date_from"], date_to=dates["date_to"]), errors


@bp.app_template_filter("audit_json")
def audit_json(value: object) -> str:
    """A recorded value as people read it: Thai letters as letters (not ``\\u0e1e``
    escapes), indented, keys in recorded order; a plain string as itself."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, indent=2)


def kept_args(args: MultiDict[str, str]) -> dict[str, str]:
    return {name: args[name][:300] for name in FILTER_NAMES if args.get(name)}


@bp.get("/")
@login_required
def index() -> tuple[str, int]:
    filters, errors = parse_filters(request.args)
    page = parse_page(request.args.get("page"))
    with read_only(current_actor()) as uow:
        result = search_entries(uow, filters, page, PAGE_SIZE)
        return render_template("audit/index.html", result=result, filters=filters, errors=errors,
                               facets=facet_values(uow), args=kept_args(request.args),
                               diff=diff), 400 if errors else 200


@bp.get("/<int:entry_id>")
@login_required
def entry(entry_id: int) -> str:
    with read_only(current_actor()) as uow:
        try:
            found = get_entry(uow, entry_id)
        except NotFound:
            abort(404)
        return render_template("audit/entry.html", entry=found, changes=diff(found.before, found.after))


@bp.get("/export.<fmt>")
@login_required
def export(fmt: str) -> Response:
    require(current_actor(), Permission.VIEW_AUDIT)
    if fmt not in ("csv", "jsonl"):
        abort(404)
    filters, errors = parse_filters(request.args)
    if errors:
        abort(400, description=errors[0])
    with read_only(current_actor()) as uow:
        rows = export_rows(uow, filters)
        body = "".join(to_csv(rows) if fmt == "csv" else to_jsonl(rows))
    mimetype = "text/csv" if fmt == "csv" else "application/x-ndjson"
    return Response(body, mimetype=f"{mimetype}; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename=audit.{fmt}"})
