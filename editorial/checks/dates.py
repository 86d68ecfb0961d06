"""Dates: weekdays that do not match their date, impossible dates, dates after the dateline, relative dates
("last month", "two years ago") that contradict an explicit date in the same sentence."""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from editorial.checks.document import Document, finditer_at
from editorial.checks.flags import Hit
from editorial.checks.registry import rule

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_WEEKDAYS.update({d.lower(): i for i, d in enumerate(calendar.day_abbr)})
_WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues|Tue|Weds|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)"
DATE = re.compile(
    rf"\b(?:(?P<wd>{_WEEKDAY})\.?,?\s+(?:the\s+)?)?"
    rf"(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH})\b\.?)"
    r"(?:,?\s+(?P<y>(?:19|20)\d{2})(?!\d))?"
)
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b")
_MONTH_YEAR = re.compile(rf"\b(?P<m>{_MONTH})\.?,?\s+(?P<y>(?:19|20)\d{{2}})\b")
_YEAR = re.compile(r"\b(?:in|during|since|of)\s+(?P<y>(?:19|20)\d{2})\b(?![-–/]\d)")
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}  # fmt: skip
_NUMBER_WORDS.update({"a": 1, "an": 1})
RELATIVE = re.compile(
    r"\b(?:(?P<simple>yesterday|last week|last month|last year|this year|this month)"
    r"|(?P<n>\d{1,3}|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an)\s+"
    r"(?P<unit>day|week|month|year)s?\s+ago)\b"
)  # run on lower-cased text
_FUTURE = re.compile(
    r"\b(?:will|would|shall|scheduled|due|expected|expects?|plans?|planned|set to|next|upcoming|until|by|"
    r"deadline|from|starting|begins?|expires?|to be held|postponed|is to|are to|could|may|might)\b",
    re.IGNORECASE,
)


# The words DATE and RELATIVE can begin with (after "\b"); they are tried only where one of these stands.
_DATE_LEADS = tuple(_MONTHS) + tuple(_WEEKDAYS)
_DAY_RUN = re.compile(r"\d{1,2}(?:st|nd|rd|th)?")
_RELATIVE_LEADS = ("yesterday", "last", "this", "a", "an", *_NUMBER_WORDS)


def explicit_date_matches(doc: Document) -> list[re.Match[str]]:
    """Every DATE match in the text (cached per document)."""
    if "date_matches" not in doc.cache:
        starts = doc.starts_of(_DATE_LEADS, _DAY_RUN.fullmatch)
        doc.cache["date_matches"] = list(finditer_at(DATE, doc.text, starts))
    return doc.cache["date_matches"]  # type: ignore[return-value]


def relative_starts(doc: Document) -> list[int]:
    """Where a RELATIVE match can start."""
    if "relative_starts" not in doc.cache:
        doc.cache["relative_starts"] = doc.starts_of(_RELATIVE_LEADS, lambda w: w.isdigit() and len(w) <= 3)
    return doc.cache["relative_starts"]  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    lo: date
    hi: date
    weekday: str | None = None
    explicit_year: bool = True


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _infer_year(month: int, day: int, ref: date | None) -> int | None:
    if ref is None:
        return None
    year = ref.year
    try:
        if date(year, month, day) > ref + timedelta(days=183):
            year -= 1
    except ValueError:
        return year
    return year


def dateline(doc: Document) -> date | None:
    """The caller's dateline, else a block near the top that is only a date ("Aug 4, 2024")."""
    if doc.dateline is not None or "dateline" in doc.cache:
        return doc.dateline or doc.cache.get("dateline")  # type: ignore[return-value]
    found = None
    for block in doc.blocks[:10]:
        m = DATE.fullmatch(block.text.strip(" .")) or _ISO.fullmatch(block.text.strip())
        if m and m["y"] and (found := _to_date(m)):
            break
    doc.cache["dateline"] = found
    return found


def _to_date(m: re.Match[str]) -> date | None:
    try:
        if "m" in m.groupdict():
            return date(int(m["y"]), int(m["m"]), int(m["d"]))
        month = _MONTHS[(m["m1"] or m["m2"]).lower()]
        return date(int(m["y"]), month, int(m["d1"] or m["d2"]))
    except (ValueError, TypeError):
        return None


def explicit_dates(
    doc: Document, start: int = 0, end: int | None = None
) -> Iterator[tuple[re.Match[str], _Found | None]]:
    """Dates written out in the text; None when the date does not exist ("February 30")."""
    if "dates" not in doc.cache:
        doc.cache["dates"] = list(_explicit_dates(doc))  # in text order
        doc.cache["date_starts"] = [m.start() for m, _found in doc.cache["dates"]]  # type: ignore[attr-defined]
    end = len(doc.text) if end is None else end
    dates: list[tuple[re.Match[str], _Found | None]] = doc.cache["dates"]  # type: ignore[assignment]
    for i in range(bisect_left(doc.cache["date_starts"], start), len(dates)):  # type: ignore[arg-type]
        m, found = dates[i]
        if m.start() >= end:
            return
        if m.end() <= end:
            yield m, found


def _explicit_dates(doc: Document) -> Iterator[tuple[re.Match[str], _Found | None]]:
    ref = dateline(doc)
    for m in explicit_date_matches(doc):
        month = _MONTHS[(m["m1"] or m["m2"]).lower()]
        day = int(m["d1"] or m["d2"])
        year = int(m["y"]) if m["y"] else _infer_year(month, day, ref)
        if year is None:
            if day > 31 or (day > 29 and month == 2) or day > calendar.monthrange(2024, month)[1] or day == 0:
                yield m, None
            continue
        try:
            d = date(year, month, day)
        except ValueError:
            yield m, None
            continue
        yield m, _Found(m.start(), m.end(), d, d, m["wd"], bool(m["y"]))


