"""Scheduled publishing: an editor gives an approved piece a time; `publish-due` publishes what is due.

The clock is a parameter (`now`), so tests move time instead of sleeping. Publishing itself, with the gate
re-run at that moment, is `transitions.publish_scheduled`: one rule for what may go out.

Scheduling a correction (an article published before) needs its public correction note at scheduling time:
it is refused without one, and the note is kept with the schedule and published with the revision. Nobody
has to be awake at publish time to write it, and a schedule can never go out without its note.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from editorial import metrics
from editorial.database import db, utcnow
from editorial.models import Article, User
from editorial.services import corrections, gate, transitions
from editorial.services.access import capacities_on, get_article
from editorial.services.audit import Kind, record
from editorial.services.errors import Conflict, Forbidden, Invalid
from editorial.workflow import Capacity, State


def set_publish_time(actor: User, article_id: int, when: datetime | None, *, now: datetime | None = None,
                     correction_note: str = "") -> Article:
    """Schedule (or, with `when` None, unschedule) an approved article. Naive datetimes are UTC.
    A correction (the article was published before) cannot be scheduled without its public note."""
    now = now or utcnow()
    correction_note = corrections.clean_note(correction_note)
    article = get_article(actor, article_id, for_update=True)
    if Capacity.EDITOR not in capacities_on(actor, article):
        db.session.rollback()
        raise Forbidden("Only an editor may schedule publication.")
    if when is None:
        if article.publish_at is None:
            db.session.rollback()
            return article
        previous = article.publish_at
        article.publish_at, article.scheduled_by_id = None, None
        article.scheduled_correction_note = ""
        record(Kind.PUBLISH_UNSCHEDULED, actor=actor, article=article, details={"publish_at": previous.isoformat()})
        db.session.commit()
        return article
    if article.state != State.APPROVED:
        db.session.rollback()
        raise Conflict("Only an approved article can be scheduled.")
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    if when <= now:
        db.session.rollback()
        raise Invalid("Choose a time in the future (UTC), or publish it now.", field="publish_at")
    corrections.require_note(article, correction_note)
    article.publish_at, article.scheduled_by_id = when, actor.id
    article.scheduled_correction_note = correction_note if corrections.needs_note(article) else ""
    details = {"publish_at": when.isoformat()}
    if article.scheduled_correction_note:
        details["correction_note"] = article.scheduled_correction_note
    record(Kind.PUBLISH_SCHEDULED, actor=actor, article=article, details=details)
    db.session.commit()
    return article


def parse_time(value) -> datetime | None:
    """An ISO 8601 date-time (UTC unless it says otherwise), or None/"" to clear."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise Invalid("`publish_at` is an ISO 8601 date-time or null.", field="publish_at")
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise Invalid(f"“{value}” is not an ISO 8601 date-time.", field="publish_at") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


@dataclass(frozen=True)
class Outcome:
    article_id: int
    headline: str
    published: bool
    blockers: tuple[gate.Blocker, ...] = ()


def due(now: datetime) -> list[int]:
    return list(
        db.session.execute(
            sa.select(Article.id)
            .where(Article.state == State.APPROVED, Article.publish_at.is_not(None), Article.publish_at <= now)
            .order_by(Article.publish_at, Article.id)
        ).scalars()
    )


def publish_due(now: datetime | None = None, *, clock: Callable[[], datetime] = utcnow) -> list[Outcome]:
    """Publish every approved article whose time has come; each in its own transaction. Counted for /metrics:
    the run, a run that fails, and each article published or refused."""
    metrics.PUBLISH_DUE_RUNS.inc()
    try:
        outcomes = _publish_due(now or clock())
    except Exception:
        metrics.PUBLISH_DUE_FAILURES.inc()
        raise
    for outcome in outcomes:
        metrics.PUBLISH_DUE_ARTICLES.labels("published" if outcome.published else "refused").inc()
    return outcomes


def _publish_due(now: datetime) -> list[Outcome]:
    outcomes = []
    for article_id in due(now):
        try:
            result = transitions.publish_scheduled(article_id, now=now)
        except Conflict:  # another run (or an editor) moved it between our read and our update
            continue
        if result is not None:  # else someone moved or rescheduled it since we looked
            article, blockers = result
            outcomes.append(Outcome(article.id, article.headline, not blockers, tuple(blockers)))
    return outcomes
