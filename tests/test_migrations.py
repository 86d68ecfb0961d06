"""Upgrading never loses a row: for every revision in the history, a database built at that revision and
filled (every table, every column) is upgraded to head, and every row must still be there with the same
values. Generic on purpose: a new migration, or a new table, is covered without touching this file.

On SQLite each case is a fresh file; on PostgreSQL a fresh database on the test server (the shared test
database is never touched)."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from editorial import create_app
from editorial.database import db

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
SCRIPTS = ScriptDirectory(str(MIGRATIONS))
HEAD = SCRIPTS.get_current_head()
REVISIONS = [script.revision for script in reversed(list(SCRIPTS.walk_revisions()))]  # base → head

# A column whose CHECK constraint is not an `IN ('a', 'b')` list needs a value given here:
# {(table, column): value}. Keep it small; the filler says when it is needed.
CHECKED_VALUES: dict[tuple[str, str], object] = {}
# A migration that deliberately rewrites a column's content, or drops a table or column, says so here:
# {(table, column or None): "why"}. Everything else must come through an upgrade unchanged.
CHANGED_ON_PURPOSE: dict[tuple[str, str | None], str] = {}


def _migrate(url: str, revision: str) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test", "TESTING": True})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade(revision=revision)
        db.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request, tmp_path, monkeypatch):
    """A new, empty database of each kind."""
    monkeypatch.setenv("EDITORIAL_INSTANCE", str(tmp_path / "instance"))
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
        return
    server = sa.engine.make_url(request.getfixturevalue("postgres_url"))
    name = f"editorial_migration_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


# ---- filling every table ----------------------------------------------------------------------------------


def _allowed_values(table: sa.Table, column: sa.Column, checks: list[dict]) -> list[str] | None:
    """The string literals of a CHECK constraint that names this column (the enum columns' `IN (…)`)."""
    for check in checks:
        text = check["sqltext"]
        if re.search(rf"\b{re.escape(column.name)}\b", text):
            literals = re.findall(r"'((?:[^']|'')*)'", text)
            if not literals or (table.name, column.name) in CHECKED_VALUES:
                return None
            return [literal.replace("''", "'") for literal in literals]
    return []


def _value(table: sa.Table, column: sa.Column, checks: list[dict], n: int):
    """A value that fits the column, distinct per table and column where the type allows."""
    if (table.name, column.name) in CHECKED_VALUES:
        return CHECKED_VALUES[(table.name, column.name)]
    allowed = _allowed_values(table, column, checks)
    if allowed is None:
        pytest.fail(f"{table.name}.{column.name} has a CHECK constraint the filler cannot satisfy: "
                    f"add a value to CHECKED_VALUES in {__file__}")
    if allowed:
        return allowed[-1]  # not the first: a value other than the usual default proves it is copied
    kind = column.type
    if isinstance(kind, sa.Boolean):
        default = str(column.server_default.arg).lower() if column.server_default is not None else ""
        return not ("1" in default or "true" in default)  # the value the default would not give
    if isinstance(kind, sa.DateTime):
        return datetime(2025, 3, 4, 5, 6, 7 + n % 50)
    if isinstance(kind, sa.Date):
        return date(2025, 2, 1 + n % 27)
    if isinstance(kind, sa.JSON):
        return {"filled": f"{table.name}.{column.name}", "list": [1, "two"]}
    if isinstance(kind, sa.Integer):
        return 40 + n
    if isinstance(kind, sa.Float):  # not a Numeric since SQLAlchemy 2.1
        return 2.5
    if isinstance(kind, sa.Numeric):
        return Decimal("1.5") if kind.asdecimal else 1.5
    if isinstance(kind, sa.LargeBinary):
        return f"{table.name}.{column.name}".encode()
    if isinstance(kind, sa.String):  # String, Text, VARCHAR …
        text = f"{table.name}.{column.name} “{n}”"
        return text[-kind.length:] if kind.length else text
    pytest.fail(f"{table.name}.{column.name}: no value for type {kind!r}; teach _value in {__file__}")


def _derived_tables(engine: sa.Engine) -> set[str]:
    """Tables that hold no data of their own: SQLite's full-text indexes (FTS5 virtual tables and their
    shadow tables), which the database fills from the tables they index."""
    if engine.dialect.name != "sqlite":
        return set()
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("PRAGMA table_list").all()
    return {row.name for row in rows if row.type in ("virtual", "shadow")}


def _tables(engine: sa.Engine) -> list[sa.Table]:
    metadata = sa.MetaData()
    derived = _derived_tables(engine)
    metadata.reflect(engine, only=lambda name, _: name not in derived)
    return [t for t in metadata.tables.values() if t.name != "alembic_version"]


def _fill(engine: sa.Engine) -> None:
    """One row in every table, parents first; keys that would form a cycle (articles ↔ revisions) are
    set once both rows exist. Columns the database computes (PostgreSQL's search vectors) are left to it."""
    inspector = sa.inspect(engine)
    # Parents first. Only a nullable key that closes a cycle (articles.approved_revision_id → revisions) is
    # left to set afterwards, so no other row is written twice (audit events refuse an UPDATE).
    tables = _tables(engine)
    cycles = {fkc for table, fkcs in sa.sql.ddl.sort_tables_and_constraints(tables) if table is None for fkc in fkcs}
    ordered = sa.sql.util.sort_tables(tables, skip_fn=lambda fk: fk.constraint in cycles and fk.parent.nullable)
    inserted: dict[str, dict] = {}
    later: list[tuple[sa.Table, dict, dict]] = []
    n = 0
    with engine.begin() as conn:
        for table in ordered:
            checks = inspector.get_check_constraints(table.name)
            row, deferred = {}, {}
            for column in table.columns:
                n += 1
                if column.computed is not None:
                    continue
                if column.primary_key and column.autoincrement in (True, "auto") and not column.foreign_keys \
                        and isinstance(column.type, sa.Integer) and len(table.primary_key.columns) == 1:
                    continue  # the database numbers it (sequences stay right on PostgreSQL)
                fks = list(column.foreign_keys)
                if fks:
                    target = fks[0].column
                    if target.table.name in inserted:
                        row[column.name] = inserted[target.table.name][target.name]
                    else:
                        assert column.nullable, f"{table.name}.{column.name}: parent {target.table.name} not filled"
                        deferred[column.name] = (target.table.name, target.name)
                        row[column.name] = None
                    continue
                row[column.name] = _value(table, column, checks, n)
            result = conn.execute(table.insert().values(row))
            key = dict(zip([c.name for c in table.primary_key.columns], result.inserted_primary_key, strict=True))
            inserted[table.name] = {**row, **key}
            if deferred:
                later.append((table, key, deferred))
        for table, key, deferred in later:
            values = {name: inserted[parent][col] for name, (parent, col) in deferred.items()}
            conn.execute(table.update().where(*[table.c[k] == v for k, v in key.items()]).values(values))


def _snapshot(engine: sa.Engine) -> dict[str, dict[tuple, dict]]:
    """Every row of every table, by primary key."""
    rows: dict[str, dict[tuple, dict]] = {}
    tables = _tables(engine)
    with engine.connect() as conn:
        for table in tables:
            key = [c.name for c in table.primary_key.columns] or [c.name for c in table.columns]
            rows[table.name] = {
                tuple(r[k] for k in key): r for r in (dict(m._mapping) for m in conn.execute(sa.select(table)))
            }
    return rows


# ---- the test ---------------------------------------------------------------------------------------------


def test_the_history_is_walked_from_base_to_head():
    assert REVISIONS[-1] == HEAD and SCRIPTS.get_revision(REVISIONS[0]).down_revision is None
    assert len(REVISIONS) == len(set(REVISIONS)) >= 6


@pytest.mark.parametrize("revision", REVISIONS)
def test_upgrading_to_head_keeps_every_row(fresh_url, revision):
    _migrate(fresh_url, revision)
    engine = sa.create_engine(fresh_url)
    try:
        _fill(engine)
        before = _snapshot(engine)
        assert all(before.values()), f"tables left empty: {[t for t, r in before.items() if not r]}"
    finally:
        engine.dispose()

    _migrate(fresh_url, "head")

    engine = sa.create_engine(fresh_url)
    try:
        after = _snapshot(engine)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == HEAD
    finally:
        engine.dispose()
    lost = []
    for table, rows in before.items():
        if (table, None) in CHANGED_ON_PURPOSE:
            continue
        assert table in after, f"table {table} is gone after upgrading from {revision}"
        for key, row in rows.items():
            now = after[table].get(key)
            if now is None:
                lost.append(f"{table} {key}: row deleted")
                continue
            for column, value in row.items():
                if column in now and (table, column) not in CHANGED_ON_PURPOSE and now[column] != value:
                    lost.append(f"{table} {key}.{column}: {value!r} became {now[column]!r}")
    assert not lost, f"upgrading from {revision} to {HEAD} lost data:\n" + "\n".join(lost)


def test_a_migration_that_breaks_a_foreign_key_is_rolled_back_on_sqlite(tmp_path, monkeypatch, capfd):
    """Foreign keys are off while SQLite migrates, so `PRAGMA foreign_key_check` is the guard: a migration
    that leaves a dangling key fails loudly, and nothing it did (nor the version bump) is kept."""
    import shutil

    from flask_migrate import upgrade

    monkeypatch.setenv("EDITORIAL_INSTANCE", str(tmp_path / "instance"))
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    _migrate(url, "head")
    engine = sa.create_engine(url)
    _fill(engine)
    before = _snapshot(engine)
    engine.dispose()

    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, scripts)
    (scripts / "versions" / "ffffffffffff_breaks_keys.py").write_text(
        "from alembic import op\n"
        "revision = 'ffffffffffff'\n"
        f"down_revision = '{HEAD}'\n"
        "branch_labels = depends_on = None\n"
        "def upgrade():\n"
        "    op.create_table('scratch', __import__('sqlalchemy').Column('id', __import__('sqlalchemy').Integer,"
        " primary_key=True))\n"
        "    op.execute('DELETE FROM articles')\n"
        "def downgrade():\n"
        "    pass\n"
    )
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test", "TESTING": True})
    with app.app_context(), pytest.raises(SystemExit):  # Flask-Migrate turns the error into exit status 1
        upgrade(directory=str(scripts))
    assert re.search(r"rolled back: \d+ row\(s\) would break a foreign key: .*revisions rowid 1 → articles",
                     capfd.readouterr().err)
    with app.app_context():
        db.engine.dispose()

    engine = sa.create_engine(url)
    try:
        assert _snapshot(engine) == before
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == HEAD
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # the app's hook, as before
    finally:
        engine.dispose()
