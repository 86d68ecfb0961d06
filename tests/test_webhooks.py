"""Outgoing webhooks against a real HTTP receiver in the test process: what is sent, how it is signed,
retried, and that a dead endpoint never slows or breaks a save; the admin pages that manage them."""

from __future__ import annotations

import hashlib
import hmac
import re
import socket
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from editorial.database import db, utcnow
from editorial.models import Article, DeliveryStatus, Event, OutboxMessage, Webhook
from editorial.services import assignments, claims, comments, outbox, transitions, webhooks
from tests.delivery_servers import Blackhole, Receiver, free_port

SECRET = "whsec-7f3a9c0e5b2d4f6a8c1e3b5d7f9a0c2e"


@pytest.fixture
def app_config():
    return {"WEBHOOK_ALLOW_PRIVATE": True, "DELIVER_AFTER_COMMIT": False, "WEBHOOK_TIMEOUT": 2}


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def hook(admin, url: str, *events: str, fmt: str = "json", secret: str = SECRET) -> Webhook:
    return webhooks.add(admin, url=url, events=list(events) or ["transitions"], fmt=fmt, secret=secret)


def rows() -> list[OutboxMessage]:
    db.session.rollback()
    return list(db.session.execute(sa.select(OutboxMessage).order_by(OutboxMessage.id)).scalars())


def test_a_transition_is_posted_signed_with_the_secret(newsroom, make_article, receiver):
    hook(newsroom["ada"], receiver.url, "transitions")
    article = make_article(newsroom["rita"], headline="Dams & rivers")
    transitions.transition(newsroom["rita"], article.id, "in_review", "Ready")
    assert outbox.deliver().sent == 1
    [call] = receiver.requests
    assert call.path == "/hooks/editorial"
    expected = "sha256=" + hmac.new(SECRET.encode(), call.body, hashlib.sha256).hexdigest()
    assert call.headers["X-Editorial-Signature"] == expected
    wrong = "sha256=" + hmac.new(b"another secret", call.body, hashlib.sha256).hexdigest()
    assert call.headers["X-Editorial-Signature"] != wrong
    assert call.headers["X-Editorial-Event"] == "transition"
    assert call.headers["Content-Type"] == "application/json; charset=utf-8"
    assert abs(int(call.headers["X-Editorial-Timestamp"]) - time.time()) < 60
    body = call.json()
    assert body["delivery"] == call.headers["X-Editorial-Delivery"] == rows()[0].delivery_id
    assert (body["event"], body["family"], body["from_state"], body["to_state"]) == (
        "transition", "transitions", "draft", "in_review")
    assert body["article"] == {"id": article.id, "headline": "Dams & rivers", "state": "in_review",
                               "url": f"http://localhost/articles/{article.id}"}
    assert body["actor"] == {"id": newsroom["rita"].id, "username": "rita", "name": "Rita Reporter"}
    assert body["comment"] == "Ready"
    assert body["text"] == "Rita Reporter moved “Dams & rivers” from draft to in review"


def test_slack_format_is_just_text(newsroom, make_article, receiver):
    hook(newsroom["ada"], receiver.url, "transitions", fmt="slack")
    article = make_article(newsroom["rita"], headline="Dams")
    transitions.transition(newsroom["rita"], article.id, "in_review")
    outbox.deliver()
    [call] = receiver.requests
    assert call.json() == {"text": f"Rita Reporter moved “Dams” from draft to in review "
                                   f"<http://localhost/articles/{article.id}|Open the piece>"}


def test_only_the_chosen_events_are_sent(newsroom, make_article, receiver, piece):
    other = Receiver()
    try:
        hook(newsroom["ada"], receiver.url, "transitions")
        hook(newsroom["ada"], other.url, "assignments", "verdicts", "comments")
        article = db.session.get(Article, piece.id)
        assignments.assign(newsroom["ed"], article.id, newsroom["fay"].id)
        text = article.body_text
        start = text.index("Wagner")
        claim = claims.create(newsroom["fay"], article.id, start=start, end=start + 6)
        claims.update(newsroom["fay"], claim.id, status="verified")
        comments.start_thread(newsroom["ed"], article.id, body="Source?", general=True)
        outbox.deliver()
        assert [r.headers["X-Editorial-Event"] for r in other.requests] == ["assigned", "claim_status", "comment_added"]
        assert receiver.requests == []  # transitions only; none happened since it was added
        verdict = other.requests[1].json()
        assert (verdict["family"], verdict["from_state"], verdict["to_state"]) == ("verdicts", "unverified", "verified")
    finally:
        other.close()


