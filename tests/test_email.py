"""E-mail notifications through a real SMTP server (aiosmtpd): who gets what, when, and that a broken mail
server never breaks a save."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from editorial.database import db, utcnow
from editorial.models import Article, DeliveryStatus, EmailDelivery, OutboxMessage, User
from editorial.services import mail, outbox, people, transitions
from tests.delivery_servers import Mailbox, free_port

SMTP_PORT = free_port()


@pytest.fixture
def smtp():
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    yield box
    controller.stop()


@pytest.fixture
def app_config():
    return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": SMTP_PORT, "SMTP_STARTTLS": False, "SMTP_SSL": False,
            "SMTP_TIMEOUT": 5, "MAIL_FROM": "Editorial <editorial@news.example.org>", "DELIVER_AFTER_COMMIT": False}


@pytest.fixture
def desk(newsroom):
    """The newsroom with e-mail addresses."""
    for user in newsroom.values():
        people.update_profile(user, display_name=user.display_name, email=f"{user.username}@news.example.org")
    return newsroom


def choose(user: User, choice: EmailDelivery) -> None:
    mail.set_delivery(db.session.get(User, user.id), choice.value)


def rows() -> list[OutboxMessage]:
    db.session.rollback()
    return list(db.session.execute(sa.select(OutboxMessage).order_by(OutboxMessage.id)).scalars())


def parts(message) -> dict[str, str]:
    return {part.get_content_type(): part.get_content() for part in message.walk() if not part.is_multipart()}


def test_a_submission_mails_the_editor_plain_and_html_with_a_link(smtp, desk, make_article):
    article = make_article(desk["rita"], headline="Dams & <rivers>")
    transitions.transition(desk["rita"], article.id, "in_review")
    summary = outbox.deliver()
    assert summary.sent == 1
    assert [rcpts for rcpts, _ in smtp.messages] == [["ed@news.example.org"]]  # not Rita, who submitted it
    message = smtp.to("ed@news.example.org")[0]
    assert message["Subject"] == "Rita Reporter submitted “Dams & <rivers>” for review"
    assert message["From"] == "Editorial <editorial@news.example.org>"
    assert message["To"] == "Ed Editor <ed@news.example.org>"
    assert message["Auto-Submitted"] == "auto-generated"
    body = parts(message)
    link = f"http://localhost/articles/{article.id}"  # on PUBLIC_BASE_URL
    assert link in body["text/plain"] and "Dams & <rivers>" in body["text/plain"]
    assert f'href="{link}"' in body["text/html"]
    assert "Dams &amp; &lt;rivers&gt;" in body["text/html"] and "<rivers>" not in body["text/html"]  # escaped
    assert "http://localhost/profile" in body["text/plain"]  # where to change it


def test_each_arrival_mails_an_editor_at_once_though_the_inbox_gathers_them(smtp, desk, make_article):
    first = make_article(desk["rita"], headline="First piece")
    second = make_article(desk["rob"], headline="Second piece")
    transitions.transition(desk["rita"], first.id, "in_review")
    transitions.transition(desk["rob"], second.id, "in_review")  # updates Ed's unread review digest row
    outbox.deliver()
    subjects = [m["Subject"] for m in smtp.to("ed@news.example.org")]
    assert subjects == ["Rita Reporter submitted “First piece” for review",
                        "Rob Reporter submitted “Second piece” for review"]


def test_nothing_is_queued_without_smtp_host(app, smtp, desk, make_article):
    app.config["SMTP_HOST"] = ""
    article = make_article(desk["rita"])
    transitions.transition(desk["rita"], article.id, "in_review")
    assert rows() == [] and outbox.deliver().sent == 0 and smtp.messages == []


def test_a_rolled_back_transaction_queues_nothing(smtp, desk, make_article):
    from editorial.services import notifications
    from editorial.services.audit import Kind, record

    article = make_article(desk["rita"])  # then notifications are written and the transaction dropped

    ev = record(Kind.TRANSITION, actor=desk["rita"], article=db.session.get(Article, article.id),
                from_state="draft", to_state="in_review", details={"transition": "submit"})
    notifications.on_transition(ev, db.session.get(Article, article.id), desk["rita"], name="submit")
    db.session.flush()
    db.session.rollback()
    assert rows() == []
    assert outbox.deliver().sent == 0 and smtp.messages == []


def test_people_without_an_address_get_nothing(smtp, newsroom, make_article):
    article = make_article(newsroom["rita"])
    transitions.transition(newsroom["rita"], article.id, "in_review")
    assert rows() == [] and smtp.messages == []


def test_none_gets_nothing_immediate_or_digest(smtp, desk, make_article, runner):
    choose(desk["ed"], EmailDelivery.NONE)
    article = make_article(desk["rita"])
    transitions.transition(desk["rita"], article.id, "in_review")
    outbox.deliver()
    result = runner.invoke(args=["send-digests"])
    assert result.exit_code == 0, result.output
    assert "0 digests queued" in result.output
    assert smtp.messages == []


def test_digest_people_get_one_digest_a_day(smtp, desk, make_article, runner):
    choose(desk["ed"], EmailDelivery.DAILY)
    first = make_article(desk["rita"], headline="First piece")
    second = make_article(desk["rob"], headline="Second piece")
    transitions.transition(desk["rita"], first.id, "in_review")
    transitions.transition(desk["rob"], second.id, "in_review")
    assert outbox.deliver().sent == 0 and smtp.messages == []  # nothing at once
    result = runner.invoke(args=["send-digests"])
    assert result.exit_code == 0, result.output
    assert "1 digest queued" in result.output and "sent 1" in result.output
    [message] = smtp.to("ed@news.example.org")
    # both arrivals are one review digest row in Ed's inbox (services/notifications): the mail says so
    assert message["Subject"] == "1 unread notification today"
    body = parts(message)
    assert "2 arrivals in the review queue; the latest: Rob Reporter submitted “Second piece”" in body["text/plain"]
    assert f"http://localhost/articles/{second.id}" in body["text/plain"]
    assert f'href="http://localhost/articles/{second.id}"' in body["text/html"]
    again = runner.invoke(args=["send-digests"])  # the same day again: nothing new, nothing sent twice
    assert "0 digests queued" in again.output and len(smtp.messages) == 1


def test_digest_leaves_out_what_was_read_or_older_than_a_day(smtp, desk, make_article):
    from editorial.services import notifications

    choose(desk["ed"], EmailDelivery.DAILY)
    article = make_article(desk["rita"], headline="Old news")
    transitions.transition(desk["rita"], article.id, "in_review")
    later = utcnow() + timedelta(days=1, minutes=5)
    assert outbox.queue_digests(now=later) == 0  # the notification is more than a day old by then
    other = make_article(desk["rob"], headline="Read already")
    transitions.transition(desk["rob"], other.id, "in_review")
    notifications.mark_read(db.session.get(User, desk["ed"].id))
    assert outbox.queue_digests() == 0


def test_a_failing_mail_server_does_not_break_the_save_and_is_retried(app, smtp, desk, make_article, client, auth):
    app.config["DELIVER_AFTER_COMMIT"] = True  # the after-commit thread tries at once, and fails
    smtp.failing = True
    article = make_article(desk["rita"])
    auth.login("rita")
    response = client.post(f"/articles/{article.id}/transition", data={"to": "in_review"})
    assert response.status_code == 302
    assert db.session.get(Article, article.id).state == "in_review"  # saved whatever the mail server says
    deadline = time.monotonic() + 10
    while (not rows() or rows()[0].attempts == 0) and time.monotonic() < deadline:
        time.sleep(0.05)
    [row] = rows()
    assert (row.status, row.attempts, row.last_status) == (DeliveryStatus.PENDING, 1, 451)
    assert "try again later" in row.last_error
    tried = row.last_attempt_at
    assert row.next_attempt_at == tried + timedelta(seconds=app.config["OUTBOX_RETRY_SECONDS"])
    smtp.failing = False
    assert outbox.deliver(now=tried + timedelta(seconds=30)).sent == 0  # not due yet: backing off
    assert outbox.deliver(now=tried + timedelta(seconds=61)).sent == 1
    [row] = rows()
    assert (row.status, row.attempts) == (DeliveryStatus.SENT, 2)
    assert [rcpts for rcpts, _ in smtp.messages] == [["ed@news.example.org"]]


def test_an_unreachable_mail_server_is_retried_then_marked_failed(app, desk, make_article):
    app.config.update(SMTP_PORT=free_port(), OUTBOX_MAX_ATTEMPTS=3)  # nothing listens there
    article = make_article(desk["rita"])
    transitions.transition(desk["rita"], article.id, "in_review")  # no exception: the save is done
    now = utcnow()
    outcomes = []
    for minutes in (0, 2, 5):
        summary = outbox.deliver(now=now + timedelta(minutes=minutes))
        outcomes.append((summary.sent, summary.retrying, summary.failed))
    assert outcomes == [(0, 1, 0), (0, 1, 0), (0, 0, 1)]
    [row] = rows()
    assert row.status is DeliveryStatus.FAILED and row.attempts == 3 and "Connection" in row.last_error
    assert outbox.deliver(now=now + timedelta(days=1)).failed == 0  # given up: not tried again


def test_the_after_commit_thread_sends_without_waiting_for_the_timer(app, smtp, desk, make_article, client, auth):
    app.config["DELIVER_AFTER_COMMIT"] = True
    article = make_article(desk["rita"])
    auth.login("rita")
    assert client.post(f"/articles/{article.id}/transition", data={"to": "in_review"}).status_code == 302
    smtp.wait(1)
    assert [rcpts for rcpts, _ in smtp.messages] == [["ed@news.example.org"]]
    assert outbox.deliver().sent == 0  # the timer finds nothing left: sent once, not twice


def test_the_profile_page_saves_the_choice(client, auth, desk):
    auth.login("ed")
    page = client.get("/profile").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="immediate"', page)  # the default
    assert not re.search(r'<input checked[^>]*value="(daily|none)"', page)
    response = client.post("/profile/email", data={"email_delivery": "daily"})
    assert response.status_code == 302 and response.location.endswith("/profile#email-notifications")
    assert db.session.get(User, desk["ed"].id).email_delivery is EmailDelivery.DAILY
    assert re.search(r'<input checked[^>]*value="daily"', client.get("/profile").get_data(as_text=True))
    bad = client.post("/profile/email", data={"email_delivery": "hourly"})
    assert bad.status_code == 422 and "Not a valid choice" in bad.get_data(as_text=True)
    assert db.session.get(User, desk["ed"].id).email_delivery is EmailDelivery.DAILY


def test_deliver_command_reports(smtp, desk, make_article, runner):
    article = make_article(desk["rita"])
    transitions.transition(desk["rita"], article.id, "in_review")
    result = runner.invoke(args=["deliver"])
    assert result.exit_code == 0, result.output
    assert "sent 1, to retry 0, failed 0; 0 waiting" in result.output
