"""The outbox: e-mails and webhook calls written in the transaction that caused them, sent after it commits.

Why an outbox: a save must never wait for, or fail because of, a mail server or someone's webhook endpoint,
and a committed notification must never be forgotten because the process stopped. So the rows are written by
the same commit as the notification or event (`init_app` hooks the session once: whatever creates
Notification or Event rows, nothing else has to remember to call us), and sent afterwards:
- at once, by a short-lived background thread started after a web request's commit (DELIVER_AFTER_COMMIT);
- and by `flask --app editorial deliver`, run every minute by a timer, which sends what the thread missed
  (a restart, a crash) and the retries: OUTBOX_RETRY_SECONDS, doubled after each failure, up to
  OUTBOX_MAX_ATTEMPTS tries, then the row is marked failed and logged.
A sender takes a row with a short lease (`_claim`), so the thread and the timer never both send it."""

from __future__ import annotations

import logging
import smtplib
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, has_app_context, has_request_context

from editorial.database import db, utcnow
from editorial.delivery_rules import next_attempt
from editorial.models import (
    Channel,
    DeliveryStatus,
    EmailDelivery,
    Event,
    Notification,
    OutboxMessage,
    User,
    Webhook,
)
from editorial.services import mail, webhooks

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)  # longer than one SMTP conversation or webhook call can take
DIGEST_WINDOW = timedelta(days=1)
_SEEN = "outbox_seen"  # session.info: ids of notifications and events flushed in this transaction
_QUEUED = "outbox_queued"  # session.info: outbox ids written by this transaction, for the after-commit thread


def init_app(app) -> None:
    """Listen to the app's session (once per process: the listeners read the app from the context)."""
    for name, listener in (("after_flush", _seen), ("before_commit", _queue), ("after_commit", _after_commit),
                           ("after_soft_rollback", _forget)):
        if not sa.event.contains(db.session, name, listener):
            sa.event.listen(db.session, name, listener)


# ---- writing the outbox, inside the transaction ------------------------------------------------------------


def _seen(session, flush_context) -> None:
    notes = [o.id for o in session.new if isinstance(o, Notification)]
    events = [o.id for o in session.new if isinstance(o, Event) and o.kind in webhooks.KIND_FAMILY]
    if notes or events:
        seen = session.info.setdefault(_SEEN, {"notifications": [], "events": []})
        seen["notifications"] += notes
        seen["events"] += events


def notifications_updated(session, ids) -> None:
    """Notification rows changed by a bulk UPDATE (a review digest taking another arrival: services/notifications)
    are news again: queue their e-mails as for new rows. The session's flush hook sees only ORM inserts."""
    if ids:
        seen = session.info.setdefault(_SEEN, {"notifications": [], "events": []})
        seen["notifications"] += list(ids)


def _queue(session) -> None:
    session.flush()  # commit() flushes only after this hook: what is still pending must be seen now
    seen = session.info.pop(_SEEN, None)
    if not seen or not has_app_context():
        return
    try:
        rows = _email_rows(seen["notifications"]) + _webhook_rows(seen["events"])
    except Exception:  # a bug here must not cost anyone their save: the notification is in the inbox anyway
        log.exception("could not queue e-mails and webhook calls for notifications %s and events %s",
                      seen["notifications"], seen["events"])
        return
    if rows:
        session.add_all(rows)
        session.flush()
        session.info.setdefault(_QUEUED, []).extend(row.id for row in rows)


def _email_rows(notification_ids: list[int]) -> list[OutboxMessage]:
    if not notification_ids or not mail.enabled():
        return []
    found = db.session.execute(
        sa.select(Notification.id, Notification.user_id, Notification.event_id, Notification.message,
                  Notification.article_id)
        .join(User, User.id == Notification.user_id)
        .where(Notification.id.in_(notification_ids), User.active.is_(True),
               User.email_delivery == EmailDelivery.IMMEDIATE, sa.func.coalesce(User.email, "") != "")
    ).all()
    return [OutboxMessage(channel=Channel.EMAIL, user_id=user_id, notification_id=note_id, event_id=event_id,
                          # what the row says now: a review digest row may take another arrival before it is sent
                          payload={"message": message, "article_id": article_id}, delivery_id=str(uuid.uuid4()))
            for note_id, user_id, event_id, message, article_id in found]


