"""What changed since an editor last looked: which revision to compare the current one against.

Read from the audit trail: each transition event records the article's version at that moment
(`details["version"]`), so the revision an editor reviewed is the one current when they approved,
requested changes or reopened the piece. No table of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from editorial import workflow
from editorial.database import db
from editorial.models import Article, Event, User
from editorial.services.audit import Kind

# The transitions that mean "this editor read this revision and decided".
REVIEWING = ("approve", "request_changes", "reopen")


@dataclass(frozen=True)
class Baseline:
    """The revision to compare against, and why that one."""

    version: int
    reason: str  # "reviewed": this editor's last review; "approved": the last approval; "first": neither exists
    transition: str | None = None  # for "reviewed" and "approved": the transition name
    at: datetime | None = None
    by: str | None = None  # who made that transition (the display name)


def _pair(name: str) -> sa.ColumnElement[bool]:
    t = next(t for t in workflow.TRANSITIONS if t.name == name)
    return sa.and_(Event.from_state == t.source.value, Event.to_state == t.target.value)


def review_baseline(reviewer: User, article: Article) -> Baseline:
    """The version `reviewer` last reviewed on this article (their last approve, request changes or reopen);
    if they never did, the last approved version (whoever approved it); else the first revision. One query."""
    mine = sa.and_(Event.actor_id == reviewer.id, sa.or_(*(_pair(name) for name in REVIEWING)))
    approval = _pair("approve")
    row = db.session.execute(
        sa.select(Event.actor_id, Event.created_at, Event.details, User.display_name)
        .outerjoin(User, User.id == Event.actor_id)
        .where(Event.article_id == article.id, Event.kind == Kind.TRANSITION.value, sa.or_(mine, approval))
        .order_by(sa.case((mine, 0), else_=1), Event.created_at.desc(), Event.id.desc())
        .limit(1)
    ).one_or_none()
    if row is None:
        return Baseline(version=1, reason="first")
    version = (row.details or {}).get("version")
    if not isinstance(version, int) or not 1 <= version <= article.version:
        return Baseline(version=1, reason="first")
    reason = "reviewed" if row.actor_id == reviewer.id else "approved"
    name = row.details.get("transition") or ("approve" if reason == "approved" else None)
    return Baseline(version=version, reason=reason, transition=name, at=row.created_at, by=row.display_name)


def change_request(article: Article) -> Event | None:
    """The request for changes the article is answering now (the last one, with its note), or None when the
    article is not waiting on changes. Shown at the top of the editor, so the author need not find it on
    the timeline."""
    if article.state != workflow.State.CHANGES_REQUESTED:
        return None
    return db.session.execute(
        sa.select(Event)
        .where(Event.article_id == article.id, Event.kind == Kind.TRANSITION.value,
               Event.to_state == workflow.State.CHANGES_REQUESTED.value)
        .order_by(Event.created_at.desc(), Event.id.desc())
        .limit(1)
    ).scalar_one_or_none()
