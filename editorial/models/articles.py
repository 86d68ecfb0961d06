"""Articles, their immutable revisions, bylines and soft edit locks."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editorial.database import UTCDateTime, db, enum_column, utcnow
from editorial.models.people import User
from editorial.workflow import State


# Partial indexes: the same WHERE on both databases (the migration e4c1a7b9d2f6 creates them).
def _partial(clause: str) -> dict:
    return {"sqlite_where": sa.text(clause), "postgresql_where": sa.text(clause)}


class Article(db.Model):
    __tablename__ = "articles"
    # One index per list shape, filter columns first, then the sort (tests/test_query_plans.py holds them to it).
    __table_args__ = (
        sa.Index("ix_articles_state_queue", "state", "state_changed_at", "id"),  # queues, board: oldest first
        sa.Index("ix_articles_state_updated", "state", "updated_at", "id"),  # drafts, lists of one state
        sa.Index("ix_articles_updated", "updated_at", "id"),  # the article list and the API, newest first
        sa.Index("ix_articles_published", "published_at", "id", **_partial("published_revision_id IS NOT NULL")),
        sa.Index("ix_articles_created_by", "created_by_id", "state"),  # a reporter's own pieces
        # Published pieces back in review for a correction: few, and the only live ones whose published section
        # can differ from their current one (services/public.section_names).
        sa.Index("ix_articles_revised_live", "state", "published_revision_id", **_partial(
            "published_revision_id IS NOT NULL AND state IN ('in_review', 'changes_requested', 'approved')")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    headline: Mapped[str] = mapped_column(sa.String(300))
    standfirst: Mapped[str] = mapped_column(sa.Text, default="")
    section: Mapped[str] = mapped_column(sa.String(80), default="", index=True)
    tags: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    dateline_date: Mapped[date | None] = mapped_column(sa.Date)
    body_html: Mapped[str] = mapped_column(sa.Text, default="")
    body_text: Mapped[str] = mapped_column(sa.Text, default="")
    state: Mapped[State] = mapped_column(enum_column(State, "article_state"), default=State.DRAFT)
    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When it entered its current state: queues sort by how long a piece has waited.
    state_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    approved_revision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("revisions.id", use_alter=True, ondelete="SET NULL")
    )
    published_revision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("revisions.id", use_alter=True, ondelete="SET NULL")
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Public transparency: verified claims show their sources on the published page.
    show_sources: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Scheduled publishing: when `publish-due` should publish this approved piece, and who asked for it.
    publish_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    scheduled_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # The public correction note a scheduled republication will publish with (read only while scheduled).
    scheduled_correction_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    scheduled_by: Mapped[User | None] = relationship(foreign_keys=[scheduled_by_id])
    byline_rows: Mapped[list[Byline]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="Byline.position", lazy="selectin"
    )
    assignments: Mapped[list[Assignment]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    # Optimistic concurrency: every ORM UPDATE says "WHERE version = <the version I read>", so a save
    # racing another on a stale copy fails instead of overwriting it. Services bump it on content saves.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    @property
    def authors(self) -> list[User]:
        return [row.user for row in self.byline_rows]

    def is_author(self, user: User) -> bool:
        return user.id == self.created_by_id or any(row.user_id == user.id for row in self.byline_rows)

    def is_assigned(self, user: User) -> bool:
        return any(a.user_id == user.id for a in self.assignments)


class Byline(db.Model):
    __tablename__ = "bylines"
    __table_args__ = (sa.Index("ix_bylines_user_article", "user_id", "article_id"),)

    article_id: Mapped[int] = mapped_column(sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)

    article: Mapped[Article] = relationship(back_populates="byline_rows")
    user: Mapped[User] = relationship(lazy="joined")


class Revision(db.Model):
    """An immutable snapshot of an article's editable fields; every save makes one."""

    __tablename__ = "revisions"
    __table_args__ = (sa.UniqueConstraint("article_id", "number", name="article_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Indexed by the unique (article_id, number): a piece's revisions in order.
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("articles.id", ondelete="RESTRICT"))
    number: Mapped[int]
    headline: Mapped[str] = mapped_column(sa.String(300))
    standfirst: Mapped[str] = mapped_column(sa.Text, default="")
    section: Mapped[str] = mapped_column(sa.String(80), default="")
    tags: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    dateline_date: Mapped[date | None] = mapped_column(sa.Date)
    byline: Mapped[list[int]] = mapped_column(sa.JSON, default=list)  # user ids, in order
    body_html: Mapped[str] = mapped_column(sa.Text, default="")
    body_text: Mapped[str] = mapped_column(sa.Text, default="")
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    restored_from: Mapped[int | None]  # the revision number this one restores, if any
    note: Mapped[str] = mapped_column(sa.String(300), default="")

    author: Mapped[User] = relationship(lazy="joined")


class EditLock(db.Model):
    """A soft lock: who has the article open in the editor, until when. Advisory, never blocking."""

    __tablename__ = "edit_locks"

    article_id: Mapped[int] = mapped_column(sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The holder's editor page (a random token per page load): only that page's unlock frees the lock, so the
    # unlock an old page sends as it goes cannot free the lock its reload has just taken.
    token: Mapped[str | None] = mapped_column(sa.String(64))

    user: Mapped[User] = relationship(lazy="joined")


class HandOver(StrEnum):
    """Where a request to take over the edit lock stands."""

    ASKED = "asked"
    HANDED_OVER = "handed_over"
    DECLINED = "declined"


class TakeOverRequest(db.Model):
    """Someone behind the lock holder asked them to hand the article over; the holder answers, the asker's
    heartbeat learns the answer. One per asker and article (asking again replaces it); it lapses with the lock
    lifetime (services/locks.py)."""

    __tablename__ = "take_over_requests"

    article_id: Mapped[int] = mapped_column(sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    asker_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True)
    holder_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answer: Mapped[HandOver] = mapped_column(enum_column(HandOver, "hand_over"), default=HandOver.ASKED)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    asker: Mapped[User] = relationship(foreign_keys=[asker_id], lazy="joined")
    holder: Mapped[User] = relationship(foreign_keys=[holder_id], lazy="joined")


class EditPresence(db.Model):
    """Someone who opened the editor while another person held the lock: the holder is told who joined.
    Refreshed by their heartbeat; stale after the lock lifetime. Advisory, like the lock."""

    __tablename__ = "edit_presences"

    article_id: Mapped[int] = mapped_column(sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")


class Assignment(db.Model):
    """A person asked to work on an article (a reviewing editor, a fact-checker); lets them see it."""

    __tablename__ = "assignments"

    article_id: Mapped[int] = mapped_column(sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True, index=True)
    assigned_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
