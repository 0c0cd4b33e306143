"""Finding a law by what staff remember of it: its registry key, or words of its title.

Staff filter the triage queue and the case lists by "พระราชบัญญัติโรงสีข้าว" or "rice mill",
not by ``rice-mill-licensing-act-2510``; one condition serves every list, so they agree.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_

from ..models import Law

LAW_TEXT_MAX = 200


def law_matching(text: str) -> ColumnElement[bool]:
    """Laws whose key is ``text`` or whose Thai title (or English title, ignoring case)
    contains it; LIKE wildcards in ``text`` match themselves."""
    text = text.strip()[:LAW_TEXT_MAX]
    return or_(Law.key == text, Law.title.contains(text, autoescape=True),
               Law.title_en.icontains(text, autoescape=True))
