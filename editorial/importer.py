"""Pasted or uploaded copy → a draft's headline and body HTML.

Plain text: the first non-empty line is the headline, blank-line-separated paragraphs become <p>,
single line breaks inside a paragraph become <br>. HTML: the first <h1> (else <title>) is the headline
and the body is sanitized as any other body. Nothing is dropped: leftovers such as "top of page" stay
in the text for the copy-desk checks to flag. When the person gives a headline, the whole text is body.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass

from editorial.inputs import strip_controls
from editorial.sanitize import clean_html
from editorial.text import html_to_blocks

_BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n")
_LOOKS_LIKE_HTML = re.compile(r"<(?:html|body|p|div|h[1-6]|article|br)\b", re.I)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.I | re.S)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.I | re.S)
_BODY = re.compile(r"<body\b[^>]*>(.*)</body\s*>", re.I | re.S)
HEADLINE_MAX = 300


class ImportError_(ValueError):
    """The text cannot become a draft (empty, not text)."""


@dataclass(frozen=True)
class Imported:
    headline: str
    body_html: str


def looks_like_html(text: str, filename: str = "") -> bool:
    if filename:
        return filename.lower().endswith((".html", ".htm"))
    return bool(_LOOKS_LIKE_HTML.search(text))


def import_text(text: str, *, filename: str = "", headline: str = "") -> Imported:
    text = strip_controls(text or "").replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise ImportError_("There is no text to import: the paste or file is empty.")
    if looks_like_html(text, filename):
        return _from_html(text, headline.strip())
    return _from_plain(text, headline.strip())


def _from_plain(text: str, headline: str) -> Imported:
    if not headline:
        first, _, text = text.strip("\n").partition("\n")
        headline = first.strip()
    paragraphs = [p for p in _BLANK_LINE.split(text) if p.strip()]
    body = "".join(
        "<p>" + "<br>".join(html_lib.escape(line.strip()) for line in p.split("\n") if line.strip()) + "</p>"
        for p in paragraphs
    )
    return Imported(_fit(headline), body)


def _from_html(text: str, headline: str) -> Imported:
    body_match = _BODY.search(text)
    body = body_match.group(1) if body_match else text
    if not headline:
        h1 = _H1.search(body)
        if h1:
            headline = " ".join(html_to_blocks(h1.group(1)))
            body = body[: h1.start()] + body[h1.end() :]
        elif title := _TITLE.search(text):
            headline = " ".join(html_to_blocks(title.group(1)))
    body = _TITLE.sub("", body)
    cleaned = clean_html(body)
    if not headline:
        blocks = html_to_blocks(cleaned)
        headline = blocks[0] if blocks else ""
    return Imported(_fit(headline), cleaned)


def _fit(headline: str) -> str:
    headline = " ".join(headline.split())
    return headline[:HEADLINE_MAX]
