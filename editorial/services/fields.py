"""The editable fields of an article: one place that normalizes and validates what people send.

Forms and the API both hand their raw values here; every problem is an Invalid naming its field.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import sqlalchemy as sa

from editorial.extensions import db
from editorial.inputs import DB_INT_MAX, whole_number
from editorial.models import User
from editorial.sanitize import clean_html
from editorial.services.errors import Invalid
from editorial.text import body_text

EDITABLE = ("headline", "standfirst", "section", "tags", "dateline_date", "byline", "body_html", "show_sources")
# Settings of the article rather than its text: saved without a new revision (see services/articles.py).
SETTINGS = ("show_sources",)
HEADLINE_MAX, STANDFIRST_MAX, SECTION_MAX, TAG_MAX, TAGS_MAX = 300, 1000, 80, 40, 20
BODY_MAX = 1_000_000




def normalize(raw: Mapping, *, partial: bool) -> dict:
    """Raw values (strings from a form, JSON values from the API) → clean field values.

    With `partial`, only the fields present are returned; otherwise missing ones get empty values."""
    unknown = set(raw) - set(EDITABLE)
    if unknown:
        raise Invalid(f"Unknown field {', '.join(sorted(unknown))}; editable fields are {', '.join(EDITABLE)}.")
    out: dict = {}
    for name in EDITABLE:
        if name in raw:
            out[name] = _PARSERS[name](raw[name])
        elif not partial:
            out[name] = _PARSERS[name](None)
    if "body_html" in out:
        out["body_text"] = body_text(out["body_html"])
    return out


def _text(name: str, limit: int, *, single_line: bool = True):
    def parse(value) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise Invalid(f"{_label(name)} must be text.", field=name)
        value = " ".join(value.split()) if single_line else value.strip()
        if len(value) > limit:
            raise Invalid(f"{_label(name)} is too long: {len(value)} characters, {limit} at most.", field=name)
        return value

    return parse


def _tags(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise Invalid("Tags must be a list of words (or a comma-separated text).", field="tags")
    seen: dict[str, str] = {}
    for tag in (" ".join(t.split()) for t in value):
        if not tag:
            continue
        if len(tag) > TAG_MAX:
            raise Invalid(f"The tag “{tag[:50]}” is too long ({TAG_MAX} characters at most).", field="tags")
        seen.setdefault(tag.casefold(), tag)
    if len(seen) > TAGS_MAX:
        raise Invalid(f"At most {TAGS_MAX} tags.", field="tags")
    return list(seen.values())


def _date(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise Invalid("The dateline date must be a date written YYYY-MM-DD.", field="dateline_date")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise Invalid(
            f"“{value[:40]}” is not a date: write it YYYY-MM-DD, e.g. 2024-08-04.", field="dateline_date"
        ) from None


def _byline(value) -> list[int]:
    if value is None or value == "":
        return []
    if isinstance(value, str | int):
        value = [value]
    if not isinstance(value, list):
        raise Invalid("The byline must be a list of people (user ids or user names).", field="byline")
    ids: list[int] = []
    for item in value:
        user = _person(item)
        if user.id not in ids:
            ids.append(user.id)
    return ids


def _person(item) -> User:
    if isinstance(item, dict):  # an API client echoing back a byline entry it read
        item = item.get("id") or item.get("username") or ""
    if isinstance(item, bool):
        item = None
    number = item if isinstance(item, int) else whole_number(item.strip()) if isinstance(item, str) else None
    if isinstance(number, int):  # an id: one a row can have (1 … 2**31-1), or nobody
        user = db.session.get(User, number) if 1 <= number <= DB_INT_MAX else None
    elif isinstance(item, str):
        user = db.session.execute(sa.select(User).where(User.username == item.strip().lower())).scalar_one_or_none()
    else:
        user = None
    if user is None:
        raise Invalid(f"No person “{item}” for the byline.", field="byline")
    return user


def _body(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Invalid("The body must be HTML text.", field="body_html")
    if len(value) > BODY_MAX:
        raise Invalid("The body is too long (1 MB at most).", field="body_html")
    return clean_html(value)


_TRUE = frozenset({"true", "y", "yes", "on", "1"})
_FALSE = frozenset({"false", "n", "no", "off", "0", ""})


def _boolean(name: str):
    def parse(value) -> bool:
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise Invalid(f"{_label(name)} must be true or false.", field=name)

    return parse


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


_PARSERS = {
    "headline": _text("headline", HEADLINE_MAX),
    "standfirst": _text("standfirst", STANDFIRST_MAX, single_line=False),
    "section": _text("section", SECTION_MAX),
    "tags": _tags,
    "dateline_date": _date,
    "byline": _byline,
    "body_html": _body,
    "show_sources": _boolean("show_sources"),
}
