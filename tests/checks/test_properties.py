"""Properties over arbitrary input: offsets in range, text == input[start:end], no crash."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editorial.checks import CATEGORIES, SEVERITIES, check_text
from tests.checks.helpers import seed_text

PIECES = [
    "the", "the", "Goïta", "Goita", "Zulum", "Zullum", "colour", "color", "said", "“", "”", '"', "(", ")", ",",
    ".", " ", " ", "\n", "\n\n", "84", "from 20 to 80", "Monday, May 9, 2024", "last month", "top of page",
    "photo.webp", "DR.Congo", "Mbeki edmond", "https://x.org/a", "’s", "al-Qaeda", "e.g.", "U.S.", "??", ",,",
    "\u00ad", "\u200b", "\u2060", "\ufeff",  # invisible characters pasted pages carry (soft hyphen, zero widths)
]  # fmt: skip
prose = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
anything = st.text(max_size=300)
dates = st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


def _assert_well_formed(text: str, headline: str | None, flags) -> None:
    for f in flags:
        source = headline if f.field == "headline" else text
        assert 0 <= f.start < f.end <= len(source)
        assert source[f.start : f.end] == f.text
        assert f.category in CATEGORIES and f.severity in SEVERITIES
        assert f.rule.split(".")[0] == f.category


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=anything | prose, headline=st.none() | anything | prose, dateline=dates)
def test_offsets_quote_the_input(text, headline, dateline):
    _assert_well_formed(
        text, headline, check_text(text, headline=headline, dateline=dateline, suggestions=False)
    )


@settings(max_examples=40, deadline=None)
@given(cut=st.integers(min_value=0, max_value=4000), insert=anything)
def test_edited_seed(cut, insert):
    seed = seed_text()
    text = seed[:cut] + insert + seed[cut:]
    _assert_well_formed(text, None, check_text(text, suggestions=False))


@settings(max_examples=30, deadline=None)
@given(text=st.text(alphabet=st.characters(categories=["Lu", "Ll", "Mn", "Zs", "Po", "Nd"]), max_size=200))
def test_combining_marks_and_scripts(text):
    _assert_well_formed(text, None, check_text(text))


@settings(max_examples=30, deadline=None)
@given(text=st.text(alphabet=st.characters(categories=["Cf", "Zs", "Ll", "Lu", "Po"]), max_size=120))
def test_invisible_format_characters(text):
    _assert_well_formed(text, None, check_text(text))


def test_a_word_made_only_of_soft_hyphens_is_not_a_crash():
    # found by hand: the word's comparison form is empty
    _assert_well_formed("a \u00ad\u00ad b", None, check_text("a \u00ad\u00ad b"))
