"""Claim matching: is this the same claim as one checked before, a contradicting figure for the same quantity,
or a different claim?

Pure rules over plain text: no Flask, no database. A claim becomes `ClaimFeatures` (content-word stems weighted
by how rare the word is in English, figures as intervals from the copy desk's figure reader, names, dates,
negation and direction cues); `compare` scores two of them. Lexical overlap says whether two claims are about
the same thing; figures, names, dates and negation say whether they assert the same about it. The labelled pairs
and the measurement behind the thresholds are in bench/claim_pairs/ and bench/bench_claim_matching.py.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import snowballstemmer
from wordfreq import zipf_frequency

from editorial import claim_roles
from editorial.checks import lexicon
from editorial.checks.claims import ATTRIBUTION
from editorial.checks.fingerprint import checks_version
from editorial.checks.numbers import Figure, figures
from editorial.checks.propernames import ALWAYS_CAPITALISED
from editorial.checks.tokens import fold, key, tokenize

# Chosen on the tuning half of bench/claim_pairs/pairs.jsonl by bench/bench_claim_matching.py (the lowest score
# where precision for "same" is ≥ 0.9; the contradiction threshold likewise); the held-out half reports them.
SAME_THRESHOLD = 0.466
CONTRADICTION_THRESHOLD = 0.683


# How the evidence combines (also chosen on the tuning half).
OVERLAP_SHARE = 0.25  # weight of the overlap coefficient beside Dice in the lexical score
SWAP_PENALTY = 0.04  # per unit of weight of the lighter of the two substituted words
ONE_SIDED_FIGURE = 0.85  # factor when one claim gives a figure the other has nothing comparable to
MODAL_MISMATCH = 0.6  # factor when one is a forecast or plan ("expects", "will", "plans") and the other not
FIGURE_WEIGHT = 4.0  # a figure counts in the overlap like a content word of this weight (agreeing: shared)
SUBSTITUTION_PENALTY = 0.08  # per unit of weight of a word in another's place between the same shared words
ROLE_SWAP = 0.3  # factor when the doer and the done-to of one verb change places (claim_roles.role_swap)
OTHER_SUBJECT = 0.4  # factor when one verb is said of another subject (claim_roles.other_subject)
OTHER_VERB = 0.6  # factor when the same doer does another thing to the same (claim_roles.other_verb)
SAID_NOT_DONE = 0.5  # factor when one claim is what someone says, the other what they do
FIGURE_CONTAINMENT = True  # comparable figures count as shared words in the containment (contradictions)


class Verdict(StrEnum):
    SAME = "same"
    CONTRADICTION = "contradiction"  # the same quantity given another figure
    DIFFERENT = "different"


RARE_FIRST_WORD = 400
_STOP = frozenset(
    """a an the of to in on at for by with from and or but as is are was were be been being has have had will
    would could should may might must can that this these those it its their they them he she his her him we our
    us you your i who whom whose which what when where than then there also after before since over under about
    into per cent percent its it's so such some any all each both other another more most less least many much
    only just still now new same very up out off again last this next first year years month months week weeks
    day days time times said says say told according claimed claim claims reported announced added stated
    estimates estimate indicate indicates suggested suggesting suggests say show shows showed figures figure
    number numbers one do did does done get got make made expected likely around nearly almost roughly
    approximately least range ranges ranged ranging stands stand stood total totals totalled totaled amounts
    amounted numbered during percentage basis point points""".split()  # the last: words whose only job is to introduce a figure ("ranges from 20 to 80")
)
# Words news writers use for one another (general news usage, not read from the labelled pairs): each maps to
# one key, so a reworded claim shares it.
_SYNONYMS = {
    key_: word
    for word, keys in {
        "die": "died dies dead death deaths die killed kill kills killing toll lives fatalities perished",
        "fighter": "fighters fighter mercenaries mercenary men combatants",
        "soldier": "soldiers soldier troops troop servicemen",
        "rebel": "rebels rebel separatists separatist insurgents insurgent rebellion uprising",
        "military": "military army forces armed",
        "unemployment": "unemployment unemployed jobless joblessness",
        "rise": "rose rise rises rising risen climbed climb climbs increased increase increases grew grow grows "
        "growth expanded expand higher raised raise lifted hike hiked jumped soared up",
        "fall": "fell fall falls falling fallen dropped drop drops declined decline declines decreased decrease "
        "shrank shrink lower lowered slumped plunged down eased slowed cooled",
        "win": "won win wins winning victory beat elected re-elected",
        "lose": "lost lose loses losses loss defeated defeat",
        "jail": "jailed jail sentenced sentence imprisoned prison",
        "guilty": "guilty convicted conviction",
        "arrest": "arrested arrest arrests detained",
        "relations": "relations ties",
        "resign": "resigned resign resigns quit quits",
        "seize": "seized seize captured capture took",
        "firm": "firm company business",
        "fine": "fined fine fines penalty",
        "attack": "attack attacks attacked ambush ambushed assault",
        "fight": "fighting clashes clash fought",
        "nationwide": "nationwide countrywide national",
        "vote": "vote votes voters voted ballot ballots",
        "back": "backing backs backed support supporting supports supported",
        "spend": "spend spending pledged pledge invest investment",
        "cost": "cost costs price prices",
        "employ": "employs employ employed work works workforce",
        "champion": "champions champion title",
        # more of the same kind (general news usage, written for this table, not read from failing pairs)
        "truce": "truce truces ceasefire ceasefires cease-fire armistice",
        "deal": "deal deals agreement agreements accord accords pact pacts",
        "earthquake": "earthquake earthquakes quake quakes tremor",
        "protester": "protesters protester demonstrators demonstrator",
        "ban": "banned ban bans banning outlawed outlaw prohibited prohibit",
        "free": "freed free frees released release releases",
        "close": "closed close closes closing closure shut shuts shutting",
        "destroy": "destroyed destroy destroys flattened razed gutted levelled leveled",
        "murder": "murder murders homicide homicides",
        "cattle": "cattle cows livestock",
        "home": "homes households houses",
        "power": "power electricity",
        "sack": "sacked sack sacks ousted",
        "approve": "approved approve approves authorised authorized authorise authorize",
        "recapture": "recaptured recapture retook retaken regained",
        "cut": "cut cuts cutting shed sheds shedding axed axe slashed slash",
        "start": "began begin begins begun started start starts",
        "injur": "injured injuries wounded hurt",
        "top": "topped exceeded surpassed",
        "collaps": "collapsed collapse collapses",
        # more of the same kind (general news usage, written for matcher2, beside tune3.jsonl)
        "fire": "fire fires blaze blazes",
        "plane": "plane planes aircraft airliner airliners jet jets",
        "shop": "shop shops store stores outlets",
        "bank": "bank banks lender lenders",
        "spy": "spy spies spying espionage",
        "fare": "fare fares ticket tickets",
        "rail": "rail train trains railway railways",
    }.items()
    for key_ in keys.split()
}
_DIRECTIONS = {"rise": "fall", "fall": "rise", "win": "lose", "lose": "win"}
# A claim's polarity: an odd number of these turns it round ("denied" ≈ "did not"; "cleared" of a charge).
_NEGATIONS = frozenset(
    """not no never none nobody nothing without n't cannot denied deny denies denying failed fail fails refused
    refuses refuse declined declines rejected rejects reject cleared acquitted dismissed""".split()
)
_MODAL = re.compile(
    r"\b(?:will|would|could|may|might|expects?|expected|plans?|planned|forecasts?|aims?|should|promised|"
    r"pledged|threatened|warned|wants?|going to)\b",
    re.I,
)
_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_RELATIVE_TIME = re.compile(
    r"\b(last|this|next|previous|past)\s+(year|month|week|season|quarter|decade)\b(?! of\b)", re.I
)
# Parts of a year, month or match, compared apart from the year or month they are in ("the first quarter of 2024"
# / "the second quarter of 2024"): quarters, halves, the weeks of a month.
_PERIOD = re.compile(
    r"\b(first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+(quarter|half|week)\b|\b(Q[1-4]|H[12])\b",
    re.I,
)
_PERIOD_ORDINALS = {"1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth", "final": "last"}
_ABBREVIATED_PERIODS = {"q1": "first quarter", "q2": "second quarter", "q3": "third quarter", "q4": "fourth quarter",
                        "h1": "first half", "h2": "second half"}  # fmt: skip
# Times that are words: seasons and the weekend, compared like months and weekdays ("fall" is a verb too)
_SEASONS = frozenset("spring summer autumn winter weekend weekends".split())
_DECADE = re.compile(r"^(?:1[89]|20)\d0s$")
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
# Shares the copy desk's figure reader does not read: "a fifth", "one in five", "half"; sports scores.
_FRACTION = re.compile(
    r"\b(?P<num>one|two|three|four|a|\d+)\s+(?:in|out of)\s+(?P<den>two|three|four|five|six|eight|ten|\d+)\b"
    r"|\b(?P<frac>half|a third|two thirds|a quarter|three quarters|a fifth|a tenth)\b"
    r"(?! a million| of an?\b| an? (?:percentage )?point)",
    re.I,
)
_SMALL = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8, "ten": 10}
_FRACTIONS = {
    "half": 50.0,
    "a third": 33.3,
    "two thirds": 66.7,
    "a quarter": 25.0,
    "three quarters": 75.0,
    "a fifth": 20.0,
    "a tenth": 10.0,
}
_SCORE = re.compile(r"(?<![\d.,-])(\d{1,2})-(\d{1,2})(?![\d-])")
_ORDINAL = re.compile(
    r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b(?! (?:of|quarter|half|week))",
    re.I,
)
_ORDINALS = {
    w: i + 1 for i, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth".split())
}
_MEASURE = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?)\s?(°C|°F|C|F|p|km|kg|cm|mm|MW|GW|mph|km/h)(?![\w/])")
# Units as symbols or words, in one base unit each ("20cm" is "20 centimetres", "1.2 km" is "1,200 metres")
_UNITS = {
    **dict.fromkeys(("mm", "millimetre", "millimetres", "millimeter", "millimeters"), ("m", 0.001)),
    **dict.fromkeys(("cm", "centimetre", "centimetres", "centimeter", "centimeters"), ("m", 0.01)),
    **dict.fromkeys(("metre", "metres", "meter", "meters"), ("m", 1.0)),
    **dict.fromkeys(("km", "kilometre", "kilometres", "kilometer", "kilometers"), ("m", 1000.0)),
    **dict.fromkeys(("kg", "kilogram", "kilograms", "kilogrammes", "kilos"), ("kg", 1.0)),
    **dict.fromkeys(("tonne", "tonnes", "ton", "tons"), ("kg", 1000.0)),
    **dict.fromkeys(("MW", "megawatt", "megawatts"), ("W", 1e6)),
    **dict.fromkeys(("GW", "gigawatt", "gigawatts"), ("W", 1e9)),
    **dict.fromkeys(("mph", "miles per hour"), ("mph", 1.0)),
    **dict.fromkeys(("km/h", "kph"), ("km/h", 1.0)),
    "miles": ("mile", 1.0),
    "mile": ("mile", 1.0),
}
# "half a percentage point", "a quarter of a point": a change of a rate, in points
_POINT_SHARE = re.compile(r"\b(half|a quarter of) an? (?:percentage )?point\b", re.I)
_AGO = re.compile(r"\b(?P<n>[\w,.-]+) (?P<unit>years?|months?|weeks?|days?|decades?) ago\b", re.I)
_WORD_AMOUNT = re.compile(
    r"\b(?:(?P<share>(?:(?P<whole>one|two|three|a|\d+) and a half|half a|a quarter of a|three quarters of a|a third of a)"
    r" (?P<scale>million|billion))|(?P<decade>(?:over |more than |nearly )?a decade))\b",
    re.I,
)
_SHARES = {"half a": 0.5, "a quarter of a": 0.25, "three quarters of a": 0.75, "a third of a": 1 / 3}
# "3.5 billion dollars" is "$3.5bn"
_CURRENCY_WORDS = {"dollar": "$", "dollars": "$", "pound": "£", "pounds": "£", "euro": "€", "euros": "€"}
_DURATIONS = frozenset(
    "year years month months week weeks day days decade decades hour hours minutes".split()
)
_STEMMER = snowballstemmer.stemmer("english")
# One name for a country or an organisation that news copy gives in several forms (general news usage, written
# from style guides' lists of abbreviations, not read from the labelled pairs; pycountry's names and ISO codes do
# not hold the news forms "UK", "DRC" or "Ivory Coast"). Case-sensitive: "US" is the country, "us" a pronoun.
_ALIASES = {
    "Congo": r"Democratic Republic of (?:the )?Congo|DR Congo|DRC|Congolese",
    "Britain": r"United Kingdom|Great Britain|UK|U\.K\.|British",
    "America": r"United States of America|United States|USA|US|U\.S\.|American",
    "Emirates": r"United Arab Emirates|UAE|Emirati",
    "Netherlands": r"Holland|Dutch",
    "IvoryCoast": r"Ivory Coast|Côte d’Ivoire|Côte d'Ivoire|Cote d'Ivoire|Ivorian",
    "Russia": r"Russian Federation",
    "UN": r"United Nations",
    "EU": r"European Union",
    "AU": r"African Union",
    "WHO": r"World Health Organi[sz]ation",
    "WTO": r"World Trade Organi[sz]ation",
    "IMF": r"International Monetary Fund",
    "NATO": r"North Atlantic Treaty Organi[sz]ation|Nato",
    "ECB": r"European Central Bank",
    "Fed": r"Federal Reserve|US Federal Reserve",
    "ICC": r"International Criminal Court",
    "ICJ": r"International Court of Justice",
    "ICRC": r"International Committee of the Red Cross|Red Cross",
    "UNHCR": r"UN refugee agency|United Nations refugee agency",
    "Unicef": r"UNICEF|United Nations Children's Fund",
    "NHS": r"National Health Service",
    "FBI": r"Federal Bureau of Investigation",
    "ANC": r"African National Congress",
    "Ecowas": r"ECOWAS|Economic Community of West African States",
    "Opec": r"OPEC|Organi[sz]ation of the Petroleum Exporting Countries",
}
_ALIAS = re.compile(
    "|".join(rf"(?P<{name}>(?<![\w.])(?:{pattern})(?![\w]))" for name, pattern in _ALIASES.items())
)


# Phrases news copy uses for one word (general usage): each becomes that word before the claim is read.
_PHRASES = {
    "became effective": r"(?:came|comes|come|entered|enters|enter) into (?:force|effect)|(?:took|takes|take) effect",
    "resigned": r"(?:stepped|steps|step|stepping) down",
    "rose": r"(?:went|goes|go|going) up",
    "collapsed": r"(?:broke|breaks|broken) down",
    "cancelled": r"(?:called|calls) off",
}
_PHRASE = re.compile("|".join(rf"(?P<p{i}>\b(?:{p})\b)" for i, p in enumerate(_PHRASES.values())), re.I)
_PHRASE_WORDS = list(_PHRASES)
_PHRASE_HINTS = ("force", "effect", "down", "off", "up")  # a word each phrase holds
# Nouns that count people: "people" (or "persons", "individuals") stands for any of them ("1.2 million visitors"
# / "1.2 million people"); two of them ("patients" / "workers") stay apart.
_PEOPLE = frozenset({"peopl", "person", "individu"})
_PERSONS = frozenset(
    _STEMMER.stemWord(w)
    for w in """residents inhabitants citizens visitors tourists passengers travellers commuters migrants refugees
    civilians fans supporters spectators attendees voters patients workers employees staff pilgrims protesters
    demonstrators victims casualties""".split()
) | {"protester", "back", "die", "injur"}  # synonym keys: protesters, supporters, deaths, injuries


_HUMAN = _PEOPLE | _PERSONS


def _canonical(text: str) -> str:
    lower = text.lower()
    if any(w in lower for w in _PHRASE_HINTS):  # most claims hold none: skip the slower case-blind pattern
        text = _PHRASE.sub(lambda m: _PHRASE_WORDS[int(str(m.lastgroup)[1:])], text)
    return _ALIAS.sub(lambda m: str(m.lastgroup), text)


def _people(a: str, b: str) -> bool:
    """One counts people in general, the other a kind of people."""
    return (a in _PEOPLE and b in _PERSONS) or (b in _PEOPLE and a in _PERSONS)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure of the claim: an interval, what it counts in (count, percentage, money in a currency, score,
    ordinal) and the content stems right after it ("84 Wagner mercenaries" → wagner, fighter)."""

    lo: float
    hi: float
    kind: str
    surface: str
    unit: frozenset[str] = frozenset()

    def comparable(self, other: Quantity) -> bool:
        if self.kind != other.kind:
            return False
        if not self.unit or not other.unit or self.unit & other.unit:
            return True
        # "1.2 million people" counts the "1.2 million visitors"; "40 patients" and "40 workers" stay apart
        a, b = self.unit, other.unit
        return bool(a & _PEOPLE and b & _PERSONS or b & _PEOPLE and a & _PERSONS)

    def agrees(self, other: Quantity) -> bool:
        if self.kind == "score":  # 3-1 is 1-3 from the other side, never 2-4
            return {self.lo, self.hi} == {other.lo, other.hi}
        slack = 0.005 * max(abs(self.lo), abs(other.lo), 1.0)
        return self.lo <= other.hi + slack and other.lo <= self.hi + slack


