"""The errors of the search interface: what a search engine raises, engine-neutral.

Searching itself never raises for bad input (it answers with :class:`~.results.Notice`
codes); these are the failures of keeping an index and of reading its data files.  They
derive from :class:`SearchError`, not from the service layer's errors, so the engine
behind :mod:`lawreg.search` needs nothing of Flask or the database; the CLI and the
service layer catch :class:`SearchError` where they report to a user.
"""

from __future__ import annotations


class SearchError(Exception):
    """Base of every error of the search interface."""


class IndexBusy(SearchError):
    """Another writer held the index for longer than the timeout; nothing was written."""


class IndexBuildFailed(SearchError):
    """A rebuild failed (a worker process died or raised); the old index stays in use."""


class SearchDataRejected(SearchError):
    """A malformed line of a search data file (a synonym table, a judged query set),
    located by file, line and field."""

    def __init__(self, file: str, line: int | None, field: str | None, reason: str) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
        where = [file, *([f"line {line}"] if line is not None else []),
                 *([f"field {field}"] if field else [])]
        super().__init__(", ".join(where) + ": " + reason)
