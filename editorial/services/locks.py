"""Soft edit locks: who has an article open in the editor. Advisory: they warn, never block a save.

Both ways: whoever opens the editor second is told who holds the lock, and is recorded as present
(`EditPresence`), so the holder's heartbeat tells them who joined. Either may take the lock over, as in
WordPress; the one who lost it is told by their next heartbeat. Or the second may ask the holder to hand over
(`TakeOverRequest`): the holder's heartbeat shows the request, they hand over or keep editing, and the
asker's heartbeat learns the answer. A request lapses with the lock lifetime.

Each editor page load has its own random token, kept with the lock by the page that last beat: an unlock frees
the lock only with that token, so the unlock an old page sends as it goes (a reload, a second tab closing)
cannot free the lock the new page holds.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from editorial.database import db, utcnow
from editorial.models import Article, EditLock, EditPresence, HandOver, TakeOverRequest, User
from editorial.services.errors import Conflict

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


def acquire(article: Article, user: User, token: str | None = None) -> EditLock | None:
    """Take or refresh the lock unless someone else holds a live one; returns theirs in that case.
    `token` is the beating page's: the holder's latest page owns the lock (see `release`).

    Two people may open the editor at the same moment through two app servers: the lock row is read FOR
    UPDATE (the second waits for the first's commit and then sees its live lock), and when neither found a
    row both insert one: the primary key refuses the second, which reads again and finds the first's lock."""
    try:
        return _acquire(article, user, token)
    except IntegrityError:
        db.session.rollback()
        return _acquire(article, user, token)


def _acquire(article: Article, user: User, token: str | None) -> EditLock | None:
    lock = db.session.execute(
        sa.select(EditLock).where(EditLock.article_id == article.id).with_for_update(of=EditLock)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    now = utcnow()  # after the wait for a lock another server was taking
    if lock is not None and lock.expires_at > now and lock.user_id != user.id:
        _mark_present(article, user)
        return lock
    db.session.execute(sa.delete(EditPresence).where(EditPresence.article_id == article.id,
                                                     EditPresence.user_id == user.id))
    _drop_waiting_request(article, user)
    if lock is None:
        lock = EditLock(article_id=article.id, user_id=user.id, acquired_at=now, expires_at=now + _lifetime())
        db.session.add(lock)
    else:
        if lock.user_id != user.id:
            lock.user_id, lock.acquired_at = user.id, now
        lock.expires_at = now + _lifetime()
    lock.token = token
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
    _move_lock(article, lock, to=user, previous=previous)
    _drop_waiting_request(article, user)
    db.session.commit()
    if previous is not None:
        log.info("%s took over the edit lock of article %s from %s", user.username, article.id, previous.username)
    return previous


def _move_lock(article: Article, lock: EditLock | None, *, to: User, previous: User | None) -> None:
    """Give the lock to `to` (no commit). Its page token is unknown until their page beats, so no editor page's
    unlock (each sends its own token) frees it meanwhile. `previous` stays recorded as present, so the new holder sees them until they leave."""
    now = utcnow()
    if lock is None:
        lock = EditLock(article_id=article.id, user_id=to.id, acquired_at=now)
        db.session.add(lock)
    elif lock.user_id != to.id:
        lock.user_id, lock.acquired_at = to.id, now
    lock.expires_at, lock.token = now + _lifetime(), None
    db.session.execute(sa.delete(EditPresence).where(EditPresence.article_id == article.id,
                                                     EditPresence.user_id == to.id))
    if previous is not None:
        presence = db.session.get(EditPresence, (article.id, previous.id))
        if presence is None:
            db.session.add(EditPresence(article_id=article.id, user_id=previous.id, seen_at=now))
        else:
            presence.seen_at = now


def _drop_waiting_request(article: Article, user: User) -> None:
    """`user` holds the lock now: their own unanswered request is moot (an answer stays, to be told)."""
    db.session.execute(sa.delete(TakeOverRequest).where(TakeOverRequest.article_id == article.id,
                                                        TakeOverRequest.asker_id == user.id,
                                                        TakeOverRequest.answer == HandOver.ASKED))


def release(article: Article, user: User, token: str | None = None) -> bool:
    """`user` closed an editor page: they are no longer present, their requests go, and the lock is freed if that
    page held it (its token is the lock's). True if the lock was freed."""
    lock = db.session.get(EditLock, article.id)
    db.session.execute(sa.delete(EditPresence).where(EditPresence.article_id == article.id,
                                                     EditPresence.user_id == user.id))
    db.session.execute(sa.delete(TakeOverRequest).where(TakeOverRequest.article_id == article.id,
                                                        TakeOverRequest.asker_id == user.id))
    freed = lock is not None and lock.user_id == user.id and lock.token == token
    if freed:
        db.session.delete(lock)
    db.session.commit()
    return freed


def refresh_if_held(article: Article, user: User) -> None:
    """Inside a save's transaction: a person saving keeps their lock alive (no commit here)."""
    lock = db.session.get(EditLock, article.id)
    if lock is not None and lock.user_id == user.id:
        lock.expires_at = utcnow() + _lifetime()


# --- asking the holder to hand over -------------------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    """Where this person's own request stands, for their heartbeat: `answer` is "asked" (waiting),
    "handed_over", "declined", or "lapsed" (no answer within the lock lifetime, or the holder left)."""

    holder: User
    answer: str


def ask(article: Article, user: User) -> User:
    """`user` asks the lock holder to hand the article over; returns the holder. Asking again renews it."""
    lock = holder(article, other_than=user)
    if lock is None:
        db.session.rollback()
        raise Conflict("Nobody else is editing this article now: it is yours to edit, no need to ask.")
    now = utcnow()
    request = db.session.get(TakeOverRequest, (article.id, user.id))
    if request is None:
        request = TakeOverRequest(article_id=article.id, asker_id=user.id)
        db.session.add(request)
    request.holder_id, request.asked_at, request.answer, request.answered_at = lock.user_id, now, HandOver.ASKED, None
    presence = db.session.get(EditPresence, (article.id, user.id))
    if presence is None:
        db.session.add(EditPresence(article_id=article.id, user_id=user.id, seen_at=now))
    else:
        presence.seen_at = now
    db.session.commit()
    log.info("%s asked %s to hand over the edit lock of article %s", user.username, lock.user.username, article.id)
    return lock.user


def requests_to(article: Article, user: User) -> list[TakeOverRequest]:
    """Live requests to `user`, who holds the lock: asked within the lock lifetime by someone still in the
    editor, first come first."""
    lock = holder(article)
    if lock is None or lock.user_id != user.id:
        return []
    since = utcnow() - _lifetime()
    rows = db.session.execute(
        sa.select(TakeOverRequest)
        .join(EditPresence, sa.and_(EditPresence.article_id == TakeOverRequest.article_id,
                                    EditPresence.user_id == TakeOverRequest.asker_id))
        .where(TakeOverRequest.article_id == article.id, TakeOverRequest.holder_id == user.id,
               TakeOverRequest.answer == HandOver.ASKED, TakeOverRequest.asked_at > since,
               EditPresence.seen_at > since)
        .order_by(TakeOverRequest.asked_at)
    ).scalars()
    return list(rows)


def asked(article: Article, user: User) -> Asked | None:
    """Where `user`'s own request stands; None when they asked nothing lately. An answer is told for one lock
    lifetime after it was given; an unanswered request lapses after one lifetime and is told so for another."""
    request = db.session.get(TakeOverRequest, (article.id, user.id))
    if request is None:
        return None
    now, lifetime = utcnow(), _lifetime()
    if request.answer != HandOver.ASKED:
        return Asked(request.holder, request.answer.value) if request.answered_at > now - lifetime else None
    if request.asked_at <= now - 2 * lifetime:
        return None
    lock = holder(article)
    waiting = request.asked_at > now - lifetime and lock is not None and lock.user_id == request.holder_id
    return Asked(request.holder, "asked" if waiting else "lapsed")


def hand_over(article: Article, user: User, asker_id: int) -> User:
    """The holder gives the lock to the person who asked for it and leaves the editor; returns the asker.
    Nothing is saved here: a page that wants its changes kept saves first (the editor's "Save and hand over")."""
    request = _pending(article, user, asker_id)
    # The holder leaves the editor as they hand over (to the article page), so they are not left "present".
    _move_lock(article, db.session.get(EditLock, article.id), to=request.asker, previous=None)
    db.session.execute(sa.delete(EditPresence).where(EditPresence.article_id == article.id,
                                                     EditPresence.user_id == user.id))
    request.answer, request.answered_at = HandOver.HANDED_OVER, utcnow()
    db.session.commit()
    log.info("%s handed over the edit lock of article %s to %s", user.username, article.id, request.asker.username)
    return request.asker


def keep_editing(article: Article, user: User, asker_id: int) -> User:
    """The holder declines a request; returns the asker, whose heartbeat is told."""
    request = _pending(article, user, asker_id)
    request.answer, request.answered_at = HandOver.DECLINED, utcnow()
    db.session.commit()
    log.info("%s kept the edit lock of article %s that %s asked for", user.username, article.id,
             request.asker.username)
    return request.asker


def _pending(article: Article, user: User, asker_id: int) -> TakeOverRequest:
    """The live request from `asker_id` to `user`; Conflict when `user` no longer holds the lock or nobody asks."""
    lock = holder(article)
    if lock is None or lock.user_id != user.id:
        db.session.rollback()
        raise Conflict("You are not the one editing this article now (someone took it over, or it was never yours), "
                       "so there is nothing to hand over.")
    request = next((r for r in requests_to(article, user) if r.asker_id == asker_id), None)
    if request is None:
        db.session.rollback()
        raise Conflict("Nobody asks to take this article over now: they left the editor, or the request lapsed.")
    return request
