"""`flask --app editorial check PATH [--format text|json] [--headline TEXT] [--date YYYY-MM-DD]`.

Runs the copy-desk checks on a UTF-8 text file (or an HTML file, by extension, converted to `body_text`
first) and prints the flags like a prose linter. Exit status: 0 clean or only warnings/info, 1 when an
`error` flag is found, 2 for bad input. Needs no database: the newsroom dictionary comes from the app's
optional `NEWSROOM_WORDS_LOADER` when an app is around, else only the built-in word list is used.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

import click

from editorial.checks import Flag, check_text
from editorial.wording import plural


def _newsroom_words() -> frozenset[str]:
    """Words from `current_app.config["NEWSROOM_WORDS_LOADER"]()` when an app is available; else none."""
    try:
        from flask import current_app, has_app_context
        from flask.cli import ScriptInfo
    except ImportError:  # pragma: no cover - flask is a dependency of the app, not of the checks
        return frozenset()
    if has_app_context():
        return _call_loader(current_app.config.get("NEWSROOM_WORDS_LOADER"))
    ctx = click.get_current_context(silent=True)
    info = ctx.find_object(ScriptInfo) if ctx is not None else None
    if info is None:
        return frozenset()
    app = info.load_app()
    with app.app_context():
        return _call_loader(app.config.get("NEWSROOM_WORDS_LOADER"))


def _call_loader(loader: object) -> frozenset[str]:
    if not callable(loader):
        return frozenset()
    return frozenset(loader() or ())


def _read(path: str) -> str:
    raw = _read_raw(path)
    if Path(path).suffix.lower() in (".html", ".htm"):
        from editorial.text import body_text

        return body_text(raw)
    return raw


def _read_raw(path: str) -> str:
    """The file's UTF-8 text, or a ClickException saying why it cannot be read."""
    file = Path(path)
    try:
        raw = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise click.ClickException(f"No such file: {path}") from None
    except IsADirectoryError:
        raise click.ClickException(f"{path} is a directory, not a file.") from None
    except UnicodeDecodeError as e:
        raise click.ClickException(f"{path} is not UTF-8 text (byte {e.start}: {e.reason}).") from None
    except OSError as e:
        raise click.ClickException(f"Cannot read {path}: {e.strerror}") from None
    return raw


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.ClickException(f"--date must be a date as YYYY-MM-DD, not {value!r}.") from None


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _text_lines(flags: Iterable[Flag], body: str, headline: str) -> Iterable[str]:
    for f in flags:
        if f.field == "headline":
            where = f"headline:{f.start + 1}"
        else:
            line, col = _position(body, f.start)
            where = f"{line}:{col}"
        suggestion = f" (suggest: {f.suggestions[0]})" if f.suggestions and f.suggestions[0] else ""
        yield f"{where} {f.severity} {f.category} {f.rule} {f.message}{suggestion}"


class _InputError(click.ClickException):
    exit_code = 2


@click.command("check")
@click.argument("path", type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--headline", default=None, help="The article's headline, checked too.")
@click.option("--date", "date_text", default=None, metavar="YYYY-MM-DD", help="The dateline date.")
def check_command(path: str, fmt: str, headline: str | None, date_text: str | None) -> None:
    """Check an article file (UTF-8 text, or .html/.htm) like a prose linter; exit 1 on any error flag."""
    try:
        dateline = _parse_date(date_text)
        body = _read(path)
    except click.ClickException as e:
        raise _InputError(e.message) from None
    flags = check_text(body, headline=headline, dateline=dateline, dictionary=_newsroom_words())
    if fmt == "json":
        click.echo(json.dumps({"flags": [f.to_dict() for f in flags]}, ensure_ascii=False, indent=2))
    else:
        for line in _text_lines(flags, body, headline or ""):
            click.echo(line)
        counts = {s: sum(f.severity == s for f in flags) for s in ("error", "warning", "info")}
        click.echo(
            f"{plural(len(flags), 'flag')}: {plural(counts['error'], 'error')}, "
            f"{plural(counts['warning'], 'warning')}, {counts['info']} info",
            err=True,
        )
    if any(f.severity == "error" for f in flags):
        raise SystemExit(1)
