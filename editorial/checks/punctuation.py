"""Punctuation: unbalanced quotes and brackets (per paragraph), doubled marks, stray or missing spaces."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from operator import itemgetter

from editorial.checks.document import Block, Document, finditer_at
from editorial.checks.flags import Hit
from editorial.checks.registry import rule

_PAIRS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_BRACKET = re.compile(r"[()\[\]{}]")
_CURLY = re.compile("[“”]")
_STRAIGHT = re.compile('"')
_LIST_ITEM = re.compile(r"\s*(?:\d{1,2}|[a-zA-Z]|[ivx]{1,4})\)\s")


def _protected(doc: Document) -> list[tuple[int, int]]:
    """Spans of URLs, e-mails, domains and file names: their punctuation is not prose punctuation."""
    if "protected" not in doc.cache:
        doc.cache["protected"] = [
            (start, end) for start, end, kind in doc.specials if kind in ("url", "email", "file", "domain")
        ]
    return doc.cache["protected"]  # type: ignore[return-value]


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether `pos` lies in one of `spans` (token spans: in text order, never overlapping)."""
    i = bisect_right(spans, pos, key=itemgetter(0)) - 1  # the last span starting at or before pos
    return i >= 0 and pos < spans[i][1]


@rule("punctuation.unbalanced-bracket", "punctuation", "error", headline=True)
def unbalanced_bracket(doc: Document) -> Iterator[Hit]:
    """A parenthesis or bracket opened and not closed (or closed and not opened) within one paragraph."""
    protected = _protected(doc)
    for block in doc.blocks:
        if not any(c in block.text for c in "()[]{}"):
            continue
        stack: list[tuple[str, int]] = []
        for m in _BRACKET.finditer(block.text):
            c, pos = m.group(), block.start + m.start()
            if c in _PAIRS:
                stack.append((c, pos))
            elif c in _CLOSERS:
                if stack and stack[-1][0] == _CLOSERS[c]:
                    stack.pop()
                elif not _inside(protected, pos) and not _is_list_marker(doc, pos):
                    yield Hit(pos, pos + 1, f"“{c}” closes nothing in this paragraph.")
        for c, pos in stack:
            if not _inside(protected, pos):
                yield Hit(pos, pos + 1, f"“{c}” is never closed in this paragraph.", (_PAIRS[c],))


def _is_list_marker(doc: Document, pos: int) -> bool:
    start = doc.text.rfind("\n", 0, pos) + 1
    return bool(_LIST_ITEM.match(doc.text, start)) and pos - start <= 4


def _next_block_opens_quote(doc: Document, index: int) -> bool:
    if index + 1 >= len(doc.blocks):
        return False
    return doc.blocks[index + 1].text[:1] in ("“", '"', "‘")


@rule("punctuation.unbalanced-quote", "punctuation", "error", headline=True)
def unbalanced_quote(doc: Document) -> Iterator[Hit]:
    """Double quotation marks that do not pair up within a paragraph. A quote running on into a paragraph that
    itself opens with a quotation mark is the newspaper convention and is allowed."""
    for index, block in enumerate(doc.blocks):
        yield from _curly(doc, index, block)
        if '"' not in block.text:
            continue
        straight = [block.start + m.start() for m in _STRAIGHT.finditer(block.text)]
        if len(straight) % 2 and not _next_block_opens_quote(doc, index):
            pos = straight[-1]
            yield Hit(pos, pos + 1, "Odd number of straight quotation marks in this paragraph.")


def _curly(doc: Document, index: int, block: Block) -> Iterator[Hit]:
    if "“" not in block.text and "”" not in block.text:
        return
    open_at: int | None = None
    for m in _CURLY.finditer(block.text):
        c, pos = m.group(), block.start + m.start()
        if c == "“":
            if open_at is not None:
                yield Hit(open_at, open_at + 1, "“ opened again before it was closed.", ("”",))
            open_at = pos
        elif c == "”":
            if open_at is None:
                yield Hit(pos, pos + 1, "” closes a quotation that was not opened.")
            open_at = None
    if open_at is not None and not _next_block_opens_quote(doc, index):
        yield Hit(open_at, open_at + 1, "“ is never closed in this paragraph.", ("”",))