@rule("date.weekday-mismatch", "date", "error", headline=True)
def weekday_mismatch(doc: Document) -> Iterator[Hit]:
    """A weekday that does not fit its date ("Monday, May 9, 2024" was a Thursday)."""
    for m, found in explicit_dates(doc):
        if found is None or not found.weekday:
            continue
        actual = found.lo.weekday()
        if _WEEKDAYS[found.weekday.lower()] != actual:
            right = calendar.day_name[actual]
            fixed = m.group().replace(found.weekday, right if len(found.weekday) > 4 else right[:3], 1)
            yield Hit(
                m.start(),
                m.end(),
                f"{found.lo:%B} {found.lo.day}, {found.lo.year} was a {right}, not a {found.weekday}.",
                (fixed,),
            )


@rule("date.invalid", "date", "error", headline=True)
def invalid_date(doc: Document) -> Iterator[Hit]:
    """A date that does not exist ("February 30", "April 31")."""
    for m, found in explicit_dates(doc):
        if found is None:
            yield Hit(m.start(), m.end(), f"“{m.group()}” is not a real date.")


@rule("date.after-dateline", "date", "warning")
def after_dateline(doc: Document) -> Iterator[Hit]:
    """A date later than the dateline in a sentence that does not speak of the future."""
    ref = dateline(doc)
    if ref is None:
        return
    for m, found in explicit_dates(doc):
        if found is None or found.lo <= ref:
            continue
        s = next((s for s in doc.sentences if s.start <= m.start() < s.end), None)
        if s is not None and not _FUTURE.search(doc.text, s.start, s.end):
            yield Hit(
                m.start(),
                m.end(),
                f"{found.lo:%B} {found.lo.day}, {found.lo.year} is after the dateline "
                f"({ref:%B} {ref.day}, {ref.year}), but the sentence does not read as future.",
            )


def _relative_window(m: re.Match[str], ref: date) -> tuple[date, date]:
    simple = (m["simple"] or "").lower()
    if simple == "yesterday":
        return ref - timedelta(days=1), ref - timedelta(days=1)
    if simple == "last week":
        return ref - timedelta(days=14), ref - timedelta(days=1)
    if simple in ("last month", "this month"):
        first = (
            ref.replace(day=1)
            if simple == "this month"
            else (ref.replace(day=1) - timedelta(days=1)).replace(day=1)
        )
        return first, _month_end(first.year, first.month)
    if simple in ("last year", "this year"):
        year = ref.year - (simple == "last year")
        return date(year, 1, 1), date(year, 12, 31)
    raw = m["n"].lower()
    n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    unit = m["unit"].lower()
    if unit == "day":
        return ref - timedelta(days=n + 1), ref - timedelta(days=max(n - 1, 0))
    if unit == "week":
        return ref - timedelta(days=7 * n + 4), ref - timedelta(days=max(7 * n - 4, 0))
    if unit == "month":
        months = ref.year * 12 + ref.month - 1 - n
        lo_y, lo_m = divmod(months - 1, 12)
        hi_y, hi_m = divmod(months + 1, 12)
        return date(lo_y, lo_m + 1, 1), _month_end(hi_y, hi_m + 1)
    return date(ref.year - n - 1, 1, 1), date(ref.year - n + 1, 12, 31)


def _explicit_windows(doc: Document, start: int, end: int) -> Iterator[tuple[str, date, date]]:
    for m, found in explicit_dates(doc, start, end):
        if found is not None:
            yield m.group(), found.lo, found.hi
    for m in _MONTH_YEAR.finditer(doc.text, start, end):
        month, year = _MONTHS[m["m"].lower()], int(m["y"])
        yield m.group(), date(year, month, 1), _month_end(year, month)
    for m in _YEAR.finditer(doc.text, start, end):
        year = int(m["y"])
        yield m["y"], date(year, 1, 1), date(year, 12, 31)


@rule("date.relative-contradiction", "date", "warning")
def relative_contradiction(doc: Document) -> Iterator[Hit]:
    """A relative date ("last month", "two years ago") that the dateline and an explicit date in the same
    sentence contradict."""
    ref = dateline(doc)
    if ref is None:
        return
    starts = relative_starts(doc)
    if not starts:
        return
    # A match inside a sentence implies a match over the whole text that overlaps that sentence (at the same
    # start, or an earlier one running into it): only those sentences are searched, each on its own.
    sentence_starts = [s.start for s in doc.sentences]
    holding: set[int] = set()
    for m in finditer_at(RELATIVE, doc.lower, starts):
        first = max(bisect_right(sentence_starts, m.start()) - 1, 0)
        holding.update(range(first, bisect_left(sentence_starts, m.end())))
    for s in (doc.sentences[i] for i in sorted(holding)):
        for m in finditer_at(RELATIVE, doc.lower, starts, s.start, s.end):
            lo, hi = _relative_window(m, ref)
            for quoted, elo, ehi in _explicit_windows(doc, s.start, s.end):
                if elo == ehi == ref:
                    continue  # the dateline itself ("BAMAKO, Aug 4 (Reuters) - … last month")
                if ehi < lo or elo > hi:
                    yield Hit(
                        m.start(),
                        m.end(),
                        f"“{m.group()}” (from the dateline {ref:%B} {ref.day}, {ref.year}) "
                        f"does not fit “{quoted}” in the same sentence.",
                    )
                    break
