"""Bulk downloads of the whole registry, with checksums and the date they were made.

``lawreg downloads build`` (run it from cron, e.g. nightly) writes into the instance's
``downloads/`` folder: ``laws.jsonl`` (the canonical export, re-importable), ``laws.csv``
(one row per law), ``akn.zip`` (the Akoma Ntoso XML of every law), ``flags.csv`` and
``flags.xlsx``, then ``manifest.json`` and ``SHA256SUMS``.  Each file is written beside its
final name and renamed into place, so a reader never gets half a file.  ``/downloads``
lists and serves them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    send_from_directory,
)
from flask.cli import with_appcontext
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .. import frbr
from ..akn import writer
from ..db import get_database
from ..models import Law, Section, SectionVersion
from ..services.flags.queries import export_flags
from ..spreadsheets import csv_safe

bp = Blueprint("downloads", __name__, url_prefix="/downloads")
FOLDER = "downloads"
MANIFEST = "manifest.json"
LAW_COLUMNS = ("key", "frbr_uri", "title", "title_en", "type", "year_be", "status",
               "source_url", "gazette_ref", "enacted_on", "published_on", "commenced_on",
               "agency", "subject_groups", "abbreviations", "sections")
FLAG_COLUMNS = ("law_key", "section", "category", "rule", "status", "confidence", "other",
                "similarity", "evidence")
BATCH = 200


def folder() -> Path:
    return Path(current_app.instance_path) / FOLDER


def _laws(session: Session) -> Iterator[Law]:
    """Every law with its sections and versions, a batch at a time (memory stays flat)."""
    ids = list(session.scalars(select(Law.id).order_by(Law.key)))
    for start in range(0, len(ids), BATCH):
        batch = session.scalars(
            select(Law).where(Law.id.in_(ids[start:start + BATCH])).order_by(Law.key)
            .options(selectinload(Law.sections).selectinload(Section.versions)
                     .joinedload(SectionVersion.amended_by))
        ).all()
        yield from batch
        session.expunge_all()


def law_row(law: Law) -> dict[str, Any]:
    return {
        "key": law.key, "frbr_uri": frbr.work_uri(law), "title": law.title,
        "title_en": law.title_en or "", "type": law.law_type or "",
        "year_be": law.year_be or "", "status": law.status, "source_url": law.source_url or "",
        "gazette_ref": law.gazette_ref or "",
        "enacted_on": law.enacted_on or "", "published_on": law.published_on or "",
        "commenced_on": law.commenced_on or "",
        "agency": " > ".join(a.name for a in law.agency.lineage()) if law.agency else "",
        "subject_groups": "; ".join(law.subject_groups),
        "abbreviations": "; ".join(law.abbreviations or []), "sections": len(law.sections),
    }


def _write(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def build(session: Session, target: Path, now: datetime | None = None) -> dict[str, Any]:
    """Write every download into ``target`` and return the manifest."""
    from importers.export import export_jsonl

    now = now or datetime.now(UTC)
    target.mkdir(parents=True, exist_ok=True)
    files: dict[str, tuple[bytes, int]] = {}

    jsonl = io.StringIO()
    count = export_jsonl(session, jsonl)
    files["laws.jsonl"] = (jsonl.getvalue().encode(), count)

    rows = io.StringIO()
    table = csv.DictWriter(rows, LAW_COLUMNS)
    table.writeheader()
    archive = io.BytesIO()
    laws = 0
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for law in _laws(session):
            table.writerow({name: csv_safe(value) for name, value in law_row(law).items()})
            root = writer.document(law, law.sections, generated_on=now.date())
            bundle.writestr(f"{law.key}.xml", writer.to_bytes(root))
            laws += 1
    files["laws.csv"] = (rows.getvalue().encode("utf-8-sig"), laws)  # BOM: Excel reads Thai
    files["akn.zip"] = (archive.getvalue(), laws)

    flags = list(export_flags(session))
    flag_rows = io.StringIO()
    flag_table = csv.DictWriter(flag_rows, FLAG_COLUMNS)
    flag_table.writeheader()
    book = Workbook()
    sheet = book.active
    sheet.title = "flags"
    sheet.append(list(FLAG_COLUMNS))
    for flag in flags:
        row = {name: flag.get(name, "") for name in FLAG_COLUMNS}
        row["evidence"] = json.dumps(flag.get("evidence") or {}, ensure_ascii=False)
        row = {name: csv_safe(value) for name, value in row.items()}
        flag_table.writerow(row)
        sheet.append(["" if row[name] is None else row[name] for name in FLAG_COLUMNS])
    files["flags.csv"] = (flag_rows.getvalue().encode("utf-8-sig"), len(flags))
    workbook = io.BytesIO()
    book.save(workbook)
    files["flags.xlsx"] = (workbook.getvalue(), len(flags))

    listed: list[dict[str, object]] = []
    for name, (data, records) in files.items():
        _write(target / name, data)
        listed.append({"name": name, "bytes": len(data), "records": records,
                       "sha256": hashlib.sha256(data).hexdigest()})
    manifest = {"generated_at": now.isoformat(timespec="seconds"), "files": listed}
    sums = "".join(f"{f['sha256']}  {f['name']}\n" for f in listed)
    _write(target / "SHA256SUMS", sums.encode())
    _write(target / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode())
    return manifest


def read_manifest() -> dict[str, Any] | None:
    path = folder() / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


@bp.get("/")
def index() -> str:
    return render_template("api/downloads.html", manifest=read_manifest())


@bp.get("/<name>")
def download(name: str) -> Response:
    manifest = read_manifest()
    names = ({f["name"] for f in manifest["files"]} | {MANIFEST, "SHA256SUMS"}) if manifest else set()
    if name not in names:
        abort(404)
    response = send_from_directory(folder(), name, as_attachment=name != MANIFEST)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@click.group("downloads")
def downloads_group() -> None:
    """Bulk downloads of the whole registry (served at /downloads)."""


@downloads_group.command("build")
@click.option("--to", "target", type=click.Path(path_type=Path), default=None,
              help="Folder to write (default: the instance's downloads/).")
@with_appcontext
def build_command(target: Path | None) -> None:
    """Write laws.jsonl, laws.csv, akn.zip, flags.csv and flags.xlsx with checksums."""
    with get_database().session() as session:
        manifest = build(session, target or folder())
    for item in manifest["files"]:
        click.echo(f"{item['name']}\t{item['records']} records\t{item['bytes']:,} bytes\t"
                   f"{item['sha256'][:16]}…")
