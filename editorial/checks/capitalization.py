"""Capitalization: names with a lower-case part, sentences starting in lower case, mixed-case headlines."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from editorial.checks import lexicon
from editorial.checks.document import Block, Document, Token, fold, key
from editorial.checks.flags import Hit
from editorial.checks.propernames import ALWAYS_CAPITALISED
from editorial.checks.registry import rule

PARTICLES = frozenset(
    "de du da di dos das del della van von der den ter ten la le bin ibn al el y e and".split()
)
SMALL_WORDS = frozenset(
    """a an the and but or nor for so yet of in on at to by up as via vs per off out with from into over
    than upon onto after amid near like past""".split()
)
_BYLINE = re.compile(r"(?:By\s+)?(?P<name>[^\W\d_][\w’'.-]*(?:[ \t]+[^\W\d_][\w’'.-]*){1,3})")
_AFTER_BREAK = re.compile(r"[:—–?!]\s*[\"'“‘]?$")
_ENDS_SENTENCE = re.compile(r"[.!?…:;,][\"'”’)\]]*$")  # a quotation ending a paragraph is not a heading
RARE = 1000  # a capitalised word rarer than this in the word list is as likely a name as a common word


def _name_evidence(doc: Document, token: Token) -> bool:
    """Capitalised and a name: unknown, in the newsroom dictionary, used as a name, or an always-capital word."""
    lower = token.norm.lower()
    return doc.is_name(token) or lower in ALWAYS_CAPITALISED or lexicon.frequency(lower) < RARE


def lowercased_names(doc: Document) -> dict[int, str]:
    """Token start → capitalised form, for lower-case tokens that are names written capitalised elsewhere."""
    if "lowercased" in doc.cache:
        return doc.cache["lowercased"]  # type: ignore[return-value]
    source = doc.body or doc
    names: dict[str, str] = {}
    seen: set[str] = set()
    for t in source.capitalised:
        text = t.text
        if text in seen:
            continue  # the verdict depends on the text only
        seen.add(text)
        if not text.isupper() and source.is_name(t):
            names.setdefault(fold(t.norm), t.norm)
    verdicts: dict[str, str] = {}
    if names:
        for text in doc.token_by_text:
            if text[0].islower():
                folded = fold(key(text))
                if folded in names and not lexicon.is_known(key(text).lower()):
                    verdicts[text] = names[folded]
    out = {t.start: verdicts[t.text] for t in doc.tokens_with_text(set(verdicts)) if t.kind == "word"}
    doc.cache["lowercased"] = out
    return out


@rule("capitalization.name-lowercase", "capitalization", "error", headline=True)
def name_lowercase(doc: Document) -> Iterator[Hit]:
    """A name with a lower-case part: a byline-like line such as "Mbeki edmond", or a name written
    capitalised elsewhere in the article and in lower case here."""
    flagged = set()
    for block in doc.blocks:
        if block.words > 6:
            continue
        for s, e in doc.line_spans(block):
            m = _BYLINE.fullmatch(doc.text, s, e)
            if not m:
                continue
            words = [t for t in doc.words_in(m.start("name"), m.end("name")) if t.kind == "word"]
            if len(words) < 2 or not doc.is_name(words[0]) or words[0].text.isupper():
                continue
            bad = [
                t
                for t in words[1:]
                if t.text[0].islower() and t.norm not in PARTICLES and lexicon.frequency(t.norm) < RARE
            ]
            if bad:
                fixed = " ".join(
                    t.text if t.norm in PARTICLES else t.text[:1].upper() + t.text[1:] for t in words
                )
                flagged.update(t.start for t in bad)
                yield Hit(
                    words[0].start,
                    words[-1].end,
                    f"Name with a lower-case part: “{doc.text[words[0].start : words[-1].end]}”.",
                    (fixed,),
                )
    for start, name in lowercased_names(doc).items():
        if start in flagged:
            continue
        token = doc.tokens[bisect_left(doc.token_starts, start)]
        yield Hit(
            token.start,
            token.word_end,
            f"“{token.norm}” is capitalised elsewhere in the article (“{name}”).",
            (name,),
        )


@rule("capitalization.sentence-start", "capitalization", "warning")
def sentence_start(doc: Document) -> Iterator[Hit]:
    """A sentence of running text that starts with a lower-case letter."""
    text = doc.text
    for s in doc.sentences:
        block = doc.blocks[s.block]
        if not block.is_prose:
            continue
        if s.start != block.start:
            before = text[max(block.start, s.start - 4) : s.start].rstrip(" \t")
            if not before or before[-1] == "\n" or not re.search(r"[.!?][\"'”’)\]]*$", before):
                continue
        bound = min(s.end, s.start + 40)
        i = bisect_left(doc.token_starts, s.start)
        if i == len(doc.tokens) or doc.tokens[i].start >= bound or doc.tokens[i].end > bound:
            continue  # no token within the first 40 characters (as doc.words_in would say)
        first = doc.tokens[i]
        if first.kind != "word":
            continue
        if not first.text[0].islower() or any(c.isupper() for c in first.text[1:]):
            continue  # "iPhone", "eBay"
        if first.norm in doc.dictionary or text[s.start : first.start].strip(" \"'“‘(["):
            continue
        yield Hit(
            first.start,
            first.end,
            "Sentence starts with a lower-case letter.",
            (first.text[:1].upper() + first.text[1:],),
        )


def _heading_blocks(doc: Document) -> Iterator[tuple[int, int]]:
    """Spans to check for headline case: the whole headline, or heading lines in the body."""
    if doc.field == "headline":
        if doc.text.strip():
            yield doc.blocks[0].start, doc.blocks[-1].end
        return
    for block in doc.blocks:
        if _is_heading(block):
            yield block.start, block.end


def _is_heading(block: Block) -> bool:
    return "\n" not in block.text and 5 <= block.words <= 25 and not _ENDS_SENTENCE.search(block.text)


def _case_words(doc: Document, start: int, end: int) -> tuple[list[Token], list[Token]]:
    capped, lower = [], []
    tokens = doc.words_in(start, end)
    classes: dict[str, str | None] = doc.cache.setdefault("case_class", {})  # type: ignore[assignment]
    for i, t in enumerate(tokens):
        if i == 0:
            continue
        text = t.text
        if text in classes:
            kind = classes[text]
        else:
            kind = classes[text] = _case_class(doc, t)
        if kind is None:
            continue
        gap = doc.text[tokens[i - 1].end : t.start]
        if doc.text[t.start - 1] in "-/" or (gap != " " and _AFTER_BREAK.search(gap)):
            continue  # second half of a compound, or first word after a colon or dash
        (capped if kind == "capped" else lower).append(t)
    return capped, lower


def _case_class(doc: Document, t: Token) -> str | None:
    """ "capped" (a capitalised common word), "lower" (a lower-case common word) or None; by text alone."""
    if t.kind != "word" or t.norm.lower() in SMALL_WORDS or (t.text.isupper() and len(t.text) > 1):
        return None
    if t.text[0].isupper():
        return "capped" if not _name_evidence(doc, t) and lexicon.is_known(t.norm.lower()) else None
    if t.text[0].islower() and lexicon.is_known(t.norm.lower()):
        return "lower"
    return None


def _recase(doc: Document, start: int, end: int, title: bool) -> str:
    out, pos = [], start
    for i, t in enumerate(doc.words_in(start, end)):
        out.append(doc.text[pos : t.start])
        word = t.text
        if (
            t.kind == "word"
            and i
            and not (t.text[0].isupper() and _name_evidence(doc, t))
            and not word.isupper()
        ):
            if title and t.norm.lower() not in SMALL_WORDS:
                word = word[:1].upper() + word[1:]
            elif not title:
                word = word[:1].lower() + word[1:]
        out.append(word)
        pos = t.end
    out.append(doc.text[pos:end])
    return "".join(out)


@rule("capitalization.headline-case", "capitalization", "warning", headline=True)
def headline_case(doc: Document) -> Iterator[Hit]:
    """A headline (or a heading line in the body) that mixes title case and sentence case
    ("Mali cuts Diplomatic Ties with Ukraine … and middling")."""
    for start, end in _heading_blocks(doc):
        capped, lower = _case_words(doc, start, end)
        if capped and lower:
            caps = ", ".join(t.text for t in capped[:4])
            lows = ", ".join(t.text for t in lower[:4])
            yield Hit(
                start,
                end,
                f"Headline mixes title case ({caps}) and sentence case ({lows}).",
                (_recase(doc, start, end, title=False), _recase(doc, start, end, title=True)),
            )
