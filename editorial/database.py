"""The database handle: declarative base with a naming convention (so Alembic can alter constraints on
SQLite too), portable UTC times and enum columns."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC (portable across SQLite and PostgreSQL), always hands back aware UTC."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def enum_column(enum: type[Enum], name: str) -> sa.Enum:
    """A portable enum column: a VARCHAR with a CHECK constraint listing the values."""
    return sa.Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


@sa.event.listens_for(sa.engine.Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """SQLite: enforce foreign keys, wait for a writer instead of failing at once."""
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


@sa.event.listens_for(sa.engine.Engine, "connect")
def _postgres_without_jit(dbapi_connection, connection_record) -> None:
    """PostgreSQL: no JIT compilation. It starts once a plan's estimated cost passes jit_above_cost, which the
    live check's per-row SubPlan inflates on every public list (a sitemap page of 5,000 rows: cost 145,000 for a
    5 ms query): compiling took 20–30 ms a query, more than any query of the app runs."""
    if not type(dbapi_connection).__module__.startswith("psycopg"):
        return
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True  # a SET outside any transaction, so it holds for the whole session
    try:
        dbapi_connection.execute("SET jit = off")
    finally:
        dbapi_connection.autocommit = autocommit


def lock_for_writing() -> None:
    """Make this transaction the only writer from here to its commit, before it reads what it will write from.

    PostgreSQL does it per row (SELECT ... FOR UPDATE, see services.access.get_article). SQLite has one
    write lock for the whole file, and pysqlite only takes it at the first INSERT/UPDATE: a claim created
    from text read before then could be committed after a save that superseded that text (and missed by
    the save's re-anchoring). BEGIN IMMEDIATE takes the lock now; other writers wait for it (busy_timeout),
    readers are not blocked."""
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return
    raw = connection.connection.dbapi_connection
    if not raw.in_transaction:  # already writing: the lock is held since the first write
        raw.execute("BEGIN IMMEDIATE")


class unindexed(sa.sql.functions.GenericFunction):  # noqa: N801 (used like a SQL function)
    """`unindexed(column)`: the column, but SQLite must not pick an index on it (its documented unary `+`).

    Without statistics SQLite takes `state = ?` for a selective filter and would read every row of a state,
    then sort them, rather than walk the index that gives the list its order and stop after a page. PostgreSQL
    plans from statistics and gets the column as it is."""

    name = "unindexed"
    inherit_cache = True

    def __init__(self, column, **kwargs) -> None:
        super().__init__(column, **kwargs)
        self.type = column.type


@compiles(unindexed)
def _unindexed(element, compiler, **kw) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(unindexed, "sqlite")
def _unindexed_sqlite(element, compiler, **kw) -> str:
    return "+" + compiler.process(element.clauses, **kw)
