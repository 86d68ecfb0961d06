"""The built-in English word list (pyspellchecker's, US spelling, lower case) plus British variants.

pyspellchecker only knows American spellings, so a British form ("colour", "organise", "defence") is accepted
when a rewrite rule maps it to a known American word. The same tables tell the consistency rule which
spelling family a word belongs to.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein
from rapidfuzz.process import extract


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, int]:
    from spellchecker import SpellChecker  # 0.13 s, once per process

    return SpellChecker(distance=1).word_frequency.dictionary


def load() -> None:
    """Load the word list now (the first check otherwise pays for it)."""
    _frequencies()


def frequency(word: str) -> int:
    return _frequencies().get(word, 0)


# ---- Known names -----------------------------------------------------------------------------------------
# wordfreq's English list (web, news, subtitles, Wikipedia…) holds the names people write about, lower-cased,
# with their frequency: "kyiv", "zelensky", "kagame", "qaeda", "tshisekedi". A name at or above this Zipf value
# (log10 of uses per billion words; 1.3 ≈ 20 per billion) is well known; misspelt names ("Zelenksy", "Kagme",
# "Netanyhu") are not in the list at all, and names nobody knows ("Tinzaouaten", "Yusov") are not either.
KNOWN_NAME_ZIPF = 1.3
_KNOWN_NAME_FREQUENCY = 10 ** (KNOWN_NAME_ZIPF - 9)


@lru_cache(maxsize=1)
def _name_frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict  # 0.3 s, once per process, only when a text has an unknown name

    return get_frequency_dict("en", "large")


@lru_cache(maxsize=8192)
def is_known_name(word: str) -> bool:
    """A capitalised word that is a well-known name: frequent enough in wordfreq's English list, as written or
    with its accents dropped ("Maïga" → "maiga")."""
    names = _name_frequencies()
    lower = word.lower()
    if names.get(lower, 0.0) >= _KNOWN_NAME_FREQUENCY:
        return True
    plain = "".join(c for c in unicodedata.normalize("NFD", lower) if not unicodedata.combining(c))
    return plain != lower and names.get(plain, 0.0) >= _KNOWN_NAME_FREQUENCY


# ---- British / American -------------------------------------------------------------------------------
_OUR_STEMS = [
    "arbo",
    "armo",
    "behavio",
    "cando",
    "clamo",
    "colo",
    "endeavo",
    "favo",
    "fervo",
    "flavo",
    "harbo",
    "hono",
    "humo",
    "labo",
    "neighbo",
    "odo",
    "parlo",
    "rigo",
    "rumo",
    "savo",
    "splendo",
    "tumo",
    "valo",
    "vapo",
    "vigo",
]
_RE_STEMS = ["cent", "theat", "lit", "fib", "calib", "somb", "spect", "lust", "meag", "sab", "manoeuv"]
_US_UK_WORDS = {
    "gray": "grey", "aluminum": "aluminium", "mold": "mould", "molds": "moulds", "plow": "plough",
    "skeptic": "sceptic", "skeptical": "sceptical", "skepticism": "scepticism", "maneuver": "manoeuvre", "maneuvers": "manoeuvres",
    "pediatric": "paediatric", "anemia": "anaemia", "estrogen": "oestrogen", "jewelry": "jewellery",
    "defense": "defence", "offense": "offence", "pretense": "pretence", "tire": None, "program": None,
    "mustache": "moustache", "pajamas": "pyjamas", "cozy": "cosy",
    "fetus": "foetus", "diarrhea": "diarrhoea", "encyclopedia": None, "airplane": "aeroplane",
}  # fmt: skip
_L_STEMS = [
    "travel",
    "cancel",
    "label",
    "model",
    "fuel",
    "signal",
    "level",
    "dial",
    "total",
    "marvel",
    "counsel",
    "channel",
    "tunnel",
]
_IZE_EXCEPTIONS = frozenset(
    [
        "size",
        "prize",
        "seize",
        "capsize",
        "baize",
        "maize",
        "downsize",
        "resize",
        "oversize",
        "outsize",
        "assize",
    ]
)
_ISE_SAME = frozenset(
    [
        "apprise",
        "catechise",
        "exorcise",
        "expertise",
        "grecise",
        "merchandise",
        "seise",
        "surprise",
        "advise",
        "revise",
        "supervise",
        "televise",
        "compromise",
        "enterprise",
        "exercise",
        "franchise",
        "improvise",
        "precise",
        "concise",
        "premise",
        "promise",
    ]
)


def _build_pairs() -> dict[str, str]:
    pairs: dict[str, str] = {us: uk for us, uk in _US_UK_WORDS.items() if uk}
    for stem in _OUR_STEMS:
        for suffix in ("r", "rs", "red", "ring", "rite", "rites", "rable", "rful", "rless", "rer", "rers"):
            pairs[stem + suffix] = stem + "u" + suffix
    for stem in _RE_STEMS:
        for us, uk in (("er", "re"), ("ers", "res")):
            pairs[stem + us] = stem + uk
    for stem in _L_STEMS:
        for suffix in ("ed", "ing", "er", "ers"):
            pairs[stem + suffix] = stem + "l" + suffix
    pairs["counselor"], pairs["counselors"] = "counsellor", "counsellors"
    return pairs


US_TO_UK: dict[str, str] = _build_pairs()
UK_TO_US: dict[str, str] = {uk: us for us, uk in US_TO_UK.items()}
_IZE = re.compile(r"^(?P<stem>[a-z]{2,})(?P<z>[iy])z(?P<suffix>e|es|ed|ing|ation|ations|er|ers)$")
_ISE = re.compile(r"^(?P<stem>[a-z]{2,})(?P<z>[iy])s(?P<suffix>e|es|ed|ing|ation|ations|er|ers)$")


@lru_cache(maxsize=1)
def _british_list() -> dict[str, str]:
    """breame's British → American spelling pairs (1,730: "programme" → "program", "draught" → "draft")."""
    from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS

    return BRITISH_ENGLISH_SPELLINGS


