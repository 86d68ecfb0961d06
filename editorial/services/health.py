"""Is this process ready for traffic? The database answers and its schema is the one this code was written
for (its `alembic_version` holds the migration scripts' heads). Read-only: no transaction of its own to commit.

The scripts' heads are read from the migrations folder once per process (they change only with a new
release, which means a restart); the database's revision is read on every call, one small query."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
from flask import current_app

from editorial.database import db

logger = logging.getLogger(__name__)
UPGRADE = "run: flask --app editorial db upgrade"


@dataclass(frozen=True)
class SchemaState:
    database: frozenset[str] | None  # None: the database could not be read
    code: frozenset[str]
    problem: str  # "" when ready

    @property
    def current(self) -> bool:
        return not self.problem


@cache
def _scripts(directory: str) -> tuple[frozenset[str], frozenset[str]]:
    """(heads, every revision) of the migration scripts in `directory`."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(directory)
    return frozenset(scripts.get_heads()), frozenset(script.revision for script in scripts.walk_revisions())


def _migrations() -> tuple[frozenset[str], frozenset[str]]:
    return _scripts(str(current_app.extensions["migrate"].directory))


def code_revisions() -> frozenset[str]:
    """The heads of the migration scripts shipped with this code."""
    return _migrations()[0]


def _names(revisions) -> str:
    return ", ".join(sorted(revisions)) or "none"


def schema_state() -> SchemaState:
    """What `/readyz` and the admin page say about the database. Never raises for a database that is down
    or empty: that is the answer, logged with its cause (which a load balancer is not shown)."""
    code, known = _migrations()
    try:
        with db.engine.connect() as connection:
            if not sa.inspect(connection).has_table("alembic_version"):
                return SchemaState(frozenset(), code, f"the database has no schema yet; {UPGRADE}")
            rows = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalars()
            database = frozenset(rows)
    except sa.exc.SQLAlchemyError as e:
        logger.warning("readiness: the database cannot be reached: %s", e.__class__.__name__, exc_info=True)
        return SchemaState(None, code, "the database cannot be reached")
    if database == code:
        return SchemaState(database, code, "")
    if database <= known:  # revisions of this release's history, not its heads: behind
        problem = f"the database schema is at {_names(database)}, this release needs {_names(code)}; {UPGRADE}"
    else:
        problem = (f"the database schema is at {_names(database)}, which this release does not know (it needs "
                   f"{_names(code)}): a newer release migrated it, or the wrong database is configured")
    return SchemaState(database, code, problem)

