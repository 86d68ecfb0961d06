"""Property-based tests of the gated search and of offsets (notes/anchoring.md §7, properties 6, 8, 9)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editorial.anchoring import (
    AnchorState,
    Revision,
    Thresholds,
    codepoint_to_utf16,
    make_anchor,
    relocate,
    utf16_to_codepoint,
)

from .strategies import apply, articles, check_sound, edit_scripts, spans

MANY = settings(max_examples=300, deadline=None)
raise_by = st.floats(0.0, 0.3)


@MANY
@given(st.data())
def test_relocate_in_unchanged_text_finds_the_same_place_or_refuses(data):
    text = data.draw(articles())
    anchor = make_anchor(text, *data.draw(spans(text)))
    result = relocate(text, anchor)
    check_sound(result, text)
    assert result.state in (AnchorState.ANCHORED, AnchorState.ORPHANED)
    if result.state is AnchorState.ANCHORED:
        assert result.anchor == anchor
    else:
        assert result.reason == "ambiguous"  # only an identical-looking place elsewhere stops it


@MANY
@given(st.data())
def test_raising_a_gate_never_turns_an_orphan_into_a_match(data):
    """Property 8, for the diff path (via the changed-similarity floor) and the search path."""
    text = data.draw(articles())
    anchor = make_anchor(text, *data.draw(spans(text)))
    new = apply(text, data.draw(edit_scripts(len(text), max_edits=6)))
    strict = Thresholds(min_score=0.8 + data.draw(raise_by), min_quote=0.75 + data.draw(raise_by),
                        min_context=0.8 + data.draw(raise_by), min_margin=0.05 + data.draw(raise_by),
                        min_changed_similarity=0.5 + data.draw(raise_by))
    for run in (lambda t: Revision(text, new, t).reanchor(anchor), lambda t: relocate(new, anchor, thresholds=t),
                lambda t: Revision(text, new, t).relocate(anchor)):
        loose, tight = run(Thresholds()), run(strict)
        check_sound(loose, new)
        check_sound(tight, new)
        if loose.state is AnchorState.ORPHANED:
            assert tight.state is AnchorState.ORPHANED


@MANY
@given(st.data())
def test_relocate_results_are_sound_for_any_edit(data):
    text = data.draw(articles())
    anchor = make_anchor(text, *data.draw(spans(text)))
    new = apply(text, data.draw(edit_scripts(len(text), max_edits=6)))
    result = relocate(new, anchor)
    check_sound(result, new)
    if result.score is not None and result.state is not AnchorState.ORPHANED:
        assert result.score.total >= 0.8 and result.score.quote >= 0.75
        assert result.score.runner_up is None or result.score.total - result.score.runner_up >= 0.05


@MANY
@given(st.lists(st.sampled_from(["a", "é", "e\u0301", "😀", "𝔘", "\n", "中"]), max_size=30).map("".join))
def test_utf16_offsets_round_trip(text):
    """Property 9: code point -> UTF-16 -> code point is the identity; offsets inside a pair are refused."""
    units = text.encode("utf-16-le")
    for i in range(len(text) + 1):
        u = codepoint_to_utf16(text, i)
        assert u == len(text[:i].encode("utf-16-le")) // 2
        assert utf16_to_codepoint(text, u) == i
    boundaries = {codepoint_to_utf16(text, i) for i in range(len(text) + 1)}
    for u in range(len(units) // 2 + 1):
        if u not in boundaries:
            with pytest.raises(ValueError, match="surrogate pair"):
                utf16_to_codepoint(text, u)
    with pytest.raises(ValueError):
        utf16_to_codepoint(text, len(units) // 2 + 1)
