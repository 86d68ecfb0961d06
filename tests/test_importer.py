from __future__ import annotations

import pytest

from editorial.importer import ImportError_, import_text
from editorial.text import body_text


def test_seed_keeps_every_line(seed_text):
    imported = import_text(seed_text)
    assert imported.headline == "top of page"
    text = body_text(imported.body_html)
    for line in seed_text.splitlines()[1:]:
        if line.strip():
            assert " ".join(line.split()) in text, line
    assert "profile photo.webp" in text and text.endswith("bottom of page")


def test_given_headline_keeps_first_line_in_body(seed_text):
    imported = import_text(seed_text, headline="Mali cuts ties")
    assert imported.headline == "Mali cuts ties"
    assert body_text(imported.body_html).startswith("top of page\n\nAfrica")


def test_single_newlines_are_line_breaks_and_blank_lines_split_paragraphs():
    imported = import_text("Headline\n\nline one\nline two\n\n\nnext para")
    assert imported.body_html == "<p>line one<br>line two</p><p>next para</p>"


def test_text_is_escaped_not_interpreted():
    imported = import_text("Title\n\nfish & chips < 5 for <b>real</b>?", filename="x.txt")
    assert "fish &amp; chips &lt; 5" in imported.body_html
    assert body_text(imported.body_html) == "fish & chips < 5 for <b>real</b>?"


def test_html_page():
    page = ("<html><head><title>Site | Story</title><script>track()</script></head><body>"
            "<nav>Home</nav><h1>Real headline</h1><div>First para</div><p>Second <a href='javascript:x'>link</a></p>"
            "</body></html>")
    imported = import_text(page, filename="page.html")
    assert imported.headline == "Real headline"
    assert body_text(imported.body_html) == "Home\n\nFirst para\n\nSecond link"
    assert "javascript" not in imported.body_html and "track" not in imported.body_html


def test_empty_input_is_refused():
    with pytest.raises(ImportError_, match="no text"):
        import_text(" \n\n ")
