"""Outgoing webhooks: the endpoints admins register, the body each event becomes, and the signed POST.

Calls go through the outbox (services/outbox.py): written with the event, sent after the commit, retried.
A call connects only to the address it checked (no DNS rebinding), follows no redirect, and waits
WEBHOOK_TIMEOUT seconds at most per step."""

from __future__ import annotations

import http.client
import ipaddress
import json
import secrets
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app

from editorial.database import db
from editorial.delivery_rules import SIGNATURE_HEADER, address_allowed, sign, webhook_url_problem
from editorial.models import Article, Event, OutboxMessage, User, Webhook, WebhookFormat
from editorial.services import links
from editorial.services.audit import Kind, record
from editorial.services.errors import Invalid, NotFound

FAMILIES = {
    "transitions": "Transitions: a piece moves through the workflow (submitted, approved, published…)",
    "assignments": "Assignments: someone is put on (or taken off) a piece or a claim",
    "verdicts": "Verdicts: a claim's fact-check status changes",
    "comments": "Comments: review comments added, replied to, resolved, reopened",
}
KIND_FAMILY = {
    Kind.TRANSITION.value: "transitions",
    Kind.SENT_BACK_BY_EDIT.value: "transitions",
    Kind.ASSIGNED.value: "assignments",
    Kind.UNASSIGNED.value: "assignments",
    Kind.CLAIM_ASSIGNED.value: "assignments",
    Kind.CLAIM_STATUS.value: "verdicts",
    Kind.COMMENT_ADDED.value: "comments",
    Kind.COMMENT_REPLIED.value: "comments",
    Kind.COMMENT_RESOLVED.value: "comments",
    Kind.COMMENT_REOPENED.value: "comments",
}
SECRET_MAX = 200
RESPONSE_KEPT = 300  # characters of an endpoint's answer kept in the delivery log


# ---- endpoints ---------------------------------------------------------------------------------------------


def list_endpoints() -> list[Webhook]:
    return list(db.session.execute(sa.select(Webhook).order_by(Webhook.id)).scalars())


def get(webhook_id: int) -> Webhook:
    webhook = db.session.get(Webhook, webhook_id)
    if webhook is None:
        raise NotFound("No such webhook: it may have been removed.")
    return webhook


def add(actor: User, *, url: str, events, fmt: str, secret: str = "", description: str = "") -> Webhook:
    """Register an endpoint. An empty secret gets a random one (shown to admins on the webhooks page)."""
    url = (url or "").strip()
    problem = webhook_url_problem(url, allow_private=current_app.config["WEBHOOK_ALLOW_PRIVATE"])
    if problem:
        raise Invalid(problem, field="url")
    chosen = [e for e in FAMILIES if e in set(events or ())]
    unknown = sorted(set(events or ()) - set(FAMILIES))
    if unknown:
        raise Invalid(f"Unknown events {', '.join(unknown)}: choose from {', '.join(FAMILIES)}.", field="events")
    if not chosen:
        raise Invalid("Choose at least one kind of event to send.", field="events")
    if fmt not in WebhookFormat._value2member_map_:
        raise Invalid("Choose the generic JSON format or the Slack-compatible one.", field="format")
    secret = (secret or "").strip() or secrets.token_urlsafe(32)
    if len(secret) > SECRET_MAX:
        raise Invalid(f"A secret is at most {SECRET_MAX} characters.", field="secret")
    webhook = Webhook(url=url, secret=secret, events=",".join(chosen), format=WebhookFormat(fmt),
                      description=(description or "").strip()[:200], created_by_id=actor.id)
    db.session.add(webhook)
    db.session.flush()
    record(Kind.WEBHOOKS_CHANGED, actor=actor,
           details={"added": {"id": webhook.id, "url": url, "events": chosen, "format": fmt}})
    db.session.commit()
    return webhook


def remove(actor: User, webhook_id: int) -> None:
    """Remove an endpoint; its pending calls and delivery log go with it."""
    webhook = get(webhook_id)
    record(Kind.WEBHOOKS_CHANGED, actor=actor, details={"removed": {"id": webhook.id, "url": webhook.url}})
    db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.webhook_id == webhook.id))
    db.session.delete(webhook)
    db.session.commit()


def recent_deliveries(limit: int = 30) -> list[OutboxMessage]:
    return list(db.session.execute(
        sa.select(OutboxMessage).where(OutboxMessage.webhook_id.is_not(None))
        .order_by(OutboxMessage.id.desc()).limit(limit)).scalars())


def last_deliveries() -> dict[int, OutboxMessage]:
    """Each endpoint's latest call, by endpoint id: the page shows whether it works."""
    latest = (sa.select(sa.func.max(OutboxMessage.id)).where(OutboxMessage.webhook_id.is_not(None))
              .group_by(OutboxMessage.webhook_id))
    rows = db.session.execute(sa.select(OutboxMessage).where(OutboxMessage.id.in_(latest))).scalars()
    return {row.webhook_id: row for row in rows}


