"""Claim memory: when a claim is made, find the same claim, or another figure for the same quantity, among the
claims of other articles, and store the best matches so pages read them instead of recomputing.

Retrieval is a term index (claim_terms: a claim's names and rarest content words, from
`claim_matching.index_terms`), the same on SQLite and PostgreSQL: candidates are the claims sharing most terms,
then `claim_matching.compare` scores each. A full-text index can replace the retrieval step; the scoring and the
stored rows stay as they are.
"""

from __future__ import annotations

import sqlalchemy as sa

from editorial import claim_matching
from editorial.database import db
from editorial.models import Claim, ClaimMatch, ClaimTerm, User
from editorial.services.errors import NotFound

CANDIDATES = 30  # claims scored for a new claim (bench/bench_claim_matching.py times this many)
KEPT = 5  # matches stored per claim


def index(claim: Claim) -> list[str]:
    """(Re)write the claim's terms; no commit: part of the caller's unit of work."""
    terms = claim_matching.index_terms(claim_matching.features(claim.exact))
    db.session.execute(sa.delete(ClaimTerm).where(ClaimTerm.claim_id == claim.id))
    db.session.add_all(ClaimTerm(claim_id=claim.id, term=t) for t in terms)
    return terms


def _candidates(claim: Claim, terms: list[str]) -> list[Claim]:
    """The open claims of other articles sharing most of the claim's terms, leaving out terms so common they
    would find nothing in particular (claim_matching.retrieval_terms)."""
    postings = dict(
        db.session.execute(
            sa.select(ClaimTerm.term, sa.func.count()).where(ClaimTerm.term.in_(terms)).group_by(ClaimTerm.term)
        ).all()
    )
    terms = claim_matching.retrieval_terms(terms, postings)
    if not terms:
        return []
    shared = sa.func.count(ClaimTerm.term)
    ids = db.session.execute(
        sa.select(ClaimTerm.claim_id)
        .join(Claim, Claim.id == ClaimTerm.claim_id)
        .where(ClaimTerm.term.in_(terms), Claim.article_id != claim.article_id, Claim.closed_at.is_(None))
        .group_by(ClaimTerm.claim_id)
        .order_by(shared.desc(), ClaimTerm.claim_id.desc())
        .limit(CANDIDATES)
    ).scalars().all()
    if not ids:
        return []
    return list(db.session.execute(sa.select(Claim).where(Claim.id.in_(ids))).scalars())


def remember(claim: Claim) -> list[ClaimMatch]:
    """Index a new (or re-worded) claim and store its best matches among other articles' claims; no commit:
    called inside the service function that made the claim, so the claim and its matches commit together."""
    return _store_matches(claim, index(claim))


def _store_matches(claim: Claim, terms: list[str]) -> list[ClaimMatch]:
    db.session.execute(sa.delete(ClaimMatch).where(ClaimMatch.claim_id == claim.id))
    new = claim_matching.features(claim.exact)
    found = []
    for other in _candidates(claim, terms):
        m = claim_matching.compare(new, claim_matching.features(other.exact))
        if m.verdict != claim_matching.Verdict.DIFFERENT:
            found.append((m, other))
    # contradictions first (the copy desk must see them), then the surest matches
    found.sort(key=lambda mo: (mo[0].verdict != claim_matching.Verdict.CONTRADICTION, -mo[0].score, -mo[1].id))
    rows = [
        ClaimMatch(claim_id=claim.id, match_id=other.id, verdict=m.verdict.value, score=round(m.score, 4),
                   reasons="; ".join(m.reasons))
        for m, other in found[:KEPT]
    ]  # fmt: skip
    db.session.add_all(rows)
    return rows


def matches(actor: User, claim_id: int) -> list[ClaimMatch]:
    """The stored matches of a claim the actor may read, leaving out those in articles they may not read."""
    from editorial.services import claims as claims_service  # claims.create calls remember(): import here

    claim = claims_service.get(actor, claim_id)
    rows = db.session.execute(
        sa.select(ClaimMatch).where(ClaimMatch.claim_id == claim.id).order_by(ClaimMatch.score.desc())
    ).scalars()
    out = []
    for row in rows:
        try:
            claims_service.get(actor, row.match_id)
        except NotFound:
            continue
        out.append(row)
    return out


def reindex_all() -> int:
    """Index every open claim, then match each (claims made before claim memory existed). One unit of work;
    returns how many claims were read."""
    open_claims = list(db.session.execute(sa.select(Claim).where(Claim.closed_at.is_(None))).scalars())
    terms = {claim.id: index(claim) for claim in open_claims}
    db.session.flush()
    for claim in open_claims:
        _store_matches(claim, terms[claim.id])
    db.session.commit()
    return len(open_claims)
