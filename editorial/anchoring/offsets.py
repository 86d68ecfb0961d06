"""Browser selections count UTF-16 code units; body_text offsets count code points (Python str)."""

from __future__ import annotations

import re

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _astral_positions(text: str) -> list[int]:
    return [m.start() for m in _ASTRAL.finditer(text)]


def codepoint_to_utf16(text: str, offset: int) -> int:
    """UTF-16 offset of code point offset `offset` (0..len(text))."""
    if not 0 <= offset <= len(text):
        raise ValueError(f"offset {offset} is outside the text (0..{len(text)})")
    if text.isascii():
        return offset
    return offset + sum(1 for pos in _astral_positions(text) if pos < offset)


def utf16_to_codepoint(text: str, offset: int) -> int:
    """Code point offset of UTF-16 offset `offset`; refuses offsets inside a surrogate pair."""
    if offset < 0:
        raise ValueError(f"UTF-16 offset {offset} is negative")
    if text.isascii():
        if offset > len(text):
            raise ValueError(f"UTF-16 offset {offset} is past the end of the text ({len(text)})")
        return offset
    result = offset
    for seen, pos in enumerate(_astral_positions(text)):
        unit = pos + seen  # UTF-16 index of this astral character's high surrogate
        if unit >= offset:
            break
        if unit + 1 == offset:
            raise ValueError(f"UTF-16 offset {offset} splits a surrogate pair")
        result -= 1
    if result > len(text):
        raise ValueError(f"UTF-16 offset {offset} is past the end of the text")
    return result
