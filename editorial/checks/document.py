"""One pass over the text that every rule reads: blocks, lines, sentences and tokens, with their offsets.

The text is never normalised; only per-token comparison keys are (NFC, ’ → ', soft hyphen dropped,
possessive stripped). Offsets always point into the original string.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from itertools import chain, compress, repeat
from operator import sub

from editorial.checks import lexicon
from editorial.checks.tokens import Token, columns, fold_case, key

_RUN = re.compile(r"\w+")
_WORD_BEFORE_DOT = re.compile(r"([A-Za-z.]+)$")
_BLOCK_SEP = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
# Same as (?:[.!?]+|…)[\"'”’)\]]*(?=\s), written to start with a character class, which re scans for fast. A line
# break inside a block also ends a sentence; those are found with str.find (most blocks have none).
_SENT_END = re.compile(r"[.!?…](?:(?<=…)[\"'”’)\]]*(?=\s)|(?<=[.!?])[.!?]*[\"'”’)\]]*(?=\s))")
ABBREVIATIONS = frozenset(
    """mr mrs ms dr st col gen lt sgt capt cpl pvt maj adm cmdr gov sen rep prof jr sr inc ltd co corp no nos vs
    etc approx jan feb mar apr jun jul aug sep sept oct nov dec mt ft rev hon pres insp supt det est fig al a.m
    p.m e.g i.e u.s u.k u.n""".split()
)
_OPENERS = "\"'“‘([«—–-"


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


def ends_sentence(stripped: str) -> bool:
    """Whether a stripped text ends with a full stop, "!", "?" or "…", then closing quotes or brackets only: the
    same as searching for [.!?…]["'”’)]*$ but without scanning the whole text."""
    tail = stripped.rstrip("\"'”’)")
    return tail != "" and tail[-1] in ".!?…"


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


def _line_breaks(block: Block) -> list[tuple[int, int]]:
    """(start, end) of each line break inside a block."""
    out, at = [], block.text.find("\n")
    while at >= 0:
        out.append((block.start + at, block.start + at + 1))
        at = block.text.find("\n", at + 1)
    return out


@lru_cache(maxsize=8)
def _dictionary_keys(words: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(key(w) for w in words), frozenset(key(w).casefold() for w in words)


class Tokens(Sequence[Token]):
    """The document's tokens as `Token` objects, each made when first read (most rules read the columns and a
    few tokens; making every object cost more than the rest of the tokenizer)."""

    __slots__ = ("_doc", "_made")

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        self._made: list[Token | None] = [None] * len(doc.token_starts)

    def __len__(self) -> int:
        return len(self._made)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._made)))]
        token = self._made[index]
        if token is None:
            d = self._doc
            token = self._made[index] = Token(
                d.token_starts[index],
                d.token_ends[index],
                d.token_texts[index],
                d.token_kinds[index],
                d.token_blocks[index],
                d.token_sentences[index],
                d.token_firsts[index],
            )
        return token

    def __iter__(self) -> Iterator[Token]:
        return map(self.__getitem__, range(len(self._made)))


