"""Figures in news prose, as intervals: "84" → [84, 84], "from 20 to 80" → [20, 80], "at least 20" → [20, ∞),
"approximately 1,000" → [900, 1100]. Years, dates, times, ages and digits inside names are not figures."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

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
FIGURE = re.compile(
    r"(?<![\w.,$£€-])"
    r"(?:(?P<range>from|between)\s+)?"
    r"(?:(?P<bound>at least|more than|over|up to|as many as|fewer than|less than|under|nearly|almost|"
    r"approximately|about|around|roughly|some|an estimated|estimated|close to)\s+)?"
    rf"{_ONE}(?:\s*(?:to|and|-|–)\s*{_ONE2})?(?![\w-])",
    re.IGNORECASE,
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
    n = n.lower()
    if n[0].isdigit():
        value = float(n.replace(",", ""))
    elif n.startswith("a "):
        value = float(_WORDS[n[2:]])
    else:
        parts = n.split("-")
        value = float(sum(_WORDS[p] for p in parts))
    if scale:
        value *= _SCALES[scale.strip().lower()]
    return value


def _is_year(m: re.Match[str]) -> bool:
    n = m["n"]
    plain = not (m["cur"] or m["scale"] or m["pct"])
    return plain and n.isdigit() and len(n) == 4 and 1800 <= int(n) <= 2100


def figures(text: str, start: int = 0, end: int | None = None) -> Iterator[Figure]:
    """Figures between `start` and `end`, with offsets into `text`."""
    end = len(text) if end is None else end
    pos = start
    while (m := FIGURE.search(text, pos, end)) is not None:
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
