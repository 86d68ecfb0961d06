"""The claim memory stamp: one number that moves in the same transaction as anything claim memory's answers
depend on, so each revision's stored answers (RevisionFlags.memory, services/claim_memory.py) are read back while
it has not moved and recomputed once after it has.

What moves it is found from the session itself, not remembered by each service: a claim made, deleted, re-worded,
given a status or closed; the claim term index written; a piece that is or was public changing state, or being
published. ORM bulk statements on those tables count too. The number is moved just before the commit (the row is
locked for the shortest time, last); a transaction's own reads see that it has pending changes (`changed`).
Code writing with Core on its own connections (services/generate.py) calls `move` itself.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from editorial.models import Article, Claim, ClaimMemoryStamp, ClaimTerm

_PENDING = "claim_memory_pending"  # session.info: a change to claim memory's inputs not yet committed
_EPOCH = "claim_memory_epoch"  # session.info: moves with every such change (per-request caches key on it)

CLAIM_FIELDS = ("status", "closed_at", "exact", "verified_exact", "article_id")
ARTICLE_FIELDS = ("state", "published_revision_id", "published_at")


def current():
    """The stamp as a scalar subquery (read in the same statement as a revision's stored answers); NULL when
    the row is missing, which stores nothing."""
    return sa.select(ClaimMemoryStamp.stamp).where(ClaimMemoryStamp.id == 1).scalar_subquery()


def changed(session: Session) -> bool:
    """Has this transaction changed what claim memory reads (flushed, not yet committed)?"""
    return bool(session.info.get(_PENDING))


def epoch(session: Session) -> int:
    return session.info.get(_EPOCH, 0)


def mark(session: Session) -> None:
    """Say this transaction changed claim memory's inputs (for changes the session cannot see, e.g. a guarded
    UPDATE of an article's state)."""
    session.info[_PENDING] = True
    session.info[_EPOCH] = epoch(session) + 1


def move(connection) -> None:
    """Move the stamp on a Core connection, inside its transaction."""
    connection.execute(sa.update(ClaimMemoryStamp.__table__).values(stamp=ClaimMemoryStamp.__table__.c.stamp + 1))


def _changes(obj, fields) -> bool:
    state = sa.inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in fields)


def _touches(session: Session) -> bool:
    for obj in session.new:
        if isinstance(obj, Claim | ClaimTerm):
            return True
    for obj in session.deleted:
        if isinstance(obj, Claim | ClaimTerm | Article):
            return True
    for obj in session.dirty:
        if isinstance(obj, Claim) and _changes(obj, CLAIM_FIELDS):
            return True
        # a piece never published is on no public page before and after: its moves change nothing here
        if isinstance(obj, Article) and _changes(obj, ARTICLE_FIELDS) and (
                obj.published_revision_id is not None or _changes(obj, ("published_revision_id",))):
            return True
    return False


@sa.event.listens_for(Session, "after_flush")
def _after_flush(session: Session, flush_context) -> None:
    if _touches(session):
        mark(session)


@sa.event.listens_for(Session, "do_orm_execute")
def _bulk(state) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    mapper = state.bind_mapper
    if mapper is None:
        return
    # an UPDATE of articles (transitions' guarded move) is marked by its caller when the piece is or was public
    if mapper.class_ in (Claim, ClaimTerm) or (mapper.class_ is Article and not state.is_update):
        mark(state.session)


@sa.event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    session.flush()  # changes flushed only by the commit are seen first
    if session.info.pop(_PENDING, False):
        session.execute(sa.update(ClaimMemoryStamp).values(stamp=ClaimMemoryStamp.stamp + 1))


@sa.event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session: Session, transaction) -> None:
    if transaction.parent is None:  # rolled back (a commit has taken it already): nothing is pending any more
        session.info.pop(_PENDING, None)
