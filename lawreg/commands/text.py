"""Thai text tools on the command line: PDF-damage repair and word segmentation.

Both read stdin and write stdout line by line (streaming), one output line per input
line, so they compose with other tools: ``pdftotext doc.pdf - | lawreg text repair``.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from typing import TextIO

import click

from ..thai.repair import repair_pdf_damage
from ..thai.segment import word_spans


@click.group("text")
def text_group() -> None:
    """Thai text tools (repair PDF damage, segment into words)."""


def _utf8(stream: TextIO) -> TextIO:
    """Thai text is UTF-8 whatever the locale says (a C locale would mangle it)."""
    if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower() != "utf-8":
        stream.reconfigure(encoding="utf-8", errors="replace")
    return stream


def _lines() -> Iterator[str]:
    for line in _utf8(sys.stdin):
        yield line[:-1] if line.endswith("\n") else line


@text_group.command("repair")
def repair_command() -> None:
    """Repair displaced Thai marks in text extracted from PDFs (stdin → stdout)."""
    out = _utf8(sys.stdout)
    for line in _lines():
        out.write(repair_pdf_damage(line) + "\n")
        out.flush()


@text_group.command("tokens")
@click.option("--json", "as_json", is_flag=True, help="One JSON array of [token, start, end] per line.")
@click.option("--separator", default=" | ", show_default=True)
def tokens_command(as_json: bool, separator: str) -> None:
    """Segment each stdin line into words (the segmentation the search index uses)."""
    out = _utf8(sys.stdout)
    for line in _lines():
        spans = word_spans(line)
        if as_json:
            out.write(json.dumps([list(span) for span in spans], ensure_ascii=False) + "\n")
        else:
            out.write(separator.join(token for token, _, _ in spans) + "\n")
