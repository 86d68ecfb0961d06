"""What a person typed into a search box, as terms the database indexes can answer, and the marked-up
snippets they give back. Pure: no Flask, no database.

The syntax: words (every one must appear, in any form: "toll" finds "tolls"), "a phrase in quotes" (those
words in that order), and a leading minus to leave out a word or phrase (-Wagner, -"death toll"). Nothing
else is an operator: `OR`, `NEAR(`, `*`, `:` or a backslash are words or nothing, never query syntax, because
every expression handed to the database is built here from words that contain only letters and digits."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from markupsafe import Markup, escape

MAX_INPUT = 500  # characters read from the box; the views cut earlier
MAX_TERMS = 16
MAX_WORDS_PER_PHRASE = 16

# Marks around a matched word in what the database returns (private-use characters, never typed): turned
# into <mark> after the text around them is escaped.
MARK_START, MARK_END = "\ue000", "\ue001"

# Words too common to search for on their own, left out of bare words on both databases alike (PostgreSQL's
# english configuration does not index them; SQLite's FTS5 does). Inside "a phrase" they stay.
STOPWORDS = frozenset(
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers "
    "herself it its itself they them their theirs themselves what which who whom this that these those am is are "
    "was were be been being have has had having do does did doing a an the and but if or because as until while "
    "of at by for with about against between into through during before after above below to from up down in out "
    "on off over under again further then once here there when where why how all any both each few more most "
    "other some such no nor not only own same so than too very s t can will just don should now".split()
)

_WORD = re.compile(r"[^\W_]+")
_CHUNK = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
_POSSESSIVE = re.compile(r"(?<=[^\W_])['’ʼ][sS](?![^\W_])")


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    excluded: bool = False

    @property
    def phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True)
class SearchQuery:
    terms: tuple[Term, ...] = ()

    @property
    def wanted(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if not t.excluded)

    @property
    def unwanted(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.excluded)

    def __bool__(self) -> bool:
        """Something to look for: at least one wanted word (leaving out is not a search on its own)."""
        return bool(self.wanted)


def parse(text: str | None) -> SearchQuery:
    """Words and "phrases" from anything typed; never raises. A bare word that holds punctuation
    (Wagner-backed, reuters.com) is the phrase of its parts; a possessive 's on a bare word is dropped, so
    "Wagner's" and "Wagner" find the same pieces; a bare stop word (the, of, or …) is left out."""
    text = unicodedata.normalize("NFC", (text or "")[:MAX_INPUT])
    terms: list[Term] = []
    for match in _CHUNK.finditer(text):
        quoted_minus, quoted, bare_minus, bare = match.groups()
        if quoted is not None:
            words, excluded = _words(quoted), bool(quoted_minus)
        else:
            words, excluded = _words(_POSSESSIVE.sub("", bare)), bool(bare_minus)
            if len(words) == 1 and words[0] in STOPWORDS:
                continue
        if words:
            term = Term(words[:MAX_WORDS_PER_PHRASE], excluded)
            if term not in terms:
                terms.append(term)
        if len(terms) == MAX_TERMS:
            break
    return SearchQuery(tuple(terms))


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.casefold() for w in _WORD.findall(text))


def fts5_match(query: SearchQuery) -> str:
    """The SQLite FTS5 MATCH expression: every wanted term, none of the unwanted ones. Each word is put in
    double quotes by us; words hold letters and digits only, so nothing typed can become FTS5 syntax."""

    def quoted(term: Term) -> str:
        return '"' + " ".join(term.words) + '"'

    expression = "(" + " AND ".join(quoted(t) for t in query.wanted) + ")"
    for term in query.unwanted:
        expression += " NOT " + quoted(term)
    return expression


def marked(text: str | None) -> Markup:
    """Text from the database with MARK_START/MARK_END around matches → escaped HTML whose only tags are
    <mark>…</mark>, always balanced."""
    out, open_ = [], False
    for part in re.split(f"([{MARK_START}{MARK_END}])", text or ""):
        if part == MARK_START:
            if not open_:
                out.append("<mark>")
                open_ = True
        elif part == MARK_END:
            if open_:
                out.append("</mark>")
                open_ = False
        else:
            out.append(str(escape(part)))
    if open_:
        out.append("</mark>")
    return Markup("".join(out))


def has_mark(text: str | None) -> bool:
    return MARK_START in (text or "")
