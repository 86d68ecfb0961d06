"""The public site's view of an article: only its live (published) revision, never a draft."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from editorial.claims import VERDICTS, ClaimStatus
from editorial.database import db
from editorial.models import Article, Claim, ClaimSource, Event, Revision, User
from editorial.services.audit import Kind
from editorial.services.errors import NotFound
from editorial.workflow import State

NOT_FOUND = "No such article."

# States an article can be in while its published revision is still live: editing a published piece sends
# it back through review, and the published revision stays up until the new one is published.
_LIVE_WHILE_REVISED = (State.IN_REVIEW, State.CHANGES_REQUESTED, State.APPROVED)


@dataclass(frozen=True)
class PublicClaim:
    claim: Claim
    status: ClaimStatus
    rating: int
    verdict: str  # schema.org alternateName
    sources: list[ClaimSource]  # only for verified claims, and only when the article shows sources


@dataclass(frozen=True)
class PublicArticle:
    article: Article
    revision: Revision
    authors: list[User]
    claims: list[PublicClaim]
    published_at: datetime
    updated_at: datetime | None  # when the live revision replaced the first published one


def is_live(article: Article) -> bool:
    """Published, or back in review after an edit of a published piece (its published revision still up).
    A piece that was unpublished and then went through the workflow again is not live until republished."""
    if article.published_revision_id is None or article.published_at is None:
        return False
    if article.state == State.PUBLISHED:
        return True
    if article.state not in _LIVE_WHILE_REVISED:
        return False
    last = db.session.execute(
        sa.select(Event.to_state)
        .where(
            Event.article_id == article.id,
            Event.kind == Kind.TRANSITION.value,
            Event.to_state.in_([State.PUBLISHED.value, State.UNPUBLISHED.value]),
        )
        .order_by(Event.created_at.desc(), Event.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return last == State.PUBLISHED.value


def published(article_id: int) -> PublicArticle:
    """What an anonymous reader may see of the article; NotFound for anything not live."""
    article = db.session.get(Article, article_id)
    if article is None or not is_live(article):
        raise NotFound(NOT_FOUND)
    revision = db.session.get(Revision, article.published_revision_id)
    if revision is None or revision.article_id != article.id:
        raise NotFound(NOT_FOUND)
    people = {u.id: u for u in db.session.execute(sa.select(User).where(User.id.in_(revision.byline))).scalars()}
    return PublicArticle(
        article=article,
        revision=revision,
        authors=[people[uid] for uid in revision.byline if uid in people],
        claims=_reviewed_claims(article, revision),
        published_at=article.published_at,
        updated_at=revision.created_at if revision.created_at > article.published_at else None,
    )


def _reviewed_claims(article: Article, revision: Revision) -> list[PublicClaim]:
    """Claims with a verdict whose words are on the live page. Claims follow the current text, which may
    be a newer revision in review: a claim whose words are not in the published text is left out, and a
    claim whose verdict was reopened (needs_recheck, in_progress) has no verdict to publish."""
    rows = db.session.execute(
        sa.select(Claim).where(
            Claim.article_id == article.id, Claim.closed_at.is_(None), Claim.status.in_(sorted(VERDICTS))
        )
    ).scalars()
    text = revision.body_text
    found = []
    for claim in rows:
        words = claim.verified_exact or claim.exact
        position = text.find(words) if words else -1
        if position < 0:
            continue
        status = ClaimStatus(claim.status)
        rating, verdict = VERDICTS[status]
        sources = list(claim.links) if article.show_sources and status == ClaimStatus.VERIFIED else []
        found.append((position, claim.id, PublicClaim(claim, status, rating, verdict, sources)))
    return [item for _, _, item in sorted(found, key=lambda t: t[:2])]
