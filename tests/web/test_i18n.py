from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from lawreg.i18n import (
    TRANSLATIONS_DIR,
    CatalogueError,
    format_date,
    format_year_be,
    load_catalogue,
)

ROOT = Path(__file__).resolve().parents[2]
# The public pages' own templates and code; other areas check their own catalogue files.
TEMPLATES = [
    ROOT / "templates" / "base.html",
    ROOT / "templates" / "macros.html",
    *sorted((ROOT / "templates" / "public").glob("*.html")),
    *sorted((ROOT / "templates" / "errors").glob("*.html")),
]
PYTHON = [ROOT / "lawreg" / "i18n.py", *sorted((ROOT / "lawreg" / "web").glob("*.py"))]
OWN_PYTHON = {"__init__.py", "errors.py", "labels.py", "public.py", "i18n.py"}
KEYWORDS = {"gettext": None, "lazy_gettext": None, "_": None, "ngettext": (1, 2)}


def test_thai_is_the_default_language(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="th">' in html
    assert "ข้ามไปยังเนื้อหาหลัก" in html and "หน้าแรก" in html


def test_english_is_chosen_with_the_switch_and_kept(client):
    html = client.get("/laws?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Browse laws" in html and "Skip to main content" in html
    later = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in later  # remembered in the session
    back = client.get("/?lang=th").get_data(as_text=True)
    assert '<html lang="th">' in back and "หน้าแรก" in back


def test_switch_links_keep_the_page_and_its_query(client):
    html = client.get("/laws?type=%E0%B8%81&page=2").get_data(as_text=True)
    assert 'href="/laws?type=%E0%B8%81&amp;page=2&amp;lang=en" lang="en"' in html
    assert 'lang="th" hreflang="th" aria-current="true">ไทย</a>' in html


def test_an_unknown_language_falls_back_to_thai(client):
    assert '<html lang="th">' in client.get("/?lang=fr").get_data(as_text=True)


def extracted_messages() -> set[str]:
    found: set[str] = set()
    for path in TEMPLATES:
        for _line, message, _comments, _context in extract_from_file(
            "jinja2", str(path), options={"extensions": "jinja2.ext.i18n"}
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    for path in PYTHON:
        if path.name not in OWN_PYTHON:
            continue
        for _line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords=KEYWORDS
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_message_of_the_public_pages_has_a_thai_translation():
    with (TRANSLATIONS_DIR / "th" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle, locale="th")
    messages = extracted_messages()
    assert len(messages) > 100
    missing = sorted(m for m in messages if m not in catalogue or not catalogue[m].string)
    assert missing == []


def test_catalogues_merge_every_po_file_of_a_locale(tmp_path):
    folder = tmp_path / "th" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "a.po").write_text('msgid "Home"\nmsgstr "หน้าแรก"\n', encoding="utf-8")
    (folder / "b.po").write_text(
        '#, fuzzy\nmsgid "Draft"\nmsgstr "ร่าง"\n\nmsgid "Save"\nmsgstr "บันทึก"\n',
        encoding="utf-8",
    )
    catalogue = load_catalogue(tmp_path, "th")
    assert catalogue.gettext("Home") == "หน้าแรก"
    assert catalogue.gettext("Save") == "บันทึก"
    assert catalogue.gettext("Draft") == "Draft"  # fuzzy guesses are not shown


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('msgid "Home"\nmsgid "Browse"\nmsgstr "เรียกดู"\n', "missing msgstr"),
        ('msgid "Page %(page)s"\nmsgstr "หน้า %(pages)s"\n', "placeholder"),
    ],
)
def test_a_broken_catalogue_is_reported_with_its_file(tmp_path, content, reason):
    folder = tmp_path / "th" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "broken.po").write_text(content, encoding="utf-8")
    with pytest.raises(CatalogueError, match="broken.po") as caught:
        load_catalogue(tmp_path, "th")
    assert reason in str(caught.value)


def test_dates_and_years_in_both_languages(app):
    with app.test_request_context("/"):
        assert format_date(date(2017, 6, 1)) == "1 มิถุนายน พ.ศ. 2560"
        assert format_year_be(2560) == "พ.ศ. 2560 (ค.ศ. 2017)"
    with app.test_request_context("/?lang=en"):
        assert format_date(date(2017, 6, 1)) == "1 June 2017"
        assert format_year_be(2560) == "B.E. 2560 (2017)"
