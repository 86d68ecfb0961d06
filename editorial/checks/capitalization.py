"""Capitalization: names with a lower-case part, sentences starting in lower case, mixed-case headlines."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from editorial.checks import lexicon
from editorial.checks.document import Block, Document
from editorial.checks.flags import Hit
from editorial.checks.propernames import ALWAYS_CAPITALISED
from editorial.checks.registry import rule
from editorial.checks.tokens import fold, key

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


def name_evidence(doc: Document, word: str) -> bool:
    """Capitalised and a name: unknown, in the newsroom dictionary, used as a name, or an always-capital word."""
    lower = key(word).lower()
    return doc.is_name(word) or lower in ALWAYS_CAPITALISED or lexicon.frequency(lower) < RARE


def lowercased_names(doc: Document) -> dict[int, str]:
    """Token start → capitalised form, for lower-case tokens that are names written capitalised elsewhere."""
    if "lowercased" in doc.cache:
        return doc.cache["lowercased"]  # type: ignore[return-value]
    source = doc.body or doc
    names: dict[str, str] = {}
    for text in source.capitalised_texts:  # the verdict depends on the text only
        if not text.isupper() and source.is_name(text):
            names.setdefault(fold(key(text)), key(text))
    verdicts: dict[str, str] = {}
    if names:
        for text in doc.by_text:
            if text[0].islower():
                folded = fold(key(text))
                if folded in names and not lexicon.is_known(key(text).lower()):
                    verdicts[text] = names[folded]
    starts, texts, kinds = doc.token_starts, doc.token_texts, doc.token_kinds
    out = {starts[i]: verdicts[texts[i]] for i in doc.indexes_with_text(verdicts) if kinds[i] == "word"}
    doc.cache["lowercased"] = out
    return out


@rule("capitalization.name-lowercase", "capitalization", "error", headline=True)
def name_lowercase(doc: Document) -> Iterator[Hit]:
    """A name with a lower-case part: a byline-like line such as "Mbeki edmond", or a name written
    capitalised elsewhere in the article and in lower case here."""
    flagged = set()
    texts, kinds = doc.token_texts, doc.token_kinds
    for block in doc.blocks:
        if block.words > 6:
            continue
        for s, e in doc.line_spans(block):
            m = _BYLINE.fullmatch(doc.text, s, e)
            if not m:
                continue
            indexes = [i for i in doc.indexes_in(m.start("name"), m.end("name")) if kinds[i] == "word"]
            if len(indexes) < 2 or not doc.is_name(texts[indexes[0]]) or texts[indexes[0]].isupper():
                continue
            words = [doc.tokens[i] for i in indexes]
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
    starts, ends, kinds, texts = doc.token_starts, doc.token_ends, doc.token_kinds, doc.token_texts
    for s in doc.sentences:
        block = doc.blocks[s.block]
        if not block.is_prose:
            continue
        if s.start != block.start:
            before = text[max(block.start, s.start - 4) : s.start].rstrip(" \t")
            if not before or before[-1] == "\n" or not re.search(r"[.!?][\"'”’)\]]*$", before):
                continue
            if re.search(r"[?!][\"'”’]+$", before):
                continue  # '"… what will we use?" asked Mrs Adeyemi': the quote's sentence goes on
        bound = min(s.end, s.start + 40)
        i = bisect_left(starts, s.start)
        if i == len(starts) or starts[i] >= bound or ends[i] > bound:
            continue  # no token within the first 40 characters (as doc.words_in would say)
        if kinds[i] != "word":
            continue
        word = texts[i]
        if not word[0].islower() or any(c.isupper() for c in word[1:]):
            continue  # "iPhone", "eBay"
        if key(word) in doc.dictionary or text[s.start : starts[i]].strip(" \"'“‘(["):
            continue
        yield Hit(
            starts[i], ends[i], "Sentence starts with a lower-case letter.", (word[:1].upper() + word[1:],)
        )


# Verbs of attribution: capitalised after a lower-case word, they are a slip of the shift key, not a name.
ATTRIBUTION_VERBS = frozenset(
    """said says told tells added adds stated claimed claims announced reported warned explained insisted denied
    confirmed agreed argued noted""".split()
)


@rule("capitalization.mid-sentence", "capitalization", "warning")
def mid_sentence(doc: Document) -> Iterator[Hit]:
    """A verb of attribution with a capital in mid-sentence ("two terms, Said the postponement"), after a
    lower-case word or a comma. Not after another capital ("Edward Said"), a quote or a colon, and not before a
    capital ("Said Abdullah")."""
    starts = doc.starts_of(ATTRIBUTION_VERBS)
    if not starts:
        return
    text = doc.text
    texts, tstarts, firsts, kinds = doc.token_texts, doc.token_starts, doc.token_firsts, doc.token_kinds
    for at in starts:
        i = bisect_left(tstarts, at)
        if i == len(texts) or tstarts[i] != at:
            continue  # the run is inside a token (a URL, a file name…), not a word of its own
        word = texts[i]
        if firsts[i] or not word[0].isupper() or not word[1:].islower() or i == 0:
            continue
        if key(word) in doc.dictionary:
            continue
        before = text[tstarts[i - 1] : at]  # the word before and what separates them
        if not re.fullmatch(r"[a-z][\w’'-]*,?[ \t]+", before) or kinds[i - 1] != "word":
            continue
        after = texts[i + 1] if i + 1 < len(texts) and kinds[i + 1] == "word" else ""
        if after[:1].isupper():
            continue
        yield Hit(at, at + len(word), f"“{word}” has a capital in mid-sentence.", (word.lower(),))


def _heading_blocks(doc: Document) -> Iterator[tuple[int, int]]:
    """Spans to check for headline case: the whole headline, or heading lines in the body."""
    if doc.field == "headline":
        if doc.text.strip():
            yield doc.blocks[0].start, doc.blocks[-1].end
        return
    from editorial.checks.duplicate import headline_copies  # a copy of the headline is reported there

    copies = headline_copies(doc)
    for i, block in enumerate(doc.blocks):
        if is_heading(block) and i not in copies:
            yield block.start, block.end


def is_heading(block: Block) -> bool:
    """One line of 5–25 words, one sentence, not ending as a sentence does ("Join the conversation. Log in to
    comment" is two sentences: a leftover, not a heading)."""
    return (
        "\n" not in block.text
        and 5 <= block.words <= 25
        and len(block.sentences) == 1
        and not _ENDS_SENTENCE.search(block.text)
    )


def _case_words(doc: Document, start: int, end: int) -> tuple[list[str], list[str]]:
    """The capitalised and the lower-case common words of a heading, its first word aside."""
    capped, lower = [], []
    text, starts, ends, texts, kinds = (
        doc.text,
        doc.token_starts,
        doc.token_ends,
        doc.token_texts,
        doc.token_kinds,
    )
    indexes = doc.indexes_in(start, end)
    classes: dict[str, str | None] = doc.cache.setdefault("case_class", {})  # type: ignore[assignment]
    for previous, i in zip(indexes, indexes[1:], strict=False):
        word = texts[i]
        if word in classes:
            kind = classes[word]
        else:
            kind = classes[word] = _case_class(doc, word, kinds[i])
        if kind is None:
            continue
        gap = text[ends[previous] : starts[i]]
        if text[starts[i] - 1] in "-/" or (gap != " " and _AFTER_BREAK.search(gap)):
            continue  # second half of a compound, or first word after a colon or dash
        (capped if kind == "capped" else lower).append(word)
    return capped, lower


def _case_class(doc: Document, word: str, kind: str) -> str | None:
    """ "capped" (a capitalised common word), "lower" (a lower-case common word) or None; by text alone."""
    lower = key(word).lower()
    if kind != "word" or lower in SMALL_WORDS or (word.isupper() and len(word) > 1):
        return None
    if word[0].isupper():
        return "capped" if not name_evidence(doc, word) and lexicon.is_known(lower) else None
    if word[0].islower() and lexicon.is_known(lower):
        return "lower"
    return None


def _recase(doc: Document, start: int, end: int, title: bool) -> str:
    out, pos = [], start
    for n, i in enumerate(doc.indexes_in(start, end)):
        out.append(doc.text[pos : doc.token_starts[i]])
        word = doc.token_texts[i]
        if (
            doc.token_kinds[i] == "word"
            and n
            and not (word[0].isupper() and name_evidence(doc, word))
            and not word.isupper()
        ):
            if title and key(word).lower() not in SMALL_WORDS:
                word = word[:1].upper() + word[1:]
            elif not title:
                word = word[:1].lower() + word[1:]
        out.append(word)
        pos = doc.token_ends[i]
    out.append(doc.text[pos:end])
    return "".join(out)


@rule("capitalization.headline-case", "capitalization", "warning", headline=True)
def headline_case(doc: Document) -> Iterator[Hit]:
    """A headline (or a heading line in the body) that mixes title case and sentence case
    ("Mali cuts Diplomatic Ties with Ukraine … and middling")."""
    for start, end in _heading_blocks(doc):
        capped, lower = _case_words(doc, start, end)
        if capped and lower:
            caps = ", ".join(capped[:4])
            lows = ", ".join(lower[:4])
            yield Hit(
                start,
                end,
                f"Headline mixes title case ({caps}) and sentence case ({lows}).",
                (_recase(doc, start, end, title=False), _recase(doc, start, end, title=True)),
            )
