"""`backup PATH` / `restore PATH --yes` round trips on SQLite and PostgreSQL, their refusals, and the backup
`db upgrade` takes first on SQLite."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from editorial import create_app
from editorial.database import db
from tests.test_migrations import HEAD, REVISIONS, _fill, _snapshot


def _everything() -> dict:
    db.session.rollback()
    return _snapshot(db.engine)


@pytest.fixture
def filled(app, newsroom, make_article):
    """A newsroom with an article, its revision and audit trail, plus one row in every other table."""
    make_article(newsroom["rita"], headline="Before the backup")
    db.session.commit()
    _fill(db.engine)
    return _everything()


def test_backup_then_restore_brings_every_row_back(runner, filled, tmp_path):
    target = tmp_path / "editorial.backup"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert str(target) in result.output and target.stat().st_mode & 0o077 == 0  # owner-only: password hashes

    with db.engine.begin() as conn:  # what happens after a backup: edits, deletions, new rows
        conn.execute(sa.text("UPDATE articles SET headline = 'Changed after the backup'"))
        conn.execute(sa.text("DELETE FROM notifications"))
        conn.execute(sa.text("DELETE FROM claim_sources"))
        conn.execute(sa.text("INSERT INTO dictionary_words (word, note, created_at) "
                             "VALUES ('afterwards', '', CURRENT_TIMESTAMP)"))
    assert _everything() != filled

    result = runner.invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    assert "Restored" in result.output
    assert _everything() == filled


def test_backup_never_overwrites(runner, filled, tmp_path):
    target = tmp_path / "taken.backup"
    target.write_text("someone else's file")
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "already exists" in result.output
    assert target.read_text() == "someone else's file"
    assert [p.name for p in tmp_path.iterdir() if "taken" in p.name] == ["taken.backup"]  # no partial left


def test_restore_refuses_what_is_not_a_backup(runner, filled, tmp_path, database_url):
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    other = tmp_path / "other.sqlite3"  # an SQLite database, but not Editorial's
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    truncated = tmp_path / "truncated.dump"
    truncated.write_bytes(b"PGDMP\x01\x0e\x00")  # a pg_dump header and nothing after it
    for path, message in [(text, "is not a backup"), (tmp_path / "missing", "does not exist"),
                          (other if database_url.startswith("sqlite") else truncated, "not an Editorial")]:
        result = runner.invoke(args=["restore", str(path), "--yes"])
        assert result.exit_code == 1, result.output
        assert message in result.output and result.output.strip().count("\n") == 0, result.output
    assert _everything() == filled


def test_restore_refuses_a_backup_of_the_other_kind_of_database(runner, filled, tmp_path, database_url):
    if database_url.startswith("sqlite"):
        wrong = tmp_path / "pg.dump"
        wrong.write_bytes(b"PGDMP" + b"\x00" * 64)
        expected = "is a postgresql backup, but the database is sqlite"
    else:
        wrong = tmp_path / "backup.sqlite3"
        sqlite3.connect(wrong).execute("CREATE TABLE alembic_version (version_num VARCHAR(32))").connection.commit()
        expected = "is a sqlite backup, but the database is postgresql"
    result = runner.invoke(args=["restore", str(wrong), "--yes"])
    assert result.exit_code == 1 and expected in result.output, result.output
    assert _everything() == filled


def test_restore_asks_for_yes(runner, filled, tmp_path):
    target = tmp_path / "editorial.backup"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    with db.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM notifications"))
    changed = _everything()

    result = runner.invoke(args=["restore", str(target)])  # not a terminal: refused, nothing replaced
    assert result.exit_code == 1 and "--yes" in result.output
    assert _everything() == changed


def _sqlite_app(tmp_path, monkeypatch, revision: str):
    """An app on its own SQLite file at `revision`, one row in every table; returns (app, rows)."""
    monkeypatch.setenv("EDITORIAL_INSTANCE", str(tmp_path / "instance"))
    url = f"sqlite:///{tmp_path / 'editorial.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test", "TESTING": True})
    with app.app_context():
        upgrade(revision=revision)
        _fill(db.engine)
        rows = _snapshot(db.engine)
        db.engine.dispose()
    return app, rows


def test_a_sqlite_backup_is_consistent_while_someone_writes(tmp_path, monkeypatch):
    """SQLite's online backup copies what is committed while a writer holds its transaction open."""
    app, committed = _sqlite_app(tmp_path, monkeypatch, "head")
    writer = sqlite3.connect(tmp_path / "editorial.sqlite3", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO dictionary_words (word, note, created_at) VALUES ('uncommitted', '', '2025-01-01')")
    try:
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "live.backup")])
        assert result.exit_code == 0, result.output
    finally:
        writer.execute("COMMIT")
        writer.close()
    copy = sa.create_engine(f"sqlite:///{tmp_path / 'live.backup'}")
    try:
        assert _snapshot(copy) == committed  # without the open transaction's row
    finally:
        copy.dispose()


# ---- db upgrade backs up first (SQLite) --------------------------------------------------------------------


def test_db_upgrade_on_sqlite_backs_up_first_and_says_where(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    old = REVISIONS[-2]
    app, before = _sqlite_app(tmp_path, monkeypatch, old)

    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    backups = list((instance / "backups").iterdir())
    assert len(backups) == 1 and backups[0].name.startswith(f"editorial-{old}-")
    assert f"Backed up the database to {backups[0]}" in result.output
    copy = sa.create_engine(f"sqlite:///{backups[0]}")
    try:
        assert _snapshot(copy) == before
        with copy.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == old
    finally:
        copy.dispose()
    with app.app_context():
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == HEAD
        db.engine.dispose()

    again = app.test_cli_runner().invoke(args=["db", "upgrade"])  # at head: nothing to protect
    assert again.exit_code == 0 and "Backed up" not in again.output
    assert list((instance / "backups").iterdir()) == backups


def test_db_upgrade_of_an_empty_sqlite_database_takes_no_backup(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    monkeypatch.setenv("EDITORIAL_INSTANCE", str(instance))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'new.sqlite3'}", "SECRET_KEY": "test",
                      "TESTING": True})
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "Backed up" not in result.output and not (instance / "backups").exists()
    with app.app_context():
        db.engine.dispose()


def test_the_postgresql_password_goes_in_the_environment_not_on_the_command_line():
    from editorial.services.backup import _pg_connection

    url = sa.engine.make_url("postgresql+psycopg://editor:s3cret%40pw@db.example:5433/news?sslmode=require")
    dsn, env = _pg_connection(url)
    assert "s3cret" not in dsn
    assert dsn == "postgresql://editor@db.example:5433/news?sslmode=require"
    assert env["PGPASSWORD"] == "s3cret@pw"
