"""Log-in throttling that cannot be raced and cannot lock people out: attempts are counted atomically per
(user name, address) pair and per address before any password is checked; only the pair that fails waits."""

from __future__ import annotations

import http.client
import logging
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa

from editorial.database import db
from editorial.models import Event
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
ATTACKER, OWNER = "203.0.113.9", "198.51.100.7"


@pytest.fixture
def app_config():
    # X-Forwarded-For names the address, as behind the one proxy of a real deployment; a real password hash
    # (scrypt) so that checking a password takes as long as it does in production.
    return {"TRUSTED_PROXIES": 1, "PASSWORD_HASH_METHOD": "scrypt"}


def log_in(client, password, addr, username="rita"):
    return client.post("/login", data={"username": username, "password": password},
                       headers={"X-Forwarded-For": addr})


def count(kind: str) -> int:
    db.session.rollback()
    return db.session.execute(sa.select(sa.func.count(Event.id)).where(Event.kind == kind)).scalar_one()


def test_only_the_failing_pair_waits_and_the_owner_still_logs_in_from_another_address(client, newsroom):
    for i in range(5):
        assert log_in(client, f"guess-{i}-wrong", ATTACKER).status_code == 401
    refused = log_in(client, "guess-6-wrong", ATTACKER)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "900"
    assert b"Too many failed log-in attempts. Wait 15 minutes" in refused.data
    assert log_in(client, PASSWORD, ATTACKER).status_code == 429  # that pair waits, right password or not
    owner = log_in(client, PASSWORD, OWNER)
    assert owner.status_code == 302 and owner.headers["Location"] == "/"
    assert count("login_failed") == 5 and count("login_throttled") == 1  # refusals checked no password


def test_an_unknown_user_name_is_throttled_exactly_like_a_real_one(client, newsroom):
    answers = {}
    for name in ("rita", "nobody-here"):
        answers[name] = [log_in(client, "wrong-password-x", ATTACKER, name) for _ in range(6)]
    for name, responses in answers.items():
        assert [r.status_code for r in responses] == [401] * 5 + [429], name
        assert responses[-1].headers["Retry-After"] == "900"
    assert answers["rita"][-1].data.replace(b"rita", b"") == answers["nobody-here"][-1].data.replace(b"nobody-here", b"")


def test_a_successful_login_forgets_the_pairs_failures(client, newsroom):
    for i in range(4):
        log_in(client, f"typo-{i}-password", ATTACKER)
    assert log_in(client, PASSWORD, ATTACKER).status_code == 302
    client.post("/logout")
    assert [log_in(client, f"typo-{i}-again", ATTACKER).status_code for i in range(5)] == [401] * 5


def test_the_api_token_login_is_throttled_with_retry_after(client, newsroom):
    def ask(password):
        return client.post("/api/v1/tokens", json={"username": "rita", "password": password},
                           headers={"X-Forwarded-For": ATTACKER})

    assert [ask(f"wrong-{i}-password").status_code for i in range(5)] == [401] * 5
    refused = ask(PASSWORD)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "900"
    assert refused.get_json()["error"]["code"] == "rate_limited"


def test_failed_logins_are_logged_for_fail2ban(client, newsroom, caplog):
    caplog.set_level(logging.INFO, logger="editorial")
    log_in(client, "wrong-password-1", ATTACKER, "rita\nfake line")
    for _ in range(6):
        log_in(client, "wrong-password-1", ATTACKER)
    lines = [r.getMessage() for r in caplog.records]
    assert "login failed for user=rita?fake?line from=203.0.113.9" in lines
    assert "login failed for user=rita from=203.0.113.9" in lines
    assert "login throttled for user=rita from=203.0.113.9 retry_after=900" in lines


# Against a real server: gunicorn, two worker processes of eight threads each, on the test database.


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gunicorn(app, database_url, tmp_path):
    instance = tmp_path / "gunicorn-instance"
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "race-test-secret",
           "EDITORIAL_INSTANCE": str(instance), "TRUSTED_PROXIES": "1"}
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--worker-class", "gthread", "--threads", "8",
         "--bind", f"127.0.0.1:{port}", "editorial:create_app()"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not _answers(port):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("gunicorn did not start:\n" + (tmp_path / "gunicorn.log").read_text())
            time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _answers(port: int) -> bool:
    try:
        return _request(port, "GET", "/login", addr="127.0.0.1")[0] == 200
    except OSError:
        return False


def _request(port: int, method: str, path: str, *, addr: str, form: dict | None = None,
             cookie: str = "") -> tuple[int, dict, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"X-Forwarded-For": addr, "Content-Type": "application/x-www-form-urlencoded"}
    if cookie:
        headers["Cookie"] = cookie
    try:
        conn.request(method, path, body=urlencode(form) if form is not None else None, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        conn.close()


class LoginForm:
    """The log-in form as a browser gets it: its CSRF token and the session cookie that token belongs to."""

    def __init__(self, port: int, addr: str) -> None:
        self.port, self.addr = port, addr
        _, headers, page = _request(port, "GET", "/login", addr=addr)
        self.cookie = headers["Set-Cookie"].split(";")[0]
        self.csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    def submit(self, password: str, username: str = "rita") -> tuple[int, dict]:
        form = {"csrf_token": self.csrf, "username": username, "password": password}
        status, headers, _ = _request(self.port, "POST", "/login", addr=self.addr, form=form, cookie=self.cookie)
        return status, headers


def test_forty_parallel_guesses_across_gunicorn_workers_check_at_most_the_limit(app, newsroom, gunicorn):
    attempts, limit = 40, app.config["LOGIN_MAX_FAILURES"]
    start = threading.Barrier(attempts)

    def guess(i: int):
        form = LoginForm(gunicorn, ATTACKER)
        start.wait()
        return form.submit(f"guess-{i:02d}-wrong")

    with ThreadPoolExecutor(max_workers=attempts) as pool:
        results = list(pool.map(guess, range(attempts)))
    statuses = Counter(status for status, _ in results)
    checked = count("login_failed")
    assert set(statuses) <= {401, 429}, statuses
    assert 1 <= checked <= limit and statuses[401] == checked and statuses[429] == attempts - checked
    assert all("Retry-After" in headers for status, headers in results if status == 429)
    # the owner, from an address that did not fail, logs in at once
    status, headers = LoginForm(gunicorn, OWNER).submit(PASSWORD)
    assert status == 302 and headers["Location"] == "/"
    assert LoginForm(gunicorn, ATTACKER).submit(PASSWORD)[0] == 429
