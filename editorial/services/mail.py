"""E-mail: each person's choice of how they hear, the messages (plain text with an HTML alternative, both
from templates) and the SMTP conversation. Sending is the outbox's job (services/outbox.py): nothing here is
called inside a request's transaction."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from urllib.parse import urlsplit

from flask import current_app

from editorial.database import db
from editorial.models import EmailDelivery, Notification, User
from editorial.services import links
from editorial.services.errors import Invalid
from editorial.wording import plural

SUBJECT_MAX = 180
CHOICES = {
    EmailDelivery.IMMEDIATE: "At once: one e-mail for each notification",
    EmailDelivery.DAILY: "Once a day: a digest of what is still unread",
    EmailDelivery.NONE: "Never: the inbox here is enough",
}


def enabled() -> bool:
    """E-mail is on once SMTP_HOST is set; until then nothing is queued for it."""
    return bool(current_app.config.get("SMTP_HOST"))


def set_delivery(user: User, choice: str) -> None:
    if choice not in EmailDelivery._value2member_map_:
        raise Invalid("Choose how you want to hear by e-mail: at once, once a day, or never.", field="email_delivery")
    user.email_delivery = EmailDelivery(choice)
    db.session.commit()


def _item(notification: Notification, *, as_in_inbox: bool = False, as_queued: dict | None = None) -> dict:
    """One notification in a mail: its message as it was when the mail was queued (`as_queued`: a review
    digest row may have taken another arrival since), or (a digest) what the inbox says, which for a review
    digest row counts the arrivals it gathered (models.Notification.text)."""
    queued = as_queued or {}
    article_id = queued.get("article_id", notification.article_id)
    if article_id:
        url = links.article_url(article_id, notification.anchor if article_id == notification.article_id else "")
    else:
        url = links.absolute("inbox.show")
    message = notification.text if as_in_inbox else queued.get("message") or notification.message
    return {"message": message, "url": url, "at": notification.created_at}


def _message(user: User, subject: str, template: str, **context) -> EmailMessage:
    config = current_app.config
    context |= {"person": user, "newsroom": config.get("NEWSROOM_NAME", "Editorial"),
                "profile_url": links.absolute("profile.show"), "inbox_url": links.absolute("inbox.show")}
    message = EmailMessage()
    message["Subject"] = subject if len(subject) <= SUBJECT_MAX else subject[: SUBJECT_MAX - 1] + "…"
    message["From"] = config["MAIL_FROM"]
    message["To"] = formataddr((user.display_name, user.email or ""))
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=urlsplit(links.base_url()).hostname or "editorial.invalid")
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to a robot
    message.set_content(_render(f"email/{template}.txt", context))
    message.add_alternative(_render(f"email/{template}.html", context), subtype="html")
    return message


def _render(name: str, context: dict) -> str:
    """The template alone, without the page's context processors (there is no request, nor anyone logged in).
    The app's environment autoescapes .html templates; the .txt ones are plain text."""
    return current_app.jinja_env.get_template(name).render(**context)


def notification_message(user: User, notification: Notification, *, as_queued: dict | None = None) -> EmailMessage:
    item = _item(notification, as_queued=as_queued)
    return _message(user, item["message"], "notification", item=item)


def digest_message(user: User, notifications: list[Notification]) -> EmailMessage:
    items = [_item(n, as_in_inbox=True) for n in notifications]
    subject = f"{plural(len(items), 'unread notification')} today"
    return _message(user, subject, "digest", items=items)


def send(message: EmailMessage) -> None:
    """One SMTP conversation; raises smtplib.SMTPException or OSError when the server says no or is not there."""
    config = current_app.config
    host, port, timeout = config["SMTP_HOST"], config["SMTP_PORT"], config["SMTP_TIMEOUT"]
    context = ssl.create_default_context()
    if config["SMTP_SSL"]:
        server = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        server = smtplib.SMTP(host, port, timeout=timeout)
    with server:
        if config["SMTP_STARTTLS"]:
            server.starttls(context=context)
        if config["SMTP_USERNAME"]:
            server.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        server.send_message(message)
