"""The built wheel is a working application: installed without ``-e`` into a fresh virtual
environment, far from the checkout, it creates an instance and renders Thai pages.

Slow (it installs every dependency, from the pip cache when warm), so it is marked ``wheel``
and runs once per ``make test``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ["lawreg", "search_index", "importers", "templates",
           "pyproject.toml", "setup.py", "MANIFEST.in", "README.md"]

pytestmark = pytest.mark.wheel

RENDER = """
import json, sys
import lawreg
from lawreg import create_app

app = create_app()
client = app.test_client()
pages = {path: client.get(path) for path in ("/", "/laws", "/static/lawreg.css")}
print(json.dumps({
    "package": lawreg.__file__,
    "templates": app.template_folder,
    "status": {path: response.status_code for path, response in pages.items()},
    "home": pages["/"].get_data(as_text=True),
    "laws": pages["/laws"].get_data(as_text=True),
}))
"""


def _run(args: list[str], cwd: Path | None = None,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, capture_output=True, text=True, timeout=900, cwd=cwd, env=env)
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel built from a copy of the sources (so no ``build/`` folder
    lands in the checkout) installed in it, not editable."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, source / name)
    dist = work / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(source)])
    (wheel,) = dist.glob("lawreg-*.whl")
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    _run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)])
    return env_dir


def test_wheel_ships_templates_static_translations_and_migrations(installed: Path) -> None:
    python = installed / "bin" / "python"
    listing = _run([str(python), "-c",
                    "import importlib.resources as r; p = r.files('lawreg');"
                    "print(*sorted(str(f.relative_to(p)) for f in __import__('pathlib').Path(str(p)).rglob('*')"
                    " if f.is_file() and '__pycache__' not in f.parts), sep='\\n')"],
                   cwd=installed).stdout.split()
    for expected in ("templates/base.html", "templates/public/home.html", "static/lawreg.css",
                     "translations/th/LC_MESSAGES/messages.po", "migrations/env.py",
                     "migrations/script.py.mako", "migrations/versions/0001_registry.py",
                     "demo/laws.jsonl", "data/screening_rules.json"):
        assert expected in listing, expected


def test_installed_wheel_initialises_and_renders_thai_pages(installed: Path, tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("LAWREG_")}
    env["LAWREG_INSTANCE"] = str(tmp_path / "instance")
    env.pop("PYTHONPATH", None)
    _run([str(installed / "bin" / "lawreg"), "init"], cwd=tmp_path, env=env)
    _run([str(installed / "bin" / "lawreg"), "demo", "--if-empty"], cwd=tmp_path, env=env)
    rendered = json.loads(_run([str(installed / "bin" / "python"), "-c", RENDER],
                               cwd=tmp_path, env=env).stdout)
    assert rendered["package"].startswith(str(installed))
    assert rendered["templates"].startswith(str(installed))
    assert rendered["status"] == {"/": 200, "/laws": 200, "/static/lawreg.css": 200}
    assert 'lang="th"' in rendered["home"]
    assert "ค้นหา" in rendered["home"]  # the Thai catalogue's "Search", from the shipped .po
    assert "พระราชบัญญัติ" in rendered["laws"]  # a demo law's title
