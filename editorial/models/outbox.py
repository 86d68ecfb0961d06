"""What is to be sent outside the app (e-mails, webhook calls), and the webhook endpoints themselves.

An outbox row is written in the same transaction as what it tells about, so a rolled-back save sends
nothing and a committed one is never forgotten; services/outbox.py delivers it after the commit."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editorial.database import UTCDateTime, db, enum_column, utcnow


class Channel(StrEnum):
    EMAIL = "email"
    WEBHOOK = "webhook"


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # waiting for its first try or for the next one (next_attempt_at)
    SENT = "sent"
    FAILED = "failed"  # gave up after OUTBOX_MAX_ATTEMPTS tries, or can never be sent (no address…)


class WebhookFormat(StrEnum):
    JSON = "json"  # the generic signed JSON body
    SLACK = "slack"  # {"text": …}, what Slack, Mattermost and Rocket.Chat incoming webhooks take


class Webhook(db.Model):
    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(sa.String(2000))
    secret: Mapped[str] = mapped_column(sa.String(200))  # the HMAC key; kept to sign, shown to admins only
    # Comma-separated event families (services.webhooks.FAMILIES): transitions, assignments, verdicts, comments.
    events: Mapped[str] = mapped_column(sa.String(200))
    format: Mapped[WebhookFormat] = mapped_column(enum_column(WebhookFormat, "webhook_format"),
                                                  default=WebhookFormat.JSON)
    description: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    @property
    def families(self) -> list[str]:
        return [e for e in self.events.split(",") if e]


class OutboxMessage(db.Model):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, "outbox_channel"))
    status: Mapped[DeliveryStatus] = mapped_column(enum_column(DeliveryStatus, "delivery_status"),
                                                   default=DeliveryStatus.PENDING, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Who it goes to: a person (e-mail) or an endpoint (webhook).
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    webhook_id: Mapped[int | None] = mapped_column(sa.ForeignKey("webhooks.id", ondelete="CASCADE"), index=True)
    # What it is about: one notification (an immediate e-mail), or an event (a webhook call).
    notification_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("notifications.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("events.id"))
    # A digest's notification ids ({"digest": [..]}); a webhook's body as sent, and its family ({"family", "body"}).
    payload: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    delivery_id: Mapped[str] = mapped_column(sa.String(36), unique=True)  # X-Editorial-Delivery
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # A sender working on this row holds it until then: a timer run and an after-commit thread never both send it.
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status: Mapped[int | None] = mapped_column()  # the HTTP status or SMTP reply code of the last try
    last_error: Mapped[str] = mapped_column(sa.String(500), default="")

    webhook: Mapped[Webhook | None] = relationship()
