"""The value a rule reports: one flag on one span of the checked text."""

from __future__ import annotations

from dataclasses import dataclass, field

CATEGORIES = (
    "spelling", "repetition", "capitalization", "consistency", "punctuation",
    "artifact", "duplicate", "date", "claim", "style",
)  # fmt: skip
SEVERITIES = ("error", "warning", "info")
FIELDS = ("body", "headline")


@dataclass(frozen=True, slots=True)
class Flag:
    """What a copy-desk rule found.

    `start`/`end` are Python string offsets into the checked field (`field` is "body" for `body_text`,
    "headline" for the headline) and `text == that_field[start:end]` always holds.
    """

    rule: str
    category: str
    severity: str
    start: int
    end: int
    text: str
    message: str
    suggestions: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    field: str = "body"

    def to_dict(self) -> dict:
        """The JSON form: the issue's fields, `field`, and `reasons` on claim flags only."""
        out = {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "suggestions": list(self.suggestions),
            "field": self.field,
        }
        if self.category == "claim":
            out["reasons"] = list(self.reasons)
        return out

    def to_record(self) -> dict:
        """Every field, as JSON: what is stored with a revision (from_record gives the same flag back)."""
        return {**self.to_dict(), "reasons": list(self.reasons)}

    @classmethod
    def from_record(cls, record: dict) -> Flag:
        return cls(**{**record, "suggestions": tuple(record["suggestions"]), "reasons": tuple(record["reasons"])})


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule function yields; the runner turns it into a `Flag` (adding the quoted text)."""

    start: int
    end: int
    message: str
    suggestions: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    severity: str | None = None  # None: the rule's default severity
    extra: dict = field(default_factory=dict, compare=False)
