"""lawreg: a legal-reform registry and regulatory-guillotine workbench for Thai legislation.

Importing the package loads nothing but :mod:`pathlib`: Flask, SQLAlchemy and the web
layer are imported inside :func:`create_app`, so ``lawreg.thai`` and ``lawreg.search``
(used by the search engine, importers and benchmarks) stay light (issue 12: importing
``lawreg.thai.normalize`` used to cost ≈220 ms of Flask and SQLAlchemy).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: defaults, then the instance folder, then the test override."""
    from flask import Flask

    from . import config as lawreg_config
    from . import db

    folder = lawreg_config.instance_path()
    if test_config and "INSTANCE_PATH" in test_config:
        folder = Path(test_config["INSTANCE_PATH"])
    lawreg_config.make_private_folder(folder)
    app = Flask(
        __name__,
        instance_path=str(folder),
        template_folder=str(lawreg_config.templates_path()),
        static_folder="static",
    )
    app.config.from_mapping(lawreg_config.default_config(folder))
    app.config["SECRET_KEY"] = lawreg_config.load_secret_key(folder)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("LAWREG")
    if test_config is not None:
        app.config.from_mapping(test_config)

    db.init_app(app)

    from .services import search

    search.init_app(app)

    from . import web

    web.init_app(app)

    from .cli import register_commands

    register_commands(app)
    return app
