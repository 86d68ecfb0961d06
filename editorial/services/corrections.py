"""Corrections and retractions: the public record of what changed after an article was published.

Republishing an article that was published before needs a public correction note (what was wrong, what
is right); the note is stored with the revision it went out with and shown, dated, at the article's foot
forever. Unpublishing needs a reason (the transition comment), which the editor may make public: the
retracted article's URL then shows a notice (410 Gone) instead of its text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from editorial.database import db
from editorial.models import Article, Correction, Event, User
from editorial.services.audit import Kind
from editorial.services.errors import Invalid
from editorial.workflow import State

NOTE_MAX = 5000
NOTE_REQUIRED = (
    "This article was published before: republishing it needs a public correction note "
    "(what was wrong, what is right)."
)


def needs_note(article: Article) -> bool:
    """A publication is a correction when the article went out before (even if it was retracted since)."""
    return article.published_at is not None


def clean_note(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Invalid("`correction_note` must be text.", field="correction_note")
    value = value.strip()
    if len(value) > NOTE_MAX:
        raise Invalid("The correction note is too long (5,000 characters at most).", field="correction_note")
    return value


def require_note(article: Article, note: str) -> None:
    """Raise (422) when publishing this article needs a correction note and none was given."""
    if needs_note(article) and not note:
        db.session.rollback()
        raise Invalid(NOTE_REQUIRED, field="correction_note")


def add(article: Article, revision_id: int, note: str, created_by: User | None) -> Correction | None:
    """Record the note published with `revision_id` (inside the caller's transaction); None when no note."""
    if not note:
        return None
    correction = Correction(
        article_id=article.id, revision_id=revision_id, note=note, created_by_id=created_by.id if created_by else None
    )
    db.session.add(correction)
    db.session.flush()
    return correction


def history(article_id: int) -> list[Correction]:
    """Every correction of the article, oldest first."""
    return list(
        db.session.execute(
            sa.select(Correction)
            .where(Correction.article_id == article_id)
            .order_by(Correction.created_at, Correction.id)
        ).scalars()
    )


@dataclass(frozen=True)
class Retraction:
    """The last unpublish of an article: when, and the reason if the editor made it public."""

    retracted_at: datetime
    public_reason: str  # "" when the reason was internal


def last_retraction(article_id: int) -> Retraction | None:
    event = db.session.execute(
        sa.select(Event)
        .where(
            Event.article_id == article_id,
            Event.kind == Kind.TRANSITION.value,
            Event.to_state == State.UNPUBLISHED.value,
        )
        .order_by(Event.created_at.desc(), Event.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if event is None:
        return None
    public = bool((event.details or {}).get("public_reason"))
    return Retraction(retracted_at=event.created_at, public_reason=event.comment if public else "")
