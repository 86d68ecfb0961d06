"""Generators for the property tests (notes/anchoring.md §7): repetitive articles and edit scripts."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from editorial.anchoring import AnchorState, Result

# A small vocabulary, so phrases repeat; non-ASCII, combining (e + U+0301) and astral characters included.
VOCAB = ["Wagner", "Mali", "the", "of", "20", "80", "soldiers", "naïve", "cafe\u0301", "😀", "𝔘𝔨𝔯", "a", "b"]
SEPARATORS = [" ", " ", " ", "\n\n", ", ", ". "]
# Characters that never occur in generated articles: an insertion made of them cannot be mistaken for
# (slid across) neighbouring text, so the true new wording of an edited claim is known exactly.
MARKERS = "XYZ#"

inserted_text = st.lists(st.sampled_from(VOCAB + SEPARATORS), max_size=4).map("".join)
marker_text = st.text(alphabet=MARKERS, min_size=1, max_size=12)


@st.composite
def articles(draw, min_words: int = 3, max_words: int = 50, vocab: list[str] = VOCAB) -> str:
    words = draw(st.lists(st.sampled_from(vocab), min_size=min_words, max_size=max_words))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps, strict=True))


@st.composite
def spans(draw, text: str, max_len: int = 40) -> tuple[int, int]:
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, min(len(text), start + max_len)))
    return start, end


@dataclass(frozen=True)
class Edit:
    pos: int
    delete: int
    insert: str

    def touches(self, start: int, end: int) -> bool:
        """Overlaps [start, end), or inserts strictly inside it (at an edge it stays outside)."""
        if start < self.pos < end:
            return True
        return self.delete > 0 and self.pos < end and self.pos + self.delete > start


@st.composite
def edit_scripts(draw, length: int, max_edits: int = 5, text=inserted_text) -> list[Edit]:
    """Non-overlapping, non-adjacent edits, sorted by position."""
    raw = draw(st.lists(st.tuples(st.integers(0, length), st.integers(0, 6), text), max_size=max_edits))
    script: list[Edit] = []
    for pos, delete, insert in sorted(raw):
        delete = min(delete, length - pos)
        if (delete == 0 and not insert) or (script and pos <= script[-1].pos + script[-1].delete):
            continue
        script.append(Edit(pos, delete, insert))
    return script


def apply(text: str, script: list[Edit]) -> str:
    for edit in reversed(script):
        text = text[:edit.pos] + edit.insert + text[edit.pos + edit.delete:]
    return text


def image(start: int, end: int, script: list[Edit]) -> tuple[int, int]:
    """Where the script puts [start, end), for edits wholly outside or wholly inside it: an insertion
    at start goes before the span, one at end after it; a replacement inside it is part of it."""
    shift_start = sum(len(e.insert) - e.delete for e in script if e.pos + e.delete <= start)
    shift_end = sum(len(e.insert) - e.delete for e in script
                    if e.pos + e.delete <= end and not (e.delete == 0 and e.pos == end))
    return start + shift_start, end + shift_end


def check_sound(result: Result, new: str) -> None:
    """Property 6: whatever happened, the result describes the new text honestly."""
    if result.state is AnchorState.ORPHANED:
        assert result.anchor is None and result.new_exact is None
        return
    anchor = result.anchor
    assert anchor is not None
    assert 0 <= anchor.start < anchor.end <= len(new)
    assert anchor.exact == new[anchor.start:anchor.end] == result.new_exact
    assert anchor.prefix == new[max(0, anchor.start - 32):anchor.start]
    assert anchor.suffix == new[anchor.end:anchor.end + 32]
    if result.state in (AnchorState.ANCHORED, AnchorState.MOVED):
        assert anchor.exact == result.old_exact
    else:
        assert anchor.exact != result.old_exact


def consistent(old: str, new: str, start: int, end: int, new_start: int, new_end: int) -> bool:
    """Some minimal explanation of old -> new maps old[start:end] exactly onto new[new_start:new_end]."""
    split = (Indel.distance(old[:start], new[:new_start]) + Indel.distance(old[start:end], new[new_start:new_end])
             + Indel.distance(old[end:], new[new_end:]))
    return split == Indel.distance(old, new)


def cost_keeping(old: str, new: str, start: int, end: int, at: int) -> int:
    """Indel cost of the cheapest explanation of old -> new that maps old[start:end] onto new[at:...].

    When a result differs from the script's answer, it is still true to the texts if it is explained as
    cheaply: two equally short explanations of an edit next to identical text cannot be told apart."""
    return (Indel.distance(old[:start], new[:at])
            + Indel.distance(old[end:], new[at + end - start:]))
