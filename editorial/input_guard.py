"""The request side of editorial/inputs.py, installed once on the app so no view can forget it:

- `<int:…>` in every route is a database id (1 … 2**31-1): a larger number is a 404 like any unknown id,
  never an overflow in the database (`<dbid:…>` is the same converter under an explicit name);
- every query-string and form value (and key) is cleaned of control characters; a lone surrogate is a 422
  naming the field;
- every JSON body is refused with 400 when nested deeper than 32 levels (before it is parsed), and its strings
  are cleaned the same way, a lone surrogate being a 422 naming the field;
- `query_number` / `page_number` read whole numbers from the query string: a 422 naming the parameter
  (the API), a 404 (browser lists: no such page);
- `query_cursor` / `page_cursor` read a keyset cursor (`?after=`): a 422 naming the parameter (the API), a 400
  saying the link is damaged (browser lists)."""

from __future__ import annotations

import logging

from flask import Flask, Request, abort, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter, UnicodeConverter, ValidationError

from editorial import cursors
from editorial.inputs import (
    DB_INT_MAX,
    JSON_MAX_DEPTH,
    BadText,
    clean_json,
    clean_text,
    json_too_deep,
    number_pattern,
    whole_number,
)
from editorial.services.errors import Invalid, ServiceError

logger = logging.getLogger(__name__)


class DatabaseId(IntegerConverter):
    """A path segment naming a row: 1 … DB_INT_MAX, or the route does not match (404)."""

    regex = number_pattern(DB_INT_MAX)

    def __init__(self, map, *args, **kwargs) -> None:
        super().__init__(map, min=1, max=DB_INT_MAX)


class CleanMultiDict(ImmutableMultiDict):
    """Query-string and form values as the app sees them: no control characters, no lone surrogates."""

    def __init__(self, mapping=None) -> None:
        if mapping is None:
            super().__init__()
            return
        items = mapping.items(multi=True) if hasattr(mapping, "items") and hasattr(mapping, "getlist") else (
            mapping.items() if isinstance(mapping, dict) else mapping)
        super().__init__([(_clean(key, key), _clean(key, value)) for key, value in items])


def _clean(name, value):
    if not isinstance(value, str):
        return value
    try:
        return clean_text(value)
    except BadText as error:
        field = name if isinstance(name, str) and name == _without_surrogates(name) else "query"
        raise Invalid(f"`{field}` {error}.", field=field) from None


def _without_surrogates(text: str) -> str:
    return text.encode("utf-8", "replace").decode("utf-8")


class CleanString(UnicodeConverter):
    """Path segments (slugs, flag keys) without control characters."""

    def to_python(self, value: str) -> str:
        try:
            return clean_text(value)
        except BadText:
            raise ValidationError() from None


class CleanRequest(Request):
    parameter_storage_class = CleanMultiDict


class GuardedJSONProvider(DefaultJSONProvider):
    def loads(self, s, **kwargs):
        raw = s.encode("utf-8", "surrogatepass") if isinstance(s, str) else bytes(s)
        if json_too_deep(raw):
            logger.warning("Refused JSON nested deeper than %d levels: %s %s from %s", JSON_MAX_DEPTH,
                           request.method, request.path, request.remote_addr)
            raise ServiceError(f"The JSON is nested too deeply ({JSON_MAX_DEPTH} levels at most).")
        data = super().loads(s, **kwargs)
        try:
            return clean_json(data)
        except BadText as error:
            field = str(error)
            raise Invalid(f"`{field}` {error.__cause__}.", field=field) from None


def init_app(app: Flask) -> None:
    """Before any blueprint is registered: routes bind their converters when they are added."""
    app.url_map.converters["int"] = DatabaseId
    app.url_map.converters["dbid"] = DatabaseId
    app.url_map.converters["default"] = app.url_map.converters["string"] = CleanString
    app.request_class = CleanRequest
    app.json = GuardedJSONProvider(app)


def query_number(name: str, default: int) -> int:
    """A whole number from the query string (API): `default` when absent or empty, else 1 … DB_INT_MAX or a
    422 naming the parameter."""
    raw = request.args.get(name, "")
    if raw == "":
        return default
    value = whole_number(raw)
    if value is None:
        raise Invalid(f"`{name}` must be a whole number from 1 to {DB_INT_MAX}.", field=name)
    return value


def page_number(name: str = "page", default: int = 1) -> int:
    """The same rule for the browser's lists, where a page that cannot exist is a 404."""
    raw = request.args.get(name, "")
    if raw == "":
        return default
    value = whole_number(raw)
    if value is None:
        abort(404)
    return value


def query_cursor(name: str = "after") -> tuple | None:
    """A keyset cursor from the query string (API): None when absent or empty, else what it carries, or a 422
    naming the parameter."""
    raw = request.args.get(name, "")
    if raw == "":
        return None
    try:
        return cursors.decode(raw)
    except cursors.BadCursor:
        raise Invalid(f"`{name}` is not a cursor from this list: send the `next` value of the page before, "
                      "unchanged.", field=name) from None


BROKEN_LINK = "This link to older articles is damaged or out of date: start again from the newest."


def page_cursor(name: str = "after") -> tuple | None:
    """The same for the browser's lists, where a cursor that cannot be read is a 400 saying so."""
    raw = request.args.get(name, "")
    if raw == "":
        return None
    try:
        return cursors.decode(raw)
    except cursors.BadCursor:
        raise ServiceError(BROKEN_LINK) from None
