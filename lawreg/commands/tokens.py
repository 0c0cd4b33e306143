"""``lawreg token ...``: personal API tokens, managed by the operator (as admin)."""

from __future__ import annotations

import click

from ..services.tokens import create_token, list_tokens, revoke_token
from .operator import operator_work


@click.group("token")
def token_group() -> None:
    """Create, list and revoke personal API tokens."""


@token_group.command("create")
@click.argument("username")
@click.option("--name", required=True, help="What the token is for, e.g. 'agency sync'.")
def create_command(username: str, name: str) -> None:
    """Create a token for USERNAME and print its secret (shown this once only)."""
    with operator_work() as uow:
        created = create_token(uow, name, username)
        token_id = created.token.id
    click.echo(f"token {token_id} for {username}: {created.secret}")
    click.echo("Keep it now: only its hash is stored.", err=True)


@token_group.command("list")
@click.argument("username")
def list_command(username: str) -> None:
    """List USERNAME's tokens (id, prefix, name, created, revoked)."""
    with operator_work() as uow:
        for token in list_tokens(uow, username):
            revoked = token.revoked_at.date().isoformat() if token.revoked_at else "active"
            click.echo(f"{token.id}\t{token.prefix}…\t{token.name}\t"
                       f"{token.created_at.date().isoformat()}\t{revoked}")


@token_group.command("revoke")
@click.argument("token_id", type=int)
def revoke_command(token_id: int) -> None:
    """Revoke token TOKEN_ID; it stops working at once."""
    with operator_work() as uow:
        revoke_token(uow, token_id)
    click.echo(f"token {token_id} revoked")