@dataclass(frozen=True, slots=True)
class ClaimFeatures:
    text: str
    weights: dict[str, float]  # content key (stem or synonym) → weight (rarer words weigh more)
    names: frozenset[str]  # folded capitalised names ("mali", "wagner", "yusov")
    acronyms: frozenset[str]  # "WHO", "UN": matched against the initials of the other claim's names
    initials: frozenset[str]
    quantities: tuple[Quantity, ...]
    times: frozenset[str]  # years, months, weekdays, seasons
    negated: bool
    modal: bool
    directions: frozenset[str]  # rise/fall, win/lose
    total: float = 0.0  # the sum of the weights
    frame: claim_roles.Frame = claim_roles.NO_FRAME  # who did what to whom
    periods: frozenset[str] = frozenset()  # parts of a year or month: "first quarter", "last week"


@dataclass(frozen=True, slots=True)
class Match:
    verdict: Verdict
    score: float  # how surely the same claim: lexical overlap, lowered by each disagreement
    lexical: float  # overlap of the content words alone: are they about the same thing?
    containment: float  # the share of the shorter claim's words the other holds
    reasons: tuple[str, ...]


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    if word in _SYNONYMS:
        return _SYNONYMS[word]
    stem = _STEMMER.stemWord(word)
    return _SYNONYMS.get(stem, stem)


