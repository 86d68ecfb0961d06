"""JSON API under /api/v1: bearer tokens, JSON errors `{"error": {"code", "message"}}`."""

from __future__ import annotations

from flask import Blueprint, g, jsonify, request
from werkzeug.exceptions import HTTPException

from editorial import logs
from editorial.services import tokens
from editorial.services.errors import Invalid, ServiceError, StaleVersion, TextChanged

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PUBLIC_ENDPOINTS = {"api.create_token", "api.openapi"}


def json_error(status: int, code: str, message: str, **extra):
    response = jsonify(error={"code": code, "message": message, **extra})
    response.status_code = status
    logs.refused(f"{code}: {message}")
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="editorial"'
    return response


@bp.before_request
def authenticate():
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    user = tokens.user_for(secret.strip(), remote_addr=request.remote_addr) if scheme.lower() == "bearer" else None
    if user is None:
        return json_error(401, "unauthorized", "Send a valid API token: `Authorization: Bearer <token>`.")
    g.api_user = user
    return None


@bp.errorhandler(ServiceError)
def service_error(error: ServiceError):
    extra = {}
    if error.field:
        extra["field"] = error.field
    if isinstance(error, StaleVersion):
        extra["current_version"] = error.current.version
    if isinstance(error, TextChanged):  # the current text, to select the words again in
        extra.update(current_version=error.current.version, version=error.current.version,
                     body_text=error.current.body_text)
    if hasattr(error, "blockers"):
        extra["blockers"] = [{"code": b.code, "message": b.message, "field": b.field} for b in error.blockers]
    response = json_error(error.status, error.code, error.message, **extra)
    if getattr(error, "retry_after", None):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    return json_error(error.code or 500, error.name.lower().replace(" ", "_"), error.description or error.name)


def body() -> dict:
    """The JSON object sent, or a 400 saying what is wrong with it."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ServiceError("Send a JSON object with `Content-Type: application/json`.")
    return data


def text_field(data: dict, name: str) -> str:
    """A text field of a JSON body: "" when absent or null, a 422 naming it when it is not text."""
    value = data.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Invalid(f"`{name}` must be text.", field=name)
    return value


def span_fields(data: dict, *, offsets: tuple[str, ...] = ("start", "end")) -> dict:
    """The span a client sent, for spans.place: a selection carries `start`, `end`, the quoted `exact` words
    and the `version` of the text they were taken from (422 naming the one missing); a quote alone
    (`exact`, `prefix`, `suffix`, no offsets) needs no version. Offsets are Python string indices into
    body_text."""
    span = {"start": data.get("start"), "end": data.get("end"), "exact": data.get("exact"),
            "prefix": text_field(data, "prefix"), "suffix": text_field(data, "suffix"), "version": data.get("version")}
    if any(data.get(name) is not None for name in offsets):
        for name in offsets:
            if not isinstance(data.get(name), int) or isinstance(data.get(name), bool):
                raise Invalid(f"Give `{name}` as a whole number (an offset into body_text).", field=name)
        require_version(data)
    elif span["exact"] is not None and not isinstance(span["exact"], str):
        raise Invalid("`exact` must be text: the words the span is on.", field="exact")
    return span


def require_version(data: dict) -> None:
    """A span given by offsets (a selection, a flag key) must say which text they are offsets into."""
    version = data.get("version")
    if version is None:
        raise Invalid("Send `version`: the version of the text the span was taken from (offsets move when the "
                      "text is edited).", field="version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise Invalid("`version` must be a whole number: the version of the text the span was taken from.",
                      field="version")
    exact = data.get("exact")
    if not isinstance(exact, str) or not exact.strip():
        raise Invalid("Send `exact`: the words the span is on, as they were in that version (they are checked "
                      "against the current text).", field="exact")


from editorial.api import articles, auth, checks, claims, comments, imports, openapi  # noqa: E402,F401  (routes)
