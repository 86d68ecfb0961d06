"""House style: banned phrases and preferred forms, given by the caller as plain data."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from editorial.checks.document import Document, finditer_at
from editorial.checks.flags import Hit
from editorial.checks.registry import rule
from editorial.checks.tokens import fold_case

DEFAULT_PREFERRED: dict[str, str] = {
    "in order to": "to",
    "at this point in time": "now",
    "whilst": "while",
    "amongst": "among",
    "utilise": "use",
    "utilize": "use",
    "passed away": "died",
    "irregardless": "regardless",
    "could care less": "couldn't care less",
    "free gift": "gift",
    "past history": "history",
    "end result": "result",
    "close proximity": "near",
    "advance warning": "warning",
    "very unique": "unique",
    "a total of": "",
}
DEFAULT_BANNED: dict[str, str] = {
    "needless to say": "If it is needless to say, do not say it.",
    "it goes without saying": "If it goes without saying, do not say it.",
    "at the end of the day": "Cliché.",
    "war-torn": "Cliché; say what the war did.",
    "slammed": "Headlinese; say criticised.",
}


@dataclass(frozen=True, slots=True)
class StyleRules:
    """Plain-data house style. `preferred`: wrong form → right form ("" means delete it); `banned`: phrase →
    reason. Matching is case-insensitive on whole words."""

    preferred: tuple[tuple[str, str], ...] = tuple(DEFAULT_PREFERRED.items())
    banned: tuple[tuple[str, str], ...] = tuple(DEFAULT_BANNED.items())

    @classmethod
    def from_mapping(cls, data: Mapping) -> StyleRules:
        """Build from `{"preferred": {wrong: right}, "banned": {phrase: reason} | [phrase, ...]}`."""
        banned = data.get("banned") or {}
        if not isinstance(banned, Mapping):
            banned = {phrase: "House style: avoid this phrase." for phrase in banned}
        return cls(tuple((data.get("preferred") or {}).items()), tuple(banned.items()))

    @classmethod
    def coerce(cls, value: StyleRules | Mapping | None) -> StyleRules:
        if value is None:
            return DEFAULT_STYLE
        return value if isinstance(value, StyleRules) else cls.from_mapping(value)


DEFAULT_STYLE = StyleRules()


@lru_cache(maxsize=16)
def _compiled(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """One alternation, longest first, with proselint's padding so hyphens and apostrophes stay outside."""
    if not phrases:
        return None
    body = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w'’-])(?:{body})(?![\w'’-])", re.IGNORECASE)


_FIRST_RUN = re.compile(r"\w+")


@lru_cache(maxsize=16)
def _lead_words(phrases: tuple[str, ...]) -> frozenset[str] | None:
    """The first word (as `\\w+` sees it, case-folded) of each phrase: a phrase can only match where its first word
    stands. None when a phrase does not start with an ASCII word (then every offset is tried)."""
    out = set()
    for phrase in phrases:
        m = _FIRST_RUN.match(phrase)
        if not m or not m.group().isascii():
            return None  # re.IGNORECASE folds some non-ASCII letters differently from str.lower
        out.add(fold_case(m.group()))
    return frozenset(out)


def _matches(doc: Document, table: tuple[tuple[str, str], ...]) -> Iterator[tuple[re.Match[str], str]]:
    lookup = {phrase.casefold(): value for phrase, value in table}
    pattern = _compiled(tuple(phrase for phrase, _value in table))
    if pattern is None:
        return
    leads = _lead_words(tuple(phrase for phrase, _value in table))
    found = (
        pattern.finditer(doc.text) if leads is None else finditer_at(pattern, doc.text, doc.starts_of(leads))
    )
    for m in found:
        value = lookup.get(" ".join(m.group().split()).casefold())
        if value is not None:
            yield m, value


def _style(doc: Document) -> StyleRules:
    return doc.style if isinstance(doc.style, StyleRules) else DEFAULT_STYLE


@rule("style.preferred-form", "style", "info", headline=True)
def preferred_form(doc: Document) -> Iterator[Hit]:
    """A word or phrase the house style writes another way ("in order to" → "to")."""
    for m, right in _matches(doc, _style(doc).preferred):
        advice = f"House style: use “{right}”." if right else "House style: delete it."
        yield Hit(m.start(), m.end(), f"“{m.group()}”: {advice}", (right,))


@rule("style.banned-phrase", "style", "info", headline=True)
def banned_phrase(doc: Document) -> Iterator[Hit]:
    """A phrase the house style bans."""
    for m, reason in _matches(doc, _style(doc).banned):
        yield Hit(m.start(), m.end(), f"“{m.group()}”: {reason}")
