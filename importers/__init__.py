"""Importers: one module per source format, each turning its source into canonical
:class:`lawreg.records.LawRecord` objects written through the law service in one unit of work.

:data:`FORMATS` maps a format name to its :class:`~importers.base.ImportFormat`; :func:`run`
imports a file (or a folder, for the formats that read folders) inside an app context.
The policy — file-level problems abort, record-level problems reject the record and roll the
whole import back unless ``skip_invalid``, ``dry_run`` rolls back, re-import is idempotent —
is documented in :mod:`importers.base`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lawreg.errors import LawregError
from lawreg.services import Actor

from . import akn, jsonl, krisdika_catalog, krisdika_text, pdf, text, thai_codes, thai_law_sections
from .base import ImportFormat, ImportReport, ImportWarning, run_import

FORMATS: dict[str, ImportFormat] = {
    module.FORMAT.name: module.FORMAT
    for module in (jsonl, krisdika_catalog, thai_codes, thai_law_sections, text, pdf, krisdika_text,
                   akn)
}


def run(
    format_name: str,
    path: Path,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    actor: Actor | None = None,
    progress: bool = False,
    **options: Any,
) -> ImportReport:
    """Import ``path`` in format ``format_name``; see :func:`importers.base.run_import`."""
    import_format = FORMATS.get(format_name)
    if import_format is None:
        raise LawregError(f"unknown import format {format_name!r}; known: {', '.join(FORMATS)}")
    return run_import(
        import_format,
        Path(path),
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        actor=actor,
        progress=progress,
        **options,
    )


__all__ = ["FORMATS", "ImportFormat", "ImportReport", "ImportWarning", "run"]
