"""Soft edit locks: who has an article open in the editor. Advisory: they warn, never block a save."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app

from editorial.database import db, utcnow
from editorial.models import Article, EditLock, User


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
        return other
    lock = db.session.get(EditLock, article.id)
    now = utcnow()
    if lock is None:
        lock = EditLock(article_id=article.id, user_id=user.id, acquired_at=now, expires_at=now + _lifetime())
        db.session.add(lock)
    else:
        if lock.user_id != user.id:
            lock.user_id, lock.acquired_at = user.id, now
        lock.expires_at = now + _lifetime()
    db.session.commit()
    return None


def release(article: Article, user: User) -> None:
    lock = db.session.get(EditLock, article.id)
    if lock is not None and lock.user_id == user.id:
        db.session.delete(lock)
        db.session.commit()


def refresh_if_held(article: Article, user: User) -> None:
    """Inside a save's transaction: a person saving keeps their lock alive (no commit here)."""
    lock = db.session.get(EditLock, article.id)
    if lock is not None and lock.user_id == user.id:
        lock.expires_at = utcnow() + _lifetime()
