"""Claims: their statuses, which block publishing, and how a verdict reads in schema.org ClaimReview.

Pure rules: no Flask, no database.
"""

from __future__ import annotations

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

# schema.org ClaimReview: reviewRating for statuses that are verdicts (1 = false … 5 = true).
VERDICTS = {
    ClaimStatus.VERIFIED: (5, "True"),
    ClaimStatus.DISPUTED: (3, "Disputed"),
    ClaimStatus.FALSE: (1, "False"),
}


def status_after_text_change(status: ClaimStatus) -> ClaimStatus:
    """The claim's own words were edited: a checked verdict must be checked again."""
    return ClaimStatus.NEEDS_RECHECK if status in VERDICTS else status
