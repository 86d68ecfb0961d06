"""The input rules (editorial/inputs.py), pure: whole numbers that fit the database, text without control
characters or lone surrogates, JSON of a sane depth."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editorial.inputs import (
    DB_INT_MAX,
    BadText,
    clean_json,
    clean_text,
    json_too_deep,
    number_pattern,
    whole_number,
)
from editorial.sanitize import clean_html


@pytest.mark.parametrize("raw", ["", "0", "-1", "1.5", "1e3", "²", "١٢", " 1", "2147483648", "99999999999999999999"])
def test_whole_number_refuses_what_names_no_row(raw):
    assert whole_number(raw) is None


def test_whole_number_takes_the_whole_integer_range():
    assert whole_number("1") == 1 and whole_number(str(DB_INT_MAX)) == DB_INT_MAX
    assert whole_number("0", minimum=0) == 0  # text offsets start at 0


@given(st.integers(min_value=-10, max_value=10**12))
def test_number_pattern_matches_exactly_one_to_the_maximum(n):
    assert bool(re.fullmatch(number_pattern(), str(n))) == (1 <= n <= DB_INT_MAX)


@pytest.mark.parametrize("maximum", [1, 9, 10, 19, 100, 2**63 - 1])
def test_number_pattern_for_other_maxima(maximum):
    pattern = re.compile(number_pattern(maximum))
    assert [n for n in range(0, 250) if pattern.fullmatch(str(n))] == list(range(1, min(maximum, 249) + 1))
    assert pattern.fullmatch(str(maximum)) and not pattern.fullmatch(str(maximum + 1))


def test_clean_text_removes_c0_c1_and_nul_but_keeps_tab_and_line_breaks():
    assert clean_text("Mali\x00 cuts\x07 ties\x1b\x7f\x85\x9f\tnow\r\nlater") == "Mali cuts ties\tnow\r\nlater"
    assert clean_text("Goïta — “quoted” ✓ 😀") == "Goïta — “quoted” ✓ 😀"


def test_clean_text_refuses_a_lone_surrogate():
    with pytest.raises(BadText):
        clean_text("a\ud800b")


def test_clean_json_names_the_field_holding_a_lone_surrogate():
    assert clean_json({"headline": "a\x00b", "tags": ["x\x01"], "n": 3}) == {"headline": "ab", "tags": ["x"], "n": 3}
    with pytest.raises(BadText, match=r"^byline\[1\]$"):
        clean_json({"byline": ["rita", "\udc00"]})
    with pytest.raises(BadText, match=r"^anchor\.exact$"):
        clean_json({"anchor": {"exact": "\ud800"}})


def test_json_depth_is_measured_outside_strings():
    assert json_too_deep(b"[" * 33 + b"]" * 33)
    assert not json_too_deep(b"[" * 32 + b"]" * 32)
    assert not json_too_deep(json.dumps({"text": "[" * 5000, "q": '\\"[{'}).encode())
    assert json_too_deep(b'{"a":' * 1000 + b"1" + b"}" * 1000)


def test_bodies_lose_control_characters_in_the_sanitizer_too():
    assert clean_html("<p>Wagner\x00 lost\x0b 84\x85 fighters</p>") == "<p>Wagner lost 84 fighters</p>"
