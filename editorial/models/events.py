"""The append-only audit trail and the in-app notifications it produces."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editorial.database import UTCDateTime, db, utcnow
from editorial.models.people import User
from editorial.wording import plural


class Event(db.Model):
    """One thing that happened: a save, a transition, a role change, a failed login…"""

    __tablename__ = "events"
    __table_args__ = (sa.Index("ix_events_article_timeline", "article_id", "created_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(sa.String(40), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    article_id: Mapped[int | None] = mapped_column(sa.ForeignKey("articles.id", ondelete="RESTRICT"))
    subject_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    from_state: Mapped[str | None] = mapped_column(sa.String(32))
    to_state: Mapped[str | None] = mapped_column(sa.String(32))
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # For login failures: what was typed and from where (rate limiting reads these).
    username_tried: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    remote_addr: Mapped[str | None] = mapped_column(sa.String(64), index=True)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id], lazy="joined")
    subject_user: Mapped[User | None] = relationship(foreign_keys=[subject_user_id], lazy="joined")


@sa_event.listens_for(Event, "before_update")
def _refuse_update(mapper, connection, target) -> None:
    raise RuntimeError("audit events are append-only")


@sa_event.listens_for(Event, "before_delete")
def _refuse_delete(mapper, connection, target) -> None:
    raise RuntimeError("audit events are append-only")


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (
        sa.Index("ix_notifications_inbox", "user_id", "created_at", "id"),
        # The header's unread count on every staff page, and a person's open digest row, read only unread rows.
        sa.Index("ix_notifications_unread", "user_id", "digest",
                 sqlite_where=sa.text("read_at IS NULL"), postgresql_where=sa.text("read_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("events.id"))
    article_id: Mapped[int | None] = mapped_column(sa.ForeignKey("articles.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A digest row gathers events of one kind while unread ("review": pieces submitted to every editor), so an
    # editor has one row for the review queue, not one per submission in the newsroom (services/notifications).
    digest: Mapped[str | None] = mapped_column(sa.String(40))
    updates: Mapped[int] = mapped_column(default=1, server_default="1")  # how many events the row stands for

    event: Mapped[Event | None] = relationship(lazy="joined")

    @property
    def text(self) -> str:
        """What the inbox says: a digest that gathered several events says how many, then the latest."""
        if (self.updates or 1) > 1:
            return f"{plural(self.updates, 'arrival')} in the review queue; the latest: {self.message}"
        return self.message

    @property
    def anchor(self) -> str:
        """Where on the article page it points: the comment thread or the claim it is about, if any."""
        details = (self.event.details or {}) if self.event is not None else {}
        for key, prefix in (("thread", "comment"), ("claim", "claim")):
            if isinstance(details.get(key), int):
                return f"{prefix}-{details[key]}"
        return ""
