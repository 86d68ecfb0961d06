"""Command-line tools: `flask --app editorial <command>`."""

from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    from editorial.commands import (
        backup,
        check,
        deliver,
        demo,
        generate,
        import_preview,
        schedule,
        users,
        version,
    )
    from editorial.services.copydesk import newsroom_words_if_database

    app.cli.add_command(users.create_user)
    app.cli.add_command(users.reset_password)
    app.cli.add_command(users.deactivate)
    app.cli.add_command(demo.load_demo)
    app.cli.add_command(generate.generate_data_command)
    app.cli.add_command(check.check_command)
    app.cli.add_command(import_preview.import_preview_command)
    app.cli.add_command(schedule.publish_due_command)
    app.cli.add_command(deliver.deliver_command)
    app.cli.add_command(deliver.send_digests_command)
    app.cli.add_command(backup.backup_command)
    app.cli.add_command(backup.restore_command)
    app.cli.add_command(version.version_command)
    app.cli.add_command(backup.db_group())  # replaces Flask-Migrate's `db`: upgrade backs up first
    app.config.setdefault("NEWSROOM_WORDS_LOADER", newsroom_words_if_database)
