"""Roles → capabilities, and who may see or touch which article. Pure rules, one table.

Views and services ask these functions; nothing else in the code compares role names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum

from editorial.workflow import Capacity, State


class Role(StrEnum):
    REPORTER = "reporter"
    EDITOR = "editor"
    FACT_CHECKER = "fact_checker"
    ADMIN = "admin"


class Can(StrEnum):
    WRITE = "write"  # create drafts, act as author of own pieces
    EDIT_ANY = "edit_any"  # review, edit and move any piece through the workflow
    CHECK_FACTS = "check_facts"  # annotate claims on pieces past the draft stage
    MANAGE_PEOPLE = "manage_people"  # invite, set roles, deactivate
    MANAGE_SETTINGS = "manage_settings"  # newsroom dictionary, house style, sections
    AUDIT = "audit"  # read any piece's internal record (review comments, claims' working, revisions, timeline)


# fmt: off
ROLE_CAPABILITIES: dict[Role, frozenset[Can]] = {
    Role.REPORTER:     frozenset({Can.WRITE}),
    Role.EDITOR:       frozenset({Can.WRITE, Can.EDIT_ANY}),
    Role.FACT_CHECKER: frozenset({Can.CHECK_FACTS}),
    Role.ADMIN:        frozenset({Can.MANAGE_PEOPLE, Can.MANAGE_SETTINGS, Can.AUDIT}),
}
# fmt: on

# States a fact-checker works in: the piece has left the reporter's private draft.
CHECKABLE_STATES = frozenset(
    {State.IN_REVIEW, State.CHANGES_REQUESTED, State.APPROVED, State.PUBLISHED, State.UNPUBLISHED}
)


def parse_roles(values: Iterable[str]) -> frozenset[Role]:
    """Role names → roles; raises ValueError naming the unknown ones."""
    values = [v.strip() for v in values if v and v.strip()]
    unknown = sorted({v for v in values if v not in Role._value2member_map_})
    if unknown:
        known = ", ".join(r.value for r in Role)
        raise ValueError(f"Unknown role {', '.join(unknown)}: use one of {known}.")
    return frozenset(Role(v) for v in values)


def capabilities(roles: Iterable[Role]) -> frozenset[Can]:
    out: frozenset[Can] = frozenset()
    for role in roles:
        out |= ROLE_CAPABILITIES[Role(role)]
    return out


def has(roles: Iterable[Role], capability: Can) -> bool:
    return capability in capabilities(roles)


def capacities(roles: Iterable[Role], *, is_author: bool) -> frozenset[Capacity]:
    """In what capacities a person acts on one article (feeds workflow.decide)."""
    caps = capabilities(roles)
    out = set()
    if is_author and Can.WRITE in caps:
        out.add(Capacity.AUTHOR)
    if Can.EDIT_ANY in caps:
        out.add(Capacity.EDITOR)
    return frozenset(out)


def can_view_article(roles: Iterable[Role], *, is_author: bool, state: State, is_assigned: bool = False) -> bool:
    caps = capabilities(roles)
    if Can.EDIT_ANY in caps or (is_author and Can.WRITE in caps) or is_assigned:
        return True
    if Can.CHECK_FACTS in caps and state in CHECKABLE_STATES:
        return True
    return state == State.PUBLISHED


def can_create_article(roles: Iterable[Role]) -> bool:
    return has(roles, Can.WRITE)


def can_dismiss_flag(roles: Iterable[Role], *, is_author: bool, severity: str, category: str) -> bool:
    """Editors dismiss any flag; fact-checkers dismiss claim flags; the author of a piece dismisses its
    `info` and `warning` flags (an `error` needs an editor), except claim flags, which are the checkers'."""
    caps = capabilities(roles)
    if Can.EDIT_ANY in caps:
        return True
    if category == "claim":
        return Can.CHECK_FACTS in caps
    return is_author and Can.WRITE in caps and severity in ("info", "warning")


def can_undo_triage(roles: Iterable[Role], *, made_it: bool) -> bool:
    """A dismissal, or a claim made from a flag, is undone by whoever made it or by an editor."""
    return made_it or Can.EDIT_ANY in capabilities(roles)


