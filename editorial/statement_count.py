"""SQL statements per request, for the page benchmark only (bench/bench_pages.py).

On when EDITORIAL_BENCH_STATEMENTS is set and the app is not in production: every response then carries
`X-SQL-Statements`, the number of statements the request ran up to its after-request step (the session
cookie's own bookkeeping after that is not counted). Off, nothing is listened to and no header is sent.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, Response, g, has_request_context

HEADER = "X-SQL-Statements"


def init_app(app: Flask) -> None:
    if not app.config.get("BENCH_STATEMENTS"):
        return
    if not sa.event.contains(sa.engine.Engine, "before_cursor_execute", _count):
        sa.event.listen(sa.engine.Engine, "before_cursor_execute", _count)
    app.after_request(_header)


def _count(conn, cursor, statement, parameters, context, executemany) -> None:
    if has_request_context():
        g.sql_statements = g.get("sql_statements", 0) + 1


def _header(response: Response) -> Response:
    response.headers[HEADER] = str(g.get("sql_statements", 0))
    return response
