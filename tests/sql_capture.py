"""The SQL statements one request runs, as the database receives them (whitespace folded)."""

from __future__ import annotations

import sqlalchemy as sa

from editorial.database import db


def statements(client, path: str):
    """GET `path` (it must answer 200); (response, the statements it ran)."""
    seen: list[str] = []

    def grab(conn, cursor, statement, *args) -> None:
        seen.append(" ".join(statement.split()))

    sa.event.listen(db.engine, "before_cursor_execute", grab)
    try:
        response = client.get(path)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", grab)
    assert response.status_code == 200, path
    return response, seen