class Document:
    """The text to check, tokenised once, with the caller's context (dictionary, dateline, style).

    Tokens are columns: `token_starts`, `token_ends`, `token_texts`, `token_kinds`, `token_blocks`,
    `token_sentences` and `token_firsts` (first word of its sentence), one entry per token in text order;
    `tokens[i]` is the same token as an object."""

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
        self._split_sentences()
        self._hidden: list[tuple[str, int]] = []  # plain words inside URLs and the like, for `runs`
        self.specials: list[tuple[int, int, str]] = []  # (start, end, kind) of URLs, e-mails, file names…
        self.token_starts, self.token_ends, self.token_kinds, self.token_texts = (
            columns(text, 0, len(text), self._hidden, self.specials) if self.blocks else ([], [], [], [])
        )
        self.token_blocks, self.token_sentences, self.token_firsts = self._place_tokens()
        self.tokens = Tokens(self)

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
        ends = list(map(re.Match.span, _SENT_END.finditer(text)))
        marks = [at for at, _end in ends]
        mi = 0
        for index, block in enumerate(self.blocks):
            first_sentence = len(self.sentences)
            mi = bisect_left(marks, block.start, mi)
            stop = bisect_left(marks, block.end, mi)
            inside = ends[mi:stop]
            mi = stop
            if "\n" in block.text:
                inside = sorted(inside + _line_breaks(block))
            if not inside:  # no sentence end inside: the block (already stripped) is one sentence
                append(Sentence(block.start, block.end, index))
                block.sentences = [first_sentence]
                continue
            bounds, pos = [], block.start
            for at, end in inside:
                if text[at] == "." and self._abbreviation_before(text, at):
                    continue
                bounds.append((pos, end))
                pos = end
            bounds.append((pos, block.end))
            for start, end in bounds:
                seg = text[start:end]
                stripped = seg.strip()
                if stripped:
                    s = start + len(seg) - len(seg.lstrip())
                    append(Sentence(s, s + len(stripped), index))
            block.sentences = list(range(first_sentence, len(self.sentences)))

    def _place_tokens(self) -> tuple[list[int], list[int], list[bool]]:
        """Each token's block and sentence (the first sentence of its block that ends after the token starts,
        else the block's last) and whether it opens that sentence; also each block's word count.

        Tokens are in text order, so each sentence's tokens are one run of indexes, found by one bisection per
        sentence; the columns are then repeats of sentence and block numbers, with no Python step per token."""
        starts, sentences = self.token_starts, self.sentences
        bounds = [s.end for s in sentences]  # a sentence's tokens start before its end…
        for block in self.blocks:
            bounds[block.sentences[-1]] = (
                block.end
            )  # …or before its block's end, for the block's last sentence
        cuts = list(map(bisect_left, repeat(starts), bounds))  # index of each sentence's first token after it
        begins = [0, *cuts[:-1]]
        counts = list(map(sub, cuts, begins))
        sentences_of = list(chain.from_iterable(map(repeat, range(len(sentences)), counts)))
        blocks_of = list(chain.from_iterable(map(repeat, [s.block for s in sentences], counts)))
        firsts = [False] * len(starts)
        for at in compress(begins, counts):  # the first token of each sentence that has any
            firsts[at] = True
        for block in self.blocks:
            block.words = cuts[block.sentences[-1]] - begins[block.sentences[0]]
            block.is_prose = block.words >= 8 and ends_sentence(block.text)
        return blocks_of, sentences_of, firsts

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

    @cached_property
    def sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentences_holding(self, offsets: list[int]) -> list[int]:
        """Indexes of the sentences in which at least one of the sorted `offsets` lies, in order."""
        starts, sentences, out = self.sentence_starts, self.sentences, []
        for at in offsets:
            i = bisect_right(starts, at) - 1
            if i >= 0 and at < sentences[i].end and (not out or out[-1] != i):
                out.append(i)
        return out

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
        text, openers = doc.text, _OPENERS + ":"
        firsts, blocks, starts = doc.token_firsts, doc.token_blocks, doc.token_starts
        prose = {i for i, b in enumerate(doc.blocks) if b.is_prose}
        for word in doc.capitalised_texts:
            if word.isupper():
                continue
            for i in doc.by_text[word]:  # one use as a name is enough
                if firsts[i] or blocks[i] not in prose:
                    continue
                before = text[max(0, starts[i] - 2) : starts[i]].strip()
                if not (before and before[-1] in openers):
                    names.add(key(word))
                    break
        return frozenset(names)

    def is_name(self, word: str) -> bool:
        """A capitalised word that is a name: unknown to the lexicon, in the dictionary, or used as a name."""
        verdicts = self._name_verdicts
        if word in verdicts:
            return verdicts[word]
        if not word[0].isupper() or (word.isupper() and len(word) > 1):
            verdict = False
        else:
            norm = key(word)
            verdict = (
                norm in self.dictionary or norm in self.proper_nouns or not lexicon.is_known(norm.lower())
            )
        verdicts[word] = verdict
        return verdict

    @cached_property
    def _name_verdicts(self) -> dict[str, bool]:
        return {}

    def line_spans(self, block: Block) -> list[tuple[int, int]]:
        """(start, end) of each non-empty line of a block."""
        cache = self._line_spans
        if block.start in cache:
            return cache[block.start]
        if "\n" not in block.text:  # one line, already stripped
            cache[block.start] = [(block.start, block.end)]
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

    def indexes_in(self, start: int, end: int) -> range:
        """Indexes of the tokens lying entirely between `start` and `end`."""
        starts = self.token_starts
        i = bisect_left(starts, start)
        j = bisect_left(starts, end, i)
        # tokens never overlap, so only the last one starting before `end` can run past it
        return range(i, j - 1 if j > i and self.token_ends[j - 1] > end else j)

    def words_in(self, start: int, end: int) -> list[Token]:
        """Tokens lying entirely between `start` and `end`."""
        return [self.tokens[i] for i in self.indexes_in(start, end)]

    @cached_property
    def by_text(self) -> dict[str, list[int]]:
        """Token indexes by token text, texts in order of first use (verdicts that depend on the text only are
        made once per text, then spread to its tokens)."""
        out: defaultdict[str, list[int]] = defaultdict(list)
        for i, word in enumerate(self.token_texts):
            out[word].append(i)
        return dict(out)

    @cached_property
    def runs(self) -> dict[str, list[int]]:
        """Start offsets of every maximal \\w+ run (a word as `\\b` sees it), by its case-folded text."""
        # Every \\w run lies inside one plain word (a word or alnum token, or a word hidden inside a URL or the
        # like), and a word made only of \\w characters is one run.
        starts, kinds = self.token_starts, self.token_kinds
        words = {
            word: list(map(starts.__getitem__, indexes))
            for word, indexes in self.by_text.items()
            if kinds[indexes[0]] in ("word", "alnum")  # a token's kind depends on its text only
        }
        for word, at in self._hidden:
            words.setdefault(word, []).append(at)
        for word in {word for word, _at in self._hidden}:
            words[word].sort()
        raw: dict[str, list[int]] = {}
        for word, offsets in words.items():
            if word.isalnum():  # str.isalnum is re's \\w without "_"
                if word in raw:
                    raw[word] = sorted(raw[word] + offsets)
                else:
                    raw[word] = offsets
            else:
                for m in _RUN.finditer(word):
                    run = m.group()
                    moved = [at + m.start() for at in offsets]
                    raw[run] = sorted(raw[run] + moved) if run in raw else moved
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
    def capitalised_texts(self) -> list[str]:
        """Distinct texts of the word tokens that start with a capital letter, in order of first use (most rules
        about names start from these). A token's kind depends on its text only."""
        kinds = self.token_kinds
        return [w for w, at in self.by_text.items() if w[0].isupper() and kinds[at[0]] == "word"]

    def indexes_with_text(self, texts: Iterable[str]) -> list[int]:
        """The indexes of the tokens whose text is one of `texts`, in order."""
        by_text = self.by_text
        out = list(chain.from_iterable(by_text[w] for w in texts if w in by_text))
        out.sort()
        return out

    def tokens_with_text(self, texts: Iterable[str]) -> list[Token]:
        """The tokens whose text is one of `texts`, in order."""
        return [self.tokens[i] for i in self.indexes_with_text(texts)]
