"""Figures in news prose, as intervals: "84" → [84, 84], "from 20 to 80" → [20, 80], "at least 20" → [20, ∞),
"approximately 1,000" → [900, 1100]. Years, dates, times, ages and digits inside names are not figures."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from editorial.checks.tokens import fold_case

_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}  # fmt: skip
_WORDS.update(
    {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
)
_WORDS.update({"dozen": 12, "hundred": 100})
_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
_WORD_NUM = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|"
    r"seven|eight|nine))?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|a dozen|a hundred)"
)
_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|{_WORD_NUM})"
_CUR = r"(?:US\$|[$£€¥₦]|R(?=\d))"
_SCALE = r"(?:\s?(?:thousand|million|billion|trillion)|(?:bn|mn|m|k)\b)"
_ONE = rf"(?P<cur>{_CUR})?(?P<n>{_NUM})(?P<scale>{_SCALE})?(?P<pct>\s?%|\s(?:per ?cent|percent)\b)?"
_ONE2 = (
    _ONE.replace("?P<cur>", "?P<cur2>")
    .replace("?P<n>", "?P<n2>")
    .replace("?P<scale>", "?P<scale2>")
    .replace("?P<pct>", "?P<pct2>")
)
_NOT_COUNT_AFTER = re.compile(
    r"\s*(?:(?:days?|weeks?|months?|years?|decades?)\s+(?:ago|old|earlier|later)|(?:a\.m\.|p\.m\.|am|pm|GMT|UTC)\b|"
    r"(?:st|nd|rd|th)\b|:\d)",
    re.IGNORECASE,
)
_APPROX = {"approximately", "about", "around", "roughly", "some", "an estimated", "estimated", "close to"}


@dataclass(frozen=True, slots=True)
class Figure:
    start: int
    end: int
    lo: float
    hi: float
    kind: str  # count, range, bound, approximate, money, percentage
    surface: str


def _value(n: str, scale: str | None) -> float:
    n = fold_case(n)  # as re.IGNORECASE folds: "FİVE" → "five" (str.lower gives "fi̇ve")
    if n[0].isdigit():
        value = float(n.replace(",", ""))
    elif n.startswith("a "):
        value = float(_WORDS[n[2:]])
    else:
        parts = n.split("-")
        value = float(sum(_WORDS[p] for p in parts))
    if scale:
        value *= _SCALES[fold_case(scale.strip())]
    return value


def _is_year(m: re.Match[str]) -> bool:
    n = m["n"]
    plain = not (m["cur"] or m["scale"] or m["pct"])
    return plain and n.isdigit() and len(n) == 4 and 1800 <= int(n) <= 2100


_DIGITS = re.compile(r"\d+")
_BOUNDS = (
    "at least|more than|over|up to|as many as|fewer than|less than|under|nearly|almost|approximately|about|"
    "around|roughly|some|an estimated|estimated|close to"
)
FIGURE = re.compile(
    r"(?<![\w.,$£€-])"
    r"(?:(?P<range>from|between)\s+)?"
    rf"(?:(?P<bound>{_BOUNDS})\s+)?"
    rf"{_ONE}(?:\s*(?:to|and|-|–)\s*{_ONE2})?(?![\w-])",
    re.IGNORECASE,
)
# Words a figure can start with; each figure starts with one of them, a currency sign or its number.
_LEADS = ("from", "between", *_BOUNDS.split("|"))
_NUMBER_WORDS = (*(w for w in _WORDS if w not in ("zero", "one")), "a dozen", "a hundred")
_LEAD_WORDS = frozenset(w.split()[0] for w in (*_LEADS, "a"))


def _starts(text: str, start: int, end: int) -> list[int]:
    """Every offset where a FIGURE match can start, so the pattern is tried there only (re would try every
    offset): a number (digits or a number word), the currency sign before it ("$", "US$", "R"), or a range
    or bound word."""
    out = set()
    for m in _DIGITS.finditer(text, start, end):
        at = m.start()
        out.update((at, at - 1, at - 3))
    low = fold_case(text)
    for word in _NUMBER_WORDS:
        at = low.find(word, start, end)
        while at >= 0:
            out.update((at, at - 1, at - 3))
            at = low.find(word, at + 1, end)
    for word in _LEADS:
        at = low.find(word, start, end)
        while at >= 0:
            out.add(at)
            at = low.find(word, at + 1, end)
    return sorted(x for x in out if x >= start)


def lead_offsets(runs: dict[str, list[int]], text: str) -> list[int]:
    """`_starts` from a document's word index (`Document.runs`: folded \\w+ run → offsets), much cheaper: range
    and bound words, "R20", and each number with the currency sign right before it ("$", "£", "US$")."""
    out = set()
    for word, offsets in runs.items():
        if word in ("from", "between"):
            continue  # below, once every other start is known
        if word in _ONLY_AS:  # common words: keep only the places where the phrase follows
            offsets = [at for at in offsets if fold_case(text[at : at + 10]).startswith(_ONLY_AS[word])]
        if word in _LEAD_WORDS or (word[0] == "r" and word[1:2].isdigit()):
            out.update(offsets)
        if word[0].isdigit() or word == "a" or word.startswith(_NUMBER_WORDS):
            for at in offsets:
                out.add(at)
                if at >= 1 and text[at - 1] in _CURRENCY_SIGNS:
                    out.add(at - 1)
                if at >= 3 and fold_case(text[at - 3 : at]) == "us$":
                    out.add(at - 3)
    # "from"/"between" and white space start a figure only when a bound word or a number follows
    for word in ("from", "between"):
        for at in runs.get(word, ()):
            after = _after_space(text, at + len(word))
            if after is not None and after in out:
                out.add(at)
    return sorted(out)


def _after_space(text: str, at: int) -> int | None:
    """The offset after the white space at `at` (as re's \\s+ takes it), or None when there is none."""
    end = at
    while end < len(text) and text[end].isspace():
        end += 1
    return end if end > at else None


_CURRENCY_SIGNS = "$£€¥₦"
# A figure can start at the word "a" only as "a dozen" or "a hundred", and at "as" only as "as many as".
_ONLY_AS = {"a": ("a dozen", "a hundred"), "as": ("as many as",)}


def figures(
    text: str, start: int = 0, end: int | None = None, starts: list[int] | None = None
) -> Iterator[Figure]:
    """Figures between `start` and `end`, with offsets into `text`. `starts`: `lead_offsets(doc.runs)`, if known."""
    end = len(text) if end is None else end
    pos = start
    candidates = _starts(text, start, end) if starts is None else starts
    ci = 0
    while True:
        # FIGURE.search(text, pos, end), tried only where a figure can start (much faster than re's scan)
        m = None
        while ci < len(candidates):
            at = candidates[ci]
            ci += 1
            if at >= pos and (m := FIGURE.match(text, at, end)) is not None:
                break
        if m is None:
            return
        pos = m.end()
        if m["n2"] and (
            _is_year(m) or (m["range"] or "").lower() != "between" and re.search(r"\sand\s", m.group())
        ):
            first_end = max(m.end(g) for g in ("n", "scale", "pct") if m[g])
            m = FIGURE.match(text, m.start(), first_end)
            pos = first_end
            if m is None:
                continue
        if _is_year(m):
            continue
        if _NOT_COUNT_AFTER.match(text, m.end()):
            continue
        before = text[max(0, m.start() - 12) : m.start()]
        if re.search(
            r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
            r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s+$",
            before,
        ):
            continue  # the day of a date
        if (
            re.search(r"[A-Z][a-z]+,\s*$", before)
            and re.match(r",", text[m.end() : m.end() + 1])
            and not m["n2"]
        ):
            continue  # an age in apposition: "Smith, 54, said"
        lo = _value(m["n"], m["scale"])
        hi = _value(m["n2"], m["scale2"] or m["scale"]) if m["n2"] else lo
        if m["n2"] and not m["range"] and m["n"][0].isdigit() != m["n2"][0].isdigit():
            continue
        kind = "count"
        bound = (m["bound"] or "").lower()
        if m["n2"]:
            kind = "range"
            lo, hi = min(lo, hi), max(lo, hi)
        elif bound in ("at least", "more than", "over"):
            hi, kind = math.inf, "bound"
        elif bound in ("up to", "as many as", "fewer than", "less than", "under"):
            lo, kind = 0.0, "bound"
        elif bound in ("nearly", "almost"):
            lo, kind = lo * 0.9, "approximate"
        elif bound in _APPROX:
            lo, hi, kind = lo * 0.9, hi * 1.1, "approximate"
        if m["cur"]:
            kind = "money"
        elif m["pct"]:
            kind = "percentage"
        yield Figure(m.start(), m.end(), lo, hi, kind, m.group())
