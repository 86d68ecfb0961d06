"""Logging (editorial/logs.py): request ids made, echoed and sanitised; every line of a request carries its id
and its person; audited actions and failures say who did what; JSON lines parse; fail2ban reads failed logins."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest

from editorial import logs
from editorial.database import db
from editorial.services import audit
from tests.conftest import ROOT, Api

HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def app_config():
    # A view that fails answers 500 (not the test's exception); X-Forwarded-For names the address, as behind nginx.
    return {"PROPAGATE_EXCEPTIONS": False, "TRUSTED_PROXIES": 1}


@pytest.fixture
def editorial_output(app):
    """What our handler writes (stderr in production), as text."""
    handler = next(h for h in logging.getLogger("editorial").handlers if h.get_name() == logs.HANDLER_NAME)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


def _records(caplog, name: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == name]


def test_a_request_id_is_made_and_echoed(client):
    first, second = client.get("/login"), client.get("/login")
    assert HEX_ID.fullmatch(first.headers["X-Request-ID"])
    assert HEX_ID.fullmatch(second.headers["X-Request-ID"])
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


@pytest.mark.parametrize("offered", ["req-42", "0f6e1c2a-8b1d-4c52-9a0e-3d1b7f0c9e11", "Root=1-67891233-abcdef012345"])
def test_a_sane_request_id_from_the_proxy_is_kept(client, offered):
    assert client.get("/login", headers={"X-Request-ID": offered}).headers["X-Request-ID"] == offered


@pytest.mark.parametrize(
    "hostile",
    ["abc\n2026-12-07 WARNING forged line", "a" * 129, "two words", '"quoted"', "", "-starts-with-a-dash", "é-accent"],
)
def test_a_hostile_request_id_is_replaced(client, caplog, hostile):
    caplog.set_level(logging.INFO, logger="editorial")
    response = client.get("/no-such-page", environ_overrides={"HTTP_X_REQUEST_ID": hostile})
    assert HEX_ID.fullmatch(response.headers["X-Request-ID"])
    (line,) = _records(caplog, "editorial.requests")
    assert line.request_id == response.headers["X-Request-ID"]


def test_log_records_carry_the_request_id_and_the_user(client, auth, newsroom, caplog):
    auth.login("rita")
    caplog.clear()
    response = client.get("/articles/99999")
    assert response.status_code == 404
    (line,) = _records(caplog, "editorial.requests")
    assert line.request_id == response.headers["X-Request-ID"]
    assert (line.user, line.user_id) == ("rita", newsroom["rita"].id)
    assert line.levelno == logging.INFO and line.getMessage().startswith("GET /articles/99999 answered 404")


def test_an_api_refusal_is_logged_with_its_reason_and_the_token_user(client, newsroom, caplog):
    rita = Api(client).login("rita")
    caplog.clear()
    response = rita("POST", "/articles", {"headline": ["not", "text"]})
    assert response.status_code == 422
    (line,) = _records(caplog, "editorial.requests")
    assert line.user == "rita" and line.levelno == logging.INFO
    assert line.getMessage().startswith("POST /api/v1/articles answered 422: invalid:")


def test_a_refused_token_is_a_warning(client, caplog):
    caplog.set_level(logging.INFO, logger="editorial")
    response = client.get("/api/v1/articles", headers={"Authorization": "Bearer wrong"})
    assert response.status_code == 401
    (line,) = _records(caplog, "editorial.requests")
    assert line.levelno == logging.WARNING and line.user == "-"


def test_an_audited_action_is_logged_with_who_did_what_to_which_article(client, newsroom, caplog):
    rita, ed = Api(client).login("rita"), Api(client).login("ed")
    created = rita("POST", "/articles", {"headline": "Mali cuts ties", "body_html": "<p>Text.</p>"})
    article_id = created.get_json()["id"]
    rita("POST", f"/articles/{article_id}/transitions", {"to": "in_review"})
    caplog.clear()
    response = ed("POST", f"/articles/{article_id}/transitions", {"to": "approved", "comment": "Good."})
    assert response.status_code == 200
    (line,) = _records(caplog, "editorial.audit")
    ed_id = newsroom["ed"].id
    assert line.getMessage() == f"audit transition by ed(#{ed_id}) article=#{article_id} from=in_review to=approved"
    assert line.event == {"kind": "transition", "actor_id": ed_id, "actor": "ed", "article_id": article_id,
                          "from_state": "in_review", "to_state": "approved"}
    assert line.request_id == response.headers["X-Request-ID"] and line.user == "ed"


def test_an_audited_action_rolled_back_is_not_logged(app, newsroom, caplog):
    caplog.clear()
    audit.record(audit.Kind.LOGOUT, actor=newsroom["rita"])
    db.session.rollback()
    audit.record(audit.Kind.LOGOUT, actor=newsroom["ed"])
    db.session.commit()
    assert [r.getMessage() for r in _records(caplog, "editorial.audit")] == [f"audit logout by ed(#{newsroom['ed'].id})"]


def test_a_failed_login_is_audited_in_the_log_without_letting_the_name_break_the_line(client, newsroom, caplog):
    caplog.set_level(logging.INFO, logger="editorial")
    client.post("/login", data={"username": "rita\nx", "password": "wrong"}, headers={"X-Forwarded-For": "203.0.113.9"})
    (line,) = _records(caplog, "editorial.audit")
    assert line.getMessage() == "audit login_failed by - tried=rita?x addr=203.0.113.9"


def test_a_500_is_logged_with_its_traceback_the_request_id_and_the_user(app, client, auth, newsroom, caplog,
                                                                        editorial_output):
    def explode():
        raise RuntimeError("the database fell over")

    app.add_url_rule("/explode", view_func=explode)
    auth.login("ed")
    caplog.clear()
    editorial_output.truncate(0)
    editorial_output.seek(0)
    response = client.get("/explode")
    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    (failure,) = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert failure.exc_info and failure.exc_info[0] is RuntimeError
    assert failure.request_id == request_id and failure.user == "ed"
    assert not _records(caplog, "editorial.requests")  # once, with its traceback, not twice
    text = editorial_output.getvalue()
    first, *rest = text.splitlines()
    assert re.search(rf" ERROR editorial \[{request_id} ed\] Exception on /explode \[GET\]$", first)
    assert rest[0] == "  Traceback (most recent call last):" and rest[-1] == "  RuntimeError: the database fell over"


def test_text_lines_cannot_be_split_by_what_they_quote(app, editorial_output):
    logging.getLogger("editorial.test").warning("name=%s", "x\n2026-12-07 00:00:00,000 WARNING forged")
    assert editorial_output.getvalue() == editorial_output.getvalue().splitlines()[0] + "\n"
    assert "name=x\\n2026-12-07" in editorial_output.getvalue()


def test_json_format_is_one_object_per_line(app, client, auth, newsroom, editorial_output):
    logs.configure("INFO", "json")
    stream = editorial_output
    handler = next(h for h in logging.getLogger("editorial").handlers if h.get_name() == logs.HANDLER_NAME)
    handler.setStream(stream)

    def explode():
        raise ValueError("broken\nacross lines")

    app.add_url_rule("/explode", view_func=explode)
    auth.login("ed")
    missing = client.get("/articles/99999")
    failed = client.get("/explode")
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    by_request = {line["request_id"]: line for line in lines}
    refused = by_request[missing.headers["X-Request-ID"]]
    assert refused["level"] == "INFO" and refused["logger"] == "editorial.requests" and refused["user"] == "ed"
    assert refused["message"].startswith("GET /articles/99999 answered 404")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", refused["time"])
    error = by_request[failed.headers["X-Request-ID"]]
    assert error["level"] == "ERROR" and error["exception"].endswith("ValueError: broken\nacross lines")
    audit_lines = [line for line in lines if line["logger"] == "editorial.audit"]
    assert audit_lines[0]["event"]["kind"] == "login" and audit_lines[0]["event"]["actor"] == "ed"


def test_log_settings_are_refused_when_misspelt(monkeypatch):
    from editorial import config

    monkeypatch.setenv("LOG_LEVEL", "verbose")
    with pytest.raises(config.ConfigError, match="LOG_LEVEL"):
        config.log_level()
    monkeypatch.setenv("LOG_FORMAT", "xml")
    with pytest.raises(config.ConfigError, match="LOG_FORMAT"):
        config.log_format()
    monkeypatch.setenv("LOG_LEVEL", "warning")
    monkeypatch.setenv("LOG_FORMAT", "JSON")
    assert (config.log_level(), config.log_format()) == ("WARNING", "json")


def test_configuring_twice_keeps_one_handler_and_leaves_others_alone(app):
    editorial = logging.getLogger("editorial")
    foreign = logging.NullHandler()
    editorial.addHandler(foreign)
    try:
        logs.configure("DEBUG", "text")
        logs.configure("WARNING", "text")
        ours = [h for h in editorial.handlers if h.get_name() == logs.HANDLER_NAME]
        assert len(ours) == 1 and foreign in editorial.handlers and editorial.level == logging.WARNING
        assert editorial.propagate  # the host's root handlers (caplog, gunicorn's) still see every record
    finally:
        editorial.removeHandler(foreign)
        logs.configure(app.config["LOG_LEVEL"], app.config["LOG_FORMAT"])


# fail2ban: the filter printed in the README, applied as fail2ban does (the date stripped, <HOST> an address).

HOST = r"(?:::f{4,6}:)?(?P<host>[0-9a-fA-F.:]+)"


def _readme_filter() -> tuple[str, str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^\[Definition\]\n(.*?)^```", readme, re.S | re.M).group(1)
    failregex = re.search(r"^failregex = (.+)$", block, re.M).group(1)
    datepattern = re.search(r"^datepattern = (.+)$", block, re.M).group(1)
    return failregex, datepattern


def _fail2ban_hosts(text: str) -> list[str]:
    """The addresses fail2ban would ban, reading `text` as a log file (the date cut out of each line, as its
    datepattern says) and as the journal (each line as `host unit[pid]: message`, the date left in)."""
    failregex, datepattern = _readme_filter()
    assert datepattern == "^%%Y-%%m-%%d %%H:%%M:%%S,%%f"
    date = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+")
    pattern = re.compile(failregex.replace("<HOST>", HOST))
    from_file, from_journal = [], []
    for line in text.splitlines():
        for hosts, seen in ((from_file, date.sub("", line, count=1)), (from_journal, f"newsroom gunicorn[4242]: {line}")):
            match = pattern.search(seen)
            if match:
                hosts.append(match.group("host"))
    assert from_file == from_journal
    return from_file


@pytest.fixture
def throttled_config(app):
    app.config.update(LOGIN_MAX_FAILURES=3)


def test_the_readme_fail2ban_filter_matches_failed_and_throttled_logins(client, newsroom, caplog, throttled_config,
                                                                      editorial_output):
    caplog.set_level(logging.INFO, logger="editorial")
    attempts = [("rita", "wrong", "203.0.113.9"), ("rita from=6.6.6.6", "wrong", "2001:db8::7"),
                ("rita", "wrong", "203.0.113.9"), ("rita", "wrong", "203.0.113.9"), ("rita", "wrong", "203.0.113.9")]
    for username, password, address in attempts:
        client.post("/login", data={"username": username, "password": password},
                    headers={"X-Forwarded-For": address})
    client.get("/login%20failed%20for%20user=x%20from=9.9.9.9")  # a path that quotes the line: never a match
    client.post("/login", data={"username": "ed", "password": "correct-horse-battery"},
                headers={"X-Forwarded-For": "198.51.100.7"})  # a success: never a match
    try:  # an exception quoting what someone typed, line breaks and all
        raise ValueError("bad\nWARNING editorial.services.people [a b] login failed for user=x from=6.6.6.6")
    except ValueError:
        logging.getLogger("editorial.test").exception("failed")
    refusals = [r for r in caplog.records if r.getMessage().startswith(("login failed for", "login throttled for"))]
    assert any(r.getMessage().startswith("login throttled for user=rita from=203.0.113.9") for r in refusals)
    assert len(refusals) == len(attempts)
    assert _fail2ban_hosts(editorial_output.getvalue()) == [address for _, _, address in attempts]


def test_lines_go_to_the_stderr_of_the_moment(app, monkeypatch):
    later = io.StringIO()
    monkeypatch.setattr("sys.stderr", later)  # as a server redirecting it after the app was built
    logging.getLogger("editorial.test").warning("to the current stderr")
    # `in`, not endswith: a delivery thread left by an earlier test may write its own line meanwhile
    assert " WARNING editorial.test [- -] to the current stderr\n" in later.getvalue()
