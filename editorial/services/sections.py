"""Section names without reading every article: a loose index scan of ix_articles_section, one seek per
distinct name, written as a recursive query that SQLite and PostgreSQL run the same way."""

from __future__ import annotations

import sqlalchemy as sa

_NAMES = sa.text("""
    WITH RECURSIVE names(name) AS (
        SELECT (SELECT section FROM articles WHERE section > '' ORDER BY section LIMIT 1)
        UNION ALL
        SELECT (SELECT section FROM articles WHERE section > names.name ORDER BY section LIMIT 1)
        FROM names WHERE names.name IS NOT NULL
    )
    SELECT name FROM names WHERE name IS NOT NULL
""").columns(name=sa.String(80))


def distinct_names() -> sa.Subquery:
    """Every non-empty section name of any article, as a subquery with one column, `name`."""
    return _NAMES.subquery("section_names")
