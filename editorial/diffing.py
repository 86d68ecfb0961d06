"""Word-level differences between two texts, for revision comparison and review screens.

Tokens (words, runs of spaces, punctuation) are mapped to single characters so diff-match-patch
compares words rather than letters, the same trick as its documented line mode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from diff_match_patch import diff_match_patch

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Chunk:
    op: Literal["equal", "insert", "delete"]
    text: str


# Private-use planes 15 and 16: never in real copy, so encoded tokens cannot clash with text.
_FIRST_CODE = 0xF0000
_MAX_TOKENS = 0x10FFFD - _FIRST_CODE


class _TooManyTokens(Exception):
    pass


_OPS = {0: "equal", 1: "insert", -1: "delete"}


def word_diff(old: str, new: str) -> list[Chunk]:
    vocabulary: dict[str, str] = {}
    tokens: list[str] = []

    def encode(text: str) -> str:
        out = []
        for token in _TOKEN.findall(text):
            if token not in vocabulary:
                if len(tokens) >= _MAX_TOKENS:
                    raise _TooManyTokens
                vocabulary[token] = chr(_FIRST_CODE + len(tokens))
                tokens.append(token)
            out.append(vocabulary[token])
        return "".join(out)

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 2.0
    try:
        encoded_old, encoded_new = encode(old), encode(new)
    except _TooManyTokens:  # over 130,000 distinct words: compare letters instead
        diffs = dmp.diff_main(old, new, False)
        dmp.diff_cleanupSemantic(diffs)
        return [Chunk(_OPS[op], data) for op, data in diffs if data]
    diffs = dmp.diff_main(encoded_old, encoded_new, False)
    dmp.diff_cleanupSemantic(diffs)
    decoded = {v: k for k, v in vocabulary.items()}
    chunks = [Chunk(_OPS[op], "".join(decoded[c] for c in data)) for op, data in diffs]
    return [c for c in chunks if c.text]

