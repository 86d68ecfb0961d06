"""Sanitized HTML → `body_text`, the one plain-text form every offset in the app refers to.

Rules (derive nothing of this anywhere else):
- each block element (paragraph, heading, list item, block quote paragraph…) is one block;
- blocks are separated by exactly one blank line ("\\n\\n");
- a <br> is a single "\\n" inside its block;
- runs of whitespace inside a block collapse to one space, as a browser renders them;
- entities are decoded and the result is NFC-normalized.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

BLOCK_TAGS = frozenset(
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "pre",
        "figure", "figcaption", "table", "tr", "td", "th", "hr", "section", "article", "header",
        "footer", "aside", "nav", "main", "dl", "dt", "dd", "address",
    }
)  # fmt: skip
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_BREAK = "\x00"  # stands for <br> until whitespace is collapsed; NUL never survives from the input


class _BlockCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in BLOCK_TAGS:
            self._flush()
        elif tag == "br":
            self._parts.append(_BREAK)

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        self._parts.append(data.replace(_BREAK, ""))

    def _flush(self) -> None:
        lines = (_SPACE.sub(" ", line).strip() for line in "".join(self._parts).split(_BREAK))
        self._parts = []
        block = "\n".join(line for line in lines if line)
        if block:
            self.blocks.append(block)

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_blocks(html: str) -> list[str]:
    parser = _BlockCollector()
    parser.feed(html or "")
    parser.close()
    return [unicodedata.normalize("NFC", block) for block in parser.blocks]


def body_text(html: str) -> str:
    """The plain text of a body: its blocks joined by blank lines."""
    return "\n\n".join(html_to_blocks(html))
