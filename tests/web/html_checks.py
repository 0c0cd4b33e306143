"""Checks of rendered HTML shared by the web tests: structure, labels and links."""

from __future__ import annotations

import re
from html.parser import HTMLParser

UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}
EXTERNAL_URL_RE = re.compile(r"(?:https?:)?//(?!localhost[:/])[\w.-]+\.[a-z]{2,}", re.IGNORECASE)


class PageStructure(HTMLParser):
    """What the accessibility checks need from a page, read in one pass."""

    def __init__(self) -> None:
        super().__init__()
        self.html_lang: str | None = None
        self.h1_count = 0
        self.ids: set[str] = set()
        self.label_for: set[str] = set()
        self.controls: list[dict[str, str | None]] = []
        self.links: list[str] = []
        self.main_ids: list[str | None] = []
        self._label_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"] or "")
        if tag == "html":
            self.html_lang = attributes.get("lang")
        elif tag == "h1":
            self.h1_count += 1
        elif tag == "main":
            self.main_ids.append(attributes.get("id"))
        elif tag == "label":
            self._label_depth += 1
            if attributes.get("for"):
                self.label_for.add(attributes["for"] or "")
        elif tag in {"input", "select", "textarea"}:
            if tag == "input" and attributes.get("type") in UNLABELLED_TYPES:
                return
            attributes["_wrapped"] = "yes" if self._label_depth else None
            attributes["_tag"] = tag
            self.controls.append(attributes)
        elif tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._label_depth:
            self._label_depth -= 1

    def unlabelled_controls(self) -> list[dict[str, str | None]]:
        return [
            control
            for control in self.controls
            if not control.get("_wrapped")
            and control.get("id") not in self.label_for
            and not control.get("aria-label")
            and not control.get("aria-labelledby")
        ]


def page_structure(html: str) -> PageStructure:
    parser = PageStructure()
    parser.feed(html)
    parser.close()
    return parser


def external_urls(text: str) -> list[str]:
    """Absolute URLs to another host (http://, https:// or protocol-relative //host)."""
    return [match.group(0) for match in EXTERNAL_URL_RE.finditer(text)]


def assert_accessible(html: str) -> PageStructure:
    """One h1, a language, a main landmark the skip link reaches, a label on every control."""
    page = page_structure(html)
    assert page.html_lang in {"th", "en"}
    assert page.h1_count == 1, f"{page.h1_count} h1 elements"
    assert page.main_ids == ["content"]
    assert "#content" in page.links
    assert page.unlabelled_controls() == []
    for control in page.controls:
        for described in (control.get("aria-describedby") or "").split():
            assert described in page.ids, f"aria-describedby={described} points nowhere"
    assert external_urls(html) == []
    return page
