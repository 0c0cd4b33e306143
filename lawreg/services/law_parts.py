"""A long law read part by part: a code of 1,900 sections is not one 2.5 MB page.

The parts follow the law's own structure: siblings in the table of contents (books, titles,
chapters, or runs of sections) are packed in order into a part while it holds at most
:data:`PART_SIZE` sections, and a chapter larger than that is split along its own
sub-chapters.  A short law is a single part, so its page is unchanged.  Parts are numbered
from 1 and stable for a given text, so ``/laws/<key>?part=N`` can be linked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Section

PART_SIZE = 100


@dataclass
class ChapterNode:
    """A part, title or chapter of a law: its sections and sub-chapters, in code order."""

    title: str
    items: list[ChapterNode | Section] = field(default_factory=list)
    kind: str = "chapter"  # lets templates tell a chapter from a section

    @property
    def first(self) -> Section | None:
        """The first section in the chapter (to link a chapter to where it starts)."""
        for item in self.items:
            if isinstance(item, Section):
                return item
            found = item.first
            if found is not None:
                return found
        return None

    def count(self) -> int:
        return sum(1 if isinstance(item, Section) else item.count() for item in self.items)


@dataclass(frozen=True)
class Part:
    number: int  # from 1
    sections: list[Section]

    @property
    def first(self) -> Section:
        return self.sections[0]

    @property
    def last(self) -> Section:
        return self.sections[-1]

    @property
    def chapter_path(self) -> list[str]:
        """The chapters the part starts in ("บรรพ 1 › ลักษณะ 2"), for its label."""
        return list(self.first.chapter_path or [])


def table_of_contents(sections: list[Section]) -> ChapterNode:
    """Sections grouped under their chapter path (บรรพ › ลักษณะ › หมวด), in code order.

    Consecutive sections with the same path share a chapter; a chapter title that comes
    back after other content starts a new entry, so the order of sections always holds.
    """
    root = ChapterNode(title="")
    for section in sections:
        node = root
        for title in section.chapter_path or []:
            last = node.items[-1] if node.items else None
            if isinstance(last, ChapterNode) and last.title == title:
                node = last
            else:
                child = ChapterNode(title=title)
                node.items.append(child)
                node = child
        node.items.append(section)
    return root


def split_parts(contents: ChapterNode, size: int = PART_SIZE) -> list[Part]:
    """The law's parts in order (see the module doc); no sections give no parts."""
    runs: list[list[Section]] = []
    last = _pack(contents, size, runs, [])
    if last:
        runs.append(last)
    return [Part(number, run) for number, run in enumerate(runs, start=1)]


def _pack(
    node: ChapterNode, size: int, runs: list[list[Section]], current: list[Section]
) -> list[Section]:
    """Add ``node``'s items to the part being filled (``current``), closing parts into
    ``runs`` as they fill; returns the part still open, so a few sections before a large
    chapter share a part with its start instead of making a part of their own."""
    for item in node.items:
        items = [item] if isinstance(item, Section) else _sections(item)
        if len(current) + len(items) <= size:
            current = current + items
        elif isinstance(item, Section) or len(items) <= size:
            if current:
                runs.append(current)
            current = items
        else:
            current = _pack(item, size, runs, current)
    return current


def _sections(node: ChapterNode) -> list[Section]:
    found: list[Section] = []
    for item in node.items:
        found.extend([item] if isinstance(item, Section) else _sections(item))
    return found


def part_of(parts: list[Part]) -> dict[int, int]:
    """Section id -> the number of the part that holds it."""
    return {section.id: part.number for part in parts for section in part.sections}
