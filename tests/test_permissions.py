from __future__ import annotations

import pytest

from editorial.permissions import (
    Can,
    Role,
    can_read_review,
    can_view_article,
    capabilities,
    capacities,
    parse_roles,
)
from editorial.workflow import Capacity, State


def test_roles_to_capabilities():
    assert capabilities([Role.REPORTER]) == {Can.WRITE}
    assert capabilities([Role.EDITOR]) == {Can.WRITE, Can.EDIT_ANY}
    assert capabilities([Role.FACT_CHECKER]) == {Can.CHECK_FACTS}
    assert capabilities([Role.ADMIN]) == {Can.MANAGE_PEOPLE, Can.MANAGE_SETTINGS, Can.AUDIT}
    assert capabilities([Role.REPORTER, Role.FACT_CHECKER]) == {Can.WRITE, Can.CHECK_FACTS}


def test_parse_roles_names_unknown_ones():
    assert parse_roles(["editor", " reporter "]) == {Role.EDITOR, Role.REPORTER}
    with pytest.raises(ValueError, match="Unknown role boss"):
        parse_roles(["editor", "boss"])


def test_capacities():
    assert capacities([Role.REPORTER], is_author=True) == {Capacity.AUTHOR}
    assert capacities([Role.REPORTER], is_author=False) == set()
    assert capacities([Role.EDITOR], is_author=False) == {Capacity.EDITOR}
    # a fact-checker on the byline is not an author in the workflow sense: they cannot write
    assert capacities([Role.FACT_CHECKER], is_author=True) == set()


@pytest.mark.parametrize("state", list(State))
def test_who_sees_what(state):
    assert can_view_article([Role.EDITOR], is_author=False, state=state)
    assert can_view_article([Role.REPORTER], is_author=True, state=state)
    assert can_view_article([Role.REPORTER], is_author=False, state=state) == (state == State.PUBLISHED)
    assert can_view_article([Role.FACT_CHECKER], is_author=False, state=state) == (state != State.DRAFT)
    assert can_view_article([Role.ADMIN], is_author=False, state=state) == (state == State.PUBLISHED)
    assert can_view_article([Role.ADMIN], is_author=False, state=state, is_assigned=True)


@pytest.mark.parametrize("state", list(State))
def test_who_reads_the_review_record(state):
    """Review comments, claims' working, earlier revisions, the timeline: a piece's people, editors, admins."""
    checkable = state not in (State.DRAFT,)
    assert can_read_review([Role.EDITOR], is_author=False, state=state)
    assert can_read_review([Role.REPORTER], is_author=True, state=state)
    assert can_read_review([Role.REPORTER], is_author=False, state=state, is_assigned=True)
    assert can_read_review([Role.FACT_CHECKER], is_author=False, state=state) == checkable
    assert can_read_review([Role.ADMIN], is_author=False, state=state)
    # another reporter reads a published piece, never how it was argued over
    assert not can_read_review([Role.REPORTER], is_author=False, state=state)
    assert not can_read_review([], is_author=False, state=state)


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("roles", [[r] for r in Role] + [[Role.REPORTER, Role.FACT_CHECKER], []])
@pytest.mark.parametrize("is_author", [False, True])
@pytest.mark.parametrize("is_assigned", [False, True])
def test_whoever_reads_the_record_may_read_the_piece(state, roles, is_author, is_assigned):
    if can_read_review(roles, is_author=is_author, state=state, is_assigned=is_assigned) and Role.ADMIN not in roles:
        assert can_view_article(roles, is_author=is_author, state=state, is_assigned=is_assigned)
