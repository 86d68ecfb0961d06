"""`flask --app editorial load-demo`: a small demo newsroom, loaded once."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from editorial.services import articles, people

SEED = Path(__file__).resolve().parents[2] / "demo" / "mali-ukraine.txt"  # the project's seed article
DEMO_PEOPLE = (
    # user name, full name, roles, password
    ("admin", "Ada Admin", ("admin",), "demo-admin-pass"),
    ("rita", "Rita Reporter", ("reporter",), "demo-rita-pass"),
    ("ed", "Ed Editor", ("editor",), "demo-ed-pass"),
    ("fay", "Fay Factchecker", ("fact_checker",), "demo-fay-pass"),
)
SEED_HEADLINE = "Mali cuts Diplomatic Ties with Ukraine Over Wagner Ambush Allegations and middling"


@click.command("load-demo")
@with_appcontext
def load_demo() -> None:
    """Create one person per role and import the seed article as a draft (once)."""
    if people.by_username("admin") is not None:
        click.echo("Demo data is already loaded.")
        return
    created = {}
    for username, name, roles, password in DEMO_PEOPLE:
        created[username], _ = people.create_user(username, roles=roles, password=password, display_name=name)
    text = Path(SEED).read_text(encoding="utf-8")
    articles.import_draft(
        created["rita"], text, headline=SEED_HEADLINE, extra={"section": "Africa", "dateline_date": "2024-08-04"}
    )
    click.echo("Demo newsroom loaded. Log in at http://127.0.0.1:5000 as:")
    for username, _name, roles, password in DEMO_PEOPLE:
        click.echo(f"  {username:<6} password {password:<16} ({', '.join(roles)})")