def _webhook_rows(event_ids: list[int]) -> list[OutboxMessage]:
    if not event_ids:
        return []
    endpoints = webhooks.list_endpoints()
    if not endpoints:
        return []
    rows = []
    for event_id in event_ids:
        event = db.session.get(Event, event_id)
        family = webhooks.KIND_FAMILY[event.kind]
        for endpoint in endpoints:
            if family in endpoint.families:
                delivery_id = str(uuid.uuid4())
                body = webhooks.body_for(event, family, delivery_id, endpoint.format)
                rows.append(OutboxMessage(channel=Channel.WEBHOOK, webhook_id=endpoint.id, event_id=event.id,
                                          delivery_id=delivery_id,
                                          payload={"event": event.kind, "family": family, "body": body}))
    return rows


def _after_commit(session) -> None:
    queued = session.info.pop(_QUEUED, None)
    if queued and has_request_context() and current_app.config.get("DELIVER_AFTER_COMMIT"):
        start_thread(current_app._get_current_object(), queued)


def _forget(session, previous_transaction) -> None:
    session.info.pop(_SEEN, None)
    session.info.pop(_QUEUED, None)


def start_thread(app, ids: list[int]) -> threading.Thread:
    """Send these rows now, beside the request; what fails here is retried by `flask deliver`."""

    def run() -> None:
        with app.app_context():
            try:
                deliver(ids=ids)
            except Exception:
                log.exception("after-commit delivery of outbox rows %s failed; `flask deliver` retries them", ids)
            finally:
                db.session.remove()

    thread = threading.Thread(target=run, name="editorial-outbox", daemon=True)
    thread.start()
    return thread


# ---- digests -----------------------------------------------------------------------------------------------


def queue_digests(now: datetime | None = None) -> int:
    """One digest for each person who chose "once a day": their notifications since the last digest (a day at
    most) that are still unread and were not e-mailed already. How many digests were queued."""
    if not mail.enabled():
        return 0
    now = now or utcnow()
    people = db.session.execute(
        sa.select(User).where(User.active.is_(True), User.email_delivery == EmailDelivery.DAILY,
                              sa.func.coalesce(User.email, "") != "")
    ).scalars().all()
    emailed = sa.select(OutboxMessage.notification_id).where(OutboxMessage.notification_id.is_not(None))
    queued = 0
    for person in people:
        since = max(person.last_digest_at or now - DIGEST_WINDOW, now - DIGEST_WINDOW)
        ids = db.session.execute(
            sa.select(Notification.id).where(
                Notification.user_id == person.id, Notification.created_at > since, Notification.created_at <= now,
                Notification.read_at.is_(None), Notification.id.not_in(emailed))
            .order_by(Notification.created_at, Notification.id)
        ).scalars().all()
        person.last_digest_at = now
        if ids:
            db.session.add(OutboxMessage(channel=Channel.EMAIL, user_id=person.id, payload={"digest": ids},
                                        delivery_id=str(uuid.uuid4()), next_attempt_at=now))
            queued += 1
    db.session.commit()
    return queued


# ---- sending -----------------------------------------------------------------------------------------------


@dataclass
class Summary:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def deliver(*, now: datetime | None = None, ids: list[int] | None = None, limit: int = 500) -> Summary:
    """Send every pending row that is due (or just these ids). Never raises for a failed send."""
    now = now or utcnow()
    due = (sa.select(OutboxMessage.id)
           .where(OutboxMessage.status == DeliveryStatus.PENDING, OutboxMessage.next_attempt_at <= now,
                  sa.or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until < now))
           .order_by(OutboxMessage.id).limit(limit))
    if ids is not None:
        due = due.where(OutboxMessage.id.in_(ids))
    candidates = db.session.execute(due).scalars().all()
    db.session.rollback()
    summary = Summary()
    for message_id in candidates:
        if not _claim(message_id, now):
            continue  # another sender has it
        ok, status, error, permanent = _attempt(message_id)
        outcome = _record(message_id, now, ok=ok, status=status, error=error, permanent=permanent)
        setattr(summary, outcome, getattr(summary, outcome) + 1)
    return summary


def _claim(message_id: int, now: datetime) -> bool:
    """Take the row for one send, if it is still pending, due and nobody's: a sender on another host may have sent
    it, or tried and set its next attempt later, since our list was read."""
    taken = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == DeliveryStatus.PENDING,
               OutboxMessage.next_attempt_at <= now,
               sa.or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until < now))
        .values(locked_until=now + LEASE)
    )
    db.session.commit()
    return taken.rowcount == 1


