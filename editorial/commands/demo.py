"""`flask --app editorial load-demo`: a small demo newsroom, loaded once."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from editorial import resources
from editorial.services import articles, claims, comments, people, transitions

SEED = resources.path("demo") / "mali-ukraine.txt"  # the project's seed article
DEMO_PEOPLE = (
    # user name, full name, roles, password
    ("admin", "Ada Admin", ("admin",), "demo-admin-pass"),
    ("rita", "Rita Reporter", ("reporter",), "demo-rita-pass"),
    ("ed", "Ed Editor", ("editor",), "demo-ed-pass"),
    ("fay", "Fay Factchecker", ("fact_checker",), "demo-fay-pass"),
)
SEED_HEADLINE = "Mali cuts Diplomatic Ties with Ukraine Over Wagner Ambush Allegations and middling"
# A short made-up piece, published, so the public site has something to show. Clearly marked as a demo.
DEMO_PIECE = {
    "headline": "Demo: river towns agree to share water in dry years",
    "standfirst": "An invented article for the Editorial demo newsroom.",
    "section": "Demo",
    "body_html": "<p>Towns along the river have agreed to share water during dry years.</p>"
                 "<p>The agreement sets up a joint committee that will meet every spring.</p>",
}


@click.command("load-demo")
@with_appcontext
def load_demo() -> None:
    """Create one person per role; import the seed article and put it in review with a claim and comments;
    publish a short demo piece (once). Refused in production: its passwords are printed in the README."""
    if current_app.config["PRODUCTION"]:
        raise click.ClickException("load-demo is refused in production (EDITORIAL_ENV=production): it creates "
                                   "accounts whose passwords are in the README. Use create-user.")
    if people.by_username("admin") is not None:
        click.echo("Demo data is already loaded.")
        return
    populate()
    click.echo("Demo newsroom loaded. Log in at http://127.0.0.1:5000 as:")
    for username, _name, roles, password in DEMO_PEOPLE:
        click.echo(f"  {username:<6} password {password:<16} ({', '.join(roles)})")


def populate() -> None:
    """The demo newsroom, in an empty database (the accessibility test browses it too)."""
    created = {}
    for username, name, roles, password in DEMO_PEOPLE:
        created[username], _ = people.create_user(username, roles=roles, password=password, display_name=name)
    text = Path(SEED).read_text(encoding="utf-8")
    rita, ed, fay = created["rita"], created["ed"], created["fay"]
    seed = articles.import_draft(
        rita, text, headline=SEED_HEADLINE, extra={"section": "Africa", "dateline_date": "2024-08-04"}
    )
    transitions.transition(rita, seed.id, "in_review", "Imported from the web page; please check the figures.")
    claim = claims.create(fay, seed.id, exact="ranges from 20 to 80", summary="Wagner lost between 20 and 80 fighters")
    claims.update(fay, claim.id, status="in_progress", comment="Looking for the original tally.")
    comments.start_thread(ed, seed.id, exact="Mbeki edmond", blocking=True,
                          body="Capitalise the surname: Mbeki Edmond? @rita please confirm the spelling.")
    comments.start_thread(fay, seed.id, exact="84 Wagner mercenaries and 47 Malian soldiers",
                          body="These are the rebels' own figures: attribute them clearly. @ed")
    comments.start_thread(ed, seed.id, general=True, body="Strip the web-page leftovers before resubmitting.")

    demo = articles.create(rita, DEMO_PIECE)
    transitions.transition(rita, demo.id, "in_review")
    transitions.transition(ed, demo.id, "approved")
    transitions.transition(ed, demo.id, "published")
