"""How log-in attempts are throttled: a pure rule over one counter, for a (user name, address) pair or an
address. The counter is incremented atomically before any password is checked (services/login_throttle.py),
so parallel attempts cannot all read "not yet at the limit"; this module says what follows from its value.

Within a window a counter allows `limit.attempts` attempts; the next one blocks it for one window, and each
further block lasts twice as long as the one before (capped at `limit.max_block`). Only this counter waits:
the same person from another address has another pair, so nobody can lock an account for its owner."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Limit:
    attempts: int
    window: timedelta
    max_block: timedelta


@dataclass(frozen=True)
class Counter:
    attempts: int  # in the current window, the attempt being decided included
    window_started_at: datetime
    blocked_until: datetime | None = None
    strikes: int = 0  # blocks so far: each doubles the next


def decide(counter: Counter, now: datetime, limit: Limit) -> tuple[Counter, timedelta | None]:
    """The counter to store after this attempt, and how long to wait when it is refused (None: go on and check
    the password)."""
    if counter.blocked_until is not None and now < counter.blocked_until:
        # refused without counting: waiting out a block is all that ends it
        return replace(counter, attempts=counter.attempts - 1), counter.blocked_until - now
    if now >= counter.window_started_at + limit.window:
        quiet = counter.blocked_until is None or now - counter.blocked_until >= limit.max_block
        counter = Counter(attempts=1, window_started_at=now, strikes=0 if quiet else counter.strikes)
    if counter.attempts <= limit.attempts:
        return counter, None
    strikes = counter.strikes + 1
    block = min(limit.window * 2 ** (strikes - 1), limit.max_block)
    return Counter(attempts=0, window_started_at=now + block, blocked_until=now + block, strikes=strikes), block


def retry_after_seconds(wait: timedelta) -> int:
    """What the Retry-After header says: whole seconds, rounded up, at least one."""
    return max(1, -int(-wait.total_seconds() // 1))
