"""The workflow table, exhaustively: every (state, target, capacity) combination."""

from __future__ import annotations

import itertools

import pytest

from editorial import permissions, workflow
from editorial.permissions import Role
from editorial.workflow import Capacity, State

A, E = Capacity.AUTHOR, Capacity.EDITOR
NOBODY: frozenset = frozenset()

# The table, written out independently of workflow.TRANSITIONS: (from, to) → who may.
EXPECTED = {
    (State.DRAFT, State.IN_REVIEW): {A, E},
    (State.CHANGES_REQUESTED, State.IN_REVIEW): {A, E},
    (State.IN_REVIEW, State.CHANGES_REQUESTED): {E},
    (State.IN_REVIEW, State.APPROVED): {E},
    (State.APPROVED, State.PUBLISHED): {E},
    (State.APPROVED, State.IN_REVIEW): {E},
    (State.PUBLISHED, State.UNPUBLISHED): {E},
    (State.UNPUBLISHED, State.DRAFT): {E},
}
COMMENT_REQUIRED = {(State.IN_REVIEW, State.CHANGES_REQUESTED), (State.PUBLISHED, State.UNPUBLISHED)}
CAPACITY_SETS = [NOBODY, frozenset({A}), frozenset({E}), frozenset({A, E})]


@pytest.mark.parametrize(
    ("source", "target", "capacities"), list(itertools.product(State, State, CAPACITY_SETS))
)
def test_every_combination(source, target, capacities):
    decision = workflow.decide(source, target, capacities, comment="a reason")
    allowed_for = EXPECTED.get((source, target))
    if allowed_for is None:
        assert not decision.allowed and decision.status == 409
        assert "cannot be moved" in decision.message
    elif capacities & allowed_for:
        assert decision.allowed and decision.status == 200
        assert decision.transition.source == source and decision.transition.target == target
    else:
        assert not decision.allowed and decision.status == 403
        assert "Only the" in decision.message


@pytest.mark.parametrize(("source", "target"), sorted(COMMENT_REQUIRED))
def test_comment_required(source, target):
    for blank in ("", "   \n"):
        refused = workflow.decide(source, target, frozenset({E}), comment=blank)
        assert not refused.allowed and refused.status == 422 and "comment" in refused.message
    assert workflow.decide(source, target, frozenset({E}), comment="Byline misspelt").allowed


def test_no_other_transition_needs_a_comment():
    for (source, target) in set(EXPECTED) - COMMENT_REQUIRED:
        assert workflow.decide(source, target, frozenset({A, E}), comment="").allowed


def test_only_publish_runs_the_gate():
    assert [t.name for t in workflow.TRANSITIONS if t.runs_gate] == ["publish"]


def test_available_lists_buttons_in_table_order():
    assert [t.name for t in workflow.available(State.IN_REVIEW, frozenset({E}))] == ["request_changes", "approve"]
    assert workflow.available(State.IN_REVIEW, frozenset({A})) == []
    assert [t.name for t in workflow.available(State.DRAFT, frozenset({A}))] == ["submit"]


@pytest.mark.parametrize("state", list(State))
def test_edit_rules(state):
    author_may = workflow.may_edit(state, frozenset({A}))
    editor_may = workflow.may_edit(state, frozenset({E}))
    # the author of a published piece may start a correction (it goes back to review)
    assert author_may == (state in {State.DRAFT, State.IN_REVIEW, State.CHANGES_REQUESTED, State.APPROVED,
                                    State.PUBLISHED})
    assert editor_may == (state != State.UNPUBLISHED)
    assert not workflow.may_edit(state, NOBODY)
    expected_after = State.IN_REVIEW if state in (State.APPROVED, State.PUBLISHED) else state
    assert workflow.state_after_edit(state) == expected_after


# --- the self-approval rule (permissions.is_only_author, permissions.may_approve) --------------------------

ME, OTHER, THIRD = 1, 2, 3


@pytest.mark.parametrize(
    ("byline", "created_by", "expected"),
    [
        ([ME], ME, True),  # wrote and signed it alone
        ([ME], OTHER, True),  # someone else set it up, but only I am on the byline
        ([], ME, True),  # nobody on the byline: the creator's piece
        ([], OTHER, False),
        ([OTHER], ME, False),  # I set it up for a reporter: their piece
        ([ME, OTHER], ME, False),  # co-written: not mine alone
        ([OTHER, ME], OTHER, False),
        ([OTHER], OTHER, False),
        ([OTHER, THIRD], ME, False),
        ([ME, ME], OTHER, True),  # a repeated id is still one person
        ([], None, False),
    ],
)
def test_only_author(byline, created_by, expected):
    assert permissions.is_only_author(ME, byline=byline, created_by=created_by) is expected


ROLE_SETS = [frozenset(c) for n in range(3) for c in itertools.combinations(list(Role), n)]


@pytest.mark.parametrize(
    ("roles", "only_author", "allowed_setting"),
    list(itertools.product(ROLE_SETS, [False, True], [False, True])),
)
def test_self_approval_every_combination(roles, only_author, allowed_setting):
    allowed, message = permissions.may_approve(roles, only_author=only_author, self_approval_allowed=allowed_setting)
    is_editor = Role.EDITOR in roles
    assert allowed is (not only_author or (is_editor and allowed_setting))
    if allowed:
        assert message == ""
    elif is_editor:
        assert message == permissions.SELF_APPROVAL_REFUSED and "another editor" in message
    else:
        assert message == permissions.SELF_APPROVAL_NOT_EDITOR and "only an editor" in message


@pytest.mark.parametrize("roles", ROLE_SETS)
@pytest.mark.parametrize("own", [(), (2,), (2, 4)])
@pytest.mark.parametrize("allowed_setting", [False, True])
def test_two_person_rule_for_revisions_under_review(roles, own, allowed_setting):
    allowed, message = permissions.may_approve(roles, only_author=False, self_approval_allowed=allowed_setting,
                                               own_revisions=own)
    assert allowed is (not own or (Role.EDITOR in roles and allowed_setting))
    if not allowed and Role.EDITOR in roles:
        assert message.startswith(f"You wrote revision{'s' if len(own) > 1 else ''} {', '.join(map(str, own))} of")
