"""How the app counts things in its messages, one rule for pages, flashes, refusals and the command line.

Pure: no Flask, no database."""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`plural(3, "open item")` → "3 open items"; `plural(1, "entry", "entries")` → "1 entry"."""
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"
