"""Opaque keyset cursors for deep pages: where a list sorted newest first stopped, as one URL-safe token.

A cursor is the sort key of the last row shown (a UTC time) and its id, base64url-encoded so that clients
treat it as a token rather than build one. Reading the next page from a cursor costs the same at page 1 and
at page 5,000 (an index range from the key), where OFFSET reads and throws away every row before the page.
Pure: no Flask, no database."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime

from editorial.inputs import whole_number

MAX_LENGTH = 100  # a real cursor is about 48 characters


class BadCursor(ValueError):
    """Not a cursor this app made (typed, cut short, or tampered with)."""


def encode(moment: datetime, row_id: int) -> str:
    raw = f"{moment.astimezone(UTC).isoformat()}|{row_id}"
    return base64.urlsafe_b64encode(raw.encode("ascii")).decode("ascii").rstrip("=")


def decode(cursor: str) -> tuple[datetime, int]:
    """The (moment, id) a cursor carries, or BadCursor."""
    if not cursor or len(cursor) > MAX_LENGTH:
        raise BadCursor("not a cursor")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        moment_text, _, id_text = raw.partition("|")
        moment = datetime.fromisoformat(moment_text)
        if moment.tzinfo is None:
            raise ValueError("a cursor's time is UTC")
        moment = moment.astimezone(UTC)
    except (binascii.Error, UnicodeDecodeError, ValueError, OverflowError):
        raise BadCursor("not a cursor") from None
    row_id = whole_number(id_text)
    if row_id is None:
        raise BadCursor("not a cursor")
    return moment, row_id
