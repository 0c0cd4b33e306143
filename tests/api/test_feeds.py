"""Atom feeds, bulk downloads with checksums, sitemap and robots.txt."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from lxml import etree
from openpyxl import load_workbook

from .conftest import Registry, World

ATOM = "{http://www.w3.org/2005/Atom}"


def atom(client: FlaskClient, url: str) -> etree._Element:
    """The feed at ``url``, checked for what RFC 4287 requires of a feed and its entries."""
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = etree.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{name}") is not None, name
    assert feed.find(f"{ATOM}author") is not None
    assert feed.find(f"{ATOM}link[@rel='self']").get("href").endswith(url)
    ids = [entry.findtext(f"{ATOM}id") for entry in feed.iter(f"{ATOM}entry")]
    assert len(ids) == len(set(ids))
    for entry in feed.iter(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{name}"), name
        link = entry.find(f"{ATOM}link")  # rel defaults to "alternate"
        assert link is not None and link.get("rel", "alternate") == "alternate" and link.get("href")
    return feed


def test_changes_feed_lists_the_changed_laws(client: FlaskClient, registry: Registry) -> None:
    feed = atom(client, "/feeds/changes.atom")
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert len(titles) == 3 and any(t.startswith("ประมวลกฎหมายทดสอบ") for t in titles)
    again = client.get("/feeds/changes.atom", headers={
        "If-None-Match": client.get("/feeds/changes.atom").headers["ETag"]})
    assert again.status_code == 304


def test_per_law_feed_and_unknown_law(client: FlaskClient, registry: Registry) -> None:
    feed = atom(client, "/feeds/laws/test-code.atom")
    links = [e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")]
    assert links and all("/laws/test-code" in link for link in links)
    assert client.get("/feeds/laws/no-such-law.atom").status_code == 404


def test_hearing_and_gazette_feeds(app: Flask, world: World) -> None:
    client = app.test_client()
    hearings = atom(client, "/feeds/hearings.atom")
    entries = list(hearings.iter(f"{ATOM}entry"))
    assert len(entries) == 1
    assert entries[0].find(f"{ATOM}link").get("href").endswith(f"/hearings/{world.case_id}")
    gazette = atom(client, "/feeds/gazette.atom")
    assert list(gazette.iter(f"{ATOM}entry")) == []  # nothing published yet


def test_bulk_downloads_with_checksums(app: Flask, world: World, runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["downloads", "build"])
    assert result.exit_code == 0, result.output
    client = app.test_client()
    manifest = client.get("/downloads/manifest.json").json
    assert manifest["generated_at"]
    files = {f["name"]: f for f in manifest["files"]}
    assert set(files) == {"laws.jsonl", "laws.csv", "akn.zip", "flags.csv", "flags.xlsx"}
    bodies = {}
    for name, entry in files.items():
        body = client.get(f"/downloads/{name}").data
        assert hashlib.sha256(body).hexdigest() == entry["sha256"] and len(body) == entry["bytes"]
        bodies[name] = body
    sums = client.get("/downloads/SHA256SUMS").get_data(as_text=True)
    assert f"{files['akn.zip']['sha256']}  akn.zip" in sums
    laws = list(csv.DictReader(io.StringIO(bodies["laws.csv"].decode("utf-8-sig"))))
    assert {row["key"] for row in laws} == {"test-code", "amending-act", "test-regulation",
                                           "price-act", "transport-act"}
    code = next(row for row in laws if row["key"] == "test-code")
    assert code["frbr_uri"] == "/akn/th/act/code/1992/test-code" and code["sections"] == "4"
    with zipfile.ZipFile(io.BytesIO(bodies["akn.zip"])) as bundle:
        assert "test-code.xml" in bundle.namelist()
    lines = [json.loads(line) for line in bodies["laws.jsonl"].decode().splitlines()]
    assert len(lines) == files["laws.jsonl"]["records"] == 5
    flags = list(csv.DictReader(io.StringIO(bodies["flags.csv"].decode("utf-8-sig"))))
    assert [row["law_key"] for row in flags] == ["test-code"]
    sheet = load_workbook(io.BytesIO(bodies["flags.xlsx"])).active
    assert [c.value for c in sheet[2]][:3] == ["test-code", "277", "outdated"]
    page = client.get("/downloads/").get_data(as_text=True)
    assert files["laws.csv"]["sha256"] in page
    assert client.get("/downloads/secret_key").status_code == 404


def test_downloads_page_before_any_build(client: FlaskClient, registry: Registry, tmp_path: Path) -> None:
    assert client.get("/downloads/").status_code == 200
    assert client.get("/downloads/laws.csv").status_code == 404


def test_sitemap_and_robots(client: FlaskClient, registry: Registry) -> None:
    robots = client.get("/robots.txt").get_data(as_text=True)
    assert "Disallow: /auth/" in robots and "Sitemap: http://localhost/sitemap.xml" in robots
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = etree.fromstring(client.get("/sitemap.xml").data)
    parts = [loc.text for loc in index.iterfind(".//s:loc", ns)]
    assert parts == ["http://localhost/sitemaps/laws.xml", "http://localhost/sitemaps/sections-1.xml"]
    laws = etree.fromstring(client.get("/sitemaps/laws.xml").data)
    assert "http://localhost/laws/test-code" in [loc.text for loc in laws.iterfind(".//s:loc", ns)]
    sections = etree.fromstring(client.get("/sitemaps/sections-1.xml").data)
    assert len(sections.findall(".//s:url", ns)) == 5  # test-code 4, the regulation 1
    assert client.get("/sitemaps/sections-2.xml").status_code == 404