@lru_cache(maxsize=65536)
def british_to_american(word: str) -> str | None:
    """The American form of a British spelling ("colour" → "color"), or None when `word` is not one."""
    if word in UK_TO_US:
        return UK_TO_US[word]
    m = _ISE.match(word)
    if m and m["stem"] + m["z"] + "se" not in _ISE_SAME:
        american = f"{m['stem']}{m['z']}z{m['suffix']}"
        if american in _frequencies() and word not in _frequencies():
            return american
    # breame's list, for British words outside the rewrite rules; a word the American list also holds ("tyre",
    # "storey") is a word there too, not a British spelling
    american = _british_list().get(word)
    if american is not None and american in _frequencies() and word not in _frequencies():
        return american
    return None


@lru_cache(maxsize=65536)
def american_to_british(word: str) -> str | None:
    """The British form of an American spelling ("color" → "colour"), or None when `word` is not one."""
    if word in US_TO_UK:
        return US_TO_UK[word]
    m = _IZE.match(word)
    if m and m["stem"] + m["z"] + "ze" not in _IZE_EXCEPTIONS and word in _frequencies():
        return f"{m['stem']}{m['z']}s{m['suffix']}"
    return None


@lru_cache(maxsize=65536)
def is_known(lower: str) -> bool:
    """Is this lower-case word (no possessive) an English word, in American or British spelling?"""
    words = _frequencies()
    return (
        lower in words
        or (lower in UK_TO_US)
        or british_to_american(lower) is not None
        or _derived(lower, words)
    )


_DERIVATION = re.compile(r"^(?P<stem>[a-z]{4,}?)(?:ist|ists|ism|isms)$")


def _derived(lower: str, words: dict[str, int]) -> bool:
    """ "jihadist", "populism": a known word with -ist or -ism, which the word list often lacks."""
    m = _DERIVATION.match(lower)
    return bool(m) and m["stem"] in words


# ---- suggestions ---------------------------------------------------------------------------------------
_LETTERS = "abcdefghijklmnopqrstuvwxyz'"


@lru_cache(maxsize=1)
def _buckets() -> dict[tuple[str, int], list[str]]:
    """Words by (first letter, length), for the edit-distance-2 fallback."""
    out: dict[tuple[str, int], list[str]] = {}
    for word in _frequencies():
        out.setdefault((word[:1], len(word)), []).append(word)
    return out


@lru_cache(maxsize=4096)
def _one_edit(word: str) -> set[str]:
    """Every string one letter added, dropped, changed or swapped with a neighbour away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    edits |= {a + c + b for a, b in splits for c in _LETTERS}
    edits.discard(word)
    return edits


@lru_cache(maxsize=8192)
def most_common_one_edit_away(word: str) -> tuple[str, int] | None:
    """The most frequent known word one edit from a lower-case word, with its frequency (None if there is none)."""
    words = _frequencies()
    found = [(words[w], w) for w in _one_edit(word) if w in words]
    if not found:
        return None
    frequency, best = max(found)
    return best, frequency


def suggest(word: str, limit: int = 5) -> tuple[str, ...]:
    """Likely corrections of a lower-case word: edit distance 1 first, then 2, most frequent first."""
    words = _frequencies()
    found = [w for w in _one_edit(word) if w in words]
    if not found and 3 <= len(word) <= 30:
        pool = [w for n in range(len(word) - 2, len(word) + 3) for w in _buckets().get((word[:1], n), ())]
        found = [
            w for w, _score, _i in extract(word, pool, scorer=Levenshtein.distance, score_cutoff=2, limit=50)
        ]
    found.sort(
        key=lambda w: (OSA.distance(word, w), -words[w], w)
    )  # ties by spelling: the same order in every process
    return tuple(found[:limit])
