"""Fixtures for real-browser tests: Debian's Chromium driven by Playwright for Python.

- `browser`: one Chromium per test session, launched from CHROMIUM_PATH (default /usr/bin/chromium).
  When it is missing the tests are skipped, unless EDITORIAL_REQUIRE_BROWSER=1 (CI), then they fail.
- `page`: a fresh context and page per test. Console errors, uncaught page errors and CSP violations
  are collected in `page.console_errors`; any left at the end of the test fail it. A test that expects
  one removes it from the list. On failure a screenshot goes to tests/browser/artifacts/.
  `new_page()` (the `new_page` fixture) opens more such pages, each in its own context (another person).
- `live_server`: the real app (CSRF on) on a fresh copy of the migrated SQLite schema, served by
  werkzeug on 127.0.0.1 in a thread; `.url`, and `.make_user`/`.make_article`/`.transition`/`.run`
  to set data up through the services. Browser tests use SQLite only (the rest of the suite covers
  PostgreSQL).
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"


def _require_browser() -> bool:
    # Same convention as EDITORIAL_REQUIRE_POSTGRES in tests/conftest.py.
    return os.environ.get("EDITORIAL_REQUIRE_BROWSER", "").lower() not in ("", "0", "false", "no")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM_PATH).exists():
        message = f"no Chromium at {CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)"
        if _require_browser():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _watched_page(browser, viewport: dict) -> object:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(5_000)
    errors: list[str] = []
    page.console_errors = errors

    def on_console(message) -> None:
        if message.type == "error":
            where = message.location.get("url") or "inline"
            errors.append(f"console.error: {message.text} [{where}]")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    return page


@pytest.fixture
def new_page(browser, request: pytest.FixtureRequest) -> Iterator[Callable[..., object]]:
    """Opens pages, each in its own browser context (its own cookies: another person). Console errors
    on any of them fail the test; on failure each gets a screenshot in tests/browser/artifacts/."""
    pages: list[object] = []

    def open_page(width: int = 1280, height: int = 900) -> object:
        page = _watched_page(browser, {"width": width, "height": height})
        pages.append(page)
        return page

    try:
        yield open_page
    finally:
        failed = getattr(request.node, "report_call", None) is not None and request.node.report_call.failed
        errors = []
        for i, page in enumerate(pages):
            if failed:
                ARTIFACTS.mkdir(exist_ok=True)
                name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-140:] + (f"-{i}" if i else "")
                try:
                    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
                except Exception as exc:  # a crashed page must not hide the real failure
                    print(f"screenshot failed: {exc}")
            errors.extend(page.console_errors)
            page.context.close()
        if failed and errors:  # shown with the failure: often the cause
            print("browser console errors:\n" + "\n".join(errors))
    if errors and not failed:
        pytest.fail("browser console errors:\n" + "\n".join(errors), pytrace=False)


@pytest.fixture
def page(new_page) -> object:
    return new_page()


class LiveServer:
    """The app served over real HTTP, with helpers that set data up through the services."""

    def __init__(self, app, url: str) -> None:
        self.app, self.url = app, url

    def run(self, fn: Callable[..., object], *args, **kwargs):
        """Call `fn` inside an app context (a fresh session, closed after)."""
        from editorial.database import db

        with self.app.app_context():
            try:
                return fn(*args, **kwargs)
            finally:
                db.session.remove()

    def make_user(self, username: str, *roles: str, name: str = "", password: str | None = None) -> int:
        from editorial.services import people

        def make():
            user, _ = people.create_user(
                username, roles=roles or ("reporter",), password=password or self.password(username),
                display_name=name or username.title(),
            )
            return user.id

        return self.run(make)

    @staticmethod
    def password(username: str) -> str:
        return f"pass-{username}-long-enough"

    def make_article(self, username: str, **fields) -> int:
        """A draft by `username` through articles.create; its id."""
        from editorial.services import articles

        raw = {"headline": "Mali cuts ties with Ukraine", "body_html": "<p>Wagner fighters were ambushed.</p>",
               "section": "Africa", **fields}
        return self.run(lambda: articles.create(self._user(username), raw).id)

    def save(self, username: str, article_id: int, **fields) -> int:
        """An edit through articles.save on the current version; the new version."""
        from editorial.services import access, articles

        def save():
            user = self._user(username)
            version = access.get_article(user, article_id).version
            return articles.save(user, article_id, fields, base_version=version).version

        return self.run(save)

    def transition(self, username: str, article_id: int, to: str, comment: str = "") -> str:
        from editorial.services import transitions

        return self.run(lambda: transitions.transition(self._user(username), article_id, to, comment).state.value)

    def article(self, article_id: int) -> dict:
        """A few fields of the article as stored now."""
        from editorial.database import db
        from editorial.models import Article

        def read():
            a = db.session.get(Article, article_id)
            return {"state": a.state.value, "version": a.version, "headline": a.headline, "body_html": a.body_html}

        return self.run(read)

    def import_seed(self, username: str, text: str) -> int:
        """The seed page imported as `username`'s draft, as the demo does; its id."""
        from editorial.services import articles

        return self.run(lambda: articles.import_draft(
            self._user(username), text, headline="Mali cuts ties with Ukraine", extra={"section": "Africa"}).id)

    def dismiss_open_flags(self, username: str, article_id: int, reason: str) -> int:
        """`username` dismisses, with `reason`, every open flag that would block publishing, claim flags included,
        as the flag panel does one by one (for tests about what else blocks). Returns how many."""
        from editorial.services import copydesk
        from editorial.services.access import get_article

        def dismiss() -> int:
            person = self._user(username)
            flags = copydesk.article_flags(get_article(person, article_id))
            keys = [f.key for f in flags if f.dismissal is None and (f.blocking or f.flag.category == "claim")]
            for key in keys:
                copydesk.dismiss(person, article_id, key=key, reason=reason)
            return len(keys)

        return self.run(dismiss)

    def body_text(self, article_id: int) -> str:
        from editorial.database import db
        from editorial.models import Article

        return self.run(lambda: db.session.get(Article, article_id).body_text)

    def _user(self, username: str):
        from editorial.services import people

        return people.by_username(username)


def _quiet_handler():
    from werkzeug.serving import WSGIRequestHandler

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args, **kwargs) -> None:  # keep test output to what matters
            pass

    return Quiet


@pytest.fixture
def live_server(sqlite_template, tmp_path, monkeypatch) -> Iterator[LiveServer]:
    from werkzeug.serving import make_server

    from editorial import create_app
    from editorial.database import db

    path = tmp_path / "live.sqlite3"
    shutil.copy(sqlite_template, path)
    monkeypatch.setenv("EDITORIAL_INSTANCE", str(tmp_path / "instance"))
    app = create_app(
        {
            "SECRET_KEY": "live-server-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "WTF_CSRF_ENABLED": True,  # real forms carry their tokens
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast in tests; production keeps scrypt
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_quiet_handler())
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()
