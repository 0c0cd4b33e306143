"""FRBR URIs: lawreg's choices of doctype, year and number, and their resolution."""

from __future__ import annotations

from datetime import date

import pytest
from flask.testing import FlaskClient

from lawreg import frbr
from lawreg.models import Law, LawType

from .conftest import Registry


def law(**fields) -> Law:  # type: ignore[no-untyped-def]
    return Law(key=fields.pop("key", "some-act"), title="t", **fields)


def test_work_uri_uses_the_common_era_year_and_the_key() -> None:
    act = law(law_type=LawType.ACT, year_be=2560)
    assert frbr.work_uri(act) == "/akn/th/act/2017/some-act"
    decree = law(law_type=LawType.ROYAL_DECREE, year_be=2562)
    assert frbr.work_uri(decree) == "/akn/th/act/royal-decree/2019/some-act"
    notice = law(law_type=LawType.ANNOUNCEMENT, year_be=2567)
    assert frbr.work_uri(notice) == "/akn/th/doc/announcement/2024/some-act"


def test_a_law_dated_before_april_before_1941_takes_the_year_of_its_date() -> None:
    # B.E. 2483 ran from 1 April 1940 to 31 December 1940 ... and January-March 1941.
    early = law(law_type=LawType.ACT, year_be=2483, enacted_on=date(1941, 2, 10))
    assert frbr.work_year(early) == "1941"
    later = law(law_type=LawType.ACT, year_be=2483, enacted_on=date(1940, 6, 1))
    assert frbr.work_year(later) == "1940"
    modern = law(law_type=LawType.ACT, year_be=2560, enacted_on=date(2017, 2, 1))
    assert frbr.work_year(modern) == "2017"


def test_untyped_and_undated_laws_still_get_a_uri() -> None:
    assert frbr.work_uri(law()) == "/akn/th/doc/other/0000/some-act"


def test_every_thai_type_has_a_doctype() -> None:
    for law_type in LawType:
        kind, _subtype = frbr.doctype(law_type)
        assert kind in ("act", "doc")


@pytest.mark.parametrize(
    ("path", "key", "on", "latest", "fmt"),
    [
        ("/akn/th/act/2017/some-act", "some-act", None, True, None),
        ("/akn/th/act/2017/some-act/tha@2020-01-31.xml", "some-act", date(2020, 1, 31), False, "xml"),
        ("/akn/th/act/code/1992/test-code/tha@.json", "test-code", None, True, "json"),
        ("/akn/th/doc/announcement/2024/x-1.html", "x-1", None, True, "html"),
    ],
)
def test_parse_splits_the_format_before_cobalt(path, key, on, latest, fmt) -> None:  # type: ignore[no-untyped-def]
    resolved = frbr.parse(path)
    assert (resolved.key, resolved.expression_date, resolved.latest, resolved.fmt) == (
        key, on, latest, fmt)


def test_parse_refuses_other_countries_and_bad_dates() -> None:
    with pytest.raises(frbr.NotAnFrbrUri):
        frbr.parse("/akn/za/act/2017/some-act")
    with pytest.raises(frbr.NotAnFrbrUri):
        frbr.parse("/akn/th/act/2017/some-act/tha@2020-13-40")


def test_uris_resolve_on_the_site(client: FlaskClient, registry: Registry) -> None:
    work = "/akn/th/act/code/1992/test-code"
    page = client.get(work)
    assert page.status_code == 303 and page.headers["Location"].endswith("/laws/test-code")
    api = client.get(work + "/tha@2017-06-01.json")
    assert api.status_code == 303 and api.headers["Location"].endswith("/api/v1/laws/test-code")
    xml = client.get(work + "/tha@2017-06-01.xml")
    assert xml.status_code == 200 and xml.mimetype == "application/xml"
    assert b"/akn/th/act/code/1992/test-code/tha@2017-06-01" in xml.data
    negotiated = client.get(work, headers={"Accept": "application/json"})
    assert negotiated.headers["Location"].endswith("/api/v1/laws/test-code")


def test_a_uri_with_an_outdated_type_or_year_redirects_to_the_current_one(
    client: FlaskClient, registry: Registry
) -> None:
    moved = client.get("/akn/th/act/1990/test-code/tha@2017-06-01.xml")
    assert moved.status_code == 301
    assert moved.headers["Location"].endswith("/akn/th/act/code/1992/test-code/tha@2017-06-01.xml")


def test_unknown_laws_and_foreign_uris_are_not_found(client: FlaskClient, registry: Registry) -> None:
    assert client.get("/akn/th/act/2017/no-such-law").status_code == 404
    assert client.get("/akn/fr/act/2017/test-code").status_code == 404
