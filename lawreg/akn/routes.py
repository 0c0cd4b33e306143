"""``/akn/...``: the FRBR URIs of :mod:`lawreg.frbr` resolve on the site.

* ``….xml`` serves the Akoma Ntoso XML of the expression (the latest for ``tha`` or
  ``tha@``, the text in force on the date for ``tha@YYYY-MM-DD``);
* ``….json`` and ``….html`` redirect to the law in the API and to its page;
* a work or expression URI without a format redirects by the ``Accept`` header (XML, JSON,
  else the page).

A URI whose type or year no longer match the law (it was re-typed or re-dated) still
resolves by its key and redirects permanently to the current form.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response as BaseResponse

from .. import frbr
from ..i18n import gettext
from ..models import Law, Section, SectionVersion
from ..web.readonly import read_session
from . import writer

bp = Blueprint("akn", __name__, url_prefix="/akn")
XML_MIMETYPE = "application/akn+xml"


def _law(key: str) -> Law:
    law = read_session().scalar(select(Law).where(Law.key == key))
    if law is None:
        abort(404, description=gettext("There is no law “%(key)s” in the registry.", key=key))
    return law


def _canonical(law: Law, resolved: frbr.Resolved) -> str:
    if resolved.expression_date is not None:
        path = frbr.expression_uri(law, resolved.expression_date)
    elif resolved.uri.language == frbr.LANGUAGE and resolved.uri.expression_date is not None:
        path = frbr.expression_uri(law, None)
    elif resolved.uri.language == frbr.LANGUAGE and "/tha" in request.path:
        path = frbr.work_uri(law) + "/" + frbr.LANGUAGE
    else:
        path = frbr.work_uri(law)
    return path + (f".{resolved.fmt}" if resolved.fmt else "")


@bp.get("/<path:rest>")
def resolve(rest: str) -> BaseResponse:
    try:
        resolved = frbr.parse("/akn/" + rest)
    except frbr.NotAnFrbrUri:
        abort(404, description=gettext("This is not the address of a Thai law (/akn/th/...)."))
    law = _law(resolved.key)
    canonical = _canonical(law, resolved)
    if canonical != request.path:
        return redirect(request.script_root + canonical, code=301)
    fmt = resolved.fmt or _negotiated()
    if fmt == "xml":
        return akn_xml(law, resolved)
    if fmt == "json":
        return redirect(url_for("api.get_law", key=law.key), code=303)
    target = url_for("public.law", key=law.key)
    return redirect(target, code=303)


def _negotiated() -> str:
    best = request.accept_mimetypes.best_match(
        ["text/html", "application/json", XML_MIMETYPE, "application/xml"], default="text/html"
    )
    return {"application/json": "json", XML_MIMETYPE: "xml", "application/xml": "xml"}.get(
        best or "", "html")


def akn_xml(law: Law, resolved: frbr.Resolved) -> Response:
    sections = list(read_session().scalars(
        select(Section).where(Section.law_id == law.id).order_by(Section.sort_key, Section.id)
        .options(selectinload(Section.versions).joinedload(SectionVersion.amended_by))
    ))
    root = writer.document(law, sections, resolved.expression_date)
    response = Response(writer.to_bytes(root), mimetype="application/xml")
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.add_etag()
    response.make_conditional(request)  # answers 304 / 206 in place
    return response