def test_a_500_is_retried_with_backoff_then_succeeds(app, newsroom, make_article, receiver):
    receiver.statuses = [500, 503]
    hook(newsroom["ada"], receiver.url, "transitions")
    article = make_article(newsroom["rita"])
    transitions.transition(newsroom["rita"], article.id, "in_review")
    now = utcnow()
    assert outbox.deliver(now=now).retrying == 1
    [row] = rows()
    assert (row.status, row.attempts, row.last_status) == (DeliveryStatus.PENDING, 1, 500)
    assert "HTTP 500" in row.last_error and "boom" in row.last_error
    assert row.next_attempt_at == now + timedelta(seconds=60)
    assert outbox.deliver(now=now + timedelta(seconds=59)).retrying == 0  # backing off: not due yet
    assert len(receiver.requests) == 1
    assert outbox.deliver(now=now + timedelta(seconds=60)).retrying == 1  # 503
    assert rows()[0].next_attempt_at == now + timedelta(seconds=60 + 120)  # twice as long
    assert outbox.deliver(now=now + timedelta(seconds=179)).sent == 0
    assert outbox.deliver(now=now + timedelta(seconds=180)).sent == 1
    [row] = rows()
    assert (row.status, row.attempts, row.last_status, row.last_error) == (DeliveryStatus.SENT, 3, 200, "")
    bodies = {r.body for r in receiver.requests}
    assert len(receiver.requests) == 3 and len(bodies) == 1  # the very same body and delivery id each time
    assert {r.headers["X-Editorial-Delivery"] for r in receiver.requests} == {row.delivery_id}


def test_a_dead_endpoint_neither_slows_nor_breaks_a_save(app, newsroom, make_article, client, auth):
    app.config["DELIVER_AFTER_COMMIT"] = True
    dead = Blackhole()
    try:
        hook(newsroom["ada"], dead.url, "transitions")
        article = make_article(newsroom["rita"])
        auth.login("rita")
        started = time.monotonic()
        response = client.post(f"/articles/{article.id}/transition", data={"to": "in_review"})
        took = time.monotonic() - started
        assert response.status_code == 302 and took < app.config["WEBHOOK_TIMEOUT"]
        assert db.session.get(Article, article.id).state == "in_review"
        deadline = time.monotonic() + 15
        while rows()[0].attempts == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        [row] = rows()
        assert (row.status, row.attempts) == (DeliveryStatus.PENDING, 1)
        assert "timed out" in row.last_error
    finally:
        dead.close()


def test_a_refused_connection_is_retried_then_failed(app, newsroom, make_article):
    app.config["OUTBOX_MAX_ATTEMPTS"] = 2
    hook(newsroom["ada"], f"http://127.0.0.1:{free_port()}/nobody", "transitions")
    article = make_article(newsroom["rita"])
    transitions.transition(newsroom["rita"], article.id, "in_review")
    now = utcnow()
    assert outbox.deliver(now=now).retrying == 1
    assert outbox.deliver(now=now + timedelta(minutes=5)).failed == 1
    [row] = rows()
    assert row.status is DeliveryStatus.FAILED and "ConnectionRefused" in row.last_error


def test_private_addresses_are_refused_at_delivery_unless_allowed(app, newsroom, make_article, receiver,
                                                                  monkeypatch):
    hook(newsroom["ada"], "https://hooks.example.org/editorial", "transitions")
    real = socket.getaddrinfo
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", 443))] if host == "hooks.example.org"
        else real(host, *a, **k))
    app.config["WEBHOOK_ALLOW_PRIVATE"] = False
    article = make_article(newsroom["rita"])
    transitions.transition(newsroom["rita"], article.id, "in_review")
    assert outbox.deliver().retrying == 1
    [row] = rows()
    assert "resolves only to addresses webhooks may not call (10.1.2.3)" in row.last_error


def test_a_removed_endpoint_gets_nothing_more(newsroom, make_article, receiver):
    endpoint = hook(newsroom["ada"], receiver.url, "transitions")
    article = make_article(newsroom["rita"])
    transitions.transition(newsroom["rita"], article.id, "in_review")
    webhooks.remove(newsroom["ada"], endpoint.id)
    assert rows() == [] and outbox.deliver().sent == 0 and receiver.requests == []
    kinds = db.session.execute(sa.select(Event.details).where(Event.kind == "webhooks_changed")).scalars().all()
    assert [sorted(d) for d in kinds] == [["added"], ["removed"]]


