"""Review comments: what a comment may hold and whom it @mentions.

Pure rules: no Flask, no database.
"""

from __future__ import annotations

import re
from typing import NamedTuple

BODY_MAX = 10_000
# "@rita" or "@ed.jones" after a space, a line start or an opening bracket: not the "@" of an e-mail address.
# User names are [a-z0-9][a-z0-9._-]{1,63} (services/people.py); a trailing "." or "-" ends the sentence.
MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9][A-Za-z0-9._-]{0,62}[A-Za-z0-9_])(?![\w@])")


class Segment(NamedTuple):
    """A piece of a comment's text: plain, or an @mention of `username`."""

    text: str
    username: str | None = None


def clean_body(text: str) -> str:
    """The comment as it will be kept: outer blank lines trimmed; raises ValueError saying what is wrong."""
    if not isinstance(text, str):
        raise ValueError("A comment is text.")
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise ValueError("Write the comment first: it is empty.")
    if len(text) > BODY_MAX:
        raise ValueError(f"A comment holds {BODY_MAX:,} characters at most (this one has {len(text):,}).")
    return text


def mentioned(text: str) -> list[str]:
    """The user names @mentioned in `text`, lower-cased, each once, in order of first mention."""
    seen: dict[str, None] = {}
    for match in MENTION.finditer(text):
        seen.setdefault(match.group(1).lower(), None)
    return list(seen)


def segments(text: str, known: set[str] | frozenset[str] = frozenset()) -> list[Segment]:
    """`text` cut into plain runs and mentions; only names in `known` count as mentions."""
    out: list[Segment] = []
    at = 0
    for match in MENTION.finditer(text):
        name = match.group(1).lower()
        if name not in known:
            continue
        if match.start() > at:
            out.append(Segment(text[at : match.start()]))
        out.append(Segment(match.group(0), name))
        at = match.end()
    if at < len(text):
        out.append(Segment(text[at:]))
    return out
