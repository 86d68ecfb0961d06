"""Plain data for anchoring: the stored anchor, the verdict states, the tunable gates, the result."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

# Hypothesis (TextQuoteAnchor.fromRange) and the W3C examples use 32 characters of context.
CONTEXT_LEN = 32


@dataclass(frozen=True)
class Anchor:
    """W3C TextQuoteSelector + TextPositionSelector on body_text, in code points.

    prefix/suffix are clipped at the text edges, so a prefix shorter than CONTEXT_LEN
    also records that the quote sat near the start of the text.
    """

    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""

    def to_dict(self) -> dict[str, int | str]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Anchor:
        return cls(int(data["start"]), int(data["end"]), str(data["exact"]),
                   str(data.get("prefix", "")), str(data.get("suffix", "")))


class AnchorState(StrEnum):
    ANCHORED = "anchored"  # same words at the same offsets
    MOVED = "moved"  # same words, other offsets
    CHANGED = "changed"  # the claim's own words were edited: recheck it
    ORPHANED = "orphaned"  # not found with confidence: the caller keeps the stored anchor


@dataclass(frozen=True)
class Thresholds:
    """Acceptance gates. Raising any of the first five only ever produces more orphans."""

    min_score: float = 0.80  # weighted score S of the best search candidate
    min_quote: float = 0.75  # quote similarity q of the best candidate
    min_context: float = 0.80  # max(prefix, suffix) similarity of the best candidate
    min_margin: float = 0.05  # S(best) - S(runner-up)
    min_changed_similarity: float = 0.5  # diff path: similarity of the edited span to the old quote
    # Candidate generation (not gates): errors allowed in the search, and the shortest quote searched fuzzily.
    max_error_ratio: float = 0.25
    min_fuzzy_length: int = 16


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Score:
    """Hypothesis-style score of the accepted (or best rejected) search candidate, for logging."""

    total: float
    quote: float
    prefix: float
    suffix: float
    position: float
    runner_up: float | None  # best score at another, non-overlapping place
    candidates: int  # candidates scored
    rejected_stale: int = 0  # candidates dropped because they were already text elsewhere before this edit


@dataclass(frozen=True)
class Result:
    """What happened to one anchor. anchor is None when orphaned (keep the stored one)."""

    state: AnchorState
    anchor: Anchor | None
    old_exact: str  # the stored wording
    new_exact: str | None  # the wording now at the anchor (None when orphaned)
    method: str  # "diff" (mapped through the revision diff), "search" (quote search) or "none"
    reason: str  # short, for logs: "untouched", "edited in place", "found", "deleted", "weak", "ambiguous"
    similarity: float | None = None  # diff path: similarity of old and new wording
    score: Score | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["state"] = self.state.value
        return data
