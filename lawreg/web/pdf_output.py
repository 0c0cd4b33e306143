"""PDF documents from HTML (WeasyPrint), with a text layer that gives Thai back.

WeasyPrint writes each glyph's text (the PDF ``ToUnicode`` map) from the first cluster it
meets the glyph in.  Thai fonts draw a tone mark or vowel with a different glyph by position
(``uni0E49.low``, ``uni0E48.left``...), and a glyph first met inside a cluster of several gets
the cluster's text, or none: copying or extracting "ผู้ใดฝ่าฝืน" gave "ผ้้ใดฝ่าฝืน", and the
printed text could not be searched.  :func:`repair_text_map` rewrites the map of every Thai
glyph from the glyph's name in the font file it came from (WeasyPrint keeps the original glyph
ids when it subsets), so extraction returns the characters drawn.  Sara am comes back as
nikhahit + sara aa (the shaper draws it with those two glyphs): read the text through
:func:`lawreg.thai.normalize.normalize`, as every other PDF text in lawreg is.
"""

from __future__ import annotations

import io
import re
import subprocess
from functools import cache
from pathlib import Path

_THAI_NAME = re.compile(r"^uni(0E[0-9A-F]{2})(?:\.|$)")
_BFCHAR = re.compile(rb"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]*)>")


def render_pdf(html: str, stylesheet: Path, base_url: str) -> bytes:
    """``html`` as PDF with ``stylesheet``, its Thai text layer repaired."""
    from weasyprint import CSS, HTML

    document = HTML(string=html, base_url=base_url).write_pdf(stylesheets=[CSS(filename=str(stylesheet))])
    return repair_text_map(document)


@cache
def thai_glyph_text(postscript_name: str) -> dict[int, str]:
    """Glyph id → Thai character for the installed font ``postscript_name`` (empty when
    fontconfig or the font is not found)."""
    from fontTools.ttLib import TTFont

    try:
        listed = subprocess.run(["fc-list", f":postscriptname={postscript_name}", "file"],
                                capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    files = [line.split(":", 1)[0].strip() for line in listed.stdout.splitlines() if line.strip()]
    if not files:
        return {}
    font = TTFont(files[0], lazy=True, fontNumber=0)
    found: dict[int, str] = {}
    for glyph_id, name in enumerate(font.getGlyphOrder()):
        match = _THAI_NAME.match(name)
        if match:
            found[glyph_id] = chr(int(match.group(1), 16))
    return found


def _utf16_hex(text: str) -> bytes:
    return text.encode("utf-16-be").hex().encode()


def repair_text_map(pdf: bytes) -> bytes:
    """``pdf`` with the ``ToUnicode`` map of its Thai glyphs taken from the glyph names."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, StreamObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    done: set[int] = set()
    for page in writer.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for reference in fonts.values():
            font = reference.get_object()
            to_unicode = font.get("/ToUnicode")
            if font.get("/Subtype") != "/Type0" or to_unicode is None:
                continue
            stream = to_unicode.get_object()
            if id(stream) in done or not isinstance(stream, StreamObject):
                continue
            done.add(id(stream))
            glyphs = thai_glyph_text(str(font["/BaseFont"]).split("+", 1)[-1])
            if not glyphs:
                continue

            def remap(match: re.Match[bytes], glyphs: dict[int, str] = glyphs) -> bytes:
                text = glyphs.get(int(match.group(1), 16))
                return match.group(0) if text is None else b"<" + match.group(1) + b"> <" + _utf16_hex(text) + b">"

            stream.set_data(_BFCHAR.sub(remap, stream.get_data()))
            font[NameObject("/ToUnicode")] = to_unicode
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
