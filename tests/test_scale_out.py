"""Two app servers over one PostgreSQL behave as one app (README "Scale-out").

Two gunicorn processes, started as deploy/editorial.service starts one (deploy/gunicorn.conf.py), on two ports,
over the test run's PostgreSQL; people log in through the login form (with its CSRF token) or take API tokens,
as a browser or a client would, and a load balancer without sticky sessions sends their requests to either
server. What one server writes, the other must see at once: edit locks and requests to hand over, versions
(409 for a stale save), log-in throttle counts, the dictionary and house style behind the copy-desk flags;
and two `publish-due` runs started at once publish a due article once. PostgreSQL only: production's database
(the harness skips without one, and fails under EDITORIAL_REQUIRE_POSTGRES=1)."""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa

from editorial.database import db, utcnow
from editorial.models import Article, DeliveryStatus, Event, OutboxMessage
from editorial.services import schedule, transitions, webhooks
from editorial.workflow import State
from tests.conftest import PASSWORD, ROOT
from tests.http_exchange import exchange

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """One person's HTTP client, cookies kept by hand, which may send each request to either server (as a load
    balancer without sticky sessions would): `to` names the server's port."""

    def __init__(self, port: int) -> None:
        self.port, self.cookies, self.token = port, {}, None

    def request(self, method: str, path: str, *, form: dict | None = None, json_body=None, to: int | None = None,
                headers: dict | None = None) -> tuple[int, dict, bytes]:
        sent = dict(headers or {})
        if self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        data = None
        if form is not None:
            data, sent["Content-Type"] = urlencode(form), "application/x-www-form-urlencoded"
        elif json_body is not None:
            data, sent["Content-Type"] = json.dumps(json_body), "application/json"
        return exchange(to or self.port, method, path, headers=sent, body=data, cookies=self.cookies)

    def csrf(self, path: str, to: int | None = None) -> str:
        status, _, body = self.request("GET", path, to=to)
        assert status == 200, (path, status)
        return CSRF.search(body.decode()).group(1)

    def login(self, username: str, password: str = PASSWORD, to: int | None = None) -> int:
        token = self.csrf("/login", to=to)
        status, _, _ = self.request("POST", "/login", to=to,
                                    form={"username": username, "password": password, "csrf_token": token})
        return status

    def post_json(self, path: str, form: dict, to: int | None = None) -> tuple[int, dict]:
        """A form post from the editor's script: the page's CSRF token, JSON back."""
        status, _, body = self.request("POST", path, form=form, to=to, headers={"Accept": "application/json"})
        return status, json.loads(body) if body else {}

    def api(self, method: str, path: str, body=None, to: int | None = None) -> tuple[int, dict]:
        status, _, content = self.request(method, "/api/v1" + path, json_body=body, to=to)
        return status, json.loads(content) if content else {}

    def api_login(self, username: str, to: int | None = None) -> Browser:
        status, answer = self.api("POST", "/tokens", {"username": username, "password": PASSWORD}, to=to)
        assert status == 201, answer
        self.token = answer["token"]
        return self


