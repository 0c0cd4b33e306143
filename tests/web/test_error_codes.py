"""Every error code a service raises has English text and a Thai translation.

The code is scanned, not listed by hand: a new ``raise InvalidRecord("x", "y.z")`` without an
entry in :data:`lawreg.errors.MESSAGES` and ``errors.po`` fails here, and so does a service
error raised with a sentence (an f-string) instead of a code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from lawreg.errors import MESSAGES, InvalidRecord, PermissionDenied
from lawreg.i18n import TRANSLATIONS_DIR, load_catalogue

ROOT = Path(__file__).resolve().parents[2]
SCANNED = [ROOT / "lawreg", ROOT / "importers", ROOT / "search_index"]
# Error classes whose first argument (second for InvalidRecord, after the field) is a code.
CODED = {"NotFound": 0, "PermissionDenied": 0, "ConcurrentEdit": 0, "TransitionRefused": 0,
         "HearingClosed": 0, "InvalidRecord": 1}
# Dictionaries of codes chosen at run time (the name of the dict -> codes are its values).
CODE_TABLES = {"REQUIRED_INPUT_CODES"}


def raised_codes() -> tuple[dict[str, list[str]], list[str]]:
    """``{code: [where, ...]}`` of every coded error constructed, and the places that pass
    something other than a literal code."""
    found: dict[str, list[str]] = {}
    not_literal: list[str] = []
    for folder in SCANNED:
        for path in sorted(folder.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            where = str(path.relative_to(ROOT))
            for node in ast.walk(tree):
                if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id in CODE_TABLES for t in node.targets
                ):
                    assert isinstance(node.value, ast.Dict)
                    for value in node.value.values:
                        assert isinstance(value, ast.Constant)
                        found.setdefault(value.value, []).append(f"{where}:{node.lineno}")
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                    continue
                position = CODED.get(node.func.id)
                if position is None or len(node.args) <= position:
                    continue
                argument = node.args[position]
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    found.setdefault(argument.value, []).append(f"{where}:{node.lineno}")
                elif not (isinstance(argument, ast.Subscript) and isinstance(argument.value, ast.Name)
                          and argument.value.id in CODE_TABLES):
                    not_literal.append(f"{where}:{node.lineno}")
    return found, not_literal


def test_the_scan_finds_the_codes_services_raise():
    found, _ = raised_codes()
    assert {"law.not_in_agency", "flag.reason_required", "transition.comment_required",
            "field.too_long"} <= set(found)
    assert len(found) > 60


def test_every_code_raised_is_a_known_code_given_as_a_literal():
    found, not_literal = raised_codes()
    unknown = {code: places for code, places in found.items() if code not in MESSAGES}
    assert unknown == {}
    assert not_literal == []


def test_every_code_has_a_thai_translation():
    thai = load_catalogue(TRANSLATIONS_DIR, "th")
    codes = set(raised_codes()[0]) | set(MESSAGES) - {"error"}
    untranslated = sorted(c for c in codes if thai.gettext(MESSAGES[c]) == MESSAGES[c])
    assert untranslated == []


def test_an_error_keeps_its_code_parameters_and_english_text():
    refused = PermissionDenied("law.not_in_agency", law="price-act")
    assert (refused.code, refused.params) == ("law.not_in_agency", {"law": "price-act"})
    assert str(refused) == "price-act is not a law of your agency"
    invalid = InvalidRecord("note", "field.too_long", limit="2,000")
    assert (invalid.field, invalid.reason) == ("note", "is longer than 2,000 characters")
    assert str(invalid) == "note: is longer than 2,000 characters"


@pytest.mark.parametrize("language, expected", [
    ("th", "price-act ไม่ใช่กฎหมายของหน่วยงานของท่าน"),
    ("en", "price-act is not a law of your agency"),
])
def test_error_message_renders_in_the_readers_language(app, language, expected):
    from lawreg.i18n import error_message

    with app.test_request_context(f"/?lang={language}"):
        assert error_message(PermissionDenied("law.not_in_agency", law="price-act")) == expected
