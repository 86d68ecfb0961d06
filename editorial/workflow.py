"""The editorial workflow: states, transitions and who may make them, in one table.

Pure rules: no Flask, no database. Services ask `decide()` and enforce its answer; the UI asks
`available()` to offer buttons. Every refusal carries the HTTP status that fits it: 409 when the move
does not exist from the current state, 403 when it exists but this person may not make it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"


class Capacity(StrEnum):
    """In what capacity a person acts on one article."""

    AUTHOR = "author"  # a reporter on the byline (or who created the piece)
    EDITOR = "editor"


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    source: State
    target: State
    allowed: frozenset[Capacity]
    comment_required: bool = False
    runs_gate: bool = False


A, E = Capacity.AUTHOR, Capacity.EDITOR
S = State

# fmt: off
TRANSITIONS: tuple[Transition, ...] = (
    #          name               label              from                 to                   who
    Transition("submit",          "Submit for review", S.DRAFT,            S.IN_REVIEW,         frozenset({A, E})),
    Transition("resubmit",        "Resubmit",        S.CHANGES_REQUESTED, S.IN_REVIEW,         frozenset({A, E})),
    Transition("request_changes", "Request changes", S.IN_REVIEW,         S.CHANGES_REQUESTED, frozenset({E}), comment_required=True),
    Transition("approve",         "Approve",         S.IN_REVIEW,         S.APPROVED,          frozenset({E})),
    Transition("reopen",          "Reopen review",   S.APPROVED,          S.IN_REVIEW,         frozenset({E})),
    Transition("publish",         "Publish",         S.APPROVED,          S.PUBLISHED,         frozenset({E}), runs_gate=True),
    Transition("unpublish",       "Unpublish",       S.PUBLISHED,         S.UNPUBLISHED,       frozenset({E}), comment_required=True),
    Transition("redraft",         "Back to draft",   S.UNPUBLISHED,       S.DRAFT,             frozenset({E})),
)
# fmt: on

# What saving new content does to each state: None = stays; a state = the piece goes back there.
# An approved piece that is edited needs a fresh review; a published piece keeps its live revision
# and the new one goes through review before it replaces it. An unpublished piece is moved to draft first.
# So the author of a published piece may start a correction: it goes live only once another person has
# approved it (the two-person rule) and an editor publishes it with a public correction note.
EDIT_EFFECT: dict[State, State | None] = {
    S.DRAFT: None,
    S.IN_REVIEW: None,
    S.CHANGES_REQUESTED: None,
    S.APPROVED: S.IN_REVIEW,
    S.PUBLISHED: S.IN_REVIEW,
}
EDITABLE_BY: dict[State, frozenset[Capacity]] = {
    S.DRAFT: frozenset({A, E}),
    S.IN_REVIEW: frozenset({A, E}),
    S.CHANGES_REQUESTED: frozenset({A, E}),
    S.APPROVED: frozenset({A, E}),
    S.PUBLISHED: frozenset({A, E}),
}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    status: int  # 200 when allowed, else 403 or 409
    message: str
    transition: Transition | None = None


def find(source: State, target: State) -> Transition | None:
    return next((t for t in TRANSITIONS if t.source == source and t.target == target), None)


def decide(source: State, target: State, capacities: frozenset[Capacity], comment: str = "") -> Decision:
    """May a person acting in `capacities` move a piece from `source` to `target` with this comment?"""
    transition = find(source, target)
    if transition is None:
        return Decision(False, 409, f"An article that is {label(source)} cannot be moved to {label(target)}.")
    if not transition.allowed & capacities:
        who = " or ".join(sorted(c.value for c in transition.allowed))
        return Decision(False, 403, f"Only the {who} may {transition.label.lower()} this article.", transition)
    if transition.comment_required and not comment.strip():
        return Decision(False, 422, f"{transition.label} needs a comment saying why.", transition)
    return Decision(True, 200, "", transition)


def available(source: State, capacities: frozenset[Capacity]) -> list[Transition]:
    """Transitions this person may make from `source`, in table order, for buttons."""
    return [t for t in TRANSITIONS if t.source == source and t.allowed & capacities]


def may_edit(state: State, capacities: frozenset[Capacity]) -> bool:
    return bool(EDITABLE_BY.get(state, frozenset()) & capacities)


def state_after_edit(state: State) -> State:
    target = EDIT_EFFECT.get(state)
    return state if target is None else target


def label(state: State) -> str:
    return state.value.replace("_", " ")
