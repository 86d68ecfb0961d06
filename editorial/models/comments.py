"""Review comments: threads on a span of the text (anchored like claims) or on the whole piece."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editorial.database import UTCDateTime, db, utcnow
from editorial.models.copydesk import AnchoredSpan
from editorial.models.people import User


class CommentThread(AnchoredSpan, db.Model):
    """A conversation about some words of the body (`on_text`) or about the piece as a whole (then the
    anchor fields are empty). Blocking threads must be resolved before the piece can be published."""

    __tablename__ = "comment_threads"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("articles.id", ondelete="RESTRICT"), index=True)
    on_text: Mapped[bool] = mapped_column(server_default=sa.true())
    blocking: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_version: Mapped[int] = mapped_column(default=1)  # the article version the comment was made on
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id], lazy="joined")
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id], lazy="joined")
    comments: Mapped[list[Comment]] = relationship(
        back_populates="thread", cascade="all, delete-orphan", order_by="Comment.id", lazy="selectin"
    )

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class Comment(db.Model):
    """One message in a thread: plain text, never edited (a correction is another reply)."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(sa.ForeignKey("comment_threads.id", ondelete="RESTRICT"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(sa.Text)
    mentions: Mapped[list] = mapped_column(sa.JSON, default=list)  # user names notified by @mention
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    thread: Mapped[CommentThread] = relationship(back_populates="comments")
    author: Mapped[User] = relationship(lazy="joined")
