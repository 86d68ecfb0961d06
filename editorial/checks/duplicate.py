"""Duplicates: a paragraph or sentence that appears twice; a block of paragraphs (teasers) repeated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import accumulate

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
