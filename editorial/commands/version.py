"""`flask --app editorial version`: the release running here. (`flask --app editorial --version` is Flask's own
option: it answers before the app is loaded, with Python's, Flask's and Werkzeug's versions only.)"""

from __future__ import annotations

import platform
from importlib.metadata import version as installed_version

import click

from editorial import resources
from editorial.release import __version__


@click.command("version")
def version_command() -> None:
    """Print the Editorial release and where it runs from (an installed wheel or a checkout), and the Python and
    Flask it runs on. Needs no database."""
    where = f"installed: {resources.PACKAGE}" if resources.installed() else f"checkout: {resources.PACKAGE.parent}"
    click.echo(f"Editorial {__version__} ({where})")
    click.echo(f"Python {platform.python_version()}, Flask {installed_version('flask')}")