def can_work_claims(roles: Iterable[Role]) -> bool:
    """Create claims, set their status, attach sources: fact-checkers and editors."""
    return bool(capabilities(roles) & {Can.CHECK_FACTS, Can.EDIT_ANY})


def can_comment(roles: Iterable[Role], *, is_author: bool, state: State, is_assigned: bool = False) -> bool:
    """Review comments are for a piece's people: editors, its authors, whoever is assigned to it, and
    fact-checkers once it has left the draft stage. Being able to read a published piece is not enough."""
    caps = capabilities(roles)
    if Can.EDIT_ANY in caps or (is_author and Can.WRITE in caps) or is_assigned:
        return True
    return Can.CHECK_FACTS in caps and state in CHECKABLE_STATES


def can_read_review(roles: Iterable[Role], *, is_author: bool, state: State, is_assigned: bool = False) -> bool:
    """A piece's internal record (review comments, claims with their notes and history, earlier revisions and
    their diffs, the timeline) is for its people, as for can_comment, and for admins. Being able to read the
    published piece is not enough: publishing it does not publish how it was argued over."""
    if can_comment(roles, is_author=is_author, state=state, is_assigned=is_assigned):
        return True
    return Can.AUDIT in capabilities(roles)


def can_mark_blocking(roles: Iterable[Role]) -> bool:
    """Only an editor decides that a comment must be resolved before the piece can be published."""
    return Can.EDIT_ANY in capabilities(roles)


def can_resolve_comment(roles: Iterable[Role], *, started_it: bool, blocking: bool) -> bool:
    """Whoever may comment resolves or reopens an ordinary thread; a blocking one is resolved by an editor
    or by the person who raised it, so an author cannot clear an editor's objection alone."""
    return not blocking or started_it or Can.EDIT_ANY in capabilities(roles)


def can_add_to_dictionary(roles: Iterable[Role]) -> bool:
    return bool(capabilities(roles) & {Can.EDIT_ANY, Can.MANAGE_SETTINGS})


def is_only_author(person_id: int, *, byline: Iterable[int], created_by: int | None) -> bool:
    """Whether this piece is one person's work alone: nobody else is on its byline, and the person is on it
    or created it (a piece with an empty byline belongs to its creator).

    A co-written piece is not: an editor who shares the byline with a reporter may approve it, because the
    rule guards a piece nobody else has had a hand in. An editor who created a piece for a reporter and put
    only the reporter on the byline is not its author for this rule either.
    """
    others = {uid for uid in byline if uid != person_id}
    return not others and (person_id in set(byline) or person_id == created_by)


SELF_APPROVAL_REFUSED = (
    "You are the only author of this piece: another editor has to approve it "
    "(self-approval is switched off in this newsroom)."
)
SELF_APPROVAL_NOT_EDITOR = "You are the only author of this piece: only an editor may approve their own piece."


def own_revision_refusal(numbers: Sequence[int]) -> str:
    which = ", ".join(str(n) for n in numbers)
    return (
        f"You wrote revision{'s' if len(numbers) > 1 else ''} {which} of the text under review: another editor has "
        "to approve it, so that a second person checks every change (self-approval is switched off in this newsroom)."
    )


def may_approve(
    roles: Iterable[Role], *, only_author: bool, self_approval_allowed: bool, own_revisions: Sequence[int] = ()
) -> tuple[bool, str]:
    """The two-person rule: (allowed, the refusal message or "").

    Approving is not allowed to a piece's only author, nor to whoever wrote a revision under review
    (`own_revisions`: the numbers of this person's revisions since the last approval; an editor who corrected
    a published piece is one), unless they are an editor and the newsroom setting ALLOW_SELF_APPROVAL is on.
    Whether they may approve at all (an editor, a piece in review) is the workflow table's question, asked first.
    """
    if not only_author and not own_revisions:
        return True, ""
    if Can.EDIT_ANY not in capabilities(roles):
        return False, SELF_APPROVAL_NOT_EDITOR
    if not self_approval_allowed:
        return False, SELF_APPROVAL_REFUSED if only_author else own_revision_refusal(own_revisions)
    return True, ""
