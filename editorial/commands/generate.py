"""`flask --app editorial generate-data --articles N [--seed S] [--force]`: a made-up newsroom at scale.

For benchmarks and trying the app at size: people in every role, articles in every state with their revisions,
claims and sources, comment threads, audit trail and notifications (editorial/fake_newsroom.py), written with
bulk inserts (services/generate.py). Refused in production and on a database that has articles already.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from editorial.fake_newsroom import USERNAME_PREFIX
from editorial.services import generate
from editorial.services.errors import ServiceError

DEFAULT_PASSWORD = "generated-newsroom"


@click.command("generate-data")
@click.option("--articles", type=click.IntRange(1, 5_000_000), required=True, help="How many articles to make.")
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same newsroom.")
@click.option("--force", is_flag=True, help="Add to a database that already has articles.")
@click.option("--password", default=DEFAULT_PASSWORD, show_default=True, help="Every generated person's password.")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=1000, show_default=True,
              help="Articles per transaction.")
@with_appcontext
def generate_data_command(articles: int, seed: int, force: bool, password: str, batch_size: int) -> None:
    """Fill the database with a made-up newsroom of ARTICLES articles (bulk inserts, for benchmarks)."""
    if current_app.config["PRODUCTION"]:
        raise click.ClickException("generate-data is refused in production (EDITORIAL_ENV=production): it makes "
                                   "made-up articles and accounts with a known password.")
    step = max(batch_size, articles // 10)

    def progress(done: int, seconds: float) -> None:
        if done % step < batch_size or done == articles:
            click.echo(f"  {done:,} articles ({seconds:.1f} s)", err=True)

    try:
        made, seconds = generate.generate(articles, seed=seed, password=password, force=force,
                                          batch_size=batch_size, progress=progress)
    except ServiceError as e:
        raise click.ClickException(e.message) from e
    click.echo(f"Made a newsroom of {articles:,} articles in {seconds:.1f} s:")
    for table, count in sorted(made.items(), key=lambda kv: -kv[1]):
        click.echo(f"  {table:<16} {count:>10,}  ({count / articles:.2f} per article)")
    names = ", ".join(f"{prefix}1" for prefix in USERNAME_PREFIX.values())
    click.echo(f"Log in as {names} (…) with the password {password!r}.")
