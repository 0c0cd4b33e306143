"""Reading source files safely: UTF-8 only, bounded line length, JSON errors located.

Every problem found here concerns the whole file, so it raises :class:`ImportRejected`
(a :class:`~lawreg.errors.LawregError`) before anything is written:

* a file that is not UTF-8 is refused with the line of the first bad byte; when the bytes
  decode as Thai in TIS-620 / Windows-874 (the legacy Thai code page most old Thai files
  use) the message says so and gives the ``iconv`` command that converts it;
* a line longer than the limit (default 8 MB, :data:`DEFAULT_MAX_LINE_BYTES`) is refused
  naming its number, without ever holding more than the limit in memory;
* malformed or truncated JSON is refused with its line and column.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from lawreg.errors import ImportRejected

DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024
UTF8_BOM = b"\xef\xbb\xbf"
_THAI_RE = re.compile(r"[\u0e01-\u0e5b]")


def display_name(path: Path) -> str:
    return str(path)


def describe_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


def iter_lines(path: Path, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, text)`` of a UTF-8 file, line endings removed, one line at a time."""
    name = display_name(path)
    with open_source(path) as handle:
        number = 0
        while True:
            raw = handle.readline(max_line_bytes + 1)
            if not raw:
                return
            number += 1
            if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
                raise ImportRejected(
                    name,
                    number,
                    None,
                    f"line {number} is longer than the limit of {describe_size(max_line_bytes)}; "
                    "a record this large is almost certainly not what you meant to import "
                    "(raise the limit with --max-line-bytes if it is)",
                )
            if number == 1 and raw.startswith(UTF8_BOM):
                raw = raw[len(UTF8_BOM):]
            yield number, decode_line(raw, name, number).rstrip("\r\n")


def read_text(path: Path, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> str:
    """The whole file as text, with the same encoding and line-length checks."""
    return "\n".join(text for _, text in iter_lines(path, max_line_bytes))


def load_json(path: Path, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> Any:
    """Parse a JSON document; errors name the line and column."""
    text = read_text(path, max_line_bytes)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise json_error(display_name(path), error) from None


def json_error(name: str, error: json.JSONDecodeError, line: int | None = None) -> ImportRejected:
    """A located message for malformed JSON; ``line`` is the file line of a JSONL record."""
    at_line = line if line is not None else error.lineno
    ends_early = error.pos >= len(error.doc.rstrip()) or error.msg.startswith("Unterminated string")
    what = "truncated" if ends_early else "malformed"
    return ImportRejected(
        name,
        at_line,
        None,
        f"{what} JSON at line {at_line}, column {error.colno}: {error.msg}",
    )


def open_source(path: Path) -> BinaryIO:
    """Open a source file for binary reading, refusing a folder or a missing file clearly."""
    if not path.exists():
        raise ImportRejected(display_name(path), None, None, "file not found")
    if path.is_dir():
        raise ImportRejected(display_name(path), None, None, "is a folder, not a file")
    try:
        return path.open("rb")
    except OSError as error:
        raise ImportRejected(display_name(path), None, None, f"cannot be read: {error.strerror}") from None


def decode_line(raw: bytes, name: str, number: int) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise encoding_error(raw, name, number, error) from None


def encoding_error(raw: bytes, name: str, number: int, error: UnicodeDecodeError) -> ImportRejected:
    """Say what the bytes probably are, and how to convert them."""
    column = error.start + 1
    hint = ""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        hint = " It looks like UTF-16; save it as UTF-8."
    elif looks_like_tis620(raw):
        hint = (
            " It looks like Thai text in TIS-620 / Windows-874; convert it with "
            f"`iconv -f CP874 -t UTF-8 {name} > converted.txt` and import the converted file."
        )
    return ImportRejected(
        name,
        number,
        None,
        f"is not UTF-8 (invalid byte 0x{raw[error.start]:02x} at line {number}, column {column}).{hint}",
    )


def looks_like_tis620(raw: bytes) -> bool:
    """True when the high bytes decode as Thai letters in Windows-874 (TIS-620's superset)."""
    high = [b for b in raw if b >= 0x80]
    if not high:
        return False
    try:
        text = raw.decode("cp874")
    except UnicodeDecodeError:
        return False
    thai = len(_THAI_RE.findall(text))
    return thai >= 0.8 * len(high)
