"""The engine's speed shortcuts give what their plain definitions give (property tests).

Each shortcut skips work that cannot change the result: patterns tried only where they can start, token
columns built per sentence instead of per token, a block's end read instead of searched, ASCII words not
normalised. These tests state the plain definition next to the shortcut, so a later change that breaks the
reasoning fails here.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from editorial.checks.document import Document, ends_sentence
from editorial.checks.numbers import figures, lead_offsets
from editorial.checks.tokens import FOLD_TABLE, fold, fold_case, key

PIECES = [
    "a", "A", "as", "dozen", "a dozen", "A Hundred", "as many as", "as  many as", "from", "between", "and", "to",
    "at least", "an estimated", "some", "five", "twenty-one", "84", "1,000", "3.5", "2024", "$", "US$", "R20",
    "million", "%", "per cent", "said", "the", "Goïta’s", "don't", "e\u0301", "\u00ad", "_", "photo.webp",
    "https://x.org/a", "U.S.", "Mr.", "e.g.", "DR.Congo", "“", "”", '"', ")", "(", " ", " ", "  ", "\t", "\n",
    "\n\n", ". ", ", ", "? ", "! ", "…", "ſ", "İ", "K",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=60).map("".join) | st.text(max_size=200)


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_word_index_holds_every_word_run(text):
    expected: dict[str, list[int]] = {}
    for m in re.finditer(r"\w+", text):
        expected.setdefault(fold_case(m.group()), []).append(m.start())
    assert Document(text).runs == expected


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_figures_tried_at_word_index_starts_are_all_figures(text):
    doc = Document(text)
    assert list(figures(text, starts=lead_offsets(doc.runs, text))) == list(figures(text))


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_token_columns(text):
    doc = Document(text)
    for i, start in enumerate(doc.token_starts):
        block = next(b for b, found in enumerate(doc.blocks) if found.start <= start < found.end)
        own = doc.blocks[block].sentences
        sentence = next((s for s in own if doc.sentences[s].end > start), own[-1])
        assert (doc.token_blocks[i], doc.token_sentences[i]) == (block, sentence)
        assert doc.token_firsts[i] == (i == 0 or doc.token_sentences[i - 1] != sentence)
        token = doc.tokens[i]
        assert (token.start, token.end, token.text, token.block, token.sentence) == (
            start, doc.token_ends[i], text[start : doc.token_ends[i]], block, sentence,
        )  # fmt: skip
    for block in doc.blocks:
        inside = [
            i for i, s in enumerate(doc.token_starts) if block.start <= s and doc.token_ends[i] <= block.end
        ]
        assert list(doc.indexes_in(block.start, block.end)) == inside
        assert block.words == len(inside)


@given(text=st.text(alphabet=".!?…\"'”’)x \n", max_size=12))
def test_ends_sentence_reads_the_end(text):
    stripped = text.strip()
    assert ends_sentence(stripped) == bool(re.search(r"[.!?…][\"'”’)]*\s*$", stripped))


@given(text=st.text(max_size=12) | st.sampled_from(PIECES))
def test_keys_of_ascii_words_skip_normalising(text):
    plain_key = unicodedata.normalize("NFC", text).translate(FOLD_TABLE)
    if plain_key.endswith(("'s", "'S")):
        plain_key = plain_key[:-2]
    elif plain_key.endswith("'") and plain_key[-2:-1] in ("s", "S"):
        plain_key = plain_key[:-1]
    assert key(text) == plain_key
    decomposed = unicodedata.normalize("NFKD", plain_key)
    assert fold(text) == "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
