"""One pass over the text that every rule reads: blocks, lines, sentences and tokens, with their offsets.

The text is never normalised; only per-token comparison keys are (NFC, ’ → ', soft hyphen dropped,
possessive stripped). Offsets always point into the original string.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from itertools import accumulate

from editorial.checks import lexicon

_LETTER = r"[^\W\d_]"
_WORD = rf"{_LETTER}(?:{_LETTER}|[\u0300-\u036f\u00ad])*(?:['’]{_LETTER}(?:{_LETTER}|[\u0300-\u036f])*)*"
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
_PLAIN = re.compile(r"[\w\u0300-\u036f\u00ad]+(?:['’][\w\u0300-\u036f]+)*")
_PLAIN_SPLIT = re.compile(f"({_PLAIN.pattern})")
_ALNUM = re.compile(r"[\d_]")
# "@", "/", "www." or a "." before an ASCII letter or digit (as re.IGNORECASE sees them): every special token
# holds one; a chunk with none (most chunks: a word ending a sentence) is not searched.
_TRIGGER = re.compile(r"[.@/](?:(?<=[@/])|(?=[A-Za-z0-9ſ\u212a])|(?<=[wW]{3}\.))")
_TRIGGER_DOT = re.compile(r"[.@]")
_RUN = re.compile(r"\w+")
_PROSE_END = re.compile(r"[.!?…][\"'”’)]*\s*$")
_WORD_BEFORE_DOT = re.compile(r"([A-Za-z.]+)$")


@lru_cache(maxsize=4096)
def _specials(chunk: str) -> tuple[tuple[int, int, str], ...]:
    """The special tokens of one white-space-delimited chunk ("DR.Congo" recurs: cached)."""
    return tuple((m.start(), m.end(), m.lastgroup or "domain") for m in SPECIAL.finditer(chunk))


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every token: url, email, file, domain, abbr (found around "." and "@" only),
    then alnum (has a digit) and word."""
    starts, ends, kinds, _texts = _columns(text, start, len(text) if end is None else end, [], [], [])
    return list(zip(starts, ends, kinds, strict=True))


def _columns(
    text: str,
    start: int,
    end: int,
    plain_words: list[str],
    plain_starts: list[int],
    specials_found: list[tuple[int, int, str]],
) -> tuple[list[int], list[int], list[str], list[str]]:
    """`tokenize` as columns (starts, ends, kinds, texts). Also fills `plain_words`/`plain_starts` with every
    plain word, those inside URLs too, and `specials_found` with the URL, e-mail, file-name, domain and
    abbreviation tokens."""
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
    alnum = _ALNUM.search
    kinds = [
        "word" if alpha or not alnum(tok) else "alnum"
        for tok, alpha in zip(words, map(str.isalpha, words), strict=True)
    ]
    plain_words.extend(words)
    plain_starts.extend(starts)
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
        while i < n and starts[i] < b:
            i += 1
        out_s.append(a)
        out_e.append(b)
        out_k.append(kind)
        out_t.append(text[a:b])
        pos = i
    return out_s + starts[pos:], out_e + ends[pos:], out_k + kinds[pos:], out_t + words[pos:]


_BLOCK_SEP = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
# Same as (?:[.!?]+|…)[\"'”’)\]]*(?=\s)|\n, written to start with a character class, which re scans for fast.
_SENT_END = re.compile(r"[.!?…\n](?:(?<=\n)|(?<=…)[\"'”’)\]]*(?=\s)|(?<=[.!?])[.!?]*[\"'”’)\]]*(?=\s))")
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "col",
        "gen",
        "lt",
        "sgt",
        "capt",
        "cpl",
        "pvt",
        "maj",
        "adm",
        "cmdr",
        "gov",
        "sen",
        "rep",
        "prof",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "nos",
        "vs",
        "etc",
        "approx",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
        "rev",
        "hon",
        "pres",
        "insp",
        "supt",
        "det",
        "est",
        "fig",
        "al",
        "a.m",
        "p.m",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
    ]
)
_OPENERS = "\"'“‘([«—–-"
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