def _environment(postgres_url: str, secret: str, instance: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EDITORIAL_", "FLASK_", "GUNICORN_"))}
    env.update(DATABASE_URL=postgres_url, SECRET_KEY=secret, EDITORIAL_INSTANCE=str(instance),
               EDITORIAL_ENV="development", LOG_LEVEL="WARNING")
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    return env


def _wait_until_ready(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, f"gunicorn stopped ({process.returncode}):\n{log.read_text()[-3000:]}"
        try:
            status, _, body = Browser(port).request("GET", "/readyz")
        except OSError:
            time.sleep(0.2)
            continue
        assert status == 200, body
        return
    raise AssertionError(f"gunicorn did not answer within a minute:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def servers(postgres_url, tmp_path_factory):
    """Two app servers (A and B), each its own gunicorn with its own instance folder, one SECRET_KEY (as every
    host of a newsroom must share) and one database; their ports. Each test's rows are truncated after it."""
    base = tmp_path_factory.mktemp("scale-out")
    secret = secrets.token_hex(32)
    started = []
    try:
        for name in ("a", "b"):
            port, log = _free_port(), base / f"gunicorn-{name}.log"
            env = _environment(postgres_url, secret, base / f"instance-{name}")
            env["GUNICORN_CMD_ARGS"] = f"--bind 127.0.0.1:{port} --workers 1 --access-logfile -"
            with log.open("w") as out:
                process = subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "deploy" / "gunicorn.conf.py"),
                     "editorial.wsgi:app"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
            started.append((process, port, log))
        for process, port, log in started:
            _wait_until_ready(port, process, log)
        yield tuple(port for _, port, _ in started)
    finally:
        for process, _, _ in started:
            process.terminate()
        for process, _, _ in started:
            process.wait(timeout=30)


def _in_review(newsroom, make_article, **fields) -> Article:
    article = make_article(newsroom["rita"], **fields)
    transitions.transition(newsroom["rita"], article.id, "in_review")
    return article


def _at_once(*calls):
    """Run the calls in threads released together; their results in order."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


# --- (a) edit locks ------------------------------------------------------------------------------------------


def test_an_edit_lock_taken_through_one_server_is_seen_and_refused_through_the_other(servers, newsroom,
                                                                                       make_article):
    a, b = servers
    article = _in_review(newsroom, make_article)
    rita, ed = Browser(a), Browser(b)
    assert rita.login("rita") == 302 and ed.login("ed") == 302
    lock_path = f"/articles/{article.id}/lock"

    status, _, page = rita.request("GET", f"/articles/{article.id}/edit")  # opening the editor takes the lock (A)
    assert status == 200
    token = CSRF.search(page.decode()).group(1)
    ed_token = ed.csrf(f"/articles/{article.id}/edit")  # B: the editor opens behind Rita's lock
    status, beat = ed.post_json(lock_path, {"csrf_token": ed_token, "token": "ed-page-" + "x" * 20})
    assert status == 200 and beat["holder"] == "Rita Reporter"

    status, asked = ed.post_json(lock_path + "/ask", {"csrf_token": ed_token})  # written by B …
    assert status == 200 and asked["asked"]["answer"] == "asked"
    status, beat = rita.post_json(lock_path, {"csrf_token": token, "token": "rita-page-" + "x" * 20})  # … read by A
    assert status == 200 and beat["holder"] is None
    assert [r["name"] for r in beat["requests"]] == ["Ed Editor"]

    status, answer = rita.post_json(lock_path + "/hand-over", {"csrf_token": token, "to": newsroom["ed"].id})
    assert status == 200 and answer == {"handed_over_to": "Ed Editor"}
    status, beat = ed.post_json(lock_path, {"csrf_token": ed_token, "token": "ed-page-" + "x" * 20})
    assert status == 200 and beat["holder"] is None and beat["asked"]["answer"] == "handed_over"

    # Rita's session, made on A, works on B too (sessions live in the database, cookies share SECRET_KEY); B
    # knows the lock moved: handing over again is refused with 409.
    status, refused = rita.post_json(lock_path + "/hand-over", {"csrf_token": token, "to": newsroom["ed"].id}, to=b)
    assert status == 409 and "not the one editing" in refused["error"]["message"]
    status, beat = rita.post_json(lock_path, {"csrf_token": token, "token": "rita-page-" + "x" * 20}, to=b)
    assert status == 200 and beat["holder"] == "Ed Editor"


def test_two_people_opening_the_editor_at_once_on_two_servers_get_one_lock(servers, newsroom, make_article):
    a, b = servers
    ed, fay = Browser(a), Browser(b)
    assert ed.login("ed") == 302 and fay.login("fay") == 302
    ed_csrf, fay_csrf = ed.csrf("/"), fay.csrf("/")
    for _ in range(6):
        path = f"/articles/{_in_review(newsroom, make_article).id}/lock"
        answers = _at_once(lambda p=path: ed.post_json(p, {"csrf_token": ed_csrf, "token": "e" * 24}),
                           lambda p=path: fay.post_json(p, {"csrf_token": fay_csrf, "token": "f" * 24}))
        assert [status for status, _ in answers] == [200, 200], answers
        holders = sorted(str(answer["holder"]) for _, answer in answers)
        assert holders in (["Ed Editor", "None"], ["Fay Checker", "None"]), holders  # exactly one holds it


# --- (b) stale saves -----------------------------------------------------------------------------------------


def test_a_stale_save_through_one_server_after_a_save_through_the_other_is_refused(servers, newsroom,
                                                                                   make_article):
    a, b = servers
    article = _in_review(newsroom, make_article)
    path = f"/articles/{article.id}"
    rita, ed = Browser(a).api_login("rita"), Browser(b).api_login("ed", to=b)

    status, saved = rita.api("PATCH", path, {"headline": "Saved through A", "version": 1})
    assert status == 200 and saved["version"] == 2
    status, refused = ed.api("PATCH", path, {"standfirst": "Stale through B", "version": 1})
    assert status == 409 and refused["error"]["code"] == "stale_version" and refused["error"]["current_version"] == 2
    status, now = ed.api("GET", path)
    assert (now["headline"], now["standfirst"], now["version"]) == ("Saved through A", "", 2)

    # both at the same moment on version 2, one through each server: one wins, the other is told, nothing lost
    answers = _at_once(lambda: rita.api("PATCH", path, {"headline": "Rita at once", "version": 2}),
                       lambda: ed.api("PATCH", path, {"standfirst": "Ed at once", "version": 2}))
    assert sorted(status for status, _ in answers) == [200, 409], answers
    loser = ed if answers[0][0] == 200 else rita
    change = {"standfirst": "Ed at once"} if loser is ed else {"headline": "Rita at once"}
    status, saved = loser.api("PATCH", path, {**change, "version": 3})  # saved again on the current version
    assert status == 200 and saved["version"] == 4
    assert (saved["headline"], saved["standfirst"]) == ("Rita at once", "Ed at once")


# --- (c) publish-due -----------------------------------------------------------------------------------------


def test_two_publish_due_runs_started_at_once_publish_each_due_article_once(app, servers, postgres_url, newsroom,
                                                                            make_article, tmp_path):
    ed, count = newsroom["ed"], 12
    ids = []
    for n in range(count):
        article = _in_review(newsroom, make_article, headline=f"Due piece {n}")
        transitions.transition(ed, article.id, "approved")
        now = utcnow()
        schedule.set_publish_time(ed, article.id, now - timedelta(minutes=1), now=now - timedelta(hours=1))
        ids.append(article.id)
    env = _environment(postgres_url, secrets.token_hex(32), tmp_path / "instance")
    command = [sys.executable, "-m", "flask", "--app", "editorial", "publish-due"]
    runs = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=60) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    published = sorted(int(n) for out, _ in outputs for n in re.findall(r"^published #(\d+)", out, re.M))
    assert published == sorted(ids), outputs  # each once, whichever run took it

    db.session.rollback()
    events = db.session.execute(
        sa.select(Event.article_id, sa.func.count()).where(Event.kind == "transition", Event.to_state == "published")
        .group_by(Event.article_id)
    ).all()
    assert dict(events) == {article_id: 1 for article_id in ids}
    states = db.session.execute(sa.select(Article.state).where(Article.id.in_(ids))).scalars().all()
    assert set(states) == {State.PUBLISHED}


class SlowReceiver:
    """A webhook endpoint that takes 50 ms per call, so two senders' runs overlap; the delivery ids it got."""

    def __init__(self) -> None:
        self.deliveries: list[str] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server protocol
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                time.sleep(0.05)
                receiver.deliveries.append(self.headers["X-Editorial-Delivery"])
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_two_deliver_runs_started_at_once_send_each_webhook_call_once(app, postgres_url, newsroom, make_article,
                                                                       tmp_path):
    receiver = SlowReceiver()
    try:
        app.config["WEBHOOK_ALLOW_PRIVATE"] = True
        webhooks.add(newsroom["ada"], url=receiver.url, events=["transitions"], fmt="json", secret="s" * 32)
        for n in range(10):
            _in_review(newsroom, make_article, headline=f"Piece {n}")  # one transition: one call
        db.session.rollback()
        queued = db.session.execute(sa.select(OutboxMessage.delivery_id)).scalars().all()
        assert len(queued) == 10
        env = {**_environment(postgres_url, secrets.token_hex(32), tmp_path / "instance"),
               "WEBHOOK_ALLOW_PRIVATE": "1"}
        command = [sys.executable, "-m", "flask", "--app", "editorial", "deliver"]
        runs = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True) for _ in range(2)]
        outputs = [run.communicate(timeout=60) for run in runs]
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert sorted(receiver.deliveries) == sorted(queued), outputs  # every call made, none twice
    sent = [int(re.match(r"sent (\d+),", out).group(1)) for out, _ in outputs]
    assert sum(sent) == 10, outputs
    db.session.rollback()
    rows = db.session.execute(sa.select(OutboxMessage.status, OutboxMessage.attempts)).all()
    assert set(rows) == {(DeliveryStatus.SENT, 1)}


