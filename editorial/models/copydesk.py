"""The copy desk's stored parts: the newsroom dictionary, house style, and dismissed flags."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editorial.database import UTCDateTime, db, utcnow
from editorial.models.people import User


class AnchoredSpan:
    """A span of an article's body_text anchored the W3C way (quote + context + position), re-anchored on
    every revision. Shared by dismissed flags and claims."""

    exact: Mapped[str] = mapped_column(sa.Text)
    prefix: Mapped[str] = mapped_column(sa.String(64), default="")
    suffix: Mapped[str] = mapped_column(sa.String(64), default="")
    start: Mapped[int]
    end: Mapped[int]
    # anchored / moved / changed / orphaned, as of `anchored_version` of the article
    anchor_state: Mapped[str] = mapped_column(sa.String(16), default="anchored")
    anchored_version: Mapped[int] = mapped_column(default=1)


class DictionaryWord(db.Model):
    """A name or term the newsroom accepts: never flagged as a misspelling."""

    __tablename__ = "dictionary_words"

    id: Mapped[int] = mapped_column(primary_key=True)
    word: Mapped[str] = mapped_column(sa.String(100), unique=True)
    note: Mapped[str] = mapped_column(sa.String(200), default="")
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    added_by: Mapped[User | None] = relationship(lazy="joined")


class StyleRule(db.Model):
    """House style: a banned phrase (with the reason) or a preferred form (wrong → right)."""

    __tablename__ = "style_rules"
    __table_args__ = (sa.UniqueConstraint("kind", "phrase", name="kind_phrase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16))  # "banned" | "preferred"
    phrase: Mapped[str] = mapped_column(sa.String(200))
    replacement: Mapped[str] = mapped_column(sa.String(200), default="")
    reason: Mapped[str] = mapped_column(sa.String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class HouseSetting(db.Model):
    """One newsroom-wide copy-desk setting, by key ("spelling": "british" | "american" | "" for either)."""

    __tablename__ = "house_settings"

    key: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    value: Mapped[str] = mapped_column(sa.String(200), default="")
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FlagDismissal(AnchoredSpan, db.Model):
    """A flag a person looked at and decided to leave, with why. Stored against the quoted text: it
    follows that text through edits and lapses (the flag comes back) when the text itself changes."""

    __tablename__ = "flag_dismissals"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("articles.id", ondelete="RESTRICT"), index=True)
    rule: Mapped[str] = mapped_column(sa.String(60))
    field: Mapped[str] = mapped_column(sa.String(16), default="body")  # "body" | "headline"
    severity: Mapped[str] = mapped_column(sa.String(16))
    category: Mapped[str] = mapped_column(sa.String(32))
    message: Mapped[str] = mapped_column(sa.String(500), default="")
    reason: Mapped[str] = mapped_column(sa.Text)
    dismissed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lapsed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # set when its text changed

    dismissed_by: Mapped[User] = relationship(lazy="joined")


class RevisionFlags(db.Model):
    """The flags the checks alone give one revision, and its sentences with a figure in them: computed once, read
    back by every page after. `checks_key` (checks/fingerprint.result_key) names all they depend on: the checks' version, the newsroom
    dictionary, house style and the checked text; a row whose key no longer matches is stale and recomputed on
    the next read. Dismissals are applied per read (services/copydesk.article_flags); claim memory of its statements,
    which depends on other pieces' claims, is kept beside the flags with the stamp it was computed at."""

    __tablename__ = "revision_flags"

    revision_id: Mapped[int] = mapped_column(sa.ForeignKey("revisions.id", ondelete="CASCADE"), primary_key=True)
    checks_key: Mapped[str] = mapped_column(sa.String(64))
    flags: Mapped[list[dict]] = mapped_column(sa.JSON)  # [Flag.to_record(), …]
    # [[start, end], …] of the body's sentences with a figure: what is matched against published claims per read
    figure_sentences: Mapped[list[list[int]]] = mapped_column(sa.JSON)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # claim memory of this revision's statements (services/claim_memory.py): {statement: [[claim id, verdict,
    # score, [reasons…]], …]}, valid while `memory_stamp` equals ClaimMemoryStamp.stamp
    memory: Mapped[dict | None] = mapped_column(sa.JSON)
    memory_stamp: Mapped[int | None] = mapped_column(sa.BigInteger)
