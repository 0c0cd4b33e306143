"""``lawreg user ...``: accounts managed by the operator at the command line (as admin)."""

from __future__ import annotations

import sys

import click

from ..errors import LawregError
from ..services import Actor, unit_of_work
from ..services.accounts import (
    ACCOUNT_ROLES,
    create_user,
    disable_user,
    find_agency,
    set_password,
    set_role,
)


def _read_password(from_stdin: bool) -> str:
    """The password from one line of stdin, or asked twice on the terminal (never an argument,
    which would show in the process list and shell history)."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.group("user")
def user_group() -> None:
    """Create and manage user accounts."""


@user_group.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(ACCOUNT_ROLES))
@click.option("--agency", help="Agency name (required for officers).")
@click.option("--display-name", help="Name shown on pages (default: the user name).")
@click.option("--email")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
def create_command(username: str, role: str, agency: str | None, display_name: str | None,
                   email: str | None, password_stdin: bool) -> None:
    """Create an account."""
    password = _read_password(password_stdin)
    try:
        with unit_of_work(Actor.command_line()) as uow:
            user = create_user(
                uow, username, password, role,
                display_name=display_name, email=email,
                agency=find_agency(uow, agency) if agency else None,
            )
            name = user.username
    except LawregError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"created {role} {name}")


@user_group.command("disable")
@click.argument("username")
def disable_command(username: str) -> None:
    """Disable an account and end its sessions."""
    try:
        with unit_of_work(Actor.command_line()) as uow:
            disable_user(uow, username)
    except LawregError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"disabled {username}")


@user_group.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(ACCOUNT_ROLES))
@click.option("--agency", help="Agency name (required for officers).")
def set_role_command(username: str, role: str, agency: str | None) -> None:
    """Give an account another role (and agency)."""
    try:
        with unit_of_work(Actor.command_line()) as uow:
            set_role(uow, username, role, find_agency(uow, agency) if agency else None)
    except LawregError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{username} is now {role}")


@user_group.command("set-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
def set_password_command(username: str, password_stdin: bool) -> None:
    """Replace a password (also lifts a sign-in lockout)."""
    password = _read_password(password_stdin)
    try:
        with unit_of_work(Actor.command_line()) as uow:
            set_password(uow, username, password)
    except LawregError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"password of {username} changed")
