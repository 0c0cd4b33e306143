"""Whoosh's internals are touched in search_index/whoosh_adapter.py only, and the adapter's
docstring names every private attribute it uses (issue 12)."""

from __future__ import annotations

import ast
from pathlib import Path

import search_index

PACKAGE = Path(search_index.__file__).parent
ADAPTER = PACKAGE / "whoosh_adapter.py"


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def whoosh_private_uses(source: str) -> list[tuple[int, str]]:
    """(line, name) of every private Whoosh name a module uses: a private name imported
    from whoosh, ``obj._name`` on anything but a plain stdlib module or the ``self``/``cls``
    of a class that inherits nothing from Whoosh, and ``getattr(obj, "_name")``."""
    tree = ast.parse(source)
    whoosh_names: set[str] = set()
    other_modules: set[str] = set()
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "whoosh":
            for alias in node.names:
                whoosh_names.add(alias.asname or alias.name)
                if is_private(alias.name):
                    found.append((node.lineno, alias.name))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                bound = alias.asname or alias.name.split(".")[0]
                (whoosh_names if alias.name.split(".")[0] == "whoosh" else other_modules).add(bound)
    whoosh_classes = {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and any(isinstance(n, ast.Name) and n.id in whoosh_names
                for base in node.bases for n in ast.walk(base))
    }

    def visit(node: ast.AST, owner: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, child.name)
                continue
            if isinstance(child, ast.Attribute) and is_private(child.attr):
                base = child.value
                ours = isinstance(base, ast.Name) and (
                    base.id in other_modules
                    or (base.id in ("self", "cls") and owner not in whoosh_classes)
                )
                if not ours:
                    found.append((child.lineno, child.attr))
            if (isinstance(child, ast.Call) and isinstance(child.func, ast.Name)
                    and child.func.id in ("getattr", "setattr", "hasattr") and len(child.args) > 1
                    and isinstance(child.args[1], ast.Constant)
                    and isinstance(child.args[1].value, str) and is_private(child.args[1].value)):
                found.append((child.lineno, child.args[1].value))
            visit(child, owner)

    visit(tree, None)
    return sorted(found)


def test_only_the_adapter_touches_whoosh_internals() -> None:
    offenders = {
        path.name: uses
        for path in sorted(PACKAGE.glob("*.py"))
        if path != ADAPTER and (uses := whoosh_private_uses(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, (
        "private Whoosh attributes used outside search_index/whoosh_adapter.py "
        f"(move them into the adapter and list them in its docstring): {offenders}"
    )


def test_the_adapter_documents_every_private_attribute_it_uses() -> None:
    source = ADAPTER.read_text(encoding="utf-8")
    doc = ast.get_docstring(ast.parse(source)) or ""
    used = {name for _, name in whoosh_private_uses(source)}
    assert {"_read_data", "_perdoc", "_lenfield", "_write_block"} <= used  # the scan sees them
    undocumented = sorted(name for name in used if name not in doc)
    assert undocumented == [], f"whoosh_adapter.py's docstring does not list {undocumented}"


def test_the_scan_finds_private_access() -> None:
    source = (
        "import os\n"
        "from whoosh.codec.whoosh3 import W3PostingsWriter, _lenfield\n"
        "class Mine:\n"
        "    def f(self, matcher):\n"
        "        os._exit(0)\n"
        "        self._cache = matcher._data\n"
        "        return getattr(matcher, '_maxid')\n"
        "class Writer(W3PostingsWriter):\n"
        "    def g(self):\n"
        "        return self._blocklimit\n"
    )
    assert whoosh_private_uses(source) == [
        (2, "_lenfield"), (6, "_data"), (7, "_maxid"), (10, "_blocklimit"),
    ]
