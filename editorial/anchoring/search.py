"""Gated quote search: find a quote in text that has no usable history, or refuse to.

Candidates are every exact occurrence plus every approximate one (edlib, Myers bit-vector), never
exact ones alone: an exact look-alike must not hide an edited true location (hypothesis/client#7571).
Each candidate gets the Hypothesis score (50 quote + 20 prefix + 20 suffix + 2 position) / 92, and the
best is accepted only above a floor and with a margin over the best candidate elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import edlib
from rapidfuzz.distance import Levenshtein

from .model import CONTEXT_LEN, Anchor, Score, Thresholds

QUOTE_WEIGHT, PREFIX_WEIGHT, SUFFIX_WEIGHT, POSITION_WEIGHT = 50, 20, 20, 2
_TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT
# Each edlib pass reports only the best-distance hits; we mask them and search again for runners-up.
MAX_FUZZY_PASSES = 6
_EDLIB_MAX_SYMBOLS = 256


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    score: Score


@dataclass(frozen=True)
class Verdict:
    best: Candidate | None  # the accepted candidate, or None
    reason: str  # "found", "weak", "ambiguous", "not found"
    score: Score | None  # of the best candidate, accepted or not


def exact_occurrences(text: str, quote: str) -> list[int]:
    starts, pos = [], text.find(quote)
    while pos >= 0:
        starts.append(pos)
        pos = text.find(quote, pos + 1)
    return starts


def _sentinel(avoid: set[str]) -> str:
    code = 0xE000  # private use area: not in real copy, and never in the quote when we pick it
    while chr(code) in avoid:
        code += 1
    return chr(code)


def approximate_occurrences(text: str, quote: str, max_errors: int, skip: list[int]) -> list[tuple[int, int]]:
    """(start, end) of places within max_errors edits of quote, apart from the exact ones in `skip`."""
    if max_errors <= 0 or not text:
        return []
    quote_chars = set(quote)
    sentinel = _sentinel(quote_chars)
    masked = list(text)
    if len(set(text) | quote_chars) >= _EDLIB_MAX_SYMBOLS:
        # edlib's alphabet limit: characters absent from the quote can never match, so fold them into one.
        masked = [ch if ch in quote_chars else sentinel for ch in masked]
    for pos in skip:
        masked[pos:pos + len(quote)] = sentinel * len(quote)
    found: list[tuple[int, int]] = []
    for _ in range(MAX_FUZZY_PASSES):
        hit = edlib.align(quote, "".join(masked), mode="HW", task="locations", k=max_errors)
        if hit["editDistance"] < 0:
            break
        for start, last in hit["locations"]:
            found.append((start, last + 1))
            masked[start:last + 1] = sentinel * (last + 1 - start)
    return found


def _similarity(stored: str, window: str) -> float:
    return Levenshtein.normalized_similarity(stored, window)


def score_candidate(text: str, anchor: Anchor, start: int, end: int, hint: int | None,
                    clipped_context: bool = True) -> Score:
    """clipped_context: stored prefix/suffix were cut at CONTEXT_LEN or at the text edge (our anchors),
    so a short prefix also says "near the start". Otherwise (a client's quote) compare same-length windows
    and treat a missing side as no information."""
    quote = 1.0 - Levenshtein.distance(anchor.exact, text[start:end]) / len(anchor.exact)
    if clipped_context:
        prefix = _similarity(anchor.prefix, text[max(0, start - CONTEXT_LEN):start])
        suffix = _similarity(anchor.suffix, text[end:end + CONTEXT_LEN])
    else:
        n, m = len(anchor.prefix), len(anchor.suffix)
        prefix = _similarity(anchor.prefix, text[max(0, start - n):start]) if n else 1.0
        suffix = _similarity(anchor.suffix, text[end:end + m]) if m else 1.0
    position = 1.0 if hint is None else 1.0 - abs(start - hint) / max(len(text), 1)
    total = (QUOTE_WEIGHT * max(quote, 0.0) + PREFIX_WEIGHT * prefix + SUFFIX_WEIGHT * suffix
             + POSITION_WEIGHT * position) / _TOTAL_WEIGHT
    return Score(round(total, 6), round(quote, 6), round(prefix, 6), round(suffix, 6), round(position, 6),
                 None, 1)


def search(text: str, anchor: Anchor, hint: int | None, thresholds: Thresholds, *,
           admissible: Callable[[int, int], bool] | None = None, fuzzy: bool = True,
           clipped_context: bool = True) -> Verdict:
    """Best place for anchor.exact in text, if it passes every gate; see Thresholds."""
    quote = anchor.exact
    exact = exact_occurrences(text, quote)
    spans = [(pos, pos + len(quote)) for pos in exact]
    if fuzzy and len(quote) >= thresholds.min_fuzzy_length:
        spans += approximate_occurrences(text, quote, int(len(quote) * thresholds.max_error_ratio), exact)
    rejected = 0
    if admissible is not None:
        kept = [span for span in spans if admissible(*span)]
        rejected, spans = len(spans) - len(kept), kept
    if not spans:
        return Verdict(None, "not found", None)
    scored = sorted(((score_candidate(text, anchor, s, e, hint, clipped_context), s, e) for s, e in spans),
                    key=lambda item: (-item[0].total, item[1], item[2]))
    top, top_start, top_end = scored[0]
    # Overlapping hits are one place with uncertain edges; the runner-up must be somewhere else.
    rival = next((sc.total for sc, s, e in scored[1:] if e <= top_start or s >= top_end), None)
    if clipped_context:
        context = max(top.prefix, top.suffix)
    else:  # a client's quote: only the sides it sent say anything
        sides = [v for v, sent in ((top.prefix, anchor.prefix), (top.suffix, anchor.suffix)) if sent]
        context = max(sides, default=1.0)
    score = Score(top.total, top.quote, top.prefix, top.suffix, top.position, rival, len(scored), rejected)
    if top.total < thresholds.min_score or top.quote < thresholds.min_quote or context < thresholds.min_context:
        return Verdict(None, "weak", score)
    if rival is not None and top.total - rival < thresholds.min_margin:
        return Verdict(None, "ambiguous", score)
    return Verdict(Candidate(top_start, top_end, score), "found", score)
