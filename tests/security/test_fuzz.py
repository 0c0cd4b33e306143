"""No input gives a 500: every route of ``app.url_map``, every GET parameter and form field,
hostile values, anonymous and signed in as each role, on both databases (issue 10).

The fields of a route are found two ways: the forms its pages really show (parsed from the
HTML, with their filled-in values as the valid baseline), and the names the web modules
read (``args.get("...")``, ``getlist("...")``, WTForms fields).  One field at a time gets a
hostile value while the rest stay valid, so an early refusal of one field cannot hide a
crash behind another; this is done as the administrator, who reaches the deepest code.  The
other roles and the anonymous visitor send every field at once with a rotating share of the
values.  That keeps the run to a few thousand requests per database.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.routing import Rule

from lawreg.services.dashboard import set_target

from .conftest import hearing_case, registry, signed_in  # noqa: F401  (fixtures)

WEB = Path(__file__).resolve().parents[2] / "lawreg" / "web"
ROLES = ["admin", "committee", "reviewer", "officer", "anonymous"]
# Every field gets the values behind the crashes of issue 10 ...
CORE = ["²", "②", str(2**31), str(2**63), "9999-12-31", "\x00"]
# ... and a rotating share of the other hostile values.
EXTRA = ["๒๕๖๙", "-1", "9" * 40, "1e309", "nan", "0001-01-01", "2026-02-30", "ก" * 3000,
         "x" * 70_000, "", "'\"<x>"]
EXTRA_PER_FIELD = 2
PATH_VALUES = {"int": ["0", str(2**31), str(2**63), "9" * 40, "๑"],
               "default": ["²", "②", "๒๕", "x" * 3000, "..", "%00"]}
SHARE = 3  # values per route for each role other than admin, all fields at once


class FormHarvester(HTMLParser):
    """The forms of a page: method, action and the fields with their current values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, str, dict[str, str]]] = []
        self.links: list[str] = []
        self._fields: dict[str, str] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {name: value or "" for name, value in attrs}
        if tag == "a" and "?" in attr.get("href", ""):
            self.links.append(attr["href"])
        if tag == "form":
            self._fields = {}
            self.forms.append((attr.get("method", "get").lower(), attr.get("action", ""), self._fields))
        elif self._fields is not None and "name" in attr:
            name = attr["name"]
            if tag == "select":
                self._select = name
                self._fields.setdefault(name, "")
            elif tag == "textarea":
                self._fields.setdefault(name, "ข้อความทดสอบ")
            else:  # an input: its value (the first choice of a radio group or checkboxes)
                self._fields.setdefault(name, attr.get("value", ""))
        elif (tag == "option" and self._select and self._fields is not None
              and not self._fields[self._select] and attr.get("value")):
            self._fields[self._select] = attr["value"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._fields = None
        elif tag == "select":
            self._select = None


def names_read_by(module: str, method: str) -> set[str]:
    """The parameter names a web module (and the forms module it imports) reads from a
    request, and for a POST the form fields it declares, plus those every page reads."""
    stem = module.rsplit(".", 1)[-1]
    names = {"page", "lang"}
    for path in (WEB / f"{stem}.py", WEB / f"{stem}_forms.py", WEB / "case_forms.py"):
        if not path.exists() or (path.name == "case_forms.py" and stem not in ("cases", "officer")):
            continue
        source = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"""(?:args|form|form_data)\.get(?:list)?\(\s*["'](\w+)["']""", source))
        if method == "POST":
            names |= set(re.findall(r"^\s+(\w+) = \w*Field\(", source, re.M))
        names |= set(re.findall(r"""getlist\(["'](\w+)["']\)""", source))
        for declared in re.findall(r"FILTER_\w+\s*=\s*[({\[](.*?)[)}\]]", source, re.S):
            names |= set(re.findall(r"""["'](\w+)["']""", declared))
    return names


def concrete_values(rule: Rule, case_id: int) -> dict[str, str]:
    """Valid values for a rule's path arguments in the test registry."""
    known = {"key": "price-act", "number": "25", "case_id": str(case_id), "comment_id": "1",
             "entry_id": "1", "target_id": "1", "fmt": "csv", "filename": "lawreg.css"}
    values = {arg: known.get(arg, "x") for arg in rule.arguments}
    if "name" in rule.arguments:
        values["name"] = "by_stage" if rule.endpoint.startswith("dashboard.") else "submit"
    return values


