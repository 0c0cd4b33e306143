"""Commands that manage the registry itself: schema, serving."""

from __future__ import annotations

import click
from flask import current_app
from werkzeug.serving import run_simple

from ..db import get_database
from ..migrate import make_revision, upgrade


@click.command("init")
def init_command() -> None:
    """Create or upgrade the database schema (safe to run again)."""
    database = get_database()
    upgrade(database.engine)
    click.echo(f"database ready: {database.engine.url.render_as_string(hide_password=True)}")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--debug/--no-debug", default=False)
def serve_command(host: str, port: int, debug: bool) -> None:
    """Serve the web application.

    Werkzeug is called directly: ``Flask.run`` refuses to start inside a ``flask``/``lawreg``
    CLI command.  For production put a WSGI server in front of ``wsgi:app``.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    app.debug = debug
    run_simple(host, port, app, use_reloader=False, use_debugger=debug, threaded=True)


@click.group("db")
def db_group() -> None:
    """Schema migrations (for developers)."""


@db_group.command("revision")
@click.option("-m", "--message", required=True)
def revision_command(message: str) -> None:
    """Autogenerate a migration from the models against the current database."""
    make_revision(get_database().engine, message)
