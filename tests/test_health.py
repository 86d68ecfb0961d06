"""/healthz (the process answers) and /readyz (the database answers, its schema at the migrations' head) for
load balancers: unauthenticated, JSON, `Cache-Control: no-store`, no cookie; 503 naming what is wrong."""

from __future__ import annotations

import socket

import pytest
import sqlalchemy as sa

import editorial
from editorial import create_app
from editorial.database import db
from editorial.services import health


def _ok(response) -> None:
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def _unavailable(response) -> str:
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable" and len(body["problems"]) == 1
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    return body["problems"][0]


def _set_revision(revision: str) -> str:
    """Pretend the database is at `revision`; returns the one it was at."""
    with db.engine.begin() as connection:
        before = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
        connection.execute(sa.text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    return before


def _head_and_parent() -> tuple[str, str]:
    from alembic.script import ScriptDirectory
    from flask import current_app

    scripts = ScriptDirectory(str(current_app.extensions["migrate"].directory))
    head = scripts.get_revision(scripts.get_current_head())
    return head.revision, head.down_revision


def test_healthz_and_readyz_answer_ok_anonymously(client):
    _ok(client.get("/healthz"))
    _ok(client.get("/readyz"))
    assert client.head("/readyz").status_code == 200


def test_no_session_cookie_even_for_someone_logged_in(client, auth, newsroom):
    auth.login("ed")
    _ok(client.get("/healthz"))
    _ok(client.get("/readyz"))


def test_readyz_is_503_when_the_database_is_behind_the_code(client, app):
    head, parent = _head_and_parent()
    before = _set_revision(parent)
    try:
        problem = _unavailable(client.get("/readyz"))
        _ok(client.get("/healthz"))  # the process itself is fine
    finally:
        _set_revision(before)
    assert problem == (f"the database schema is at {parent}, this release needs {head}; "
                       "run: flask --app editorial db upgrade")
    _ok(client.get("/readyz"))


def test_readyz_is_503_for_a_schema_this_release_does_not_know(client, app):
    before = _set_revision("f00dfeedbeef")
    try:
        problem = _unavailable(client.get("/readyz"))
    finally:
        _set_revision(before)
    assert "at f00dfeedbeef, which this release does not know" in problem


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_readyz_is_503_when_the_database_cannot_be_reached(tmp_path, monkeypatch, kind, caplog):
    url = (f"postgresql+psycopg://nobody:pw@127.0.0.1:{_free_port()}/nothing" if kind == "postgresql"
           else f"sqlite:///{tmp_path}/no/such/folder/db.sqlite3")
    monkeypatch.setenv("EDITORIAL_INSTANCE", str(tmp_path / "instance"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test", "TESTING": True})
    client = app.test_client()
    _ok(client.get("/healthz"))  # no database work at all
    problem = _unavailable(client.get("/readyz"))
    assert problem == "the database cannot be reached"
    assert "pw" not in client.get("/readyz").get_data(as_text=True)  # nothing of the URL or the error
    assert any("cannot be reached" in record.getMessage() for record in caplog.records)  # the cause is logged
    with app.app_context():
        db.engine.dispose()


def test_readyz_is_503_on_an_empty_database(tmp_path, monkeypatch):
    monkeypatch.setenv("EDITORIAL_INSTANCE", str(tmp_path / "instance"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/empty.sqlite3", "SECRET_KEY": "test",
                      "TESTING": True})
    problem = _unavailable(app.test_client().get("/readyz"))
    assert problem == "the database has no schema yet; run: flask --app editorial db upgrade"


def test_the_scripts_heads_are_read_once_per_process(client):
    health._scripts.cache_clear()
    for _ in range(3):
        _ok(client.get("/readyz"))
    info = health._scripts.cache_info()
    assert (info.misses, info.hits) == (1, 2)


def test_the_admin_page_names_the_release_and_the_schema(client, auth, newsroom):
    head, _ = _head_and_parent()
    auth.login("ada")
    page = client.get("/admin/people").get_data(as_text=True)
    assert f"Editorial {editorial.__version__} · database schema\n  {head}, up to date" in page
    before = _set_revision("f00dfeedbeef")
    try:
        page = client.get("/admin/people").get_data(as_text=True)
    finally:
        _set_revision(before)
    assert "which this release does not know" in page


def test_flask_version_command(runner):
    result = runner.invoke(args=["version"])
    assert result.exit_code == 0, result.output
    from tests.conftest import ROOT

    assert result.output.splitlines()[0] == f"Editorial {editorial.__version__} (checkout: {ROOT})"
    assert result.output.splitlines()[1].startswith("Python 3.")
