"""One diff per revision, and the image of each old span in the new text.

A diff is kept as change blocks: old[a:b] was replaced by new[c:d] (a == b: pure insertion,
c == d: pure deletion), with equal text between blocks. A diff of two texts is not unique:
an edit next to identical text can be shown on either side of it ("A Wagner B" -> "A Wagner
Wagner B"). Before calling a span touched we try sliding the blocks that touch it off the span;
if some equivalent diff leaves the span alone, the same words are still there and it is untouched.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_left, bisect_right
from typing import NamedTuple

from diff_match_patch import diff_match_patch
from rapidfuzz.distance import Indel

# diff_main gives up on minimality after this many seconds; the diff stays valid, and spans that a
# non-minimal diff marks as touched go through the gated search, so a timeout costs orphans, not errors.
DIFF_TIMEOUT = 1.0
# The word diff only shapes the wording of touched claims; past this it returns a coarser, still valid diff.
WORD_DIFF_TIMEOUT = 0.25
# Bounds on the search for an equally short explanation that keeps a touched span (see _realign).
MAX_REALIGN_REACH = 2000
MAX_REALIGN_TRIES = 50


_DMP = diff_match_patch()


class Block(NamedTuple):
    a: int
    b: int
    c: int
    d: int


def _blocks(diffs: list[tuple[int, str]]) -> list[Block]:
    blocks: list[Block] = []
    i = j = 0
    a = c = -1
    for op, chunk in diffs:
        if op == 0:
            if a >= 0:
                blocks.append(Block(a, i, c, j))
                a = -1
            i += len(chunk)
            j += len(chunk)
            continue
        if a < 0:
            a, c = i, j
        if op < 0:
            i += len(chunk)
        else:
            j += len(chunk)
    if a >= 0:
        blocks.append(Block(a, i, c, j))
    return blocks


class _MinimalDiff(diff_match_patch):
    """diff-match-patch without its half-match shortcut, which it takes whenever a timeout is set and which "can
    produce non-minimal diffs" (its own words): "…\n\nWagner naïve naïve " → "…\nthe😀er e naïvethe " then
    costs 18 where 16 suffice, and a claim on one space lands on another. The shortcut makes the usual diff 3×
    faster, so DiffMap takes it and redoes the diff without it only when a bit-parallel edit distance
    (rapidfuzz's Indel) says it was not minimal. The timeout still bounds the work."""

    def diff_halfMatch(self, text1, text2):  # noqa: N802 (the library's name)
        return None


class Span(NamedTuple):
    start: int
    end: int
    touched: bool


class DiffMap:
    """Maps spans of `old` into `new` through one diff of the two texts."""

    def __init__(self, old: str, new: str, timeout: float = DIFF_TIMEOUT) -> None:
        self.old, self.new = old, new
        dmp = diff_match_patch()
        dmp.Diff_Timeout = timeout
        began = time.monotonic()
        diffs = dmp.diff_main(old, new, False)
        changed = sum(len(chunk) for op, chunk in diffs if op)
        if (time.monotonic() - began < timeout / 2  # a diff cut short by the timeout would be cut short again
                and changed > Indel.distance(old, new, score_cutoff=changed)):  # the shortcut was not minimal
            dmp = _MinimalDiff()
            dmp.Diff_Timeout = timeout
            diffs = dmp.diff_main(old, new, False)
        self.blocks = _blocks(diffs)  # minimal diff: decides whether a span was touched at all
        self._a = [blk.a for blk in self.blocks]
        self._b = [blk.b for blk in self.blocks]
        self._timeout = timeout
        self._diffs = diffs
        self._word: tuple[list[Block], list[int], list[int]] | None = None
        self._runs: tuple[list[tuple[int, int, int]], list[int]] | None = None

    @property
    def _word_view(self) -> tuple[list[Block], list[int], list[int]]:
        """A word-level diff, computed the first time a touched span needs it.

        A minimal character diff of "twelve" -> "eleven" keeps e, l, v, e as equal and would make the new
        wording "eleve"; whole words give "eleven".
        """
        if self._word is None:
            blocks = _word_blocks(self.old, self.new, min(self._timeout, WORD_DIFF_TIMEOUT))
            self._word = (blocks, [blk.a for blk in blocks], [blk.b for blk in blocks])
        return self._word

    @property
    def _equal_runs(self) -> tuple[list[tuple[int, int, int]], list[int]]:
        """Text kept from old to new, as (new_start, new_end, old_start), from the semantically cleaned
        character diff: coincidental letters inside a rewritten passage do not count as kept, but a kept
        newline next to a rewritten word does (a word diff would call it rewritten)."""
        if self._runs is None:
            cleaned = list(self._diffs)
            _DMP.diff_cleanupSemantic(cleaned)
            runs: list[tuple[int, int, int]] = []
            prev_b = prev_d = 0
            for blk in [*_blocks(cleaned), Block(len(self.old), len(self.old), len(self.new), len(self.new))]:
                if blk.c > prev_d:
                    runs.append((prev_d, blk.c, prev_b))
                prev_b, prev_d = blk.b, blk.d
            self._runs = (runs, [run[0] for run in runs])
        return self._runs

    # -- mapping -------------------------------------------------------------------------------

    def map_span(self, start: int, end: int) -> Span:
        """Image of old[start:end]: right affinity at start, left affinity at end."""
        lo = bisect_right(self._b, start)  # first block not wholly before the span
        hi = bisect_left(self._a, end)  # first block wholly after the span
        touching = [i for i in range(lo, hi) if self._touches(self.blocks[i], start, end)]
        window = list(self.blocks[max(lo - 1, 0):hi + 1])
        first = max(lo - 1, 0)
        if touching:
            slid = self._slide_off(touching, start, end)
            if slid is None:
                kept = self._realign(touching[0], touching[-1], start, end)
                if kept is not None:
                    return Span(kept, kept + end - start, False)
            else:
                for i, blk in slid.items():
                    window[i - first] = blk
                touching = []
        return _map(start, end, window, self.blocks[first - 1] if first > 0 else None, bool(touching))

    def map_touched_span(self, start: int, end: int) -> Span:
        """Image of a touched span through the word diff: the whole rewritten wording, not fragments."""
        blocks, a_list, b_list = self._word_view
        lo = bisect_right(b_list, start)
        hi = bisect_left(a_list, end)
        first = max(lo - 1, 0)
        window = blocks[first:hi + 1]
        base = blocks[first - 1].d - blocks[first - 1].b if first > 0 else 0
        ns = _map_point(start, window, base, is_end=False, texts=(self.old, self.new))
        ne = _map_point(end, window, base, is_end=True, texts=(self.old, self.new))
        return Span(ns, max(ns, ne), True)

    def _realign(self, i0: int, i1: int, start: int, end: int) -> int | None:
        """Where an equally short explanation of the nearby edits keeps old[start:end] intact, if anywhere.

        "Mali Mali Wagner" -> "Mli Wagner" is one deletion "ali Ma" to a minimal diff, which cuts the
        second M; deleting "Mali " and "a" costs the same and keeps it. Both are true to the texts, and
        then the claim was not touched. The region is bounded, so this stays cheap.
        """
        blocks, old, new = self.blocks, self.old, self.new
        length = end - start
        a0, b0 = min(start, blocks[i0].a), max(end, blocks[i1].b)
        touched_cost = sum((blk.b - blk.a) + (blk.d - blk.c) for blk in blocks[i0:i1 + 1])
        reach = min(2 * ((b0 - a0) + touched_cost + length), MAX_REALIGN_REACH)
        lo, hi = max(0, a0 - reach), min(len(old), b0 + reach)
        j = bisect_right(self._b, lo)  # a block straddling lo or hi is taken in whole
        if j < len(blocks) and blocks[j].a < lo:
            lo = blocks[j].a
        k = bisect_left(self._a, hi) - 1
        if k >= 0 and blocks[k].b > hi:
            hi = blocks[k].b
        inside = blocks[bisect_left(self._a, lo):bisect_right(self._b, hi)]
        cost = sum((blk.b - blk.a) + (blk.d - blk.c) for blk in inside if blk.a >= lo and blk.b <= hi)
        new_lo, new_hi = self._point(lo, is_end=True), self._point(hi, is_end=False)
        exact, before, after = old[start:end], old[lo:start], old[end:hi]
        expected = new_lo + start - lo
        best: tuple[int, int, int] | None = None
        pos, tried = new.find(exact, new_lo, new_hi), 0
        while pos >= 0 and tried < MAX_REALIGN_TRIES:
            tried += 1
            spent = Indel.distance(before, new[new_lo:pos], score_cutoff=cost)
            if spent <= cost:
                spent += Indel.distance(after, new[pos + length:new_hi], score_cutoff=cost)
            if spent <= cost and (best is None or (spent, abs(pos - expected)) < best[:2]):
                best = (spent, abs(pos - expected), pos)
            pos = new.find(exact, pos + 1, new_hi)
        return None if best is None else best[2]

    def _point(self, x: int, is_end: bool) -> int:
        i = bisect_right(self._b, x)
        first = max(i - 1, 0)
        base = self.blocks[first - 1].d - self.blocks[first - 1].b if first > 0 else 0
        return _map_point(x, self.blocks[first:i + 1], base, is_end)

    @staticmethod
    def _touches(blk: Block, start: int, end: int) -> bool:
        if blk.a == blk.b:
            return start < blk.a < end
        return blk.a < end and blk.b > start

    def _slide_off(self, touching: list[int], start: int, end: int) -> dict[int, Block] | None:
        """Try every split: the first m touching blocks slide left off the span, the rest right."""
        for m in range(len(touching), -1, -1):
            moved: dict[int, Block] = {}
            ok = True
            for i in touching[:m]:
                blk = self._slide(i, moved, start, end, left=True)
                if blk is None:
                    ok = False
                    break
                moved[i] = blk
            for i in reversed(touching[m:]) if ok else ():
                blk = self._slide(i, moved, start, end, left=False)
                if blk is None:
                    ok = False
                    break
                moved[i] = blk
            if ok:
                return moved
        return None

    def _slide(self, i: int, moved: dict[int, Block], start: int, end: int, left: bool) -> Block | None:
        old, new = self.old, self.new
        a, b, c, d = moved.get(i, self.blocks[i])
        if left:
            steps = (b if a < b else a) - start
            prev = moved.get(i - 1, self.blocks[i - 1]) if i > 0 else Block(0, 0, 0, 0)
            if steps > a - prev.b:
                return None
            for _ in range(steps):
                if a == b:
                    ok = new[d - 1] == new[c - 1]
                elif c == d:
                    ok = old[b - 1] == old[a - 1]
                else:
                    ok = old[b - 1] == new[d - 1]
                if not ok:
                    return None
                a, b, c, d = a - 1, b - 1, c - 1, d - 1
        else:
            steps = end - a
            if i + 1 < len(self.blocks):
                nxt = moved.get(i + 1, self.blocks[i + 1])
            else:
                nxt = Block(len(old), len(old), len(new), len(new))
            if steps > nxt.a - b:
                return None
            for _ in range(steps):
                if a == b:
                    ok = new[c] == new[d]
                elif c == d:
                    ok = old[a] == old[b]
                else:
                    ok = old[a] == new[c]
                if not ok:
                    return None
                a, b, c, d = a + 1, b + 1, c + 1, d + 1
        return Block(a, b, c, d)

    # -- freshness ------------------------------------------------------------------------------

    def stale_chars(self, start: int, end: int, own_start: int, own_end: int) -> int:
        """How many characters of new[start:end] were already in the old text outside old[own_start:own_end].

        Such text cannot be the claim moved there: it was other words that stood there before this edit.
        """
        runs, run_starts = self._equal_runs
        count = 0
        i = max(bisect_right(run_starts, start) - 1, 0)
        while i < len(runs):
            run_start, run_end, old_start = runs[i]
            if run_start >= end:
                break
            lo, hi = max(start, run_start), min(end, run_end)
            if lo < hi:
                old_lo, old_hi = old_start + lo - run_start, old_start + hi - run_start
                own = max(0, min(old_hi, own_end) - max(old_lo, own_start))
                count += (hi - lo) - own
            i += 1
        return count


_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_FIRST_CODE = 0xF0000  # private-use planes 15-16 stand for tokens, as in diff-match-patch's line mode
_MAX_TOKENS = 0x10FFFD - _FIRST_CODE


def _word_blocks(old: str, new: str, timeout: float) -> list[Block]:
    vocabulary: dict[str, str] = {}

    def encode(text: str) -> tuple[str, list[int]] | None:
        codes, offsets = [], [0]
        for match in _TOKEN.finditer(text):
            token = match.group()
            code = vocabulary.get(token)
            if code is None:
                if len(vocabulary) >= _MAX_TOKENS:
                    return None
                code = vocabulary[token] = chr(_FIRST_CODE + len(vocabulary))
            codes.append(code)
            offsets.append(match.end())
        return "".join(codes), offsets

    dmp = diff_match_patch()
    dmp.Diff_Timeout = timeout
    old_enc, new_enc = encode(old), encode(new)
    if old_enc is None or new_enc is None:  # absurd vocabularies: fall back to a cleaned character diff
        diffs = dmp.diff_main(old, new, False)
        dmp.diff_cleanupSemantic(diffs)
        return _blocks(diffs)
    diffs = dmp.diff_main(old_enc[0], new_enc[0], False)
    dmp.diff_cleanupSemantic(diffs)
    old_at, new_at = old_enc[1], new_enc[1]
    return [Block(old_at[a], old_at[b], new_at[c], new_at[d]) for a, b, c, d in _blocks(diffs)]


def _map(start: int, end: int, window: list[Block], before: Block | None, touched: bool) -> Span:
    base = before.d - before.b if before is not None else 0
    ns = _map_point(start, window, base, is_end=False)
    ne = _map_point(end, window, base, is_end=True)
    return Span(ns, max(ns, ne), touched)


def _map_point(x: int, blocks: list[Block], base_delta: int, is_end: bool,
               texts: tuple[str, str] | None = None) -> int:
    delta = base_delta
    for a, b, c, d in blocks:
        if a > x:
            break
        if a == b:  # pure insertion
            if a == x:
                return c if is_end else d
        elif x == a:
            return c
        elif x < b:  # inside a deletion/replacement: take the replacement into the span
            if texts is not None:
                return _within_block(x, Block(a, b, c, d), texts, is_end)
            return d if is_end else c
        delta = d - b
    return x + delta


def _within_block(x: int, blk: Block, texts: tuple[str, str], is_end: bool) -> int:
    """A point inside a rewritten word: only the block's common prefix and suffix are certain."""
    a, b, c, d = blk
    old, new = texts[0][a:b], texts[1][c:d]
    prefix = _DMP.diff_commonPrefix(old, new)
    suffix = min(_DMP.diff_commonSuffix(old, new), min(len(old), len(new)) - prefix)
    from_start, from_end = x - a <= prefix, b - x <= suffix
    if is_end:
        return d - (b - x) if from_end else c + (x - a) if from_start else d
    return c + (x - a) if from_start else d - (b - x) if from_end else c