def converter_kind(rule: Rule, argument: str) -> str:
    converter = rule._converters[argument]  # noqa: SLF001
    return "int" if type(converter).__name__.lower().find("int") >= 0 else "default"


def build_path(rule: Rule, values: dict[str, str]) -> str:
    path = rule.rule
    for argument, value in values.items():
        path = re.sub(rf"<(?:[^:<>]+:)?{argument}>", value.replace("\\", "\\\\"), path)
    return path


@pytest.fixture
def fuzz_registry(db, registry, hearing_case):  # noqa: F811
    """The registry with a reform target, besides the case in hearing and its accounts."""
    from datetime import date

    from lawreg.services import Actor

    def add_target(uow):  # type: ignore[no-untyped-def]
        uow.actor = Actor("test", role="admin")
        set_target(uow, "repeal", 10, date(2026, 1, 1), date(2027, 12, 31), "")
    db(add_target)
    return hearing_case


def test_no_input_gives_a_500(app, signed_in, fuzz_registry):  # noqa: F811
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a crash is a 500 response, counted below
    clients = {role: (app.test_client() if role == "anonymous" else signed_in(role)) for role in ROLES}
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]
    adapter = app.url_map.bind("localhost")

    # The pages' own forms: the valid baseline of each endpoint's fields.
    baselines: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    pages = [build_path(rule, concrete_values(rule, fuzz_registry)) for rule in rules if "GET" in rule.methods]
    pages += ["/laws/price-act/sections/25", "/search?q=ราคา", "/triage/laws/price-act/sections/25/flags"]
    for page in pages:
        response = clients["admin"].get(page)
        if response.mimetype != "text/html":
            continue
        harvester = FormHarvester()
        harvester.feed(response.get_data(as_text=True))
        for method, action, fields in harvester.forms:
            target = urlsplit(action or page).path
            try:
                endpoint, _ = adapter.match(target, method="POST" if method == "post" else "GET")
            except Exception:  # noqa: BLE001  (a form posting elsewhere than a rule)
                continue
            baselines[(endpoint, method.upper())].update(fields)

    failures: list[str] = []
    sent = 0

    def check(role: str, method: str, path: str, data: dict[str, str]) -> None:
        nonlocal sent
        sent += 1
        client = clients[role]
        if method == "GET":
            response = client.get(path, query_string=data)
        else:
            response = client.post(path, data=data)
        if response.status_code >= 500:
            shown = {k: (v[:20] + f"…({len(v)})" if len(v) > 20 else v) for k, v in data.items()}
            failures.append(f"{role} {method} {path[:80]} {shown} -> {response.status_code}")

    extras = itertools.cycle(EXTRA)
    for rule in rules:
        values = concrete_values(rule, fuzz_registry)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            baseline = baselines.get((rule.endpoint, method), {})
            code_names = names_read_by(app.view_functions[rule.endpoint].__module__, method)
            field_names = sorted(set(baseline) | code_names) if method == "GET" else sorted(
                set(baseline) or code_names)
            path = build_path(rule, values)
            roles = ["anonymous"] if rule.endpoint == "auth.logout" else ROLES  # keep sessions
            for role in roles:
                check(role, method, path, dict(baseline))
            for argument in rule.arguments:  # hostile path arguments
                for bad in PATH_VALUES[converter_kind(rule, argument)]:
                    for role in roles[:1] + ["anonymous"]:
                        check(role, method, build_path(rule, {**values, argument: bad}), dict(baseline))
            for name in field_names:  # hostile fields, one at a time
                for bad in CORE + [next(extras) for _ in range(EXTRA_PER_FIELD)]:
                    check(roles[0], method, path, {**baseline, name: bad})
            for role in roles[1:]:  # every field at once, for the other roles
                for bad in [next(extras) for _ in range(SHARE - 1)] + [CORE[len(role) % len(CORE)]]:
                    check(role, method, path, {**baseline, **dict.fromkeys(field_names, bad)})
    assert sent > 2_000
    assert failures == [], f"{len(failures)} of {sent} requests gave 500:\n" + "\n".join(failures[:60])
