"""The ``lawreg`` command: a Flask CLI group, so ``flask --app wsgi ...`` works the same."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup

from .commands import COMMANDS


def register_commands(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)


def _create_app() -> Flask:
    from . import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False)
def main() -> None:
    """lawreg — Thai legal-reform registry (ทะเบียนปฏิรูปกฎหมาย)."""


if __name__ == "__main__":
    main()
