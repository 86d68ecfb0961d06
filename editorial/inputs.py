"""What the app accepts from people, in one place: whole numbers that fit the database, text without
control characters, JSON of a sane depth. Pure: the request layer (editorial/input_guard.py) applies it to
every query string, form and JSON body; editorial/sanitize.py applies `clean_text` to bodies too.

The rules:
- Ids and page numbers are whole numbers from 1 to DB_INT_MAX (the columns are 32-bit INTEGER on
  PostgreSQL); anything else names no record.
- Text: C0 control characters other than tab, newline and carriage return, DEL and C1 control characters
  (NUL among them, which PostgreSQL cannot store) are removed; they are never typed, they come from pasted
  binary or hostile clients, and they make published pages invalid HTML. A lone surrogate (possible only
  in JSON, as "\\ud800") is not text at all: it is refused, naming the field.
- JSON nested deeper than JSON_MAX_DEPTH is refused before it is parsed."""

from __future__ import annotations

import re

DB_INT_MAX = 2**31 - 1
JSON_MAX_DEPTH = 32

_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_DIGITS = re.compile(r"[0-9]{1,10}")
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(rb"[\[\]{}]")
_PAGE_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


class BadText(ValueError):
    """Text that is not text (a lone surrogate)."""


def whole_number(raw: str | None, minimum: int = 1) -> int | None:
    """ASCII digits naming a value from `minimum` (1 for ids and pages, 0 for text offsets) to DB_INT_MAX,
    or None ("", "-1", "²", "1e3", "1.5", 2**31 …)."""
    if raw is None or not _DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if minimum <= value <= DB_INT_MAX else None


def page_token(raw: str | None) -> str | None:
    """The random token an editor page sends with its edit-lock heartbeat and unlock; None when none was sent.
    ValueError for anything that is not such a token (the page makes them with secrets.token_urlsafe)."""
    if not raw:
        return None
    if not _PAGE_TOKEN.fullmatch(raw):
        raise ValueError("The editor page's lock token is malformed: reload the page.")
    return raw


def number_pattern(maximum: int = DB_INT_MAX) -> str:
    """A regular expression matching exactly the decimal numbers 1 … `maximum`, without leading zeros: URL
    rules use it so an out-of-range id matches no route at all (404 whatever the method)."""
    digits = str(maximum)
    options = [f"[1-9][0-9]{{0,{len(digits) - 2}}}"] if len(digits) > 1 else []
    for i, digit in enumerate(digits):
        low = "1" if i == 0 else "0"
        if int(digit) > int(low):
            options.append(f"{digits[:i]}[{low}-{int(digit) - 1}][0-9]{{{len(digits) - i - 1}}}")
    options.append(digits)
    return "(?:" + "|".join(options) + ")"


def fits_database(value: int) -> bool:
    """An integer a 32-bit INTEGER column can hold (any sign), so comparing it with one cannot fail."""
    return -DB_INT_MAX - 1 <= value <= DB_INT_MAX


def clean_text(value: str) -> str:
    """`value` without control characters (tab, newline and carriage return stay); BadText on a lone
    surrogate."""
    if _SURROGATE.search(value):
        raise BadText("contains a lone surrogate (\\ud800–\\udfff), which is not a character")
    return strip_controls(value)


def strip_controls(value: str) -> str:
    """`value` without the control characters `clean_text` removes (for text read from files, which cannot
    hold a lone surrogate once decoded)."""
    return _CONTROLS.sub("", value)


def json_too_deep(raw: bytes, limit: int = JSON_MAX_DEPTH) -> bool:
    """Whether a JSON document nests arrays/objects deeper than `limit` (checked on the bytes, before
    parsing, so a 100,000-level document costs a scan rather than a RecursionError)."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    depth = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub(b'""', raw)):
        depth += 1 if bracket in b"[{" else -1
        if depth > limit:
            return True
    return False


def clean_json(value, path: str = ""):
    """A parsed JSON value with every string (keys included) passed through `clean_text`; BadText names the
    field path (`byline[2]`, `anchor.exact`)."""
    if isinstance(value, str):
        try:
            return clean_text(value)
        except BadText as error:
            raise BadText(path or "body") from error
    if isinstance(value, list):
        return [clean_json(item, f"{path}[{i}]") for i, item in enumerate(value)]
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            name = f"{path}.{key}" if path else key
            try:
                clean_key = clean_text(key)
            except BadText as error:
                raise BadText(path or "body") from error
            out[clean_key] = clean_json(item, name)
        return out
    return value
