"""Property-based tests of re-anchoring through a revision diff (notes/anchoring.md §7, properties 1-5, 7)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from editorial.anchoring import AnchorState, make_anchor, reanchor

from .strategies import (
    Edit,
    apply,
    articles,
    check_sound,
    edit_scripts,
    image,
    inserted_text,
    marker_text,
    periodic,
    spans,
)

MANY = settings(max_examples=300, deadline=None)


@MANY
@given(st.data())
def test_identity_keeps_every_claim_anchored(data):
    text = data.draw(articles())
    anchor = make_anchor(text, *data.draw(spans(text)))
    [result] = reanchor(text, text, [anchor])
    assert result.state is AnchorState.ANCHORED and result.anchor == anchor


@MANY
@given(st.data())
def test_edits_that_do_not_touch_the_claim_keep_exactly_the_same_words(data):
    """Property 2: 100% the same words, at the script-mapped offset, except where identical adjacent
    copies make the diff ambiguous (then the claim and its mapped place are copies within a periodic run)."""
    text = data.draw(articles())
    start, end = data.draw(spans(text))
    anchor = make_anchor(text, start, end)
    script = [e for e in data.draw(edit_scripts(len(text))) if not e.touches(start, end)]
    new = apply(text, script)
    [result] = reanchor(text, new, [anchor])
    check_sound(result, new)
    assert result.state in (AnchorState.ANCHORED, AnchorState.MOVED), result
    assert result.new_exact == anchor.exact
    got, want = (result.anchor.start, result.anchor.end), image(start, end, script)
    if got != want:
        lo, hi = min(got[0], want[0]), max(got[1], want[1])
        assert periodic(new[lo:hi], abs(got[0] - want[0])), (got, want)
    assert (result.state is AnchorState.ANCHORED) == (got == (start, end))


@MANY
@given(st.data())
def test_an_edit_inside_the_claim_is_changed_to_the_true_new_wording_or_orphaned(data):
    """Property 3, exact form: one edit inside the span whose insertion is made of characters absent from
    the article, so no other alignment of the two texts exists and the true new wording is known.
    (Arbitrary scripts, where the diff may legitimately explain the texts differently, are covered below.)"""
    text = data.draw(articles())
    start, end = data.draw(spans(text))
    anchor = make_anchor(text, start, end)
    pos = data.draw(st.integers(start, end - 1))
    delete = data.draw(st.integers(0, end - pos)) or (1 if pos == start else 0)  # an insertion at start is outside
    script = [Edit(pos, delete, data.draw(marker_text))]
    new = apply(text, script)
    want_start, want_end = image(start, end, script)
    truth = new[want_start:want_end]
    [result] = reanchor(text, new, [anchor])
    check_sound(result, new)
    if Levenshtein.normalized_similarity(anchor.exact, truth) >= 0.5:
        assert result.state is AnchorState.CHANGED and result.method == "diff", result
        assert (result.anchor.start, result.anchor.end) == (want_start, want_end)
        assert (result.old_exact, result.new_exact) == (anchor.exact, truth)
    elif result.state is not AnchorState.ORPHANED:  # most of it is gone: only ever found where it was
        assert result.anchor.start < want_end and result.anchor.end > want_start, result


@MANY
@given(st.data())
def test_any_edit_script_gives_a_sound_result_that_never_points_at_other_text(data):
    """Properties 3 and 6 for arbitrary scripts: a result that is not orphaned overlaps the place the
    script put the claim (or, for the adjacent-copy ambiguity, the same words next to it)."""
    text = data.draw(articles())
    start, end = data.draw(spans(text))
    anchor = make_anchor(text, start, end)
    script = data.draw(edit_scripts(len(text), max_edits=6))
    new = apply(text, script)
    [result] = reanchor(text, new, [anchor])
    check_sound(result, new)
    if result.state is AnchorState.ORPHANED:
        return
    # Ground truth: the smallest new range covering everything the script left or wrote in the span.
    lo, hi = _truth_bounds(start, end, script)
    got = result.anchor
    near = got.start <= hi and got.end >= lo
    same_words_adjacent = result.state is not AnchorState.CHANGED and periodic(
        new[min(lo, got.start):max(hi, got.end)], abs(got.start - lo) or 1)
    assert near or same_words_adjacent, (result, lo, hi)


def _truth_bounds(start: int, end: int, script: list[Edit]) -> tuple[int, int]:
    shift, lo, hi = 0, None, None
    for e in script:
        if e.pos + e.delete <= start and not (e.delete and e.pos + e.delete == start and False):
            shift += len(e.insert) - e.delete
    lo = start + shift
    hi = lo
    shift = 0
    for e in script:
        if e.pos < end:
            shift += len(e.insert) - e.delete if e.pos + e.delete <= end else len(e.insert) - (end - e.pos)
    hi = max(lo, end + shift)
    return lo, hi


@MANY
@given(st.data())
def test_deleting_the_only_occurrence_with_its_context_orphans_it(data):
    """Property 4: a pure deletion writes no new text, so there is nowhere to move to."""
    text = data.draw(articles(min_words=6))
    start, end = data.draw(spans(text))
    anchor = make_anchor(text, start, end)
    lo = data.draw(st.integers(max(0, start - 10), start))
    hi = data.draw(st.integers(end, min(len(text), end + 10)))
    new = text[:lo] + text[hi:]
    [result] = reanchor(text, new, [anchor])
    check_sound(result, new)
    if anchor.exact not in new:
        assert result.state is AnchorState.ORPHANED, result
    elif result.state is not AnchorState.ORPHANED:
        # Only the adjacent-copy ambiguity: the same words, next to where the deletion happened.
        assert result.new_exact == anchor.exact
        assert result.anchor.start <= lo + (hi - lo) and result.anchor.end >= lo - (hi - lo), (result, lo, hi)


@MANY
@given(st.data())
def test_repeated_phrase_claim_never_lands_on_the_other_copy(data):
    """Property 5: article A + P + B + P + C, claim on the second P; edit or delete it."""
    phrase = data.draw(st.sampled_from(["Wagner", "20 of the soldiers", "naïve 😀 Mali", "the"]))
    a, b, c = (data.draw(articles(min_words=1, max_words=12)) for _ in range(3))
    text = a + phrase + " " + b + phrase + " " + c
    first, second = len(a), len(a) + len(phrase) + 1 + len(b)
    anchor = make_anchor(text, second, second + len(phrase))
    replacement = data.draw(st.one_of(st.just(""), inserted_text, marker_text))
    new = text[:second] + replacement + text[second + len(phrase):]
    outside = data.draw(edit_scripts(len(a), max_edits=2))  # edits inside A too
    new = apply(new, outside)
    shift = sum(len(e.insert) - e.delete for e in outside)
    [result] = reanchor(text, new, [anchor])
    check_sound(result, new)
    if result.state is not AnchorState.ORPHANED:
        first_new = first + shift
        assert result.anchor.end <= first_new or result.anchor.start >= first_new + len(phrase), result
        assert result.anchor.start >= second + shift - 1, result


@MANY
@given(st.data())
def test_stable_and_independent_of_claim_order(data):
    """Property 7: re-anchoring the result again changes nothing; claims do not influence each other."""
    text = data.draw(articles())
    anchors = [make_anchor(text, *data.draw(spans(text))) for _ in range(data.draw(st.integers(1, 4)))]
    new = apply(text, data.draw(edit_scripts(len(text))))
    results = reanchor(text, new, anchors)
    assert reanchor(text, new, anchors[::-1]) == results[::-1]
    assert [reanchor(text, new, [a])[0] for a in anchors] == results
    for result in results:
        if result.anchor is not None:
            [again] = reanchor(new, new, [result.anchor])
            assert again.state is AnchorState.ANCHORED and again.anchor == result.anchor
