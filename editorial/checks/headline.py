"""Headlines whose tail is garbled: cut off mid-phrase, or with a stray fragment run on after them.

Read from the shape of the words, not from a list of bad headlines. A headline cannot end on a word that needs
something after it (an article, a conjunction, "of", "than", a possessive such as "its"), nor on a comma,
colon or dash. And when a run of title-case words is followed by a short lower-case tail ("… Wagner Ambush
Allegations and middling"), two fragments of page text were run together: a sentence-case headline ending in
a name ("Apple Vision Pro sales slump") is told apart by asking for evidence that the headline is written in
title case, a capitalised function word ("Over", "With") or a tail that starts with "and", "or", "but".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from editorial.checks import lexicon
from editorial.checks.capitalization import SMALL_WORDS, is_heading, name_evidence
from editorial.checks.document import Document
from editorial.checks.flags import Hit
from editorial.checks.registry import rule
from editorial.checks.tokens import key

# Words that always need something after them: a headline cannot stop on one. Particles that also end phrasal
# verbs ("in", "on", "up", "out", "off", "over", "for", "with", "by", "to", "from") end real headlines ("Talks
# break down", "What to watch for", "Where the money comes from") and are not here.
DANGLING = frozenset(
    """a an the and or but nor & of than as whose its their our your my because versus vs via amid
    whereas unlike including""".split()
)
# "of" ends a phrase after these ("What the new phone is made of", "Nothing to be afraid of").
OF_COMPLETES = frozenset(
    """made think thought heard speak spoken dream dreamed dreamt afraid aware sure rid fond proud tired
    ashamed approve approves disapprove composed""".split()
)
JOINERS = frozenset("and or but nor &".split())
# Capitalised only in title case: a name keeps them lower case ("Bank of England") or starts with them ("The").
TITLE_CASE_MARKERS = frozenset(
    "and but for with from into over than upon onto after amid near like past via".split()
)
_WORD = re.compile(r"&|[^\W_][\w’'.-]*")
_CUT_OFF = re.compile(r"(?:[,;:(–—]|\s-)\s*$")  # ends on a comma, colon, opening bracket or dash
_ELLIPSIS = re.compile(r"\s*(?:…|\.{3})\s*$")
_CLOSERS = " \t\"'”’»)]"
MAX_TAIL = 3  # lower-case words after a title-case run


def _spans(doc: Document) -> Iterator[tuple[int, int]]:
    """The headline; in the body, a copy of the headline and heading-like lines above the first paragraph
    (where a scraped page's headline sits)."""
    if doc.field == "headline":
        if doc.text.strip():
            yield doc.blocks[0].start, doc.blocks[-1].end
        return
    from editorial.checks.duplicate import headline_copies

    copies = set(headline_copies(doc))
    for i, block in enumerate(doc.blocks):
        if block.is_prose:
            break
        if i in copies or is_heading(block):
            copies.discard(i)
            yield block.start, block.end
    for i in sorted(copies):  # a copy below the first paragraph
        yield doc.blocks[i].start, doc.blocks[i].end


def _words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start() + start, m.end() + start, m[0]) for m in _WORD.finditer(text[start:end])]


def _is_common(doc: Document, word: str) -> bool:
    """A capitalised word that is an ordinary word here, not a name."""
    lower = key(word).lower()
    return (
        word[:1].isupper()
        and not (word.isupper() and len(word) > 1)
        and lower not in SMALL_WORDS
        and lexicon.is_known(lower)
        and not name_evidence(doc, word)
    )


def _dangling(doc: Document, words: list[tuple[int, int, str]], text: str, end: int) -> int | None:
    """Start of the trailing function words when the headline stops on one, or of the last word when it stops
    on a comma, colon or dash; None otherwise."""
    tail_end = len(text[:end].rstrip(_CLOSERS))
    before = text[:tail_end]
    if _CUT_OFF.search(before) and words:
        return words[-1][0]
    last = words[-1][2].lower().rstrip(".")
    if last not in DANGLING or (last == "of" and len(words) > 1 and words[-2][2].lower() in OF_COMPLETES):
        return None
    if last == "as" and len(words) > 1 and words[-2][2].lower() in ("such", "known"):
        return None
    first = len(words) - 1
    while first > 1 and words[first - 1][2].lower() in DANGLING | SMALL_WORDS:
        first -= 1
    return words[first][0]


def _run_on(doc: Document, words: list[tuple[int, int, str]], text: str) -> int | None:
    """Start of a short lower-case tail run on after a title-case run ("… Ambush Allegations and middling")."""
    n = len(words)
    first = n
    while first > 0 and words[first - 1][2].islower():  # "iPhone", "eBay": a brand, not a lower-case word
        first -= 1
    tail = [w for _s, _e, w in words[first:]]
    if not 1 <= len(tail) <= MAX_TAIL or first < 2:
        return None
    content = [w for w in tail if w.lower() not in SMALL_WORDS]
    if not content or not all(lexicon.is_known(key(w).lower()) for w in content):
        return None
    run = first
    while run > 1 and words[run - 1][2][:1].isupper():  # the capitalised run before the tail, first word aside
        run -= 1
    if sum(_is_common(doc, w) for _s, _e, w in words[run:first]) < 2:
        return None
    marked = any(
        w.lower() in TITLE_CASE_MARKERS and w[:1].isupper() and not re.search(r"[:–—]\s*$", text[:s])
        for s, _e, w in words[1:first]
    )
    lower_before = any(
        w[:1].islower() and w.lower() not in SMALL_WORDS for _s, _e, w in words[1:first]
    )
    if marked or (tail[0].lower() in JOINERS and not lower_before):
        return words[first][0]
    return None


def garbled_tail(doc: Document, start: int, end: int) -> tuple[int, int] | None:
    """The span of a headline's garbled tail, or None when the headline ends as headlines do."""
    text = doc.text
    stop = len(text[:end].rstrip(_CLOSERS))
    ellipsis = _ELLIPSIS.search(text[:stop])
    if ellipsis and ellipsis.start() > start:
        stop = ellipsis.start()
    words = _words(text, start, stop)
    if len(words) < 3:
        return None
    at = words[-1][0] if ellipsis else _dangling(doc, words, text, stop)  # "…": the page cut it short
    if at is None:
        at = _run_on(doc, words, text)
    return None if at is None else (at, len(text[:end].rstrip()))


@rule("artifact.headline-tail", "artifact", "warning", headline=True)
def headline_tail(doc: Document) -> Iterator[Hit]:
    """A headline (or the page's headline scraped into the body) that ends mid-phrase: on "and", "of the",
    "as" or a comma, or with a lower-case fragment run on after title-case words ("… Wagner Ambush
    Allegations and middling")."""
    for start, end in _spans(doc):
        span = garbled_tail(doc, start, end)
        if span is None:
            continue
        quoted = doc.text[span[0] : span[1]]
        where = "The headline" if doc.field == "headline" else "This headline line"
        yield Hit(
            span[0],
            span[1],
            f"{where} seems to end mid-phrase (“… {quoted}”); check it against the source.",
        )