# --- (d) log-in throttling -----------------------------------------------------------------------------------


def test_failed_logins_split_between_two_servers_are_throttled_together(app, servers, newsroom):
    a, b = servers
    limit = app.config["LOGIN_MAX_FAILURES"]
    browser = Browser(a)
    statuses = [browser.login("rita", "wrong password", to=(a, b)[n % 2]) for n in range(limit)]
    assert statuses == [401] * limit  # five failures, alternately on A and B
    token = browser.csrf("/login", to=b)
    status, headers, page = browser.request("POST", "/login", to=b, form={"username": "rita", "password": "wrong",
                                                                         "csrf_token": token})
    assert status == 429 and int(headers["Retry-After"]) > 0
    assert b"Too many failed log-in attempts" in page
    assert browser.login("rita", to=a) == 429  # the right password waits too, on the other server as well


# --- (e) dictionary and house style --------------------------------------------------------------------------


def test_a_dictionary_or_house_style_change_through_one_server_shows_in_the_others_flags(servers, newsroom,
                                                                                        make_article):
    a, b = servers
    article = _in_review(newsroom, make_article, body_html="<p>Zelenksy met the envoy and they were ambushed.</p>")
    reader = Browser(b).api_login("fay", to=b)

    def flags_on_b() -> dict[str, str]:
        status, answer = reader.api("GET", f"/articles/{article.id}/flags")
        assert status == 200, answer
        return {f["text"]: f["rule"] for f in answer["flags"] if f["category"] != "claim"}

    before = flags_on_b()  # B computes and stores this revision's flags now
    assert before.get("Zelenksy") == "spelling.verify-name" and "were ambushed" not in before

    admin = Browser(a)
    assert admin.login("ada") == 302
    token = admin.csrf("/admin/style")
    status, _, _ = admin.request("POST", "/admin/style", form={"kind": "banned", "phrase": "were ambushed",
                                                               "reason": "Say who ambushed them.", "csrf_token": token})
    assert status == 302
    assert flags_on_b().get("were ambushed") == "style.banned-phrase"

    editor = Browser(a).api_login("ed")
    status, _ = editor.api("POST", "/dictionary", {"word": "Zelenksy"})
    assert status == 201
    after = flags_on_b()
    assert "Zelenksy" not in after and after.get("were ambushed") == "style.banned-phrase"