# ---- what an event becomes ---------------------------------------------------------------------------------

_SENTENCES = {
    "transitions": "{actor} moved “{headline}” from {from_state} to {to_state}",
    "assigned": "{actor} assigned {subject} to “{headline}”",
    "unassigned": "{actor} took {subject} off “{headline}”",
    "claim_assigned": "{actor} gave {subject} a claim to check in “{headline}”",
    "verdicts": "{actor} changed a fact check in “{headline}” from {from_state} to {to_state}",
    "comment_added": "{actor} commented on “{headline}”",
    "comment_replied": "{actor} replied to a comment on “{headline}”",
    "comment_resolved": "{actor} resolved a comment on “{headline}”",
    "comment_reopened": "{actor} reopened a comment on “{headline}”",
}


def _words(state: str | None) -> str:
    return (state or "?").replace("_", " ")


def describe(event: Event, family: str, article: Article | None) -> str:
    template = _SENTENCES.get(family) or _SENTENCES.get(event.kind) or "{actor}: " + event.kind
    actor = db.session.get(User, event.actor_id) if event.actor_id else None
    subject = db.session.get(User, event.subject_user_id) if event.subject_user_id else None
    return template.format(
        actor=actor.display_name if actor else "The system", subject=subject.display_name if subject else "someone",
        headline=(article.headline if article else "") or "(untitled)",
        from_state=_words(event.from_state), to_state=_words(event.to_state))


def _person(user_id: int | None) -> dict | None:
    user = db.session.get(User, user_id) if user_id else None
    return {"id": user.id, "username": user.username, "name": user.display_name} if user else None


def body_for(event: Event, family: str, delivery_id: str, fmt: WebhookFormat) -> dict:
    """The JSON body of one call, fixed when the event happens (a retry sends the very same bytes)."""
    article = db.session.get(Article, event.article_id) if event.article_id else None
    url = links.article_url(article.id) if article else ""
    text = describe(event, family, article)
    if fmt is WebhookFormat.SLACK:
        return {"text": f"{text} <{url}|Open the piece>" if url else text}
    return {
        "delivery": delivery_id,
        "event": event.kind,
        "family": family,
        "occurred_at": event.created_at.isoformat(),
        "text": text,
        "actor": _person(event.actor_id),
        "subject_user": _person(event.subject_user_id),
        "article": {"id": article.id, "headline": article.headline, "state": article.state.value, "url": url}
        if article else None,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "comment": (event.comment or "")[:2000],
        "details": event.details or {},
    }


def subscribed(family: str) -> list[Webhook]:
    return [w for w in list_endpoints() if family in w.families]


# ---- the call ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CallResult:
    ok: bool
    status: int | None
    error: str = ""


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever the name resolves to a moment later."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # the certificate names the host


def _address(host: str, port: int, allow_private: bool) -> str:
    """The first acceptable address of the host; raises OSError when it has none."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = [info[4][0] for info in infos]
    for address in addresses:
        if address_allowed(ipaddress.ip_address(address.split("%")[0]), allow_private=allow_private):
            return address
    raise OSError(f"{host} resolves only to addresses webhooks may not call ({', '.join(sorted(set(addresses)))}); "
                  "WEBHOOK_ALLOW_PRIVATE allows them")


@dataclass(frozen=True)
class Target:
    url: str
    secret: str


def call(target: Target, *, event: str, body: dict, delivery_id: str) -> CallResult:
    """POST the body to the endpoint, signed. Never raises: the outcome is the result."""
    config = current_app.config
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    problem = webhook_url_problem(target.url, allow_private=config["WEBHOOK_ALLOW_PRIVATE"])
    if problem:
        return CallResult(False, None, problem)
    parts = urlsplit(target.url)
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Editorial-Webhooks/1",
        "X-Editorial-Event": event,
        "X-Editorial-Delivery": delivery_id,
        "X-Editorial-Timestamp": str(int(time.time())),
        SIGNATURE_HEADER: sign(target.secret, data),
    }
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        address = _address(parts.hostname, port, config["WEBHOOK_ALLOW_PRIVATE"])
        connection_class = _PinnedHTTPS if https else _PinnedHTTP
        connection = connection_class(parts.hostname, port, address, config["WEBHOOK_TIMEOUT"])
        try:
            connection.request("POST", path, body=data, headers=headers)
            response = connection.getresponse()
            answer = response.read(RESPONSE_KEPT).decode("utf-8", "replace")
        finally:
            connection.close()
    except (OSError, http.client.HTTPException, ValueError) as e:
        return CallResult(False, None, f"{type(e).__name__}: {e}"[:500])
    if 200 <= response.status < 300:
        return CallResult(True, response.status)
    return CallResult(False, response.status, f"HTTP {response.status} {response.reason}: {answer}"[:500])
