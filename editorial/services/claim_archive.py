"""The claim archive: every checked claim (a verdict given), newest first, filtered by words (the claims'
full-text index, services/search.py), verdict, section, checker and date, a page at a time (keyset on the claim id). For the newsroom's staff who work claims."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from editorial.claims import VERDICTS, ClaimStatus
from editorial.database import db
from editorial.models import Article, Claim, ClaimSource, Event, User
from editorial.permissions import Can, can_work_claims, capabilities
from editorial.search_query import parse
from editorial.services import search
from editorial.services.access import may_read_review, visible_filter
from editorial.services.errors import Forbidden

PER_PAGE = 30


@dataclass(frozen=True)
class ArchiveFilters:
    q: str = ""
    verdict: ClaimStatus | None = None
    section: str = ""
    checker_id: int | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class ArchiveItem:
    claim: Claim
    article: Article
    checker: User | None


@dataclass(frozen=True)
class ArchivePage:
    items: list[ArchiveItem]
    next_before: int | None  # the id to continue from (claims older than it), None on the last page


def may_read(actor: User) -> bool:
    return can_work_claims(actor.roles) or Can.AUDIT in capabilities(actor.roles)


def _checker():
    """The person who last set the claim's status (its verdict): from the audit trail."""
    return (
        sa.select(Event.actor_id)
        .where(Event.kind == "claim_status", Event.article_id == Claim.article_id,
               Event.details["claim"].as_integer() == Claim.id)
        .order_by(Event.id.desc())
        .limit(1)
        .correlate(Claim)
        .scalar_subquery()
    )


def archive(actor: User, filters: ArchiveFilters, *, before: int | None = None, per_page: int | None = None) -> ArchivePage:
    if not may_read(actor):
        raise Forbidden("The claim archive is for fact-checkers, editors and admins.")
    checker = _checker().label("checker_id")
    query = (
        sa.select(Claim, Article, checker)
        .join(Article, Article.id == Claim.article_id)
        .where(Claim.status.in_(sorted(VERDICTS)), Claim.closed_at.is_(None), visible_filter(actor))
        .order_by(Claim.id.desc())
    )
    if filters.q.strip():
        text = parse(filters.q)  # words of its summary, quoted words or notes, or of one of its sources
        query = query.where(sa.or_(
            Claim.id.in_(search.matching("claims", text, scored=False)),
            Claim.id.in_(sa.select(ClaimSource.claim_id).where(
                ClaimSource.source_id.in_(search.matching("sources", text, scored=False))))) if text else sa.false())
    if filters.verdict is not None:
        query = query.where(Claim.status == filters.verdict)
    if filters.section:
        query = query.where(Article.section == filters.section)
    if filters.checker_id is not None:
        query = query.where(_checker() == filters.checker_id)
    if filters.since is not None:
        query = query.where(Claim.updated_at >= datetime.combine(filters.since, time.min, UTC))
    if filters.until is not None:
        query = query.where(Claim.updated_at < datetime.combine(filters.until + timedelta(days=1), time.min, UTC))
    if before is not None:
        query = query.where(Claim.id < before)
    per_page = per_page or PER_PAGE
    rows = db.session.execute(query.limit(per_page + 1)).all()
    more = len(rows) > per_page
    rows = rows[:per_page]
    people = {u.id: u for u in db.session.execute(
        sa.select(User).where(User.id.in_({r.checker_id for r in rows if r.checker_id}))).scalars()} if rows else {}
    items = [ArchiveItem(claim, article, people.get(checker_id)) for claim, article, checker_id in rows
             if may_read_review(actor, article)]
    return ArchivePage(items, rows[-1][0].id if more else None)


def sections() -> list[str]:
    return list(db.session.execute(
        sa.select(Article.section).distinct().where(Article.section != "").order_by(Article.section)).scalars())
