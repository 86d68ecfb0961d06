"""Sanitized HTML → `body_text`, the one plain-text form every offset in the app refers to.

Rules (derive nothing of this anywhere else):
- each block element (paragraph, heading, list item, block quote paragraph…) is one block;
- blocks are separated by exactly one blank line ("\\n\\n");
- a <br> is a single "\\n" inside its block (several in a row count as one);
- runs of whitespace inside a block collapse to one space, as a browser renders them, and none
  start or end a block or a line;
- entities are decoded and each text run is NFC-normalized.

The same walk renders `annotated_html`: the body with every text run wrapped in
`<span data-o="OFFSET">`, whose text is exactly `body_text[OFFSET:OFFSET+len]`. Browser scripts map
selections and highlights through these spans, so browser and server can never disagree on an offset.
"""

from __future__ import annotations

import html as html_lib
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
VOID_TAGS = frozenset({"br", "hr", "img", "wbr"})
_RUNS = re.compile(r"[ \t\r\n\f\v]+|[^ \t\r\n\f\v]+")


class _Walker(HTMLParser):
    def __init__(self, annotate: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.annotate = annotate
        self.text: list[str] = []
        self.length = 0
        self.html: list[str] = []
        self.line_start = True  # at the start of a block or just after a <br>
        self.new_block = True
        self.pending_space = False
        self.pending_break = False

    # -- structure -------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self._block_boundary()
        elif tag == "br":
            self._line_break()
        if self.annotate:
            rendered = "".join(
                f' {name}="{html_lib.escape(value or "", quote=True)}"' for name, value in attrs
            )
            self.html.append(f"<{tag}{rendered}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self._block_boundary()
        if self.annotate and tag not in VOID_TAGS:
            self.html.append(f"</{tag}>")

    def _block_boundary(self) -> None:
        self.new_block = self.line_start = True
        self.pending_space = self.pending_break = False

    def _line_break(self) -> None:
        if not self.new_block:
            self.pending_break = True
        self.line_start = True
        self.pending_space = False

    # -- text ------------------------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        span: list[str] = []
        span_start = self.length
        for run in _RUNS.findall(data.replace("\x00", "")):
            if run[0] in " \t\r\n\f\v":
                if not self.line_start:
                    self.pending_space = True
                continue
            separator = (
                ("\n\n" if self.length else "") if self.new_block else "\n" if self.pending_break else ""
            )
            if separator:  # not rendered as text: it sits between spans
                self._emit(span_start, span)
                span = []
                self.text.append(separator)
                self.length += len(separator)
                span_start = self.length
            chunk = (
                " " if self.pending_space and not separator and not self.new_block else ""
            ) + unicodedata.normalize("NFC", run)
            span.append(chunk)
            self.length += len(chunk)
            self.new_block = self.line_start = self.pending_space = self.pending_break = False
        self._emit(span_start, span)

    def _emit(self, start: int, parts: list[str]) -> None:
        if not parts:
            return
        piece = "".join(parts)
        self.text.append(piece)
        if self.annotate:
            self.html.append(f'<span data-o="{start}">{html_lib.escape(piece, quote=False)}</span>')


def _walk(html: str, annotate: bool) -> _Walker:
    walker = _Walker(annotate)
    walker.feed(html or "")
    walker.close()
    return walker


def body_text(html: str) -> str:
    """The plain text of a body: its blocks joined by blank lines."""
    return "".join(_walk(html, annotate=False).text)


def html_to_blocks(html: str) -> list[str]:
    text = body_text(html)
    return text.split("\n\n") if text else []


def annotated_html(html: str) -> str:
    """The (already sanitized) body with each text run wrapped in `<span data-o="offset">`."""
    return "".join(_walk(html, annotate=True).html)
