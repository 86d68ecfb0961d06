"""body_text: the one plain-text form all offsets refer to."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from editorial.sanitize import clean_html
from editorial.text import annotated_html, body_text


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
    assert text == text.strip(" \t\n\r\f")  # HTML whitespace only: U+0085 and friends are text to a browser
    assert body_text(html) == text  # deterministic


SPAN = re.compile(r'<span data-o="(\d+)">(.*?)</span>', re.S)


def _spans(html: str) -> list[tuple[int, str]]:
    import html as html_lib

    return [(int(o), html_lib.unescape(t)) for o, t in SPAN.findall(annotated_html(html))]


def test_annotated_spans_are_exact_slices_of_body_text():
    html = '<h2>Casualties</h2><p>While   exact <b>figures</b> remain,<br> estimates &amp; <a href="https://x.org">more</a></p>'
    text = body_text(html)
    spans = _spans(html)
    assert [t for _, t in spans] == ["Casualties", "While exact", " figures", " remain,", "estimates &", " more"]
    for offset, piece in spans:
        assert text[offset : offset + len(piece)] == piece
    assert '<a href="https://x.org"><span data-o=' in annotated_html(html)


@settings(max_examples=300)
@given(st.lists(st.tuples(st.sampled_from(["p", "h2", "li", "b", "em", "a", "br", "blockquote"]),
                          st.text(alphabet=st.sampled_from(list("ab  \n\t&<é\u0301")), max_size=12)), max_size=10))
def test_spans_cover_all_text_outside_separators(parts):
    html = clean_html("".join(f"<{tag}>{text}</{tag}>" if tag != "br" else f"{text}<br>" for tag, text in parts))
    text = body_text(html)
    covered = [" "] * len(text)
    for offset, piece in _spans(html):
        assert text[offset : offset + len(piece)] == piece
        covered[offset : offset + len(piece)] = ["x"] * len(piece)
    uncovered = "".join(ch for ch, mark in zip(text, covered, strict=True) if mark == " ")
    assert set(uncovered) <= {"\n"}  # only block separators and line breaks sit between spans
