"""Shared fixtures: an app on a throwaway database (SQLite always, PostgreSQL when available),
a client, a CLI runner, factories for people and articles, and log-in helpers.

Environment flags for CI: EDITORIAL_REQUIRE_POSTGRES=1 turns "no PostgreSQL" into a failure instead of
a skip; EDITORIAL_TEST_POSTGRES_URL points at a server to use instead of starting one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.globals import _cv_app
from flask.testing import FlaskClient
from hypothesis import settings

from editorial import create_app
from editorial.database import db
from tests.pg_server import PostgresUnavailable, ThrowawayPostgres

ROOT = Path(__file__).resolve().parent.parent
SEED_PATH = ROOT / "demo" / "mali-ukraine.txt"
PASSWORD = "correct-horse-battery"

# Property tests judge behaviour, not speed: no per-example deadline on a shared, noisy machine (speed is
# measured by bench/, not by tests).
settings.register_profile("editorial", deadline=None)
settings.load_profile("editorial")

BACKENDS = ["sqlite", "postgresql"]
_PG_SEEDED: dict[str, dict] = {}  # url → {table: rows} the migrations inserted


def _required(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


def _migrate(url: str, instance: Path) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test", "TESTING": True})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """The schema built once by the real migrations; each test gets a copy of the file."""
    folder = tmp_path_factory.mktemp("sqlite-template")
    path = folder / "template.sqlite3"
    _migrate(f"sqlite:///{path}", folder)
    return path


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory):
    url = os.environ.get("EDITORIAL_TEST_POSTGRES_URL")
    server = None
    if not url:
        try:
            server = ThrowawayPostgres()
            url = server.start()
        except PostgresUnavailable as e:
            if _required("EDITORIAL_REQUIRE_POSTGRES"):
                pytest.fail(f"PostgreSQL is required here but unavailable: {e}")
            pytest.skip(f"no PostgreSQL: {e}")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    _migrate(url, tmp_path_factory.mktemp("pg-instance"))
    engine = sa.create_engine(url)
    metadata = sa.MetaData()
    metadata.reflect(engine)
    with engine.connect() as conn:  # rows the migrations seed (house style): restored after each test
        seeded = {
            table: [dict(row._mapping) for row in conn.execute(sa.select(table))]
            for table in metadata.tables.values()
            if table.name != "alembic_version"
        }
    engine.dispose()
    _PG_SEEDED[url] = {table: rows for table, rows in seeded.items() if rows}
    yield url
    if server is not None:
        server.stop()


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("postgres_url")
    yield url
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        tables = conn.execute(
            sa.text("SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename <> 'alembic_version'")
        ).scalars().all()
        if tables:
            conn.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        for table, rows in _PG_SEEDED.get(url, {}).items():
            conn.execute(table.insert(), rows)
            if "id" in table.c:  # the restored ids must not be handed out again
                conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                     f"(SELECT MAX(id) FROM {table.name}))"))
    engine.dispose()


@pytest.fixture
def app_config(tmp_path) -> dict:
    """Override per test module to change the app's configuration."""
    return {}


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production: the test's own context (kept for
    factories and queries) is set aside meanwhile, so `g` and the session are not shared with it."""

    outer_context = None

    def open(self, *args, **kwargs):
        outer = self.outer_context
        if outer is None or _cv_app.get(None) is not outer:
            return super().open(*args, **kwargs)
        db.session.rollback()  # end the test's read transaction: SQLite writers must not wait on it
        token = _cv_app.set(None)  # hide the test's context without tearing it down
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)


@pytest.fixture
def app(database_url, tmp_path, app_config, monkeypatch):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": None,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast in tests; production keeps scrypt
        "PUBLIC_BASE_URL": "http://localhost",  # the host the test client uses; tests of the Host header change it
        **app_config,
    }
    monkeypatch.setenv("EDITORIAL_INSTANCE", str(tmp_path / "instance"))
    app = create_app(config)
    app.test_client_class = IsolatedClient
    context = app.app_context()
    context.push()
    IsolatedClient.outer_context = context
    try:
        yield app
    finally:
        IsolatedClient.outer_context = None
        db.session.remove()
        db.engine.dispose()
        context.pop()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    from editorial.services import people

    def make(username: str, *roles: str, password: str = PASSWORD, name: str = ""):
        user, _ = people.create_user(username, roles=roles or ("reporter",), password=password,
                                     display_name=name or username.title())
        return user

    return make


@pytest.fixture
def newsroom(make_user):
    """One person per role, plus a second reporter."""
    return {
        "rita": make_user("rita", "reporter", name="Rita Reporter"),
        "rob": make_user("rob", "reporter", name="Rob Reporter"),
        "ed": make_user("ed", "editor", name="Ed Editor"),
        "fay": make_user("fay", "fact_checker", name="Fay Checker"),
        "ada": make_user("ada", "admin", name="Ada Admin"),
    }


@pytest.fixture
def make_article(app):
    from editorial.services import articles

    def make(author, **fields):
        raw = {"headline": "Mali cuts ties with Ukraine", "body_html": "<p>Wagner fighters were ambushed.</p>",
               "section": "Africa", **fields}
        return articles.create(author, raw)

    return make


@pytest.fixture
def piece(newsroom, seed_text):
    """The seed article imported by Rita and submitted: in review, where fact-checkers and editors work on it."""
    from editorial.services import articles, transitions

    article = articles.import_draft(newsroom["rita"], seed_text, headline="Mali cuts ties with Ukraine",
                                    extra={"section": "Africa"})
    transitions.transition(newsroom["rita"], article.id, "in_review")
    return article


@pytest.fixture
def seeded(client, newsroom, seed_text) -> dict:
    """The seed article as an API client makes it (one paragraph per blank-line block), in review: its JSON."""
    from editorial.services import transitions

    rita = Api(client).login("rita")
    body_html = "".join(f"<p>{p.strip()}</p>" for p in seed_text.split("\n\n") if p.strip())
    article = rita("POST", "/articles", {"headline": "Mali cuts ties with Ukraine", "body_html": body_html}).get_json()
    transitions.transition(newsroom["rita"], article["id"], "in_review")
    return article


class Auth:
    def __init__(self, client) -> None:
        self.client = client

    def login(self, username: str, password: str = PASSWORD, remember: bool = False):
        data = {"username": username, "password": password}
        if remember:
            data["remember"] = "y"
        return self.client.post("/login", data=data)

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client) -> Auth:
    return Auth(client)


class Api:
    """Calls /api/v1 with a bearer token."""

    def __init__(self, client) -> None:
        self.client, self.token = client, None

    def login(self, username: str, password: str = PASSWORD):
        response = self.client.post("/api/v1/tokens", json={"username": username, "password": password})
        assert response.status_code == 201, response.get_json()
        self.token = response.get_json()["token"]
        return self

    def __call__(self, method: str, path: str, json=None):
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return self.client.open("/api/v1" + path, method=method, json=json, headers=headers)


@pytest.fixture
def api(client) -> Api:
    return Api(client)
