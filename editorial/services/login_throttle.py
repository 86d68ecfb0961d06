"""Counting log-in attempts per (user name, address) pair and per address, atomically and before any
password is checked: one INSERT … ON CONFLICT DO UPDATE … RETURNING per counter, which also locks the row
(PostgreSQL) or the database (SQLite) until the decision is committed. editorial/throttle.py decides."""

from __future__ import annotations

import logging
import math

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from editorial import throttle
from editorial.database import utcnow
from editorial.extensions import db
from editorial.logs import loggable
from editorial.models import LoginThrottle
from editorial.services.audit import Kind, record
from editorial.services.errors import RateLimited
from editorial.wording import plural

logger = logging.getLogger(__name__)


def count_attempt(username: str, remote_addr: str | None) -> None:
    """Count this attempt and commit; RateLimited (with retry_after) when its pair or its address must wait."""
    now = utcnow()
    waits = []
    newly_blocked = False
    for key, limit in _counters(username, remote_addr):
        before = _increment(key, now)
        after, wait = throttle.decide(before, now, limit)
        db.session.execute(
            sa.update(LoginThrottle)
            .where(LoginThrottle.key == key)
            .values(attempts=after.attempts, window_started_at=after.window_started_at,
                    blocked_until=after.blocked_until, strikes=after.strikes, updated_at=now)
        )
        if wait is not None:
            waits.append(wait)
            newly_blocked = newly_blocked or before.blocked_until is None or before.blocked_until <= now
    if not waits:
        db.session.commit()
        return
    seconds = throttle.retry_after_seconds(max(waits))
    if newly_blocked:  # once per block on the audit trail; every refusal in the log
        record(Kind.LOGIN_THROTTLED, username_tried=username, remote_addr=remote_addr,
               details={"retry_after": seconds})
    db.session.commit()
    logger.warning("login throttled for user=%s from=%s retry_after=%d", loggable(username), loggable(remote_addr),
                   seconds)
    minutes = math.ceil(seconds / 60)
    raise RateLimited(
        f"Too many failed log-in attempts. Wait {plural(minutes, 'minute')} and try again.",
        retry_after=seconds,
    )


def forget_failures(username: str, remote_addr: str | None) -> None:
    """After a successful log-in, inside its transaction: the pair starts afresh, and this attempt no longer
    counts against the address (its failures still do). Stale counters are swept at the same time."""
    now = utcnow()
    db.session.execute(sa.delete(LoginThrottle).where(LoginThrottle.key == _pair_key(username, remote_addr)))
    if remote_addr:
        db.session.execute(
            sa.update(LoginThrottle)
            .where(LoginThrottle.key == _address_key(remote_addr), LoginThrottle.attempts > 0)
            .values(attempts=LoginThrottle.attempts - 1)
        )
    config = current_app.config
    stale = now - config["LOGIN_FAILURE_WINDOW"] - config["LOGIN_MAX_BLOCK"]
    db.session.execute(sa.delete(LoginThrottle).where(LoginThrottle.updated_at < stale))


def _counters(username: str, remote_addr: str | None) -> list[tuple[str, throttle.Limit]]:
    config = current_app.config
    window, max_block = config["LOGIN_FAILURE_WINDOW"], config["LOGIN_MAX_BLOCK"]
    counters = [(_pair_key(username, remote_addr), throttle.Limit(config["LOGIN_MAX_FAILURES"], window, max_block))]
    if remote_addr:
        limit = throttle.Limit(config["LOGIN_MAX_FAILURES_PER_ADDRESS"], window, max_block)
        counters.append((_address_key(remote_addr), limit))
    return counters  # always in this order: two concurrent attempts lock rows in the same order


def _pair_key(username: str, remote_addr: str | None) -> str:
    return f"pair:{username[:64]}|{(remote_addr or '-')[:64]}"


def _address_key(remote_addr: str) -> str:
    return f"addr:{remote_addr[:64]}"


def _increment(key: str, now) -> throttle.Counter:
    table = LoginThrottle.__table__
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(table)
        .values(key=key, attempts=1, window_started_at=now, strikes=0, updated_at=now)
        .on_conflict_do_update(index_elements=[table.c.key], set_={"attempts": table.c.attempts + 1})
        .returning(table.c.attempts, table.c.window_started_at, table.c.blocked_until, table.c.strikes)
    )
    row = db.session.execute(statement).one()
    return throttle.Counter(attempts=row.attempts, window_started_at=row.window_started_at,
                            blocked_until=row.blocked_until, strikes=row.strikes)
