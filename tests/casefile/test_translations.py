"""Every message of the case-file pages has its Thai translation, defined once."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "lawreg" / "translations" / "th" / "LC_MESSAGES"
TEMPLATES = [ROOT / "templates" / "cases" / "case_file_panel.html",
             *sorted((ROOT / "templates" / "case_file").glob("*.html"))]


def catalogue(path: Path) -> dict[str, str]:
    with path.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle, locale="th") if m.id}


def test_every_message_of_the_case_file_pages_is_in_thai():
    merged: dict[str, str] = {}
    for path in FOLDER.glob("*.po"):
        merged.update(catalogue(path))
    messages = set()
    for path in TEMPLATES:
        for _line, message, _c, _x in extract_from_file("jinja2", str(path),
                                                        options={"extensions": "jinja2.ext.i18n"}):
            messages.add(message[0] if isinstance(message, tuple) else message)
    for _line, message, _c, _x in extract_from_file("python", str(ROOT / "lawreg" / "web" / "case_file.py"),
                                                    keywords={"gettext": None, "lazy_gettext": None}):
        messages.add(message[0] if isinstance(message, tuple) else message)
    assert len(messages) > 60
    assert sorted(m for m in messages if not merged.get(m)) == []


def test_the_case_file_catalogue_defines_no_message_of_another():
    own = set(catalogue(FOLDER / "casefile.po"))
    for path in FOLDER.glob("*.po"):
        if path.name != "casefile.po":
            assert own & set(catalogue(path)) == set(), path.name
