"""`lawreg import` / `export` / `demo` at the command line: messages, exit codes, files."""

from __future__ import annotations

import io as io_module
import json
import sys

import pytest
from flask.testing import FlaskCliRunner

import importers
from importers import base
from lawreg import create_app
from lawreg.cli import main
from lawreg.commands import io
from lawreg.services import Actor

from .conftest import fingerprint


def test_export_to_a_file_and_reimport_unchanged(runner, app, sources, tmp_path):
    assert runner.invoke(args=["import", "jsonl", str(sources / "laws.jsonl")]).exit_code == 0
    out = tmp_path / "export.jsonl"
    result = runner.invoke(args=["export", "jsonl", str(out)])
    assert result.exit_code == 0 and "exported 3 laws" in result.output
    assert not (tmp_path / "export.jsonl.partial").exists()
    result = runner.invoke(args=["import", "jsonl", str(out)])
    assert result.exit_code == 0 and "0 created, 0 updated, 3 unchanged" in result.output


def test_dry_run_flag_writes_nothing(runner, app, sources):
    before = fingerprint(app)
    result = runner.invoke(args=["import", "thai-codes", str(sources / "thai_code.json"), "--dry-run"])
    assert result.exit_code == 0 and "Dry run: nothing written." in result.output
    assert fingerprint(app) == before


def test_skip_invalid_still_exits_non_zero(runner, app, tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"key": "ok", "title": "ก"}\n{"key": "bad", "title": ""}\n', encoding="utf-8")
    result = runner.invoke(args=["import", "jsonl", str(path), "--skip-invalid"])
    assert result.exit_code == 1
    assert f"rejected: {path}, line 2, field title: is empty" in result.output
    assert "1 created" in result.output and "Committed." in result.output


def test_demo_loads_once_and_if_empty_leaves_a_filled_registry_alone(runner, app, sources, monkeypatch):
    monkeypatch.setattr(io, "DEMO_PATH", sources / "laws.jsonl")
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0 and "3 created" in result.output
    before = fingerprint(app)
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0 and "already holds 3 laws" in result.output
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0 and "3 unchanged" in result.output
    assert fingerprint(app) == before


def test_demo_without_its_data_is_a_message(runner, app, tmp_path, monkeypatch):
    monkeypatch.setattr(io, "DEMO_PATH", tmp_path / "missing.jsonl")
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 1 and "demo data not found" in result.output


@pytest.mark.skipif(not io.DEMO_PATH.is_file(), reason="the demo data set is not written yet")
def test_the_shipped_demo_data_imports_cleanly(runner, app):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "0 rejected" in result.output


def test_a_database_without_schema_is_a_message(tmp_path):
    """A registry nobody ran `lawreg init` on: a hint, not a traceback."""
    empty = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"),
                        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite'}", "SEARCH_SYNC": False})
    cli = FlaskCliRunner(empty)
    for args in (["export", "jsonl", "-"], ["demo", "--if-empty"]):
        result = cli.invoke(main, args)
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert "database error" in result.output and "lawreg init" in result.output


def test_export_is_one_json_object_per_line(runner, app, sources):
    runner.invoke(args=["import", "thai-codes", str(sources / "thai_code.json")])
    result = runner.invoke(args=["export", "jsonl", "-"])
    [line] = result.output.splitlines()
    data = json.loads(line)
    assert data["key"] == "civil-procedure-code"
    assert [s["number"] for s in data["sections"]][:4] == ["1", "2", "83", "83 ฉ"]


class Terminal(io_module.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(app, sources, monkeypatch):
    monkeypatch.setattr(base, "PROGRESS_THRESHOLD", 5)
    for stream, expected in ((Terminal(), True), (io_module.StringIO(), False)):
        monkeypatch.setattr(sys, "stderr", stream)
        with app.app_context():
            importers.run("thai-codes", sources / "thai_code.json", actor=Actor("test"), progress=True, dry_run=True)
        assert ("thai-codes: 100%" in stream.getvalue()) is expected
