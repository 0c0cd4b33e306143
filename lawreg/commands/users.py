"""``lawreg user ...``: accounts managed by the operator at the command line (as admin)."""

from __future__ import annotations

import click

from ..services.accounts import (
    ACCOUNT_ROLES,
    create_user,
    disable_user,
    find_agency,
    set_password,
    set_role,
)
from .operator import agency_option, operator_work, password_stdin_option, read_password


@click.group("user")
def user_group() -> None:
    """Create and manage user accounts."""


@user_group.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(ACCOUNT_ROLES))
@agency_option
@click.option("--display-name", help="Name shown on pages (default: the user name).")
@click.option("--email")
@password_stdin_option
def create_command(username: str, role: str, agency: str | None, display_name: str | None,
                   email: str | None, password_stdin: bool) -> None:
    """Create an account."""
    password = read_password(password_stdin)
    with operator_work() as uow:
        user = create_user(
            uow, username, password, role,
            display_name=display_name, email=email,
            agency=find_agency(uow, agency) if agency else None,
        )
        name = user.username
    click.echo(f"created {role} {name}")


@user_group.command("disable")
@click.argument("username")
def disable_command(username: str) -> None:
    """Disable an account and end its sessions."""
    with operator_work() as uow:
        disable_user(uow, username)
    click.echo(f"disabled {username}")


@user_group.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(ACCOUNT_ROLES))
@agency_option
def set_role_command(username: str, role: str, agency: str | None) -> None:
    """Give an account another role (and agency)."""
    with operator_work() as uow:
        set_role(uow, username, role, find_agency(uow, agency) if agency else None)
    click.echo(f"{username} is now {role}")


@user_group.command("set-password")
@click.argument("username")
@password_stdin_option
def set_password_command(username: str, password_stdin: bool) -> None:
    """Replace a password (also lifts a sign-in lockout)."""
    password = read_password(password_stdin)
    with operator_work() as uow:
        set_password(uow, username, password)
    click.echo(f"password of {username} changed")
