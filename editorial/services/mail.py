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


def _item(notification: Notification) -> dict:
    if notification.article_id:
        url = links.article_url(notification.article_id, notification.anchor)
    else:
        url = links.absolute("inbox.show")
    return {"message": notification.message, "url": url, "at": notification.created_at}


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


def notification_message(user: User, notification: Notification) -> EmailMessage:
    return _message(user, notification.message, "notification", item=_item(notification))


def digest_message(user: User, notifications: list[Notification]) -> EmailMessage:
    items = [_item(n) for n in notifications]
    subject = f"{len(items)} unread notification{'s' if len(items) != 1 else ''} today"
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
