"""``lawreg backup`` and ``lawreg restore``: one archive of the database and the secret key
(see :mod:`lawreg.backup`; the schedule and the restore drill are in docs/operations.md)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..backup import archived_secret_key, backup, restore_attachments, restore_database
from ..config import SECRET_KEY_FILE
from ..db import get_database
from ..errors import LawregError
from ..migrate import upgrade
from ..search import SearchError
from ..services import search as search_service
from ..services.attachments import check_attachments, storage_folder
from .operator import operator_work


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def backup_command(path: Path) -> None:
    """Write a consistent snapshot of the database, the secret key and a manifest to PATH
    (a .tar.gz, mode 0600; the search index is left out and rebuilt on restore)."""
    try:
        report = backup(get_database().engine, current_app.config["SECRET_KEY"], path,
                        storage_folder())
    except LawregError as error:
        raise click.ClickException(str(error)) from error
    counts = report.manifest["counts"]
    click.echo(f"backup written to {report.path} ({report.path.stat().st_size:,} bytes): "
               f"{counts.get('law', 0)} laws, {sum(counts.values())} rows, schema "
               f"{report.manifest['alembic_revision']}")


@click.command("restore")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(path: Path) -> None:
    """Restore a `lawreg backup` archive into this empty instance and rebuild the index."""
    database = get_database()
    try:
        manifest = restore_database(database.engine, path)
        upgrade(database.engine)
        _write_secret_key(Path(current_app.instance_path), archived_secret_key(path))
        restore_attachments(path, storage_folder())
        with database.session() as session:
            report = search_service.rebuild_index(session)
    except (LawregError, SearchError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"restored {sum(manifest['counts'].values())} rows of the backup made "
               f"{manifest['created_at']}; index rebuilt: {report.laws} laws, "
               f"{report.documents} documents")
    if os.environ.get("LAWREG_SECRET_KEY") or os.environ.get("LAWREG_SECRET_KEY_FILE"):
        click.echo("note: LAWREG_SECRET_KEY(_FILE) is set and takes precedence over the "
                   "restored instance key", err=True)


def _write_secret_key(folder: Path, key: str) -> None:
    """The restored key replaces the one the empty instance generated (sessions and the
    hearing's address hashes were made with it)."""
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{SECRET_KEY_FILE}.partial"
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    os.replace(partial, folder / SECRET_KEY_FILE)


@click.group("attachments")
def attachments_group() -> None:
    """Case attachments kept in the instance folder."""


@attachments_group.command("check")
@with_appcontext
@click.option("--remove-orphans", is_flag=True, help="Delete the files no attachment row names.")
@click.option("--grace-hours", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Leave files younger than this alone (an upload may still be committing).")
def attachments_check_command(remove_orphans: bool, grace_hours: float) -> None:
    """Compare attachment rows with their files: files without a row, rows whose file is
    missing or changed.  Exits 1 while a row lacks its file or any orphan is kept."""
    with operator_work() as uow:
        found = check_attachments(uow, remove_orphans=remove_orphans, grace_seconds=grace_hours * 3600)
    root = storage_folder()
    for path in found.orphans:
        click.echo(f"{'removed' if found.removed else 'orphan'} file: {path.relative_to(root)}")
    for attachment_id in found.missing:
        click.echo(f"attachment {attachment_id}: the file is missing")
    for attachment_id in found.damaged:
        click.echo(f"attachment {attachment_id}: the file changed since it was uploaded")
    click.echo(f"{len(found.orphans)} orphan files{' removed' if found.removed else ''}, "
               f"{len(found.missing)} missing, {len(found.damaged)} changed")
    if found.missing or found.damaged or (found.orphans and not found.removed):
        sys.exit(1)
