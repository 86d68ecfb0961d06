"""Property-based tests of re-anchoring through a revision diff (notes/anchoring.md §7, properties 1-5, 7)."""

from __future__ import annotations

from hypothesis import event, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel, Levenshtein

from editorial.anchoring import AnchorState, make_anchor, reanchor

from .strategies import (
    Edit,
    apply,
    articles,
    check_sound,
    consistent,
    cost_keeping,
    edit_scripts,
    image,
    inserted_text,
    marker_text,
    spans,
)

CONTEXT_VOCAB = ["the", "of", "a", "b", "naïve", "😀"]  # shares no word with the repeated phrases
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
    """Property 2: 100% the same words, at the script-mapped offset, whenever the script is a minimal
    explanation of the two texts; where identical text next to an edit allows another equally cheap
    explanation, the same words at that offset."""
    text = data.draw(articles())
    start, end = data.draw(spans(text))
    anchor = make_anchor(text, start, end)
    script = [e for e in data.draw(edit_scripts(len(text))) if not e.touches(start, end)]
    new = apply(text, script)
    [result] = reanchor(text, new, [anchor])
    check_sound(result, new)
    got, want = (result.anchor.start, result.anchor.end) if result.anchor else None, image(start, end, script)
    minimal = Indel.distance(text, new)
    if cost_keeping(text, new, start, end, want[0]) > minimal:
        # The script did more work than the texts need (in repetitive text, a cheaper explanation cuts
        # the claim); no method that sees only the two texts can know the script. Soundness still holds.
        event("script is not a minimal explanation")
        return
    assert result.state in (AnchorState.ANCHORED, AnchorState.MOVED), result
    assert result.new_exact == anchor.exact
    if got != want:
        event("equally cheap explanation at another offset")
        assert cost_keeping(text, new, start, end, got[0]) == minimal, (got, want)
    assert (result.state is AnchorState.ANCHORED) == (got == (start, end))


@MANY
@given(st.data())
def test_an_edit_inside_the_claim_is_changed_to_the_true_new_wording_or_orphaned(data):
    """Property 3: one edit inside the span, inserting characters absent from the article. The claim is
    changed to exactly the new wording, or orphaned when most of it is gone (similarity < 0.5); any other
    place is allowed only where an equally cheap explanation of the texts puts the claim there."""
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
    similar = Levenshtein.normalized_similarity(anchor.exact, truth) >= 0.5
    if result.state is AnchorState.ORPHANED:
        assert not similar, result  # most of it is gone
        return
    got = (result.anchor.start, result.anchor.end)
    if got == (want_start, want_end):
        assert result.state is AnchorState.CHANGED and result.new_exact == truth
        return
    # Otherwise only an equally cheap explanation of the texts ("Mali\n\nW" -> "MaliX\nW": replace the
    # first newline, or insert X and drop the second) may put it elsewhere; it never lands on other text.
    event("equally cheap explanation")
    assert consistent(text, new, start, end, *got), result


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
    if not near and sum(e.delete + len(e.insert) for e in script) > Indel.distance(text, new):
        event("script is not a minimal explanation")
        return
    assert near or consistent(text, new, start, end, got.start, got.end), (result, lo, hi)


def _truth_bounds(start: int, end: int, script: list[Edit]) -> tuple[int, int]:
    return _point(start, script, is_end=False), max(_point(start, script, False), _point(end, script, True))


def _point(x: int, script: list[Edit], is_end: bool) -> int:
    """Image of an offset: an edit overlapping it puts it at the start (or, for an end, the end) of the
    replacement; an insertion exactly at a start goes before it, exactly at an end after it."""
    shift = 0
    for e in script:
        if e.pos + e.delete < x or (e.pos + e.delete == x and not (is_end and e.delete == 0)):
            shift += len(e.insert) - e.delete
        elif e.pos < x < e.pos + e.delete:
            return e.pos + shift + (len(e.insert) if is_end else 0)
        else:
            break
    return x + shift


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
    if result.state is not AnchorState.ORPHANED:
        # Only where an equally cheap explanation keeps (some of) the claim's own characters there,
        # e.g. deleting one of two identical neighbours; never somewhere the deletion did not reach.
        event("equally cheap explanation")
        assert consistent(text, new, start, end, result.anchor.start, result.anchor.end), result


@MANY
@given(st.data())
def test_repeated_phrase_claim_never_lands_on_the_other_copy(data):
    """Property 5: article A + P + B + P + C, claim on the second P; edit or delete it."""
    phrase = data.draw(st.sampled_from(["Wagner", "Mali 20 soldiers", "cafe\u0301 80", "𝔘𝔨𝔯 Wagner"]))
    a, b, c = (data.draw(articles(min_words=1, max_words=12, vocab=CONTEXT_VOCAB)) for _ in range(3))
    text = a + phrase + " " + b + phrase + " " + c
    first, second = len(a), len(a) + len(phrase) + 1 + len(b)
    anchor = make_anchor(text, second, second + len(phrase))
    replacement = data.draw(st.one_of(st.just(""), inserted_text, marker_text))
    context_text = st.lists(st.sampled_from(CONTEXT_VOCAB + [" "]), max_size=3).map("".join)
    outside = data.draw(edit_scripts(len(a), max_edits=2, text=context_text))  # edits before the first copy
    script = [*outside, Edit(second, len(phrase), replacement)]
    new = apply(text, script)
    shift = sum(len(e.insert) - e.delete for e in outside)
    [result] = reanchor(text, new, [anchor])
    check_sound(result, new)
    if result.state is not AnchorState.ORPHANED:
        first_new = first + shift
        on_first = not (result.anchor.end <= first_new or result.anchor.start >= first_new + len(phrase))
        if on_first:
            # Only a tie: "the P the P the" -> "X the P the  the" is explained as cheaply by deleting
            # the first P as the second; then the texts cannot say which copy survived.
            event("tie between the copies")
            assert consistent(text, new, second, second + len(phrase), result.anchor.start,
                              result.anchor.end), result
            return
        truth = (second + shift, second + shift + len(replacement))
        near = result.anchor.start <= truth[1] and result.anchor.end >= truth[0]
        assert near or consistent(text, new, second, second + len(phrase), result.anchor.start,
                                  result.anchor.end), result


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
