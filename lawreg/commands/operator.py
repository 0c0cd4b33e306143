"""What the account and token commands share: the operator's unit of work and its options.

The operator at the command line acts as an administrator (:meth:`Actor.command_line`); a
service's refusal ends the command with its message and exit status 1, not a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from ..errors import LawregError
from ..services import Actor, UnitOfWork, unit_of_work

agency_option = click.option("--agency", help="Agency name (required for officers).")
password_stdin_option = click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")


@contextmanager
def operator_work() -> Iterator[UnitOfWork]:
    """One unit of work as the command-line operator (committed when the block ends)."""
    try:
        with unit_of_work(Actor.command_line()) as uow:
            yield uow
    except LawregError as error:
        raise click.ClickException(str(error)) from error


def read_password(from_stdin: bool) -> str:
    """The password from one line of stdin, or asked twice on the terminal (never an argument,
    which would show in the process list and shell history)."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)