def _attempt(message_id: int) -> tuple[bool, int | None, str, bool]:
    """(sent?, status code, error, permanent?). The message is read, the transaction ended, then sent: no
    database lock is held while a server far away takes its time."""
    message = db.session.get(OutboxMessage, message_id)
    try:
        send = _prepare_email(message) if message.channel is Channel.EMAIL else _prepare_webhook(message)
    except _Undeliverable as e:
        db.session.rollback()
        return False, None, str(e), True
    db.session.rollback()
    try:
        return send()
    except Exception as e:  # noqa: BLE001 - whatever went wrong is logged and retried, never raised
        log.exception("outbox row %s: unexpected error while sending", message_id)
        return False, None, f"{type(e).__name__}: {e}", False


class _Undeliverable(Exception):
    """This row can never be sent (its person left, their address is gone, its endpoint was removed)."""


def _prepare_email(message: OutboxMessage):
    user = db.session.get(User, message.user_id) if message.user_id else None
    if user is None or not user.active or not user.email:
        raise _Undeliverable("the person has no e-mail address (or is deactivated)")
    if message.notification_id:
        notification = db.session.get(Notification, message.notification_id)
        if notification is None:
            raise _Undeliverable("the notification is gone")
        email = mail.notification_message(user, notification, as_queued=message.payload)
    else:
        notes = db.session.execute(
            sa.select(Notification).where(Notification.id.in_(message.payload.get("digest", [])))
            .order_by(Notification.created_at, Notification.id)).scalars().all()
        if not notes:
            raise _Undeliverable("the digest's notifications are gone")
        email = mail.digest_message(user, list(notes))

    def send():
        if not mail.enabled():
            return False, None, "SMTP_HOST is not set", False
        try:
            mail.send(email)
        except smtplib.SMTPResponseException as e:
            return False, e.smtp_code, f"SMTP {e.smtp_code}: {_text(e.smtp_error)}", False
        except smtplib.SMTPRecipientsRefused as e:
            return False, None, f"recipient refused: {e.recipients}", False
        except (smtplib.SMTPException, OSError) as e:
            return False, None, f"{type(e).__name__}: {e}", False
        return True, 250, "", False

    return send


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _prepare_webhook(message: OutboxMessage):
    endpoint = db.session.get(Webhook, message.webhook_id) if message.webhook_id else None
    if endpoint is None:
        raise _Undeliverable("the webhook was removed")
    target = webhooks.Target(url=endpoint.url, secret=endpoint.secret)
    event, body, delivery_id = message.payload.get("event", ""), message.payload.get("body", {}), message.delivery_id

    def send():
        result = webhooks.call(target, event=event, body=body, delivery_id=delivery_id)
        return result.ok, result.status, result.error, False

    return send


def _record(message_id: int, now: datetime, *, ok: bool, status: int | None, error: str, permanent: bool) -> str:
    config = current_app.config
    message = db.session.get(OutboxMessage, message_id)
    message.attempts += 1
    message.last_attempt_at = now
    message.last_status = status
    message.last_error = error[:500]
    message.locked_until = None
    what = f"{message.channel.value} {message.id} ({_recipient(message)})"
    if ok:
        message.status = DeliveryStatus.SENT
        message.sent_at = now
        outcome = "sent"
        log.info("outbox %s sent after %d attempt(s)", what, message.attempts)
    elif permanent or message.attempts >= config["OUTBOX_MAX_ATTEMPTS"]:
        message.status = DeliveryStatus.FAILED
        outcome = "failed"
        log.error("outbox %s failed for good after %d attempt(s): %s", what, message.attempts, error)
    else:
        message.next_attempt_at = next_attempt(now, message.attempts, base_seconds=config["OUTBOX_RETRY_SECONDS"])
        outcome = "retrying"
        log.warning("outbox %s attempt %d of %d failed: %s; next try at %s", what, message.attempts,
                    config["OUTBOX_MAX_ATTEMPTS"], error, message.next_attempt_at.isoformat())
    db.session.commit()
    return outcome


def _recipient(message: OutboxMessage) -> str:
    return f"user {message.user_id}" if message.channel is Channel.EMAIL else f"webhook {message.webhook_id}"


def prune(now: datetime | None = None) -> int:
    """Forget sent and failed rows older than OUTBOX_KEEP_DAYS. How many went."""
    now = now or utcnow()
    cutoff = now - timedelta(days=current_app.config["OUTBOX_KEEP_DAYS"])
    gone = db.session.execute(
        sa.delete(OutboxMessage).where(OutboxMessage.status != DeliveryStatus.PENDING,
                                       sa.func.coalesce(OutboxMessage.last_attempt_at, OutboxMessage.created_at)
                                       < cutoff)
    ).rowcount
    db.session.commit()
    return gone


def pending_count() -> int:
    return db.session.execute(
        sa.select(sa.func.count(OutboxMessage.id)).where(OutboxMessage.status == DeliveryStatus.PENDING)
    ).scalar_one()

