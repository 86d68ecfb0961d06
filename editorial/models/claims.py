"""Claims anchored in an article's text, the sources that back or contradict them."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editorial.claims import ClaimStatus, SourceKind, Stance
from editorial.database import UTCDateTime, db, enum_column, utcnow
from editorial.models.copydesk import AnchoredSpan
from editorial.models.people import User


class Claim(AnchoredSpan, db.Model):
    __tablename__ = "claims"
    __table_args__ = (
        sa.Index("ix_claims_article_status", "article_id", "status", "closed_at"),
        # A person's open claims (the fact-checker's "Assigned to you"): migration a8d3f1c6e2b9.
        sa.Index("ix_claims_assigned_open", "assigned_to_id", "status", "article_id",
                 sqlite_where=sa.text("closed_at IS NULL AND assigned_to_id IS NOT NULL"),
                 postgresql_where=sa.text("closed_at IS NULL AND assigned_to_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("articles.id", ondelete="RESTRICT"))
    summary: Mapped[str] = mapped_column(sa.String(300))
    status: Mapped[ClaimStatus] = mapped_column(
        enum_column(ClaimStatus, "claim_status"), default=ClaimStatus.UNVERIFIED, index=True
    )
    notes: Mapped[str] = mapped_column(sa.Text, default="")  # verdict notes
    rating: Mapped[str | None] = mapped_column(sa.String(40))  # the newsroom's rating key for a verdict
    verified_exact: Mapped[str | None] = mapped_column(sa.Text)  # the wording last given a verdict
    previous_exact: Mapped[str | None] = mapped_column(sa.Text)  # the wording before the last edit of it
    flag_rule: Mapped[str | None] = mapped_column(sa.String(60))  # when made from a copy-desk flag
    assigned_to_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # no longer in the copy
    close_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # the earlier claim (another article) whose sources this one took and whose verdict it was offered
    reused_from_id: Mapped[int | None] = mapped_column(sa.ForeignKey("claims.id", ondelete="SET NULL"), index=True)

    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id], lazy="joined")
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id], lazy="joined")
    links: Mapped[list[ClaimSource]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="ClaimSource.id", lazy="selectin"
    )


class Source(db.Model):
    """A document, statement or person, stored once per URL and reusable across claims and articles."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(sa.String(2000), unique=True)
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    publisher: Mapped[str] = mapped_column(sa.String(200), default="")
    author: Mapped[str] = mapped_column(sa.String(200), default="")
    date_published: Mapped[date | None] = mapped_column(sa.Date)
    kind: Mapped[SourceKind] = mapped_column(enum_column(SourceKind, "source_kind"), default=SourceKind.NEWS)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ClaimSource(db.Model):
    """A source attached to a claim: what it says about it and when it was read."""

    __tablename__ = "claim_sources"
    __table_args__ = (sa.UniqueConstraint("claim_id", "source_id", name="claim_source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claims.id", ondelete="RESTRICT"), index=True)
    source_id: Mapped[int] = mapped_column(sa.ForeignKey("sources.id"), index=True)
    stance: Mapped[Stance] = mapped_column(enum_column(Stance, "stance"), default=Stance.SUPPORTS)
    excerpt: Mapped[str] = mapped_column(sa.Text, default="")
    date_accessed: Mapped[date | None] = mapped_column(sa.Date)
    added_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="links")
    source: Mapped[Source] = relationship(lazy="joined")


class ClaimTerm(db.Model):
    """A term a claim is found by (a name or a rare content word, from claim_matching.index_terms): the
    retrieval index of claim memory, the same on SQLite and PostgreSQL."""

    __tablename__ = "claim_terms"

    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    term: Mapped[str] = mapped_column(sa.String(80), primary_key=True, index=True)


class ClaimMatch(db.Model):
    """An earlier claim in another article found to be the same claim, or to give another figure for the same
    quantity, when `claim` was made; stored so pages do not recompute it."""

    __tablename__ = "claim_matches"

    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    match_id: Mapped[int] = mapped_column(
        sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    verdict: Mapped[str] = mapped_column(sa.String(16))  # claim_matching.Verdict: same / contradiction
    score: Mapped[float]
    reasons: Mapped[str] = mapped_column(sa.Text, default="")  # "; "-joined, as compare() gave them
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    match: Mapped[Claim] = relationship(foreign_keys=[match_id], lazy="joined")


class ClaimMemoryStamp(db.Model):
    """One row: a number moved in the same transaction as anything claim memory's answers depend on (a claim
    made, re-worded, given a status, closed; the term index; a piece published or unpublished). Each revision's
    stored claim memory (RevisionFlags.memory) carries the number it was computed at and is recomputed on the
    first read after it moved (services/claim_memory.py)."""

    __tablename__ = "claim_memory_stamp"

    id: Mapped[int] = mapped_column(primary_key=True)
    stamp: Mapped[int] = mapped_column(sa.BigInteger, default=0)
