"""Repetition: the same word twice in a row ("the the"), except doubles English allows ("had had")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import compress
from operator import eq

from editorial.checks.document import Document
from editorial.checks.flags import Hit
from editorial.checks.registry import rule

LEGITIMATE_DOUBLES = frozenset(
    [
        "had",
        "that",
        "is",
        "do",
        "bye",
        "no",
        "yes",
        "so",
        "ha",
        "very",
        "really",
        "far",
        "many",
        "knock",
        "tut",
        "wait",
        "go",
        "pom",
        "cha",
        "dum",
        "yo",
        "bora",
    ]
)
_GAP = re.compile(r"[ \t\u00a0]+|[ \t]*\n[ \t]*")


@rule("repetition.repeated-word", "repetition", "error", headline=True)
def repeated_word(doc: Document) -> Iterator[Hit]:
    """The same word twice in a row with only white space between ("the the", "to to")."""
    tokens, text = doc.tokens, doc.text
    folded = list(map(str.casefold, doc.token_texts))
    same = compress(range(len(tokens) - 1), map(eq, folded, folded[1:]))  # C-level: equal neighbours only
    for i in same:
        a, b = tokens[i], tokens[i + 1]
        if a.kind != "word" or b.kind != "word" or a.block != b.block:
            continue
        if a.text.casefold() != b.text.casefold() or a.norm.casefold() in LEGITIMATE_DOUBLES:
            continue
        if not _GAP.fullmatch(text, a.end, b.start):
            continue
        if b.end < len(text) and text[b.end] == "-":
            continue  # "Boutros Boutros-Ghali"
        yield Hit(a.start, b.end, f"Repeated word: “{a.text} {b.text}”.", (a.text,))