# --- read replicas -------------------------------------------------------------------------------------------


def test_the_anonymous_public_site_runs_on_a_read_only_database(app, newsroom, make_article, postgres_url):
    """What README "Scale-out" sends to a read replica: anonymous GETs of the public site. Served by an app
    whose every transaction is read-only (what a PostgreSQL hot standby enforces), they all answer; a log-in
    (which writes its throttle counter) on the same app is refused by the database, so a write would show."""
    from editorial import create_app

    rita, ed = newsroom["rita"], newsroom["ed"]
    article = make_article(rita, headline="Ambush at the border", section="Africa")
    transitions.transition(rita, article.id, "in_review")
    transitions.transition(ed, article.id, "approved")
    transitions.transition(ed, article.id, "published")
    db.session.rollback()
    replica = create_app({
        "SQLALCHEMY_DATABASE_URI": postgres_url, "SECRET_KEY": "replica-test", "TESTING": True,
        "WTF_CSRF_ENABLED": False, "PUBLIC_BASE_URL": "https://news.example.org",
        "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": "-c default_transaction_read_only=on"}},
    })
    client = replica.test_client()
    answers = {
        "/news/": 200, "/news/?page=1": 200, "/news/section/africa": 200, "/news/feed.atom": 200,
        "/news/section/africa/feed.atom": 200, f"/news/{article.id}-ambush-at-the-border": 200,
        f"/news/{article.id}": 200, "/fact-checks.json": 200, "/sitemap.xml": 200, "/sitemap-site.xml": 200,
        "/sitemap-1.xml": 200, "/robots.txt": 200, "/healthz": 200, "/readyz": 200,
    }
    try:
        for path, status in answers.items():
            assert client.get(path).status_code == status, path
        with pytest.raises(sa.exc.DBAPIError, match="read-only transaction"):
            client.post("/login", data={"username": "rita", "password": PASSWORD})
    finally:
        with replica.app_context():
            db.session.remove()
            db.engine.dispose()
