"""`flask --app editorial create-user USERNAME --role ROLE [--role ROLE …]`, `reset-password USERNAME`,
`deactivate USERNAME`: what an admin needs at the command line (audit events name no actor: the CLI)."""

from __future__ import annotations

import logging
import sys

import click
from flask.cli import with_appcontext

from editorial.permissions import Role
from editorial.services import people
from editorial.services.errors import ServiceError

logger = logging.getLogger(__name__)


def _read_password() -> str:
    """Prompt twice on a terminal; otherwise read the first line of standard input (a second
    identical line, as a script piping "pw\\npw\\n" sends, is accepted and ignored)."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    lines = sys.stdin.read().splitlines()
    if not lines or not lines[0]:
        raise click.UsageError("No password on standard input.")
    if len(lines) > 1 and lines[1] and lines[1] != lines[0]:
        raise click.UsageError("The two passwords on standard input differ.")
    return lines[0]


@click.command("create-user")
@click.argument("username")
@click.option(
    "--role", "roles", multiple=True, required=True, type=click.Choice([r.value for r in Role]),
    help="A role; repeat for several.",
)
@click.option("--name", "display_name", default="", help="Full name shown in bylines.")
@click.option("--email", default="")
@with_appcontext
def create_user(username: str, roles: tuple[str, ...], display_name: str, email: str) -> None:
    """Create a person; the password is prompted for (or read from standard input)."""
    password = _read_password()
    try:
        user, _ = people.create_user(username, roles=roles, password=password, display_name=display_name, email=email)
    except ServiceError as e:
        raise click.ClickException(e.message) from e
    click.echo(f"Created {user.username} ({', '.join(sorted(user.roles))}).")


def _person(username: str):
    user = people.by_username(username)
    if user is None:
        raise click.ClickException(f"Nobody has the user name “{username}”.")
    return user


@click.command("reset-password")
@click.argument("username")
@with_appcontext
def reset_password(username: str) -> None:
    """Set a person's password (prompted for, or read from standard input); ends their sessions and revokes
    their API tokens."""
    user = _person(username)
    password = _read_password()
    try:
        people.reset_password(user, password, actor=None)
    except ServiceError as e:
        raise click.ClickException(e.message) from e
    logger.info("Password of %s reset from the command line", user.username)
    click.echo(f"Password of {user.username} reset; their sessions are ended and their API tokens revoked.")


@click.command("deactivate")
@click.argument("username")
@with_appcontext
def deactivate(username: str) -> None:
    """Deactivate a person (never deleted): they cannot log in, their sessions end, their tokens are revoked."""
    user = _person(username)
    if not user.active:
        click.echo(f"{user.username} is already deactivated.")
        return
    try:
        people.deactivate(user, actor=None)
    except ServiceError as e:
        raise click.ClickException(e.message) from e
    logger.info("%s deactivated from the command line", user.username)
    click.echo(f"{user.username} is deactivated; their sessions are ended and their API tokens revoked.")
