"""Index documents of a small law, as lawreg.search.documents makes them, for search tests
that need an index of a few hand-picked sections."""

from __future__ import annotations

from lawreg.search.documents import KIND_LAW, KIND_SECTION


def law_documents(key: str, sections: dict[str, str], title: str | None = None) -> list[dict]:
    """The law document of ``key`` and one section document per (number, text) of
    ``sections``; the title defaults to "พระราชบัญญัติ<key>"."""
    law = {"doc_id": key, "kind": KIND_LAW, "law_key": key, "law_title": title or f"พระราชบัญญัติ{key}",
           "doc_count": len(sections) + 1, "content_hash": key}
    return [law] + [{"doc_id": f"{key}#{number}", "kind": KIND_SECTION, "law_key": key, "section": number,
                     "section_sort": number, "text": text} for number, text in sections.items()]
