"""body_text: the one plain-text form all offsets refer to."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from editorial.sanitize import clean_html
from editorial.text import body_text


def test_blocks_are_separated_by_one_blank_line():
    html = "<h2>Background</h2><p>On July 25, <b>clashes</b> erupted.</p><ul><li>one</li><li>two</li></ul>"
    assert body_text(html) == "Background\n\nOn July 25, clashes erupted.\n\none\n\ntwo"


def test_whitespace_collapses_and_br_is_a_line_break():
    assert body_text("<p>  Hello \n   world <br> profile photo.webp </p>") == "Hello world\nprofile photo.webp"


def test_nested_blocks_and_entities():
    assert body_text("<blockquote><p>&ldquo;Cowardly&rdquo; &amp; barbaric</p></blockquote>") == "“Cowardly” & barbaric"


def test_empty_paragraphs_vanish():
    assert body_text("<p></p><p> </p><p>x</p><p><br></p>") == "x"


def test_nfc_normalization():
    decomposed = "Goi\u0308ta"
    assert body_text(f"<p>{decomposed}</p>") == "Goïta"


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40), max_size=8))
def test_never_yields_a_triple_newline_or_edge_whitespace(paragraphs):
    html = clean_html("".join(f"<p>{p}</p>" for p in paragraphs))
    text = body_text(html)
    assert "\n\n\n" not in text
    assert text == text.strip()
    assert body_text(html) == text  # deterministic
