"""``/robots.txt`` and ``/sitemap.xml`` for search engines.

The sitemap is an index of sitemaps of at most 50,000 addresses each (the protocol's limit):
the fixed pages and the laws, then the sections in chunks, with each law's last change.
Staff pages, sign-in and the unbounded search page are kept out of crawlers' way.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from flask import Blueprint, Response, abort, url_for
from sqlalchemy import func, select

from ..models import Law, Section
from ..web.readonly import read_session
from .serialize import absolute

bp = Blueprint("sitemap", __name__)
CHUNK = 50_000
DISALLOWED = ("/auth/", "/account/", "/officer", "/cases", "/committee", "/triage",
              "/dashboard", "/audit", "/hearings/moderation", "/search")
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@bp.get("/robots.txt")
def robots() -> Response:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), "Allow: /",
             f"Sitemap: {absolute(url_for('.index'))}", ""]
    return Response("\n".join(lines), mimetype="text/plain")


def _xml(root: str, items: list[str]) -> Response:
    body = f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{SITEMAP_NS}">' + "".join(items) \
        + f"</{root}>"
    return Response(body, mimetype="application/xml")


def _url(location: str, lastmod: str | None = None) -> str:
    modified = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
    return f"<url><loc>{escape(location)}</loc>{modified}</url>"


@bp.get("/sitemap.xml")
def index() -> Response:
    sections = read_session().scalar(select(func.count()).select_from(Section)) or 0
    chunks = ["laws", *(f"sections-{n + 1}" for n in range(-(-sections // CHUNK)))]
    return _xml("sitemapindex", [
        f"<sitemap><loc>{escape(absolute(url_for('.part', name=name)))}</loc></sitemap>"
        for name in chunks
    ])


@bp.get("/sitemaps/<name>.xml")
def part(name: str) -> Response:
    session = read_session()
    if name == "laws":
        fixed = [_url(absolute(url_for(endpoint))) for endpoint in
                 ("public.home", "public.browse", "api.docs", "downloads.index")]
        laws = session.execute(select(Law.key, Law.updated_at).order_by(Law.key)).all()
        return _xml("urlset", fixed + [
            _url(absolute(url_for("public.law", key=key)), updated.date().isoformat())
            for key, updated in laws])
    if not name.startswith("sections-") or not name[9:].isdigit() or int(name[9:]) < 1:
        abort(404)
    offset = (int(name[9:]) - 1) * CHUNK
    rows = session.execute(
        select(Law.key, Section.number).join(Law, Law.id == Section.law_id)
        .order_by(Law.key, Section.sort_key, Section.id).limit(CHUNK).offset(offset)
    ).all()
    if not rows:
        abort(404)
    return _xml("urlset", [_url(absolute(url_for("public.section", key=key, number=number)))
                           for key, number in rows])