_DOUBLED = re.compile(r",,+|;;+|::+|(?<![.])\.\.(?![.])|[,;:]\.|\.,(?!\d)|[!?]{2,}|,[;:]|;,")
# Every _DOUBLED match starts with two marks in a row; this pattern (a plain character class first) finds those
# offsets quickly, and _DOUBLED is tried there only.
_TWO_MARKS = re.compile(r"[,;:.!?](?=[,;:.!?])")


@rule("punctuation.doubled", "punctuation", "error", headline=True)
def doubled(doc: Document) -> Iterator[Hit]:
    """Doubled or clashing punctuation: ",,", "..", ",.", "!!" (an ellipsis "..." is fine)."""
    protected = _protected(doc)
    starts = [m.start() for m in _TWO_MARKS.finditer(doc.text)]
    for m in finditer_at(_DOUBLED, doc.text, starts):
        if _inside(protected, m.start()):
            continue
        mark = m.group()
        severity = "warning" if mark[0] in "!?" else None
        yield Hit(
            m.start(),
            m.end(),
            f"Doubled punctuation “{mark}”.",
            (mark[-1] if mark[0] in "!?" else mark[0],),
            severity=severity,
        )


_SPACE_BEFORE = re.compile(r"(?<=\S)[ \t\u00a0]+(?:[,;]|[.!?:](?=\s|$|[\"”’)]))")
_MARK_AFTER_SPACE = re.compile(r"[,;.!?:](?<=[ \t\u00a0].)")  # the mark ending a _SPACE_BEFORE match


@rule("punctuation.space-before", "punctuation", "warning", headline=True)
def space_before(doc: Document) -> Iterator[Hit]:
    """White space before a comma, semicolon, colon, full stop, question or exclamation mark."""
    text = doc.text
    starts = []
    for mark in _MARK_AFTER_SPACE.finditer(text):
        at = mark.start() - 1
        while at > 0 and text[at - 1] in " \t\u00a0":
            at -= 1
        starts.append(at)  # the first space of the run: where _SPACE_BEFORE can start
    for m in finditer_at(_SPACE_BEFORE, text, starts):
        mark = m.group()[-1]
        if mark == "." and doc.text.startswith("..", m.end() - 1):
            continue
        yield Hit(m.start(), m.end(), f"Space before “{mark}”.", (mark,))


# The mark first (a character class, which re scans for quickly), then the look-behind.
_MISSING_SPACE = re.compile(r"[.,;](?<=[a-z]{2}[.,;]|[A-Z]{2}[.,;])(?=[A-Z][a-z]{2})")


@rule("punctuation.missing-space", "punctuation", "info", headline=True)
def missing_space(doc: Document) -> Iterator[Hit]:
    """No space after a full stop, comma or semicolon between two words ("word.Next" → "word. Next"); after an
    abbreviation in capitals the full stop is the slip ("DR.Congo" → "DR Congo")."""
    protected, seen = _protected(doc), set()
    for m in _MISSING_SPACE.finditer(doc.text):
        if _inside(protected, m.start()):
            continue
        s = max(doc.text.rfind(" ", 0, m.start()), doc.text.rfind("\n", 0, m.start())) + 1
        e = m.end()
        while e < len(doc.text) and doc.text[e].isalpha():
            e += 1
        word = doc.text[s:e]
        if word in seen:
            continue  # one flag per distinct word: dismissing it covers every use
        seen.add(word)
        left = doc.text[s : m.start()]
        if m.group() == "." and left.isupper() and left.isalpha():
            # an abbreviation in capitals takes no full stop: "DR.Congo" is "DR Congo", "UK.Treasury" "UK Treasury"
            suggestion = left + " " + doc.text[m.end() : e]
        else:
            suggestion = word.replace(m.group(), m.group() + " ", 1)
        yield Hit(s, e, f"No space after “{m.group()}” in “{word}”.", (suggestion,))
