"""The tokenizer and the per-token comparison keys.

Tokens are kept as columns (parallel lists of starts, ends, kinds and texts): a document has about as many tokens
as words, and most rules read one or two columns or a handful of tokens, so building an object per token was the
largest part of checking a text.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress
from operator import not_

_FILE_EXT = (
    r"(?:webp|jpe?g|png|gif|svg|bmp|tiff?|avif|heic|pdf|docx?|xlsx?|pptx?|csv|zip|mp[34]|mov|avi|html?|php)"
)
SPECIAL = re.compile(
    r"(?P<url>(?:https?://|www\.)[^\s<>\"“”'’)\]]+[^\s<>\"“”'’.,;:!?)\]])"
    r"|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    rf"|(?P<file>[\w-]+(?:\.[\w-]+)*\.{_FILE_EXT}\b)"
    r"|(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|org|net|gov|edu|int|io|info|news|co\.uk|org\.uk|"
    r"gov\.uk|ac\.uk|uk|fr|de|eu|ng|za|ke|ml)\b(?:/[^\s\"“”]*[^\s\"“”.,;:!?)])?)"
    r"|(?P<abbr>(?:[A-Za-z]\.){2,})",
    re.IGNORECASE,
)
# Possessive quantifiers (++, *+): the same matches, as nothing after them can need a character back, and re
# skips the backtracking bookkeeping (15 % faster on the whole text).
_PLAIN = re.compile(r"[\w\u0300-\u036f\u00ad]++(?:['’][\w\u0300-\u036f]++)*+")
_PLAIN_SPLIT = re.compile(f"({_PLAIN.pattern})")
_ALNUM = re.compile(r"[\d_]")
# "@", "/", "www." or a "." before an ASCII letter or digit (as re.IGNORECASE sees them): every special token
# holds one; a chunk with none (most chunks: a word ending a sentence) is not searched.
_TRIGGER = re.compile(r"[.@/](?:(?<=[@/])|(?=[A-Za-z0-9ſ\u212a])|(?<=[wW]{3}\.))")
_TRIGGER_DOT = re.compile(r"[.@]")
FOLD_TABLE = str.maketrans({"’": "'", "\u00ad": None, "ʼ": "'"})


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    kind: str  # word, alnum, abbr, url, email, file, domain
    block: int
    sentence: int
    first: bool = False  # first word of its sentence

    @property
    def word_end(self) -> int:
        """End offset without a possessive ending ("Goïta’s" → "Goïta")."""
        raw = self.text
        if raw[-2:] in ("'s", "’s", "'S", "’S"):
            return self.end - 2
        if raw[-1:] in ("'", "’") and raw[-2:-1] in ("s", "S"):
            return self.end - 1
        return self.end

    @property
    def norm(self) -> str:
        """NFC, curly apostrophe straightened, soft hyphen removed, possessive stripped."""
        return key(self.text)


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    # ASCII text is already NFC and holds none of FOLD_TABLE's characters
    s = text if text.isascii() else unicodedata.normalize("NFC", text).translate(FOLD_TABLE)
    if s.endswith(("'s", "'S")):
        s = s[:-2]
    elif s.endswith("'") and s[-2:-1] in ("s", "S"):
        s = s[:-1]
    return s


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Accent- and case-insensitive comparison key: NFKD, combining marks dropped, casefolded."""
    decomposed = unicodedata.normalize("NFKD", key(text))
    if decomposed.isascii():
        return decomposed.casefold()  # no combining marks to drop
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold_case(text: str) -> str:
    """Lower case with offsets kept, folded as re.IGNORECASE matches ASCII letters ("İ", "ı" → "i", "ſ" → "s")."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join("i" if c == "İ" else c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.replace("ſ", "s").replace("ı", "i") if not low.isascii() else low


@lru_cache(maxsize=4096)
def _specials(chunk: str) -> tuple[tuple[int, int, str], ...]:
    """The special tokens of one white-space-delimited chunk ("DR.Congo" recurs: cached)."""
    return tuple((m.start(), m.end(), m.lastgroup or "domain") for m in SPECIAL.finditer(chunk))


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every token: url, email, file, domain, abbr (found around "." and "@" only),
    then alnum (has a digit) and word."""
    starts, ends, kinds, _texts = columns(text, start, len(text) if end is None else end, [], [])
    return list(zip(starts, ends, kinds, strict=True))


def columns(
    text: str,
    start: int,
    end: int,
    hidden: list[tuple[str, int]],
    specials_found: list[tuple[int, int, str]],
) -> tuple[list[int], list[int], list[str], list[str]]:
    """`tokenize` as columns (starts, ends, kinds, texts). Also fills `specials_found` with the URL, e-mail,
    file-name, domain and abbreviation tokens, and `hidden` with (text, start) of the plain words they replace
    (the words of a URL): with the word and alnum tokens, these are every plain word of the text."""
    special: list[tuple[int, int, str]] = []
    done = start
    for m in _TRIGGER.finditer(text, start, end):
        at = m.start()
        if at < done:
            continue
        chunk_start = max(text.rfind(" ", start, at), text.rfind("\n", start, at)) + 1
        chunk_end = min(x for x in (text.find(" ", at, end), text.find("\n", at, end), end) if x >= 0)
        if text[at] == "/" and not _TRIGGER_DOT.search(text, chunk_start, chunk_end):
            continue  # only a chunk holding "." or "@" is searched
        # chunks never overlap (each ends at white space), so the search starts at chunk_start
        special.extend(
            (chunk_start + a, chunk_start + b, kind) for a, b, kind in _specials(text[chunk_start:chunk_end])
        )
        done = chunk_end
    # re.split gives gap, word, gap, word…, gap; the running sum of their lengths gives every offset without a
    # Python-level step per word (much faster than finditer).
    parts = _PLAIN_SPLIT.split(text[start:end])
    offsets = list(accumulate(map(len, parts), initial=start))
    words = parts[1::2]
    starts, ends = offsets[1:-1:2], offsets[2::2]
    kinds = ["word"] * len(words)
    for i in compress(range(len(words)), map(not_, map(str.isalpha, words))):  # few words are not all letters
        if _ALNUM.search(words[i]):
            kinds[i] = "alnum"
    specials_found.extend(special)
    if not special:
        return starts, ends, kinds, words
    # Drop the words that overlap a URL, address, file name or abbreviation, and put that token in their place.
    out_s: list[int] = []
    out_e: list[int] = []
    out_k: list[str] = []
    out_t: list[str] = []
    pos, n = 0, len(starts)
    for a, b, kind in special:
        i = bisect_right(ends, a, lo=pos)  # the first word ending after the special starts
        out_s += starts[pos:i]
        out_e += ends[pos:i]
        out_k += kinds[pos:i]
        out_t += words[pos:i]
        first_hidden = i
        while i < n and starts[i] < b:
            i += 1
        hidden.extend(zip(words[first_hidden:i], starts[first_hidden:i], strict=True))
        out_s.append(a)
        out_e.append(b)
        out_k.append(kind)
        out_t.append(text[a:b])
        pos = i
    return out_s + starts[pos:], out_e + ends[pos:], out_k + kinds[pos:], out_t + words[pos:]