@lru_cache(maxsize=65536)
def _weight(word: str) -> float:
    """Rarer words say more about what a claim is about: 8 minus the word's Zipf frequency in English (a word
    used once per billion words weighs about 8, "government" 2.4), never below 1."""
    return max(1.0, 8.0 - zipf_frequency(word, "en"))


def _is_name(word: str, first: bool) -> bool:
    if not word[:1].isupper():
        return False
    lower = key(word).lower()
    if lower in _MONTHS or lower in _WEEKDAYS:
        return False
    if lower in ALWAYS_CAPITALISED:
        return True
    # A sentence's first word is a name when the word list does not know it or knows it only as a rare word:
    # the list holds many names in lower case with a token count ("rwanda", "biden" 50; "tesla" 317).
    return not first or not lexicon.is_known(lower) or lexicon.frequency(lower) < RARE_FIRST_WORD


def _quantities(text: str) -> list[tuple[int, int, Quantity]]:
    found: list[tuple[int, int, Quantity]] = []
    taken: list[tuple[int, int]] = []
    for m in _SCORE.finditer(text):
        a, b = int(m[1]), int(m[2])
        found.append((m.start(), m.end(), Quantity(a, b, "score", m.group())))
        taken.append((m.start(), m.end()))
    for m in _WORD_AMOUNT.finditer(text):  # before shares: "one and a half million" is not "half"
        if m["share"]:
            head = m["share"][: -len(m["scale"]) - 1].lower()
            whole = m["whole"]
            part = _small(whole) + 0.5 if whole and whole.lower() != "a" else 1.5 if whole else _SHARES[head]
            value = part * (1e6 if m["scale"].lower() == "million" else 1e9)
            found.append((m.start(), m.end(), Quantity(value, value, "count", m.group())))
        else:
            lo, hi = (10.0, math.inf) if m.group().lower().startswith(("over", "more")) else (9.0, 10.0)
            found.append((m.start(), m.end(), Quantity(lo, hi, "duration year", m.group())))
        taken.append((m.start(), m.end()))
    taken.extend((m.start(), m.end()) for m in _PERIOD.finditer(text))  # "the first half" is not 50 %
    for m in _FRACTION.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        if m["frac"]:
            value = _FRACTIONS[m["frac"].lower()]
        else:
            value = round(100.0 * _small(m["num"]) / _small(m["den"]), 1)
        found.append((m.start(), m.end(), Quantity(value * 0.97, value * 1.03, "percentage", m.group())))
        taken.append((m.start(), m.end()))
    for m in _ORDINAL.finditer(text):
        n = _ORDINALS[m[1].lower()]
        found.append((m.start(), m.end(), Quantity(n, n, "ordinal", m.group())))
        taken.append((m.start(), m.end()))
    for m in _MEASURE.finditer(text):
        base, factor = _UNITS.get(m[2], (m[2], 1.0))
        value = float(m[1]) * factor
        found.append((m.start(), m.end(), Quantity(value, value, f"measure {base}", m.group())))
        taken.append((m.start(), m.end()))
    for m in _POINT_SHARE.finditer(text):
        value = 0.5 if m[1].lower() == "half" else 0.25
        found.append((m.start(), m.end(), Quantity(value, value, "points", m.group())))
        taken.append((m.start(), m.end()))
    for m in _AGO.finditer(text):  # the figure reader leaves "two years ago" out: it is a date, not a count
        for f in figures(m.group()[: m.start("unit") - m.start()]):
            unit = m["unit"].lower().rstrip("s")
            found.append((m.start(), m.end(), Quantity(f.lo, f.hi, f"ago {unit}", m.group())))
            taken.append((m.start(), m.end()))
    for f in figures(text):
        if any(a < f.end and f.start < b for a, b in taken):
            continue
        found.append((f.start, f.end, Quantity(f.lo, f.hi, _kind(f), f.surface)))
    return found


