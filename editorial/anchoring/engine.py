"""Re-anchoring: map each claim through the revision diff; fall back to a gated quote search.

Why diff first: we have both revisions, so an ordinary edit elsewhere can never move a claim onto a
look-alike. Why gated search second: a claim cut and pasted elsewhere shows as delete + insert, and
orphans from older revisions have no diff at all. Every doubt ends in ORPHANED: a wrong attachment
can put a verified badge on words nobody checked; an orphan costs one manual re-attach.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein

from .diffmap import DiffMap
from .model import CONTEXT_LEN, DEFAULT_THRESHOLDS, Anchor, AnchorState, Result, Thresholds
from .search import search

# A claim may only move to text this revision wrote: if more than this share of a candidate was already
# there before the edit (outside the claim's own old span), it is other words, e.g. a near-duplicate.
MAX_STALE_SHARE = 0.5


def make_anchor(text: str, start: int, end: int) -> Anchor:
    """Anchor for text[start:end], with 32 characters of context clipped at the text edges."""
    for name, value in (("start", start), ("end", end)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"{name} must be an integer, not {value!r}")
    if start > end:
        raise ValueError(f"start ({start}) is after end ({end})")
    if start < 0 or end > len(text):
        raise ValueError(f"span {start}..{end} is outside the text (0..{len(text)})")
    if start == end:
        raise ValueError(f"span {start}..{end} is empty")
    return Anchor(start, end, text[start:end], text[max(0, start - CONTEXT_LEN):start],
                  text[end:end + CONTEXT_LEN])


def anchor_from_quote(text: str, exact: str, prefix: str = "", suffix: str = "", *,
                      hint: int | None = None, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Anchor | None:
    """Anchor for a quote a client sent; None when it is absent, weak or ambiguous.

    Only exact occurrences count (a new claim must be on words that are there); prefix/suffix of any
    length pick between them, and a missing side says nothing.
    """
    if not exact or not text:
        return None
    probe = Anchor(0, len(exact), exact, prefix, suffix)
    verdict = search(text, probe, hint, thresholds, fuzzy=False, clipped_context=False)
    if verdict.best is None:
        return None
    return make_anchor(text, verdict.best.start, verdict.best.end)


def _settled(anchor: Anchor, new_text: str, start: int, end: int, method: str, reason: str, **extra) -> Result:
    fresh = make_anchor(new_text, start, end)
    if fresh.exact == anchor.exact:
        state = AnchorState.ANCHORED if (start, end) == (anchor.start, anchor.end) else AnchorState.MOVED
    else:
        state = AnchorState.CHANGED
    return Result(state, fresh, anchor.exact, fresh.exact, method, reason, **extra)


def _search(text: str, anchor: Anchor, hint: int, thresholds: Thresholds, dmap: DiffMap | None,
            own: tuple[int, int] = (0, 0)) -> Result:
    admissible = None
    if dmap is not None:
        def admissible(start: int, end: int) -> bool:
            stale = dmap.stale_chars(start, end, *own)
            return stale <= MAX_STALE_SHARE * (end - start)
    verdict = search(text, anchor, hint, thresholds, admissible=admissible)
    if verdict.best is None:
        return Result(AnchorState.ORPHANED, None, anchor.exact, None, "search", verdict.reason,
                      score=verdict.score)
    return _settled(anchor, text, verdict.best.start, verdict.best.end, "search", "found", score=verdict.score)


class Revision:
    """One edit (old_text -> new_text): the diff is computed once, then each anchor is independent."""

    def __init__(self, old_text: str, new_text: str, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> None:
        self.old_text, self.new_text, self.thresholds = old_text, new_text, thresholds
        self._dmap = DiffMap(old_text, new_text)

    def reanchor(self, anchor: Anchor) -> Result:
        """Follow an anchor that is live on old_text into new_text."""
        old, new, dmap = self.old_text, self.new_text, self._dmap
        if not anchor.exact or old[anchor.start:anchor.end] != anchor.exact:
            # Not a live anchor on the old text (stale or foreign): treat it as an orphan.
            return self.relocate(anchor)
        span = dmap.map_span(anchor.start, anchor.end)
        if not span.touched:
            if new[span.start:span.end] == anchor.exact:
                return _settled(anchor, new, span.start, span.end, "diff", "untouched")
        elif span.end > span.start:  # some of its characters survive: read the new wording in whole words
            span = dmap.map_touched_span(anchor.start, anchor.end)
        if span.touched and span.end > span.start:
            wording = new[span.start:span.end]
            similarity = Levenshtein.normalized_similarity(anchor.exact, wording)
            if similarity >= self.thresholds.min_changed_similarity:
                return _settled(anchor, new, span.start, span.end, "diff", "edited in place",
                                similarity=round(similarity, 6))
        # Mostly rewritten or deleted: perhaps moved (cut and paste shows as delete + insert).
        return _search(new, anchor, span.start, self.thresholds, dmap, (anchor.start, anchor.end))

    def relocate(self, anchor: Anchor) -> Result:
        """Look for an orphan in new_text, only in text this revision wrote.

        Text that was already in old_text was searched when the claim was orphaned (or had it, and lost
        it); finding the quote there now would be the look-alike that the orphaning refused.
        """
        if not anchor.exact:
            raise ValueError("anchor has an empty quote")
        return _search(self.new_text, anchor, anchor.start, self.thresholds, self._dmap)


def relocate(text: str, anchor: Anchor, *, hint: int | None = None, previous_text: str | None = None,
             thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Result:
    """Find an anchor in text without following a diff: an orphan, a revert, an imported claim.

    Give previous_text (the revision the orphan was last looked for in) when there is one: the search
    then only accepts text written since. Without it only the score gates protect against look-alikes.
    """
    if not anchor.exact:
        raise ValueError("anchor has an empty quote")
    if previous_text is not None:
        return Revision(previous_text, text, thresholds).relocate(anchor)
    return _search(text, anchor, anchor.start if hint is None else hint, thresholds, None)


def reanchor(old_text: str, new_text: str, anchors: Iterable[Anchor], *,
             thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[Result]:
    """Re-anchor anchors live on old_text in new_text: one Result per anchor, in order.

    The diff is computed once per call. For many claims with some orphans, use Revision directly.
    """
    anchors = list(anchors)
    if not anchors:
        return []
    revision = Revision(old_text, new_text, thresholds)
    return [revision.reanchor(anchor) for anchor in anchors]
