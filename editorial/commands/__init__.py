"""Command-line tools: `flask --app editorial <command>`."""

from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    from editorial.commands import demo, users

    app.cli.add_command(users.create_user)
    app.cli.add_command(demo.load_demo)