def _small(number: str) -> int:
    return int(number) if number.isdigit() else _SMALL[number.lower()]


def _kind(f: Figure) -> str:
    if f.kind == "money":
        return "money" + next((c for c in f.surface if c in "$£€¥₦"), "R")
    if f.kind == "percentage":
        return "percentage"
    if "." in f.surface and f.hi < 20 and f.lo == f.hi:
        return "measure"  # "magnitude 7.8", "1.48C": not a count of things
    return "count"


_WORD = re.compile(r"[\w’'-]+")


@lru_cache(maxsize=4096)
def features(text: str) -> ClaimFeatures:
    """The claim's features; cached, as the same earlier claim is compared with many new ones."""
    said = " ".join(text.split())
    text = _canonical(said)
    spans = _quantities(text)
    weights: dict[str, float] = {}
    names: set[str] = set()
    acronyms: set[str] = set()
    name_words: list[str] = []
    times: set[str] = set()
    negations = 0
    directions: set[str] = set()
    words: list[tuple[int, int, str, str | None]] = []  # start, end, lower, content key: to read units
    first = True
    frame_names_skip = ""
    times.update(f"{m[1].lower()} {m[2].lower()}" for m in _RELATIVE_TIME.finditer(text))
    matched = list(_PERIOD.finditer(text))
    periods = {_period(m) for m in matched}
    period_spans = [(m.start(), m.end()) for m in matched]  # their words are times, not content
    for start, end, kind in tokenize(text):
        word = text[start:end]
        if kind not in ("word", "alnum", "abbr"):
            continue
        in_figure = any(a <= start < b for a, b, _ in spans) or any(a <= start < b for a, b in period_spans)
        lower = key(word).lower()
        is_year = _YEAR.match(lower) and not in_figure
        if is_year or lower in _MONTHS and word[0].isupper() or lower in _WEEKDAYS or _DECADE.match(lower):
            times.add(lower)
        elif lower in _SEASONS:
            times.add(lower.rstrip("s"))
        if lower in _NEGATIONS or lower.endswith("n't"):
            negations += 1
        is_first, first = first, False
        acronym = word.isupper() and len(word) > 1 and word.isalpha()
        if (
            in_figure
            or (lower in _STOP and not acronym)
            or ATTRIBUTION.fullmatch(lower)
            or _YEAR.match(lower)
        ):
            words.append((start, end, lower, None))
            continue
        if acronym:
            acronyms.add(word)
        elif _is_name(word, is_first):
            names.add(fold(word))
            name_words.append(word)
            if is_first and claim_roles.common_word(lower):
                frame_names_skip = word  # "Weekday ridership …": a common word opening the claim
        if lower in _MONTHS or lower in _WEEKDAYS:
            words.append((start, end, lower, None))
            continue
        stem = _stem(fold(word))
        if stem in _DIRECTIONS:
            directions.add(stem)
        weights[stem] = max(weights.get(stem, 0.0), _weight(lower))
        words.append((start, end, lower, stem))
    frame_names = [w for w in [*name_words, *acronyms] if w != frame_names_skip]
    quantities = tuple(_with_unit(text, q, end, words) for _, end, q in sorted(spans, key=lambda s: s[0]))
    initials = {
        "".join(w[0] for w in name_words[i : i + n]) for n in (2, 3, 4) for i in range(len(name_words))
    }
    return ClaimFeatures(
        text=said,
        weights=weights,
        names=frozenset(names),
        acronyms=frozenset(acronyms),
        initials=frozenset(initials),
        quantities=quantities,
        times=frozenset(times),
        negated=negations % 2 == 1,
        modal=bool(_MODAL.search(text)),
        directions=frozenset(directions),
        total=sum(weights.values()),
        frame=claim_roles.frame(text, words, frozenset(_stem(fold(w)) for w in frame_names)),
        periods=frozenset(periods),
    )


