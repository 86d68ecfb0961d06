"""Keeping claim memory's term index in step with the matcher: a release whose matcher reads claims differently
(a new synonym, a new period word) makes other terms from the same words, and claims indexed before would no
longer be found by the claims made after. `db upgrade` calls `bring_up_to_date` after the migrations: it rebuilds
the terms of every open claim, in batches, when the matcher's version (`claim_matching.version()`) is not the one
the index was built with, and records the version in `house_settings`. Nothing to remember at a deploy.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import sqlalchemy as sa

from editorial import claim_matching
from editorial.database import db
from editorial.models import Claim, ClaimTerm, HouseSetting
from editorial.services import claim_memory

logger = logging.getLogger(__name__)

SETTING = "claim_terms_version"
BATCH = 1_000


def built_with() -> str:
    """The matcher version the stored terms were built with ("" before the first build)."""
    row = db.session.get(HouseSetting, SETTING)
    return row.value if row is not None else ""


def current() -> bool:
    return built_with() == claim_matching.version()


def bring_up_to_date(echo: Callable[[str], None] = logger.info, *, force: bool = False) -> int:
    """Rebuild the terms of every open claim whose terms differ from what this matcher makes, BATCH claims to a
    transaction (a crash leaves a part done; running again finishes it), then record the version. Returns how many
    claims had their terms changed. Stored matches stay as they were found; pages recompute theirs."""
    version = claim_matching.version()
    if not force and built_with() == version:
        return 0
    changed, last_id = 0, 0
    while True:
        claims = list(db.session.execute(
            sa.select(Claim).where(Claim.closed_at.is_(None), Claim.id > last_id).order_by(Claim.id).limit(BATCH)
        ).scalars())
        if not claims:
            break
        last_id = claims[-1].id
        stored: dict[int, set[str]] = {c.id: set() for c in claims}
        for claim_id, term in db.session.execute(
            sa.select(ClaimTerm.claim_id, ClaimTerm.term).where(ClaimTerm.claim_id.in_(stored))
        ):
            stored[claim_id].add(term)
        for claim in claims:
            terms = claim_matching.index_terms(claim_matching.features(claim.exact))
            if set(terms) != stored[claim.id]:
                claim_memory.index(claim)
                changed += 1
        db.session.commit()
    row = db.session.get(HouseSetting, SETTING) or HouseSetting(key=SETTING)
    row.value = version
    db.session.add(row)
    db.session.commit()
    echo(f"Claim memory: the terms of {changed} open claim(s) rebuilt for matcher {version}.")
    return changed
