"""Logging, configured once: the level and format (text or JSON lines) from LOG_LEVEL and LOG_FORMAT, and a
request id on every line logged while a request runs, echoed in the `X-Request-ID` response header.

Only the "editorial" logger tree gets a handler (stderr: journald keeps it under systemd); it still propagates,
so whatever the host installed on the root logger (pytest's caplog, gunicorn's --log-config) sees the records
too. Nothing else is reconfigured: no dictConfig, which would close every handler in the process."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import sys
import uuid
from datetime import UTC, datetime
from urllib.parse import quote

import sqlalchemy as sa
from flask import Flask, Response, g, got_request_exception, has_request_context, request
from flask_login import current_user

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy may hand us as a request id: one token, no spaces, quotes or line breaks, at most 128 characters
# (nginx's $request_id is 32 hex digits, a UUID 36 characters). Anything else is replaced by our own.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:=+/@-]{0,127}")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(user)s] %(message)s"
HANDLER_NAME = "editorial"  # ours, replaced (never added twice) when create_app runs again

logger = logging.getLogger("editorial.requests")


def init_app(app: Flask) -> None:
    """Configure logging from app.config and give every request its id. Call before anything else adds a
    before_request function, so the id exists for all of them."""
    configure(app.config["LOG_LEVEL"], app.config["LOG_FORMAT"])
    app.before_request(_assign_request_id)
    app.after_request(_finish)
    got_request_exception.connect(_exception_logged, app)


def configure(level: str = "INFO", fmt: str = "text") -> None:
    root = logging.getLogger("editorial")
    for handler in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(handler)
    handler = StderrHandler()
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter(TEXT_FORMAT))
    handler.addFilter(RequestContext())
    root.addHandler(handler)
    root.setLevel(level)
    _install_record_factory()


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record comes (a test's capture, a server's redirect), not to the
    stream that was there at configuration time; setStream() still points it elsewhere."""

    def __init__(self) -> None:
        self._stream = None
        super().__init__()

    @property
    def stream(self):
        return self._stream or sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        self._stream = None if value is sys.stderr else value


# The request id and the person, on every record made during a request (those of any logger, and those a
# test's caplog handler sees): a record factory, installed once, wrapping whatever factory came before it.

_previous_factory = None


def _install_record_factory() -> None:
    global _previous_factory
    if _previous_factory is not None:
        return
    _previous_factory = logging.getLogRecordFactory()

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = _previous_factory(*args, **kwargs)
        _annotate(record)
        return record

    logging.setLogRecordFactory(factory)


def _annotate(record: logging.LogRecord) -> None:
    if not has_request_context():
        return
    record.request_id = g.get("request_id") or "-"
    record.user_id, record.user = _who()


def _who() -> tuple[int | None, str]:
    """The person of this request as (id, user name), read without touching the database: a log call must
    never run a query (the session may be mid-commit or broken). Their name is remembered on `g` once seen,
    since a commit expires the loaded user's attributes."""
    user = g.get("api_user") or g.get("_login_user")
    if user is None or not getattr(user, "is_authenticated", False):
        return None, "-"
    known = g.get("_log_user")
    try:
        state = sa.inspect(user)
    except sa.exc.NoInspectionAvailable:
        return None, "-"
    user_id = state.identity[0] if state.identity else None
    name = state.dict.get("username")
    if name:
        g._log_user = (user_id, name)
        return user_id, name
    if known and known[0] == user_id:
        return known
    return user_id, f"#{user_id}"


class RequestContext(logging.Filter):
    """Defaults for records made outside a request (CLI commands, the publish-due job): the format needs them."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, default in (("request_id", "-"), ("user", "-"), ("user_id", None)):
            if not hasattr(record, name):
                setattr(record, name, default)
        return True


def one_line(text: str) -> str:
    """Line breaks and other control characters escaped: whatever a message quotes (a path, a typed name)
    cannot start a fake log line that fail2ban or a reader would believe."""
    return re.sub(r"[\x00-\x1f\x7f\u2028\u2029]", lambda m: m.group().encode("unicode_escape").decode(), text)


def loggable(text: str | None) -> str:
    """A user name or address safe on one log line (fail2ban reads them): no spaces, quotes or newlines."""
    return re.sub(r"[^\w.@:+-]", "?", text or "-")[:64] or "-"


class TextFormatter(logging.Formatter):
    """TEXT_FORMAT, one line per record; a traceback's lines follow it indented, so no line of it (an exception
    message can quote anything) ever starts like a log line of its own."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        record.message = one_line(record.message)
        return super().formatMessage(record)

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\n", "\n  ")


_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id", "user", "user_id"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, user, user_id, exception (the
    traceback, when there is one), and any `extra=` fields a call passed (the audit lines pass `event`)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
            "user": getattr(record, "user", "-"),
            "user_id": getattr(record, "user_id", None),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, default=str, ensure_ascii=False)


# Requests: their id, and one line for every refusal or failure.


def request_id() -> str:
    """This request's id: the proxy's X-Request-ID when it is one sane token, else a new one."""
    if "request_id" not in g:
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = offered if SANE_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
    return g.request_id


def refused(message: str) -> None:
    """An error handler says why it refused: the request's log line carries the reason."""
    g.refusal = message


def _assign_request_id() -> None:
    request_id()


def _exception_logged(sender, exception, **extra) -> None:
    """Sent just before Flask logs an unhandled exception with its traceback (on the "editorial" logger): load
    the person now, if the view had not, so that line names them; a failure to do so must not mask the first."""
    g.exception_logged = True
    with contextlib.suppress(Exception):
        current_user.is_authenticated  # noqa: B018 (loads the user)


def _finish(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = request_id()
    status = response.status_code
    if status >= 400 and not g.get("exception_logged"):
        level = logging.ERROR if status >= 500 else logging.WARNING if status in (401, 403, 429) else logging.INFO
        reason = g.get("refusal")
        logger.log(level, "%s %s answered %d%s", request.method, quote(request.path, safe="/:@!$&'()*+,;=-._~"),
                   status, f": {reason}" if reason else "")
    return response
