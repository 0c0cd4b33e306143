"""Page arithmetic shared by every paged list (browse, triage, audit log, API).

Flask- and database-free, so services, views and the API agree on what page 3 of 41 items
is: ``Page.of(3, 20, 41)`` has 3 pages, offset 40 and no next page; a page number past the
end is brought back to the last page rather than showing an empty list.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """Page ``number`` (from 1) of ``total`` items, ``size`` to a page."""

    number: int
    size: int
    total: int

    @classmethod
    def of(cls, number: int, size: int, total: int) -> Page:
        """The page asked for, moved into ``1..pages`` (an empty list has one, empty, page)."""
        if size < 1:
            raise ValueError(f"page size {size} is not positive")
        pages = max(1, -(-total // size))
        return cls(min(max(1, number), pages), size, total)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        """How many items come before this page (SQL ``OFFSET``)."""
        return (self.number - 1) * self.size

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages
