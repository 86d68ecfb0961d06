"""`flask --app editorial import-preview PATH [--format json|text]`: what an import would propose, saving nothing.

Needs no database. Exit status 2 for a file that cannot be read or holds no text."""

from __future__ import annotations

import json

import click

from editorial.commands.check import _InputError, _read_raw
from editorial.import_structure import propose
from editorial.importer import ImportError_


@click.command("import-preview")
@click.argument("path", type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def import_preview_command(path: str, fmt: str) -> None:
    """Show the headline, byline, dateline, section, body and set-aside lines an import of PATH would propose."""
    try:
        proposal = propose(_read_raw(path), filename=path).to_dict()
    except click.ClickException as e:
        raise _InputError(e.message) from None
    except ImportError_ as e:
        raise _InputError(str(e)) from None
    if fmt == "json":
        click.echo(json.dumps(proposal, ensure_ascii=False, indent=2))
        return
    for name in ("headline", "standfirst", "byline", "dateline", "section"):
        value = proposal[name]
        click.echo(f"{name}: {', '.join(value) if isinstance(value, list) else value or ''}")
    click.echo(f"body_html: {proposal['body_html']}")
    for item in proposal["set_aside"]:
        click.echo(f"set aside ({item['reason']}): {item['text']}")
