"""Duplicates: a paragraph or sentence that appears twice; a block of paragraphs (teasers) repeated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import accumulate

from rapidfuzz.distance import Indel, Levenshtein

from editorial.checks.document import Document
from editorial.checks.flags import Hit
from editorial.checks.registry import rule

_RUN = re.compile(r"[^\W_]+")


def _key(text: str) -> str:
    """Case-folded letters and digits, each run separated by one space: punctuation and spacing ignored."""
    return " ".join(_RUN.findall(text.casefold()))


def _paragraph_duplicates(doc: Document) -> list[tuple[int, int]]:
    """(index, index of the first occurrence) for every repeated paragraph of at least 5 words."""
    if "dup_paragraphs" not in doc.cache:
        seen: dict[str, int] = {}
        out = []
        for i, block in enumerate(doc.blocks):
            if block.words < 5:
                continue
            k = _key(block.text)
            if k in seen:
                out.append((i, seen[k]))
            else:
                seen[k] = i
        doc.cache["dup_paragraphs"] = out
    return doc.cache["dup_paragraphs"]  # type: ignore[return-value]


def _runs(doc: Document) -> list[list[tuple[int, int]]]:
    """Repeated paragraphs grouped when only short lines (labels) separate them."""
    if "dup_runs" in doc.cache:
        return doc.cache["dup_runs"]  # type: ignore[return-value]
    runs: list[list[tuple[int, int]]] = []
    # paragraphs[k]: how many blocks before block k have 5 words or more (none between two blocks: same run)
    paragraphs = list(accumulate((b.words >= 5 for b in doc.blocks), initial=0))
    for i, first in _paragraph_duplicates(doc):
        if runs:
            prev = runs[-1][-1][0]
            if paragraphs[i] == paragraphs[prev + 1]:
                runs[-1].append((i, first))
                continue
        runs.append([(i, first)])
    doc.cache["dup_runs"] = runs
    return runs


@rule("duplicate.paragraph", "duplicate", "warning")
def duplicate_paragraph(doc: Document) -> Iterator[Hit]:
    """A paragraph that repeats an earlier paragraph word for word."""
    for run in _runs(doc):
        if len(run) == 1:
            i, first = run[0]
            b = doc.blocks[i]
            yield Hit(b.start, b.end, f"This paragraph repeats paragraph {first + 1}: delete one.", ("",))


@rule("duplicate.block", "duplicate", "warning")
def duplicate_block(doc: Document) -> Iterator[Hit]:
    """Several paragraphs in a row that repeat earlier ones, typically a block of related-article teasers."""
    for run in _runs(doc):
        if len(run) > 1:
            start, end = doc.blocks[run[0][0]].start, doc.blocks[run[-1][0]].end
            firsts = ", ".join(str(f + 1) for _i, f in run)
            yield Hit(
                start,
                end,
                f"{len(run)} paragraphs here repeat earlier ones (paragraphs {firsts}): "
                "a repeated block, often related-article teasers.",
                ("",),
            )


@rule("duplicate.sentence", "duplicate", "warning")
def duplicate_sentence(doc: Document) -> Iterator[Hit]:
    """A sentence of six words or more that appears twice (outside repeated paragraphs)."""
    repeated_blocks = {i for i, _first in _paragraph_duplicates(doc)}
    seen: dict[str, int] = {}
    for s in doc.sentences:
        if s.block in repeated_blocks or not doc.blocks[s.block].is_prose:
            continue
        text = doc.text[s.start : s.end]
        k = _key(text)
        if k.count(" ") < 5:
            continue
        if k in seen:
            yield Hit(s.start, s.end, f"This sentence already appears in paragraph {seen[k] + 1}.", ("",))
        else:
            seen[k] = s.block


NEAR = 0.9  # character similarity of two sentences' keys (rapidfuzz's normalized Indel) that counts as "nearly"
NEAR_MIN_WORDS = 8


@rule("duplicate.near-sentence", "duplicate", "warning")
def near_duplicate_sentence(doc: Document) -> Iterator[Hit]:
    """A sentence of eight words or more that nearly repeats an earlier one (a word or a few letters differ, not
    only figures): usually a paragraph pasted twice and then edited in one place only. Candidates share their
    first or last three words, so the text is read once, not sentence against sentence."""
    repeated_blocks = {i for i, _first in _paragraph_duplicates(doc)}
    exact: set[str] = set()
    by_end: dict[str, list[tuple[list[str], str, int]]] = {}
    for s in doc.sentences:
        if s.block in repeated_blocks or not doc.blocks[s.block].is_prose:
            continue
        key = _key(doc.text[s.start : s.end])
        words = key.split(" ")
        if len(words) < NEAR_MIN_WORDS or key in exact:
            continue
        exact.add(key)
        ends = (" ".join(words[:3]), " ".join(words[-3:]))
        for other_words, other_key, block in (c for end in ends for c in by_end.get(end, ())):
            if Indel.normalized_similarity(key, other_key) < NEAR:
                continue
            changed = _changed_words(other_words, words)
            if changed and not all(w.isdigit() for pair in changed for w in pair):  # figures: claim.conflicting-figures
                before, after = changed[0]
                yield Hit(s.start, s.end, f"This sentence nearly repeats one in paragraph {block + 1} "
                                          f"(“{before}” there, “{after}” here): keep one.", ("",))
                break
        else:
            for end in ends:
                by_end.setdefault(end, []).append((words, key, s.block))


def _changed_words(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    """The word runs that differ between two word lists, as (old, new) text."""
    return [(" ".join(old[i1:i2]), " ".join(new[j1:j2]))
            for tag, i1, i2, j1, j2 in Levenshtein.opcodes(old, new) if tag != "equal"]


HEADLINE_COPY_SIMILARITY = 0.9  # Indel similarity of the case-folded words: a letter or a word's case may differ


def headline_copies(doc: Document) -> list[int]:
    """Indexes of the one-line body blocks that repeat the article's headline (the page's headline scraped with
    the text), when the caller gave a headline."""
    if "headline_copies" not in doc.cache:
        headline = _key(str(doc.cache.get("headline") or ""))
        out = []
        if headline and doc.field == "body":
            for i, block in enumerate(doc.blocks):
                if "\n" in block.text or abs(len(block.text) - len(headline)) > len(headline) // 5 + 2:
                    continue
                if Indel.normalized_similarity(_key(block.text), headline) >= HEADLINE_COPY_SIMILARITY:
                    out.append(i)
        doc.cache["headline_copies"] = out
    return doc.cache["headline_copies"]  # type: ignore[return-value]


@rule("duplicate.headline", "duplicate", "warning")
def headline_copy(doc: Document) -> Iterator[Hit]:
    """A body line that repeats the headline: the page's headline copied with the article text. It is reported
    as a leftover to delete, and the headline-case rule leaves it alone (the headline field has that flag)."""
    for i in headline_copies(doc):
        block = doc.blocks[i]
        yield Hit(block.start, block.end, "This line repeats the headline (copied with the page): delete it.", ("",))


NEAR_LINE_WORDS = (6, 30)  # a caption or a heading, not a paragraph of running text
NEAR_LINE_SHARED = 0.8  # share of the shorter line's words that the other line holds
NEAR_LINE_BLOCKS = 3  # how far apart the two lines may be, in paragraphs
NEAR_LINE_CHARS = 400  # longer lines hold more than 30 words of news copy


@rule("duplicate.near-line", "duplicate", "warning")
def near_duplicate_line(doc: Document) -> Iterator[Hit]:
    """A short line (a caption, a heading) that nearly repeats one a few paragraphs earlier, with a word or a
    phrase changed: two versions of the same caption scraped from a page ("Russian President Vladimir Putin on
    the left, …" and "Russian President Vladimir Putin, Malian Interim President …"). Exact repeats, and two
    paragraphs of running text, are left to the other duplicate rules."""
    lo, hi = NEAR_LINE_WORDS
    by_first: dict[str, list[tuple[int, str, frozenset[str]]]] = {}
    keys: dict[str, tuple[str, str, frozenset[str]] | None] = {}  # per distinct line
    for b, block in enumerate(doc.blocks):
        if block.words < lo or ("\n" not in block.text and block.words > hi):
            continue  # too short, or a paragraph of running text
        offset = block.start
        for line in block.text.split("\n"):
            start, offset = offset, offset + len(line) + 1
            if len(line) > NEAR_LINE_CHARS:
                continue
            if line not in keys:
                words = _key(line).split(" ")
                keys[line] = (words[0], " ".join(words), frozenset(words)) if lo <= len(words) <= hi else None
            if keys[line] is None:
                continue
            first, key, bag = keys[line]  # type: ignore[misc]
            earlier = by_first.setdefault(first, [])
            near = None
            for other_block, other_key, other_bag in reversed(earlier):
                if b - other_block > NEAR_LINE_BLOCKS:
                    break  # the earlier lines are farther still
                if other_key == key or (block.is_prose and doc.blocks[other_block].is_prose):
                    continue  # exact repeats, and two paragraphs of running text (duplicate.near-sentence's)
                if len(bag & other_bag) >= NEAR_LINE_SHARED * min(len(bag), len(other_bag)):
                    near = other_block
                    break
            if near is None:
                earlier.append((b, key, bag))
                continue
            end = start + len(line.rstrip())
            start += len(line) - len(line.lstrip())
            yield Hit(start, end, f"This line nearly repeats one in paragraph {near + 1} "
                                  "(two versions of a caption or heading?): keep one.", ("",))
