"""Claims: their statuses, which block publishing, and how a verdict reads in schema.org ClaimReview.

Pure rules: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ClaimStatus(StrEnum):
    UNVERIFIED = "unverified"  # new
    IN_PROGRESS = "in_progress"
    VERIFIED = "verified"
    DISPUTED = "disputed"  # sources disagree: attribute it in the copy
    FALSE = "false"
    NOT_CHECKABLE = "not_checkable"  # opinion, prediction
    NEEDS_RECHECK = "needs_recheck"  # set by the app when verified words were edited


class Stance(StrEnum):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    CONTEXT = "context"


class SourceKind(StrEnum):
    PRIMARY = "primary"  # a primary document
    OFFICIAL = "official"  # an official statement
    NEWS = "news"  # a news report
    EXPERT = "expert"
    EYEWITNESS = "eyewitness"
    DATA = "data"  # a data set


# A claim in one of these states stops the article from being published.
BLOCKING = frozenset({ClaimStatus.UNVERIFIED, ClaimStatus.IN_PROGRESS, ClaimStatus.NEEDS_RECHECK, ClaimStatus.FALSE})

# States a person may set (needs_recheck is the app's, after an edit of verified words).
SETTABLE = tuple(s for s in ClaimStatus if s != ClaimStatus.NEEDS_RECHECK)

LABELS = {
    ClaimStatus.UNVERIFIED: "Unverified",
    ClaimStatus.IN_PROGRESS: "In progress",
    ClaimStatus.VERIFIED: "Verified",
    ClaimStatus.DISPUTED: "Disputed",
    ClaimStatus.FALSE: "False",
    ClaimStatus.NOT_CHECKABLE: "Not checkable",
    ClaimStatus.NEEDS_RECHECK: "Needs recheck",
}

# Statuses that are verdicts: they go public with a rating from the newsroom's scale.
VERDICTS = frozenset({ClaimStatus.VERIFIED, ClaimStatus.DISPUTED, ClaimStatus.FALSE})


@dataclass(frozen=True)
class Rating:
    """One step of the newsroom's rating scale, as readers see it: a label, its schema.org ratingValue
    (1 = false … 5 = true) and the verdict status it stands for (which decides whether it blocks publishing)."""

    key: str
    label: str
    value: int
    status: ClaimStatus


BEST_RATING, WORST_RATING = 5, 1

# The default scale; a newsroom sets its own with RATING_SCALE (instance/config.py). "Correctly attributed"
# is a verified quote: what the person said is rated, not whether it is true.
DEFAULT_RATINGS = (
    Rating("true", "True", 5, ClaimStatus.VERIFIED),
    Rating("mostly_true", "Mostly true", 4, ClaimStatus.VERIFIED),
    Rating("correctly_attributed", "Correctly attributed", 5, ClaimStatus.VERIFIED),
    Rating("unproven", "Unproven", 3, ClaimStatus.DISPUTED),
    Rating("misleading", "Misleading", 2, ClaimStatus.DISPUTED),
    Rating("false", "False", 1, ClaimStatus.FALSE),
)


def rating_scale(entries) -> tuple[Rating, ...]:
    """A scale from configuration: [{"key", "label", "value", "status"}, …]. Every verdict status needs at
    least one rating (the default for it is the first); keys are unique. ValueError says what is wrong."""
    scale, keys = [], set()
    for entry in entries:
        try:
            rating = entry if isinstance(entry, Rating) else Rating(
                str(entry["key"]), str(entry["label"]), int(entry["value"]), ClaimStatus(entry["status"]))
        except (KeyError, TypeError, ValueError) as e:
            raise ValueError(f"a rating needs key, label, value (1-5) and a verdict status: {entry!r} ({e})") from None
        if rating.status not in VERDICTS or not WORST_RATING <= rating.value <= BEST_RATING or not rating.label:
            raise ValueError(f"rating {rating.key!r}: a label, a value from 1 to 5 and a status of "
                             f"{', '.join(sorted(VERDICTS))}")
        if rating.key in keys:
            raise ValueError(f"rating {rating.key!r} is given twice")
        keys.add(rating.key)
        scale.append(rating)
    missing = VERDICTS - {r.status for r in scale}
    if missing:
        raise ValueError(f"no rating for the verdict status {', '.join(sorted(missing))}")
    return tuple(scale)


def rating_for(scale, status: ClaimStatus, key: str | None = None) -> Rating | None:
    """What readers see for a verdict: the rating `key` when it belongs to that status, else the status's
    default (the first of the scale for it). None for a status that is not a verdict."""
    if status not in VERDICTS:
        return None
    same = [r for r in scale if r.status == status]
    return next((r for r in same if r.key == key), same[0])


def status_after_text_change(status: ClaimStatus) -> ClaimStatus:
    """The claim's own words were edited: a checked verdict must be checked again."""
    return ClaimStatus.NEEDS_RECHECK if status in VERDICTS else status
