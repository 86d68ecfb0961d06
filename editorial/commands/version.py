"""`flask --app editorial version`: the release running here. (`flask --app editorial --version` is Flask's own
option: it answers before the app is loaded, with Python's, Flask's and Werkzeug's versions only.)"""

from __future__ import annotations

import platform
from importlib.metadata import version as installed_version

import click

from editorial.release import __version__


@click.command("version")
def version_command() -> None:
    """Print the Editorial release, and the Python and Flask it runs on. Needs no database."""
    click.echo(f"Editorial {__version__}")
    click.echo(f"Python {platform.python_version()}, Flask {installed_version('flask')}")