def _period(m: re.Match[str]) -> str:
    if m[3]:
        return _ABBREVIATED_PERIODS[m[3].lower()]
    first, part = m[1].lower(), m[2].lower()
    if first in ("last", "final") and part != "week":  # "the final quarter" is the fourth
        first = "fourth" if part == "quarter" else "second"
    return f"{_PERIOD_ORDINALS.get(first, first)} {part}"


def _with_unit(text: str, q: Quantity, end: int, words: list[tuple[int, int, str, str | None]]) -> Quantity:
    """The quantity with what it counts: the content words right after it, up to a stop word or punctuation
    ("84 Wagner mercenaries" → wagner, fighter); a duration ("12 years") is its own kind."""
    unit: list[str] = []
    at = end
    for i, (start, stop, lower, stem) in enumerate(words):
        if start < end:
            continue
        if text[at:start].strip():
            break  # punctuation between
        if not unit and q.kind in ("count", "measure"):
            measured = _measured(q, [w[2] for w in words[i : i + 3]])
            if measured:
                return measured
        if not unit and lower in _DURATIONS and q.kind == "count":
            return Quantity(q.lo, q.hi, "duration " + lower.rstrip("s"), q.surface)
        if not unit and lower in _CURRENCY_WORDS and q.kind == "count":
            return Quantity(q.lo, q.hi, "money" + _CURRENCY_WORDS[lower], q.surface)
        if stem is None or len(unit) == 3:
            break
        unit.append(stem)
        at = stop
    return Quantity(q.lo, q.hi, q.kind, q.surface, frozenset(unit))


