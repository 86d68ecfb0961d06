from __future__ import annotations

import pytest

from editorial.permissions import Can, Role, can_view_article, capabilities, capacities, parse_roles
from editorial.workflow import Capacity, State


def test_roles_to_capabilities():
    assert capabilities([Role.REPORTER]) == {Can.WRITE}
    assert capabilities([Role.EDITOR]) == {Can.WRITE, Can.EDIT_ANY}
    assert capabilities([Role.FACT_CHECKER]) == {Can.CHECK_FACTS}
    assert capabilities([Role.ADMIN]) == {Can.MANAGE_PEOPLE, Can.MANAGE_SETTINGS}
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
