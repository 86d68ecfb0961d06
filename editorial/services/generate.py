"""Writing a made-up newsroom (fake_newsroom.py) into the database with bulk inserts.

SQLAlchemy Core `insert()` with lists of rows (executemany) on SQLite, COPY on PostgreSQL, one transaction
per batch of articles: no ORM objects, no per-article services. Editors' review digests come last, in one
transaction (they gather arrivals from every batch). Ids are chosen up front (past the rows already
there) and PostgreSQL's sequences are moved past them at the end. Events are only inserted, never changed.
"""

from __future__ import annotations

import json
import secrets
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from enum import Enum

import sqlalchemy as sa

from editorial.database import db
from editorial.fake_newsroom import Ids, Newsroom
from editorial.models import (
    Article,
    Assignment,
    Byline,
    Claim,
    ClaimMatch,
    ClaimSource,
    ClaimTerm,
    Comment,
    CommentThread,
    Correction,
    DictionaryWord,
    Event,
    Notification,
    Revision,
    Source,
    User,
    UserRole,
)
from editorial.services import memory_stamp
from editorial.services.errors import Conflict
from editorial.services.people import _hash

# Insert order: every row's foreign keys point at rows inserted before it.
PEOPLE = {"users": User, "user_roles": UserRole}
ARTICLE_TABLES = {
    "articles": Article, "bylines": Byline, "assignments": Assignment, "revisions": Revision, "claims": Claim,
    "claim_sources": ClaimSource, "claim_terms": ClaimTerm, "claim_matches": ClaimMatch, "comment_threads": CommentThread, "comments": Comment,
    "corrections": Correction, "events": Event, "notifications": Notification,
}
SEQUENCED = ("users", "sources", "articles", "revisions", "claims", "claim_sources", "comment_threads", "comments",
             "corrections", "events", "notifications", "dictionary_words")


def article_count() -> int:
    return db.session.execute(sa.select(sa.func.count(Article.id))).scalar_one()


def generate(articles: int, *, seed: int = 1, password: str, force: bool = False, batch_size: int = 1000,
             progress: Callable[[int, float], None] | None = None) -> tuple[Counter, float]:
    """Make `articles` articles and everyone and everything around them; returns rows made per table and
    the seconds it took. Refused (Conflict) when the database has articles already, unless `force`."""
    existing = article_count()
    if existing and not force:
        raise Conflict(f"The database already has {existing:,} articles: generated data would mix with them. "
                       "Use --force to add to them anyway.")
    started = time.perf_counter()
    engine = db.engine
    ids = Ids({name: _max_id(name) + 1 for name in SEQUENCED})
    taken = set(db.session.execute(sa.select(DictionaryWord.word)).scalars())
    tag = "" if db.session.execute(sa.select(User.id).where(User.username == "editor1")).first() is None \
        else f"-{secrets.token_hex(2)}"
    db.session.remove()  # from here on, Core on our own connections
    room = Newsroom(articles, seed=seed, ids=ids, password_hash=_hash(password), tag=tag)
    made: Counter = Counter()
    with engine.begin() as conn:
        made += _insert(conn, room.people(), PEOPLE)
        made += _insert(conn, room.make_sources(), {"sources": Source})
        made += _insert(conn, room.dictionary(frozenset(taken)), {"dictionary_words": DictionaryWord})
    done = 0
    for batch in room.batches(batch_size):
        with engine.begin() as conn:
            made += _insert(conn, batch, ARTICLE_TABLES)
            links = batch.get("article_links", [])
            if links:
                conn.execute(
                    sa.update(Article.__table__)
                    .where(Article.__table__.c.id == sa.bindparam("link_id"))
                    .values(approved_revision_id=sa.bindparam("approved"), published_revision_id=sa.bindparam("published")),
                    links,
                )
        done += len(batch.get("articles", []))
        if progress:
            progress(done, time.perf_counter() - started)
    with engine.begin() as conn:  # editors' review digests take arrivals in time order, across all articles
        made += _insert(conn, room.review_digests(), {"notifications": Notification})
        _move_sequences(conn)
        memory_stamp.move(conn)  # new claims and published pieces: answers stored before are recomputed
    return made, time.perf_counter() - started


def _insert(conn, batch: dict[str, list[dict]], tables: dict) -> Counter:
    made: Counter = Counter()
    for name, model in tables.items():
        rows = batch.get(name)
        if not rows:
            continue
        if conn.dialect.name == "postgresql":
            _copy(conn, model.__table__, rows)
        else:
            conn.execute(sa.insert(model.__table__), rows)
        made[name] += len(rows)
    return made


def _copy(conn, table: sa.Table, rows: list[dict]) -> None:
    """PostgreSQL's COPY, on the transaction's own connection: several times faster than INSERT … VALUES.
    Values as the column types would bind them: JSON as text, UTC times without their zone, enums by value."""
    columns = list(rows[0])
    cursor = conn.connection.dbapi_connection.cursor()
    names = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([_plain(row[c]) for c in columns])
    cursor.close()


def _plain(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, Enum):
        return value.value
    return value


def _max_id(table: str) -> int:
    column = db.metadata.tables[table].c.id
    return db.session.execute(sa.select(sa.func.coalesce(sa.func.max(column), 0))).scalar_one()


def _move_sequences(conn) -> None:
    """PostgreSQL hands out ids from a sequence, which knows nothing of ids we chose: move each past them."""
    if conn.dialect.name != "postgresql":
        return
    for table in SEQUENCED:
        conn.execute(sa.text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
        ))