def _measured(q: Quantity, after: list[str]) -> Quantity | None:
    """The quantity in its base unit when the words after it name one ("20 centimetres"), or in points when
    they say so ("0.3 percentage points", "25 basis points")."""
    first, rest = after[0], after[1:]
    if first in ("point", "points") or first == "percentage" and rest[:1] in (["point"], ["points"]):
        return Quantity(q.lo, q.hi, "points", q.surface)
    if first == "basis" and rest[:1] == ["points"]:
        return Quantity(q.lo / 100, q.hi / 100, "points", q.surface)
    base, factor = _UNITS.get(" ".join(after) if first == "miles" else first, (None, 1.0))
    if first == "miles" and base is None:
        base, factor = _UNITS["miles"]
    if base is None:
        return None
    return Quantity(q.lo * factor, q.hi * factor, f"measure {base}", q.surface)


def _related(a: str, b: str) -> bool:
    """Stems or names of one family the stemmer leaves apart: "mali"/"malian", "ukrain"/"ukrainian"."""
    n = min(len(a), len(b))
    return n >= 4 and a[: n - 1] == b[: n - 1] and (a[:n] == b[:n] or n >= 6)


def _gaps(keys: list[str], only: dict[str, float]) -> dict[tuple[str, str], float]:
    """The runs of a claim's own words (not in the other claim) keyed by the shared words either side ("^" and
    "$" at the ends), each with its heaviest word's weight."""
    gaps: dict[tuple[str, str], float] = {}
    before, heaviest = "^", 0.0
    for k in keys:
        if k in only:
            heaviest = max(heaviest, only[k])
            continue
        if heaviest:
            gaps[(before, k)] = heaviest
        before, heaviest = k, 0.0
    if heaviest:
        gaps[(before, "$")] = heaviest
    return gaps


def _substituted(
    a: ClaimFeatures, b: ClaimFeatures, only_a: dict[str, float], only_b: dict[str, float]
) -> float:
    """Words one claim has in another's place with the shared words either side the same ("the *senator* said
    the bill would cost…" / "the *governor* said…"): the weight of the heaviest such substitution. A rewording
    moves words about and changes several; a different claim is often the same sentence with one word changed."""
    if not only_a or not only_b:
        return 0.0
    gaps_a, gaps_b = _gaps(list(a.weights), only_a), _gaps(list(b.weights), only_b)
    return max((min(w, gaps_b[at]) for at, w in gaps_a.items() if at in gaps_b), default=0.0)


def _lexical(
    a: ClaimFeatures, b: ClaimFeatures, paired: tuple[str, str] | None = None
) -> tuple[float, float, dict[str, float], dict[str, float]]:
    """Weighted overlap of content keys, the mean of Dice and the overlap coefficient (a rewording often adds
    words: "Colonel Maiga" / "Colonel Abdoulaye Maiga"), and the keys each claim has that the other lacks.
    `paired`: two keys read as one (converse verbs: "beat" / "lost to")."""
    only_a = {k: w for k, w in a.weights.items() if k not in b.weights}
    only_b = {k: w for k, w in b.weights.items() if k not in a.weights}
    if paired and paired[0] in only_a and paired[1] in only_b:
        del only_a[paired[0]], only_b[paired[1]]
    for ka in list(only_a):
        for kb in list(only_b):
            if ka[:3] == kb[:3] and _related(ka, kb) or ka in _HUMAN and kb in _HUMAN and _people(ka, kb):
                only_a.pop(ka)
                only_b.pop(kb)
                break
    total_a, total_b = a.total, b.total
    if not total_a or not total_b:
        return 0.0, 0.0, only_a, only_b
    shared_a = total_a - sum(only_a.values())
    shared_b = total_b - sum(only_b.values())
    return (
        _blend(shared_a, shared_b, total_a, total_b),
        _overlap(shared_a, shared_b, total_a, total_b),
        only_a,
        only_b,
    )


def _overlap(shared_a: float, shared_b: float, total_a: float, total_b: float) -> float:
    return min(1.0, max(shared_a, shared_b) / min(total_a, total_b))


def _blend(shared_a: float, shared_b: float, total_a: float, total_b: float) -> float:
    dice = (shared_a + shared_b) / (total_a + total_b)
    return (1 - OVERLAP_SHARE) * dice + OVERLAP_SHARE * _overlap(shared_a, shared_b, total_a, total_b)


