"""`flask --app editorial backup PATH`, `restore PATH --yes`, and `db upgrade` taking a backup first on SQLite
(and, after the migrations, rebuilding claim memory's terms when the matcher changed).

Each refusal is one line and exit status 1: the target exists, the file is not a backup, the database
cannot be reached. See README "Upgrade and roll back".
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app, g
from flask.cli import with_appcontext
from flask_migrate import cli as migrate_cli

from editorial.services import backup as backups
from editorial.services import claim_index
from editorial.services.errors import ServiceError


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Write a backup of the whole database to PATH (a new file). Safe while the app runs."""
    try:
        written = backups.backup(path)
    except ServiceError as e:
        raise click.ClickException(e.message) from e
    click.echo(f"Backed up the database to {written}")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the database without asking.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace the whole database with the backup in PATH (everything written since is lost)."""
    try:
        what = backups.describe(path)
        if not yes:
            if not sys.stdin.isatty():
                raise click.ClickException("restore replaces the whole database: run it again with --yes.")
            click.confirm(f"Replace the whole database with the {what}?", abort=True)
        revision = backups.restore(path)
    except ServiceError as e:
        raise click.ClickException(e.message) from e
    click.echo(f"Restored the {what}." if revision else f"Restored the {what}; it has no schema revision.")


def _upgrade_with_backup(**options) -> None:
    """Flask-Migrate's `db upgrade`, after a backup of an SQLite database that is about to change."""
    if not options.get("sql"):
        directory = options.get("directory") or g.get("directory") or current_app.extensions["migrate"].directory
        try:
            written = backups.before_upgrade(Path(current_app.instance_path) / "backups", directory)
        except ServiceError as e:
            raise click.ClickException(f"no upgrade: the backup before it failed: {e.message}") from e
        if written:
            click.echo(f"Backed up the database to {written} before upgrading "
                       f"(to go back: flask --app editorial restore {written} --yes).")
    click.get_current_context().invoke(migrate_cli.upgrade, **options)
    if not options.get("sql") and options.get("revision", "head") == "head":
        claim_index.bring_up_to_date(click.echo)  # claims indexed by an older matcher: found by the new one


def db_group() -> click.Group:
    """Flask-Migrate's `db` commands, with `upgrade` taking the backup first."""
    original_group = migrate_cli.db
    group = click.Group("db", callback=original_group.callback, params=list(original_group.params),
                        help=original_group.help, commands=dict(original_group.commands))
    original = migrate_cli.upgrade
    group.add_command(click.Command(
        "upgrade", callback=with_appcontext(_upgrade_with_backup), params=list(original.params),
        help=f"{original.help}. On SQLite, backs the database up first (into instance/backups/).",
    ))
    return group