# ---- the admin pages ---------------------------------------------------------------------------------------


def test_only_admins_see_and_change_webhooks(client, auth, newsroom, receiver):
    assert client.get("/admin/webhooks").status_code == 302  # to the log-in page
    auth.login("ed")
    assert client.get("/admin/webhooks").status_code == 403
    form = {"url": receiver.url, "events": ["transitions"], "format": "json"}
    assert client.post("/admin/webhooks", data=form).status_code == 403
    endpoint = hook(newsroom["ada"], receiver.url)
    assert client.post(f"/admin/webhooks/{endpoint.id}/remove").status_code == 403
    assert db.session.get(Webhook, endpoint.id) is not None


def test_an_admin_adds_and_removes_an_endpoint(client, auth, newsroom, receiver):
    auth.login("ada")
    form = {"url": receiver.url, "events": ["transitions", "comments"], "format": "slack",
            "description": "#news-desk"}
    response = client.post("/admin/webhooks", data=form)
    assert response.status_code == 302
    [endpoint] = webhooks.list_endpoints()
    assert (endpoint.url, endpoint.families, endpoint.format.value) == (receiver.url, ["transitions", "comments"],
                                                                        "slack")
    assert len(endpoint.secret) >= 32  # a random one when none is given
    page = client.get("/admin/webhooks").get_data(as_text=True)
    assert receiver.url in page and "#news-desk" in page and "none yet" in page
    assert client.post(f"/admin/webhooks/{endpoint.id}/remove").status_code == 302
    assert webhooks.list_endpoints() == []


@pytest.mark.parametrize(("url", "message"), [
    ("ftp://hooks.example.org/x", "starts with https://"),
    ("https://user:pw@hooks.example.org/x", "no user name or password"),
    ("https:///nohost", "names a host"),
    ("http://localhost:8080/", "localhost"),
    ("http://169.254.169.254/latest/meta-data", "private or reserved addresses"),
    ("http://10.0.0.7/", "private or reserved addresses"),
    ("http://[::1]/", "private or reserved addresses"),
    ("https://hooks.example.org:99999/", "check the host and the port"),
    ("https://hooks.example.org/a b", "no spaces"),
])
def test_bad_urls_are_refused_with_a_message(app, client, auth, newsroom, url, message):
    app.config["WEBHOOK_ALLOW_PRIVATE"] = False
    auth.login("ada")
    response = client.post("/admin/webhooks", data={"url": url, "events": ["transitions"], "format": "json"})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert url.replace("&", "&amp;") in response.get_data(as_text=True)  # what was typed is kept
    assert webhooks.list_endpoints() == []


def test_no_events_or_an_unknown_format_is_refused(client, auth, newsroom, receiver):
    auth.login("ada")
    response = client.post("/admin/webhooks", data={"url": receiver.url, "format": "json"})
    assert response.status_code == 422 and "Choose at least one kind of event" in response.get_data(as_text=True)
    response = client.post("/admin/webhooks", data={"url": receiver.url, "events": ["transitions"], "format": "xml"})
    assert response.status_code == 422 and "Not a valid choice" in response.get_data(as_text=True)
    assert webhooks.list_endpoints() == []


class TestCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True, "WEBHOOK_ALLOW_PRIVATE": True, "DELIVER_AFTER_COMMIT": False}

    def test_adding_and_removing_need_the_token(self, client, newsroom, receiver):
        from tests.test_security import csrf_login, csrf_token

        csrf_login(client, "ada")
        form = {"url": receiver.url, "events": ["transitions"], "format": "json"}
        assert client.post("/admin/webhooks", data=form).status_code == 400
        assert webhooks.list_endpoints() == []
        token = csrf_token(client, "/admin/webhooks")
        assert client.post("/admin/webhooks", data={**form, "csrf_token": token}).status_code == 302
        [endpoint] = webhooks.list_endpoints()
        assert client.post(f"/admin/webhooks/{endpoint.id}/remove").status_code == 400
        assert len(webhooks.list_endpoints()) == 1
        page = client.get("/admin/webhooks").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        client.post(f"/admin/webhooks/{endpoint.id}/remove", data={"csrf_token": token})
        assert webhooks.list_endpoints() == []