def _with_figures(
    a: ClaimFeatures, b: ClaimFeatures, only_a: dict[str, float], only_b: dict[str, float], at_least: float
) -> float:
    """The overlap with each figure counted as a word of FIGURE_WEIGHT, shared when the other claim gives a figure
    that agrees: "Fifty-two million passengers flew with the airline" / "The airline carried 52 million
    passengers" share their figure even where their words differ. Below `at_least` even if every figure agreed:
    that bound, without comparing figures (most candidate pairs stop here)."""
    figures_a, figures_b = FIGURE_WEIGHT * len(a.quantities), FIGURE_WEIGHT * len(b.quantities)
    total_a, total_b = a.total + figures_a, b.total + figures_b
    if not total_a or not total_b:
        return 0.0
    shared_a = a.total - sum(only_a.values())
    shared_b = b.total - sum(only_b.values())
    best = _blend(shared_a + figures_a, shared_b + figures_b, total_a, total_b)
    if best < at_least:
        return best
    agree_a = sum(1 for q in a.quantities if any(q.comparable(r) and q.agrees(r) for r in b.quantities))
    agree_b = sum(1 for q in b.quantities if any(q.comparable(r) and q.agrees(r) for r in a.quantities))
    return _blend(shared_a + FIGURE_WEIGHT * agree_a, shared_b + FIGURE_WEIGHT * agree_b, total_a, total_b)


def _figure_containment(
    a: ClaimFeatures,
    b: ClaimFeatures,
    only_a: dict[str, float],
    only_b: dict[str, float],
    lexical: float,
    bound: bool = False,
) -> float:
    """The containment with each figure counted as a word of FIGURE_WEIGHT, shared when the other claim gives a
    comparable figure (same kind and unit), whether or not it agrees: "The plane had 180 passengers on board" /
    "The aircraft was carrying 210 people" give one quantity in other words."""
    if not a.total or not b.total:
        return lexical
    if bound:  # every figure comparable: an upper bound, without comparing figures
        comparable_a, comparable_b = len(a.quantities), len(b.quantities)
    else:
        comparable_a = sum(1 for q in a.quantities if any(q.comparable(r) for r in b.quantities))
        comparable_b = sum(1 for q in b.quantities if any(q.comparable(r) for r in a.quantities))
    shared_a = a.total - sum(only_a.values()) + FIGURE_WEIGHT * comparable_a
    shared_b = b.total - sum(only_b.values()) + FIGURE_WEIGHT * comparable_b
    total_a = a.total + FIGURE_WEIGHT * len(a.quantities)
    total_b = b.total + FIGURE_WEIGHT * len(b.quantities)
    return _overlap(shared_a, shared_b, total_a, total_b)


def _unmatched_names(a: ClaimFeatures, b: ClaimFeatures) -> set[str]:
    out = set()
    for n in a.names:
        if n in b.names or any(_related(n, m) for m in b.names):
            continue
        out.add(n)
    return out


def _acronyms_unmatched(a: ClaimFeatures, b: ClaimFeatures) -> set[str]:
    return {x for x in a.acronyms if x not in b.acronyms and x not in b.initials}


def _figure_conflicts(a: ClaimFeatures, b: ClaimFeatures) -> tuple[list[str], int]:
    """Figures of one claim that the other gives differently for a comparable quantity, and how many agree."""
    conflicts, agree = [], 0
    for q in a.quantities:
        comparable = [r for r in b.quantities if q.comparable(r)]
        if not comparable:
            continue
        if any(q.agrees(r) for r in comparable):
            agree += 1
        else:
            conflicts.append(f"{q.surface} / {' / '.join(r.surface for r in comparable)}")
    return conflicts, agree