def fold_case(text: str) -> str:
    """Lower case with offsets kept, folded as re.IGNORECASE matches ASCII letters ("İ", "ı" → "i", "ſ" → "s")."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join("i" if c == "İ" else c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.replace("ſ", "s").replace("ı", "i") if not low.isascii() else low


def finditer_at(
    pattern: re.Pattern[str], text: str, starts: list[int], pos: int = 0, endpos: int | None = None
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text, pos, endpos)`, trying only the sorted offsets `starts`.

    Python's re tries a pattern at every offset, which is slow for word alternations; when every match must
    start at one of a few known offsets (the words it can begin with: see `Document.starts_of`), trying only
    those gives the same matches (patterns that cannot match the empty string only)."""
    endpos = len(text) if endpos is None else endpos
    match = pattern.match
    for i in range(bisect_left(starts, pos), len(starts)):
        at = starts[i]
        if at >= endpos:
            return
        if at >= pos and (m := match(text, at, endpos)) is not None:
            yield m
            pos = m.end()


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    s = unicodedata.normalize("NFC", text).translate(FOLD_TABLE)
    if s.endswith(("'s", "'S")):
        s = s[:-2]
    elif s.endswith("'") and s[-2:-1] in ("s", "S"):
        s = s[:-1]
    return s


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Accent- and case-insensitive comparison key: NFKD, combining marks dropped, casefolded."""
    decomposed = unicodedata.normalize("NFKD", key(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(slots=True)
class Block:
    start: int
    end: int
    text: str
    words: int = 0
    sentences: list[int] = field(default_factory=list)

    is_prose: bool = False  # a paragraph of running text, not a heading, label, caption line or link


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    block: int


@lru_cache(maxsize=8)
def _dictionary_keys(words: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(key(w) for w in words), frozenset(key(w).casefold() for w in words)


class Document:
    """The text to check, tokenised once, with the caller's context (dictionary, dateline, style)."""

    def __init__(
        self,
        text: str,
        *,
        dictionary: frozenset[str] = frozenset(),
        dateline: date | None = None,
        style: object = None,
        field_name: str = "body",
        body: Document | None = None,
    ) -> None:
        self.text = text
        self.field = field_name
        self.dateline = dateline
        self.style = style
        self.body = body  # the body document, when this one is the headline
        self.dictionary, self.dictionary_folded = _dictionary_keys(dictionary)
        self.cache: dict[str, object] = {}
        self.blocks = self._split_blocks()
        self.sentences: list[Sentence] = []
        self.tokens: list[Token] = []
        self._plain_words: list[str] = []  # every plain word and its start, for `runs`
        self._plain_starts: list[int] = []
        self.specials: list[tuple[int, int, str]] = []  # (start, end, kind) of URLs, e-mails, file names…
        self._split_sentences()
        self._scan_tokens()

    def _split_blocks(self) -> list[Block]:
        blocks, pos = [], 0
        for m in _BLOCK_SEP.finditer(self.text):
            blocks.append((pos, m.start()))
            pos = m.end()
        blocks.append((pos, len(self.text)))
        out = []
        for start, end in blocks:
            raw = self.text[start:end]
            stripped = raw.strip()
            if stripped:
                s = start + (len(raw) - len(raw.lstrip()))
                out.append(Block(s, s + len(stripped), stripped))
        return out

    def _split_sentences(self) -> None:
        """Sentences of each block, from one scan of the whole text (no sentence end lies across a block gap;
        a full stop that ends a block, which a scan of the block alone would not see, only adds an empty tail)."""
        text, append = self.text, self.sentences.append
        ends = [(m.start(), m.end(), m.group()) for m in _SENT_END.finditer(text)]
        mi, n = 0, len(ends)
        for index, block in enumerate(self.blocks):
            while mi < n and ends[mi][0] < block.start:
                mi += 1
            bounds, pos = [], block.start
            while mi < n and ends[mi][0] < block.end:
                at, end, mark = ends[mi]
                mi += 1
                if mark != "\n" and mark[0] == "." and self._abbreviation_before(text, at):
                    continue
                bounds.append((pos, end))
                pos = end
            bounds.append((pos, block.end))
            first_sentence = len(self.sentences)
            for start, end in bounds:
                seg = text[start:end]
                stripped = seg.strip()
                if stripped:
                    s = start + len(seg) - len(seg.lstrip())
                    append(Sentence(s, s + len(stripped), index))
            block.sentences = list(range(first_sentence, len(self.sentences)))

    def _scan_tokens(self) -> None:
        """Tokenise the whole text in one pass; each token gets its block and sentence (the first sentence of
        its block that ends after it starts, else the block's last) and whether it opens that sentence."""
        full, blocks, sentences = self.text, self.blocks, self.sentences
        append = self.tokens.append
        columns = (
            _columns(full, 0, len(full), self._plain_words, self._plain_starts, self.specials)
            if blocks
            else ([], [], [], [])
        )
        bi, block_end, count = -1, -1, 0
        si = last = next_end = 0
        expect_first = True
        for start, end, kind, word in zip(*columns, strict=True):
            if start >= block_end:  # the first token of the next block with tokens
                if bi >= 0:
                    blocks[bi].words = count
                bi += 1
                while blocks[bi].end <= start:
                    bi += 1
                block = blocks[bi]
                block_end, count = block.end, 0
                si, last = block.sentences[0], block.sentences[-1]
                next_end = sentences[si].end
                expect_first = True
            if si < last and start >= next_end:
                while si < last and start >= sentences[si].end:
                    si += 1
                next_end = sentences[si].end
                expect_first = True
            append(Token(start, end, word, kind, bi, si, expect_first))
            expect_first = False
            count += 1
        if bi >= 0:
            blocks[bi].words = count
        for block in blocks:
            block.is_prose = block.words >= 8 and bool(_PROSE_END.search(block.text))

    @staticmethod
    def _abbreviation_before(text: str, dot: int) -> bool:
        m = _WORD_BEFORE_DOT.search(text, max(0, dot - 12), dot)
        if not m:
            return False
        word = m.group(1).strip(".").lower()
        return word in ABBREVIATIONS or (len(word) == 1 and text[dot - 1].isupper())

    @cached_property
    def lower(self) -> str:
        """The text lower-cased with offsets unchanged (characters whose lower case is longer stay as they are)."""
        low = self.text.lower()
        if len(low) == len(self.text):
            return low
        return "".join(c if len(c.lower()) != 1 else c.lower() for c in self.text)

    # ---- shared helpers -----------------------------------------------------------------------------
    def sentence_text(self, index: int) -> str:
        s = self.sentences[index]
        return self.text[s.start : s.end]

    def in_dictionary(self, token: Token) -> bool:
        norm = token.norm
        return norm in self.dictionary or norm.casefold() in self.dictionary_folded

    def is_known_word(self, word: str) -> bool:
        """Known to the built-in lexicon (any case) or the newsroom dictionary."""
        norm = key(word)
        lower = norm.lower()
        return lexicon.is_known(lower) or norm in self.dictionary or lower in self.dictionary_folded

    @cached_property
    def proper_nouns(self) -> frozenset[str]:
        """Words written with a capital in mid-sentence running text: names, whatever the lexicon says."""
        doc = self.body or self
        names = set()
        prose = {i for i, b in enumerate(doc.blocks) if b.is_prose}
        text, openers = doc.text, _OPENERS + ":"
        for t in doc.capitalised:
            if t.first or t.text.isupper() or t.block not in prose:
                continue
            before = text[max(0, t.start - 2) : t.start].strip()
            if before and before[-1] in openers:
                continue
            names.add(t.norm)
        return frozenset(names)

    def is_name(self, token: Token) -> bool:
        """A capitalised word that is a name: unknown to the lexicon, in the dictionary, or used as a name."""
        text = token.text
        verdicts = self._name_verdicts
        if text in verdicts:
            return verdicts[text]
        if not text[0].isupper() or (text.isupper() and len(text) > 1):
            verdict = False
        else:
            norm = token.norm
            verdict = (
                norm in self.dictionary or norm in self.proper_nouns or not lexicon.is_known(norm.lower())
            )
        verdicts[text] = verdict
        return verdict

    @cached_property
    def _name_verdicts(self) -> dict[str, bool]:
        return {}

    def line_spans(self, block: Block) -> list[tuple[int, int]]:
        """(start, end) of each non-empty line of a block."""
        cache = self._line_spans
        if block.start in cache:
            return cache[block.start]
        out, pos = [], block.start
        for line in block.text.split("\n"):
            stripped = line.strip()
            if stripped:
                s = pos + (len(line) - len(line.lstrip()))
                out.append((s, s + len(stripped)))
            pos += len(line) + 1
        cache[block.start] = out
        return out

    @cached_property
    def _line_spans(self) -> dict[int, list[tuple[int, int]]]:
        return {}

    def words_in(self, start: int, end: int) -> list[Token]:
        """Tokens lying entirely between `start` and `end`."""
        starts = self.token_starts
        i = bisect_left(starts, start)
        return [t for t in self.tokens[i : bisect_left(starts, end, i)] if t.end <= end]

    @cached_property
    def runs(self) -> dict[str, list[int]]:
        """Start offsets of every maximal \\w+ run (a word as `\\b` sees it), by its case-folded text."""
        # Every \\w run lies inside one word of the tokenizer's plain pass (which also covers URLs and the like),
        # and a word made only of \\w characters is one run.
        raw: dict[str, list[int]] = {}
        for word, at in zip(self._plain_words, self._plain_starts, strict=True):
            if word.isalnum():  # str.isalnum is re's \\w without "_"
                if word in raw:
                    raw[word].append(at)
                else:
                    raw[word] = [at]
            else:
                for m in _RUN.finditer(word):
                    raw.setdefault(m.group(), []).append(at + m.start())
        out: dict[str, list[int]] = {}
        for word, offsets in raw.items():
            folded = fold_case(word)
            if folded in out:
                out[folded] = sorted(out[folded] + offsets)
            else:
                out[folded] = offsets
        return out

    def starts_of(self, words: Iterable[str], where: Callable[[str], bool] | None = None) -> list[int]:
        """Sorted start offsets of the runs whose folded text is one of `words` (lower case) or passes `where`:
        the only places a pattern that begins with one of those words (after `\\b`) can match."""
        runs = self.runs
        found = [runs[w] for w in words if w in runs]
        if where is not None:
            found += [offsets for w, offsets in runs.items() if where(w)]
        out = [at for offsets in found for at in offsets]
        out.sort()
        return out

    @cached_property
    def capitalised(self) -> list[Token]:
        """Word tokens that start with a capital letter (most rules about names start from these)."""
        caps = {w for w in self.token_by_text if w[0].isupper()}
        return [t for t in self.tokens if t.text in caps and t.kind == "word"]

    @cached_property
    def token_texts(self) -> list[str]:
        return [t.text for t in self.tokens]

    @cached_property
    def token_by_text(self) -> dict[str, Token]:
        """One token for each distinct token text (for verdicts that depend on the text only)."""
        return dict(zip(self.token_texts, self.tokens, strict=True))

    def tokens_with_text(self, texts: set[str] | frozenset[str]) -> list[Token]:
        """The tokens whose text is one of `texts`, in order."""
        if not texts:
            return []
        return [t for t in self.tokens if t.text in texts]

    @cached_property
    def token_starts(self) -> list[int]:
        return [t.start for t in self.tokens]
