"""full-text search: articles, claims and sources, kept in step by the database itself

SQLite: an FTS5 table per searchable table (external content: the text stays in its own table, the FTS
table holds only the index), tokenized "porter unicode61 remove_diacritics 2" (case- and accent-folded,
Porter-stemmed), kept in step by triggers in the writing transaction, built here for existing rows.

PostgreSQL: a text search configuration `editorial_search` (english stemming after unaccent), a stored
generated `search_vector` column per searchable table (PostgreSQL recomputes it in the same statement as
every write) with a GIN index; adding the column computes it for existing rows.

A later SQLite migration that rebuilds articles, claims or sources (batch mode: copy, DROP, rename) drops
their triggers with the old table: it must run this migration's `_sqlite_triggers` statements again and
`INSERT INTO <name>_search(<name>_search) VALUES ('rebuild')`. tests/test_search.py checks they exist.

Revision ID: c3e8f5a1b2d4
Revises: e4b9c1a7d2f6
Create Date: 2026-12-07 08:50:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c3e8f5a1b2d4'
down_revision = 'e4b9c1a7d2f6'
branch_labels = None
depends_on = None

TOKENIZE = "porter unicode61 remove_diacritics 2"
PUNCTUATION = "/:.?=&#_+~@-"

# table → the columns searched, most telling first (their weights are given where the index is queried)
SEARCHED = {
    "articles": ("headline", "standfirst", "body_text"),
    "claims": ("summary", "exact", "notes"),
    "sources": ("title", "publisher", "url"),
}


def _sqlite_triggers(table: str, columns: tuple[str, ...]) -> list[str]:
    fts = f"{table}_search"
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"
    # External content: the index forgets a row by being told the values it indexed (the old ones).
    delete = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"
    return [
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {names} ON {table} BEGIN {delete} {insert} END",
    ]


def _pg_document(table: str, columns: tuple[str, ...]) -> str:
    parts = []
    for column, weight in zip(columns, "ABC", strict=True):
        # PostgreSQL's parser keeps reuters.com, a/b, x_y, 3.5, Wagner-backed whole (a host, a path, a compound
        # that shifts the positions of the words after it); FTS5 and the query side (editorial/search_query.py)
        # see their parts as words: so does this index.
        text = f"translate(coalesce({column}, ''), '{PUNCTUATION}', '{' ' * len(PUNCTUATION)}')"
        parts.append(f"setweight(to_tsvector('editorial_search'::regconfig, {text}), '{weight}')")
    return " || ".join(parts)


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        for table, columns in SEARCHED.items():
            fts = f"{table}_search"
            op.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5({', '.join(columns)}, content='{table}', "
                       f"content_rowid='id', tokenize=\"{TOKENIZE}\")")
            for statement in _sqlite_triggers(table, columns):
                op.execute(statement)
            op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute("CREATE TEXT SEARCH CONFIGURATION editorial_search (COPY = english)")
    op.execute("ALTER TEXT SEARCH CONFIGURATION editorial_search "
               "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem")
    for table, columns in SEARCHED.items():
        op.execute(f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
                   f"GENERATED ALWAYS AS ({_pg_document(table, columns)}) STORED")
        op.execute(f"CREATE INDEX ix_{table}_search_vector ON {table} USING gin (search_vector)")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for table in SEARCHED:
            for suffix in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_search_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {table}_search")
        return
    for table in SEARCHED:
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_vector")
        op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
    op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS editorial_search")