def _one_sided(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    return any(not any(q.comparable(r) for r in b.quantities) for q in a.quantities)


def compare(
    a: ClaimFeatures,
    b: ClaimFeatures,
    same_threshold: float = SAME_THRESHOLD,
    contradiction_threshold: float = CONTRADICTION_THRESHOLD,
) -> Match:
    turned = claim_roles.converse(a.frame, b.frame)
    paired = (a.frame.verb_key, b.frame.verb_key) if turned else None
    lexical, containment, only_a, only_b = _lexical(a, b, paired)
    score = lexical
    if FIGURE_WEIGHT and (a.quantities or b.quantities):
        score = _with_figures(a, b, only_a, only_b, same_threshold)
    figured = FIGURE_CONTAINMENT and a.quantities and b.quantities
    # the containment if every figure were comparable bounds it: most candidate pairs stop here
    bound = _figure_containment(a, b, only_a, only_b, containment, bound=True) if figured else containment
    if score < same_threshold and bound < contradiction_threshold:
        return Match(Verdict.DIFFERENT, score, lexical, containment, ("few words in common",))
    if figured:
        containment = _figure_containment(a, b, only_a, only_b, containment)
    reasons: list[str] = []
    factor, extra = 1.0, 1.0  # the disagreements the contradiction rule reads; those only "same" reads
    conflicts, agree = _figure_conflicts(a, b)
    back, _ = _figure_conflicts(b, a)
    conflicts += [c for c in back if c not in conflicts]
    names_a, names_b = _unmatched_names(a, b), _unmatched_names(b, a)
    names_a |= _acronyms_unmatched(a, b)
    names_b |= _acronyms_unmatched(b, a)
    if names_a and names_b:
        factor *= 0.5
        reasons.append(f"other name: {', '.join(sorted(names_a))} / {', '.join(sorted(names_b))}")
    if a.times and b.times and not a.times & b.times:
        factor *= 0.4
        reasons.append(f"other date: {', '.join(sorted(a.times))} / {', '.join(sorted(b.times))}")
    elif a.periods and b.periods and not a.periods & b.periods:  # "the first quarter" / "the second quarter"
        factor *= 0.4
        reasons.append(f"other date: {', '.join(sorted(a.periods))} / {', '.join(sorted(b.periods))}")
    if a.negated != b.negated:
        factor *= 0.3
        reasons.append("one says the opposite (negation)")
    opposite = {_DIRECTIONS[d] for d in a.directions} & b.directions - a.directions
    if opposite and not turned:  # "Spain beat Portugal" / "Portugal lost to Spain" tell one event
        factor *= 0.3
        reasons.append("opposite direction")
    # A content word on each side that the other lacks is a substitution ("hospitals" / "schools"); the rarer
    # the words, the surer it is another claim.
    if only_a and only_b:
        swapped = min(max(only_a.values()), max(only_b.values()))
        factor *= max(0.0, 1.0 - SWAP_PENALTY * swapped)
    substituted = _substituted(a, b, only_a, only_b)
    if substituted:
        extra *= max(0.0, 1.0 - SUBSTITUTION_PENALTY * substituted)
        reasons.append("one word in another's place")
    swap = claim_roles.role_swap(a.frame, b.frame)
    if swap and ROLE_SWAP < 1:
        factor *= ROLE_SWAP
        reasons.append(f"roles reversed: {swap[0]} / {swap[1]}")
    subject = claim_roles.other_subject(
        a.frame, b.frame, lambda k: k not in only_b, lambda k: k not in only_a
    )
    if subject and OTHER_SUBJECT < 1:
        factor *= OTHER_SUBJECT
        reasons.append(f"other subject: {subject}")
    route = claim_roles.route_reversed(a.frame, b.frame, lambda k: k not in only_b, lambda k: k not in only_a)
    if route and ROLE_SWAP < 1 and not swap:
        factor *= ROLE_SWAP
        reasons.append(f"roles reversed: {route}")
    said = claim_roles.said_not_done(a.frame, b.frame)
    if said and SAID_NOT_DONE < 1:
        factor *= SAID_NOT_DONE
        reasons.append(f"one says, the other does: {said}")
    verb = claim_roles.other_verb(a.frame, b.frame, lambda k: k not in only_b, lambda k: k not in only_a)
    if verb and OTHER_VERB < 1:
        factor *= OTHER_VERB
        reasons.append(f"other verb: {verb}")
    if _one_sided(a, b) or _one_sided(b, a):
        factor *= ONE_SIDED_FIGURE
        reasons.append("a figure the other claim does not give")
    if a.modal != b.modal:
        factor *= MODAL_MISMATCH
        reasons.append("one is a forecast or plan, the other a fact")
    if conflicts:
        # a follow-up often adds who says so ("Tuareg separatists claimed…"): one claim's words held in the
        # other's is the measure here, with nothing else (name, date, negation) telling them apart
        contradiction = containment >= contradiction_threshold and factor >= 0.6
        reasons.insert(0, "other figure: " + "; ".join(conflicts))
        verdict = Verdict.CONTRADICTION if contradiction else Verdict.DIFFERENT
        return Match(verdict, lexical * factor * 0.2, lexical, containment, tuple(reasons))
    score *= factor * extra
    if agree:
        reasons.insert(0, "figures agree")
    verdict = Verdict.SAME if score >= same_threshold else Verdict.DIFFERENT
    return Match(verdict, score, lexical, containment, tuple(reasons))


def classify(a: str, b: str) -> Match:
    return compare(features(a), features(b))


def index_terms(claim: ClaimFeatures, limit: int = 12) -> list[str]:
    """Terms to find a claim by (a term index or a full-text query): its names and its rarest content keys.
    Figures are left out on purpose: a contradiction gives another figure, and a rewording another form."""
    ranked = sorted(claim.weights.items(), key=lambda kw: (-kw[1], kw[0]))
    terms = [f"n:{n}" for n in sorted(claim.names)] + [f"w:{k}" for k, _ in ranked]
    seen: list[str] = []
    for t in terms:
        if t not in seen:
            seen.append(t)
    return seen[:limit]


def retrieval_terms(terms: list[str], postings: dict[str, int], most: int = 2_000) -> list[str]:
    """The terms worth querying: those held by at most `most` claims ("n:mali" in a newsroom that covers Mali
    is in thousands and finds nothing in particular), else the two rarest, so a claim still finds candidates."""
    held = [t for t in terms if postings.get(t, 0)]
    kept = [t for t in held if postings[t] <= most]
    return kept or sorted(held, key=lambda t: postings[t])[:2]


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two weighted bags (for comparison in the bench)."""
    dot = sum(w * b[k] for k, w in a.items() if k in b)
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


MATCHER_LIBRARIES = ("snowballstemmer", "lemminflect")


@lru_cache(maxsize=1)
def version() -> str:
    """What a claim's terms and scores depend on, as one short digest: this module's and claim_roles' source, the
    copy-desk checks' version (the figure and name readers, their word lists) and the stemmer's and lexicon's
    releases. A deploy that changes any of them changes it, so stored terms are rebuilt (services/claim_index.py)
    without anyone remembering to bump a number."""
    digest = hashlib.sha256(checks_version().encode())
    for module in (__file__, claim_roles.__file__):
        digest.update(Path(module).read_bytes() + b"\0")
    for name in MATCHER_LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-\n".encode())
    return digest.hexdigest()[:16]
