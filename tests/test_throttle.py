"""The throttling rule alone (editorial/throttle.py): no app, no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from editorial.throttle import Counter, Limit, decide, retry_after_seconds

LIMIT = Limit(attempts=5, window=timedelta(minutes=15), max_block=timedelta(hours=24))
T0 = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)


def attempt(counter: Counter | None, now: datetime):
    """What the database does: add one to the stored counter (or start it at 1), then decide."""
    counter = Counter(1, now) if counter is None else Counter(counter.attempts + 1, counter.window_started_at,
                                                              counter.blocked_until, counter.strikes)
    return decide(counter, now, LIMIT)


def test_the_limit_passes_then_one_window_of_waiting():
    counter, waits = None, []
    for i in range(6):
        counter, wait = attempt(counter, T0 + timedelta(seconds=i))
        waits.append(wait)
    assert waits[:5] == [None] * 5 and waits[5] == timedelta(minutes=15)


def test_attempts_while_blocked_are_refused_without_extending_the_block():
    counter = None
    for _ in range(6):
        counter, _ = attempt(counter, T0)
    for minute in (1, 5, 14):
        counter, wait = attempt(counter, T0 + timedelta(minutes=minute))
        assert wait == timedelta(minutes=15 - minute)
    assert counter.attempts == 0


def test_each_further_block_is_twice_as_long_up_to_the_cap():
    counter, now, blocks = None, T0, []
    for _ in range(9):
        for _ in range(6):
            counter, wait = attempt(counter, now)
        blocks.append(wait)
        now += wait
    assert blocks[:4] == [timedelta(minutes=m) for m in (15, 30, 60, 120)]
    assert blocks[-1] == timedelta(hours=24)


def test_a_new_window_counts_afresh_and_a_long_quiet_forgets_the_blocks():
    counter = None
    for _ in range(4):
        counter, _ = attempt(counter, T0)
    counter, wait = attempt(counter, T0 + timedelta(minutes=16))
    assert wait is None and counter.attempts == 1
    blocked = Counter(6, T0, None, 0)
    after, wait = decide(blocked, T0, LIMIT)
    assert wait == timedelta(minutes=15) and after.strikes == 1
    later = T0 + timedelta(minutes=15) + LIMIT.max_block + LIMIT.window
    after, wait = attempt(after, later)
    assert wait is None and after.strikes == 0


def test_retry_after_is_whole_seconds_rounded_up():
    assert retry_after_seconds(timedelta(seconds=0.2)) == 1
    assert retry_after_seconds(timedelta(seconds=899.5)) == 900
