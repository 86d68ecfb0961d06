"""The rule table: every rule registers itself here with its id, category and default severity."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from editorial.checks.flags import CATEGORIES, SEVERITIES, Hit

RuleFunc = Callable[..., Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    category: str
    severity: str
    func: RuleFunc
    headline: bool  # also run on the headline
    description: str


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, category: str, severity: str, *, headline: bool = False
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function `func(doc) -> Iterable[Hit]`; its docstring says what it catches."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}")
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")

    def register(func: RuleFunc) -> RuleFunc:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id!r} registered twice")
        description = " ".join((func.__doc__ or "").split())
        if not description:
            raise ValueError(f"rule {rule_id!r} needs a docstring saying what it catches")
        RULES[rule_id] = Rule(rule_id, category, severity, func, headline, description)
        return func

    return register
