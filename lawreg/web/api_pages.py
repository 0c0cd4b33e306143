"""What the open-data work adds to the public pages: a PDF of a law or section, the
side-by-side comparison of two versions of a section, and the values the law and section
pages show in their open-data box (citations in Thai and English, "cited by", links to the
official text and the FRBR manifestations).

Views parse the request, call one function and render; the diff and the citation search
live in :mod:`lawreg.web.compare` and :mod:`lawreg.services.citations`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import frbr
from ..i18n import gettext
from ..models import Law, Section, SectionVersion
from ..services import queries
from ..services.citations import cited_by
from .compare import word_diff
from .readonly import read_session

bp = Blueprint("open_pages", __name__)


def citation_th(law: Law, section: Section | None = None) -> str:
    """The Thai citation: "มาตรา 277 แห่งประมวลกฎหมายอาญา" or the title alone."""
    return f"{section.citation} แห่ง{law.title}" if section else law.title


def citation_en(law: Law, section: Section | None = None) -> str:
    """The English citation: "Criminal Code, section 277" (the Thai title when no English
    title is recorded), with the B.E. and C.E. years when the title does not carry them."""
    title = law.title_en or law.title
    if law.year_be and str(law.year_be) not in title:
        title += f" B.E. {law.year_be} ({frbr.work_year(law)})"
    if section is None:
        return title
    word = "clause" if section.label == "ข้อ" else "section"
    return f"{title}, {word} {section.number}"


def open_data(law: Law, section: Section | None = None) -> dict[str, Any]:
    """What the open-data box of a law or section page shows."""
    work = frbr.work_uri(law)
    return {
        "frbr_uri": work,
        "akn": work + "/tha.xml",
        "json": work + "/tha.json",
        "citation_th": citation_th(law, section),
        "citation_en": citation_en(law, section),
        "cited_by": cited_by(read_session(), law, section) if section else [],
    }


def _law(key: str) -> Law:
    law = read_session().scalar(select(Law).where(Law.key == key))
    if law is None:
        abort(404, description=gettext("There is no law “%(key)s” in the registry.", key=key))
    return law


@bp.get("/laws/<key>/pdf")
def pdf(key: str) -> Response:
    """The law (or with ``?section=`` one section) as PDF, current text, Thai fonts."""
    from weasyprint import CSS, HTML

    law = _law(key)
    number = request.args.get("section", "").strip()
    if number:
        found = queries.find_section(read_session(), key, number)
        if found is None:
            abort(404)
        sections = [found.section]
    else:
        sections = list(read_session().scalars(
            select(Section).where(Section.law_id == law.id).order_by(Section.sort_key, Section.id)
            .options(selectinload(Section.versions))))
    html = render_template("api/print.html", law=law, sections=sections,
                           citation=citation_th(law, sections[0] if number else None))
    stylesheet = CSS(filename=str(Path(current_app.static_folder or "") / "pdf.css"))
    document = HTML(string=html, base_url=request.host_url).write_pdf(stylesheets=[stylesheet])
    name = f"{law.key}-{sections[0].number.replace('/', '-').replace(' ', '')}" if number else law.key
    response = Response(document, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@bp.get("/laws/<key>/compare")
def compare(key: str) -> str:
    """Two versions of a section side by side, words added and removed marked
    (``?section=277&a=<version id>&b=<version id>``; by default the last two)."""
    found = queries.find_section(read_session(), key, request.args.get("section", ""))
    if found is None:
        abort(404, description=gettext("There is no such section in law “%(key)s”.", key=key))
    versions: list[SectionVersion] = list(found.section.versions)
    if len(versions) < 2:
        abort(404, description=gettext("This section has only one version."))
    by_id = {str(v.id): v for v in versions}
    older = by_id.get(request.args.get("a", ""), versions[-2])
    newer = by_id.get(request.args.get("b", ""), versions[-1])
    left, right = word_diff(older.text, newer.text)
    return render_template("api/compare.html", law=found.law, section=found.section,
                           versions=versions, older=older, newer=newer, left=left, right=right)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals["open_data"] = open_data
