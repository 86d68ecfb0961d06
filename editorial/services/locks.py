"""Soft edit locks: who has an article open in the editor. Advisory: they warn, never block a save.

Both ways: whoever opens the editor second is told who holds the lock, and is recorded as present
(`EditPresence`), so the holder's heartbeat tells them who joined. Either may take the lock over, as in
WordPress; the one who lost it is told by their next heartbeat.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from editorial.database import db, utcnow
from editorial.models import Article, EditLock, EditPresence, User

log = logging.getLogger(__name__)


def _lifetime() -> timedelta:
    return timedelta(seconds=current_app.config["EDIT_LOCK_SECONDS"])


def holder(article: Article, *, other_than: User | None = None) -> EditLock | None:
    """The live lock on this article held by someone else than `other_than`, if any."""
    lock = db.session.get(EditLock, article.id)
    if lock is None or lock.expires_at <= utcnow():
        return None
    if other_than is not None and lock.user_id == other_than.id:
        return None
    return lock


def acquire(article: Article, user: User) -> EditLock | None:
    """Take or refresh the lock unless someone else holds a live one; returns theirs in that case."""
    other = holder(article, other_than=user)
    if other is not None:
        _mark_present(article, user)
        return other
    lock = db.session.get(EditLock, article.id)
    now = utcnow()
    db.session.execute(sa.delete(EditPresence).where(EditPresence.article_id == article.id,
                                                     EditPresence.user_id == user.id))
    if lock is None:
        lock = EditLock(article_id=article.id, user_id=user.id, acquired_at=now, expires_at=now + _lifetime())
        db.session.add(lock)
    else:
        if lock.user_id != user.id:
            lock.user_id, lock.acquired_at = user.id, now
        lock.expires_at = now + _lifetime()
    db.session.commit()
    return None


def _mark_present(article: Article, user: User) -> None:
    """Record (or refresh) that `user` has the editor open behind the lock holder; commits."""
    presence = db.session.get(EditPresence, (article.id, user.id))
    if presence is None:
        db.session.add(EditPresence(article_id=article.id, user_id=user.id, seen_at=utcnow()))
    else:
        presence.seen_at = utcnow()
    try:
        db.session.commit()
    except IntegrityError:  # the same person's two tabs beat at once: one row is enough
        db.session.rollback()


def joined(article: Article, user: User) -> list[User]:
    """Who else has the editor open behind `user` (live presences only), first come first."""
    rows = db.session.execute(
        sa.select(EditPresence)
        .where(EditPresence.article_id == article.id, EditPresence.user_id != user.id,
               EditPresence.seen_at > utcnow() - _lifetime())
        .order_by(EditPresence.seen_at)
    ).scalars()
    return [row.user for row in rows]


def take_over(article: Article, user: User) -> User | None:
    """Make `user` the lock holder whoever held it; returns the person it was taken from (None if nobody).
    The previous holder stays recorded as present, so the new holder sees them until they leave."""
    lock = db.session.get(EditLock, article.id)
    now = utcnow()
    previous = lock.user if lock is not None and lock.user_id != user.id and lock.expires_at > now else None
    if lock is None:
        db.session.add(EditLock(article_id=article.id, user_id=user.id, acquired_at=now, expires_at=now + _lifetime()))
    else:
        if lock.user_id != user.id:
            lock.user_id, lock.acquired_at = user.id, now
        lock.expires_at = now + _lifetime()
    db.session.execute(sa.delete(EditPresence).where(EditPresence.article_id == article.id,
                                                     EditPresence.user_id == user.id))
    if previous is not None:
        presence = db.session.get(EditPresence, (article.id, previous.id))
        if presence is None:
            db.session.add(EditPresence(article_id=article.id, user_id=previous.id, seen_at=now))
        else:
            presence.seen_at = now
    db.session.commit()
    if previous is not None:
        log.info("%s took over the edit lock of article %s from %s", user.username, article.id, previous.username)
    return previous


def release(article: Article, user: User) -> None:
    lock = db.session.get(EditLock, article.id)
    db.session.execute(sa.delete(EditPresence).where(EditPresence.article_id == article.id,
                                                     EditPresence.user_id == user.id))
    if lock is not None and lock.user_id == user.id:
        db.session.delete(lock)
    db.session.commit()


def refresh_if_held(article: Article, user: User) -> None:
    """Inside a save's transaction: a person saving keeps their lock alive (no commit here)."""
    lock = db.session.get(EditLock, article.id)
    if lock is not None and lock.user_id == user.id:
        lock.expires_at = utcnow() + _lifetime()
