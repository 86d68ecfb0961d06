"""House style: banned phrases and preferred forms, given by the caller as plain data."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from editorial.checks import lexicon
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


SPELLING_VARIETIES = ("", "british", "american")


@dataclass(frozen=True, slots=True)
class StyleRules:
    """Plain-data house style. `preferred`: wrong form → right form ("" means delete it); `banned`: phrase →
    reason. Matching is case-insensitive on whole words. `spelling`: the newsroom's spelling variety,
    "british" or "american" ("" = either, the article's majority decides)."""

    preferred: tuple[tuple[str, str], ...] = tuple(DEFAULT_PREFERRED.items())
    banned: tuple[tuple[str, str], ...] = tuple(DEFAULT_BANNED.items())
    spelling: str = ""

    def __post_init__(self) -> None:
        if self.spelling not in SPELLING_VARIETIES:
            raise ValueError(f"spelling must be one of {', '.join(map(repr, SPELLING_VARIETIES))}")

    @classmethod
    def from_mapping(cls, data: Mapping) -> StyleRules:
        """Build from `{"preferred": {wrong: right}, "banned": {phrase: reason} | [phrase, ...],
        "spelling": "british" | "american" | ""}`."""
        banned = data.get("banned") or {}
        if not isinstance(banned, Mapping):
            banned = {phrase: "House style: avoid this phrase." for phrase in banned}
        return cls(tuple((data.get("preferred") or {}).items()), tuple(banned.items()), data.get("spelling") or "")

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


_VOWELS = frozenset("aeiou")


def _inflections(word: str) -> tuple[str, str, str]:
    """Plural or third person, past, and -ing forms of a regular English word (close enough for house style:
    "utilise" → utilises, utilised, utilising; "gift" → gifts, gifted, gifting)."""
    lower = word.lower()
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        third = word + "es"
    elif lower.endswith("y") and len(lower) > 1 and lower[-2] not in _VOWELS:
        third = word[:-1] + "ies"
    else:
        third = word + "s"
    if lower.endswith("e"):
        past, ing = word + "d", (word if lower.endswith(("ee", "ye", "oe")) else word[:-1]) + "ing"
    elif lower.endswith("y") and len(lower) > 1 and lower[-2] not in _VOWELS:
        past, ing = word[:-1] + "ied", word + "ing"
    else:
        past, ing = word + "ed", word + "ing"
    return third, past, ing


class FormOf(NamedTuple):
    """The replacement of an inflected form whose own inflection is not a known word ("buy" → "buyed"):
    the advice names the base word and suggests nothing rather than something wrong."""

    base: str


@lru_cache(maxsize=16)
def _with_inflections(table: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str | FormOf], ...]:
    """The preferred forms and, for single lower-case words preferred to single words, both inflected alike: a
    house style that prefers "use" to "utilise" also prefers "used" to "utilised". Only inflections that are
    English words are looked for, and a replacement is suggested only when its inflection is one too
    ("purchased" → a form of "buy", not "buyed"). Phrases and names are left as given ("free gift" is not a
    verb; "Kiev" has no past tense). A form the table gives itself wins."""
    given = {wrong.casefold() for wrong, _right in table}
    out: list[tuple[str, str | FormOf]] = list(table)
    for wrong, right in table:
        if not (wrong.isascii() and wrong.isalpha() and wrong.islower() and len(wrong) > 2):
            continue
        if right and not (right.isascii() and right.isalpha()):
            continue
        right_forms = _inflections(right) if right else ("", "", "")
        for variant, replacement in zip(_inflections(wrong), right_forms, strict=True):
            if variant in given or not lexicon.is_known(variant):
                continue
            given.add(variant)
            known = not replacement or lexicon.is_known(replacement.lower())
            out.append((variant, replacement if known else FormOf(right)))
    return tuple(out)


def _style(doc: Document) -> StyleRules:
    return doc.style if isinstance(doc.style, StyleRules) else DEFAULT_STYLE


@rule("style.preferred-form", "style", "info", headline=True)
def preferred_form(doc: Document) -> Iterator[Hit]:
    """A word or phrase the house style writes another way ("in order to" → "to")."""
    for m, right in _matches(doc, _with_inflections(_style(doc).preferred)):
        if isinstance(right, FormOf):
            yield Hit(m.start(), m.end(), f"“{m.group()}”: House style: use the matching form of “{right.base}”.", ())
            continue
        advice = f"House style: use “{right}”." if right else "House style: delete it."
        yield Hit(m.start(), m.end(), f"“{m.group()}”: {advice}", (right,))


@rule("style.banned-phrase", "style", "info", headline=True)
def banned_phrase(doc: Document) -> Iterator[Hit]:
    """A phrase the house style bans."""
    for m, reason in _matches(doc, _style(doc).banned):
        yield Hit(m.start(), m.end(), f"“{m.group()}”: {reason}")
