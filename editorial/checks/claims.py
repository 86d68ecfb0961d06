"""Claims: statements a fact-checker should verify, each with its reasons, on the smallest clause that holds
them; and conflicting figures for the same quantity in one article."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter

from editorial.checks.artifact import navigation_runs
from editorial.checks.dates import RELATIVE, explicit_date_matches, relative_starts
from editorial.checks.document import Document, finditer_at
from editorial.checks.flags import Hit
from editorial.checks.numbers import Figure, figures, lead_offsets
from editorial.checks.registry import rule

_VERBS = (
    r"said|says|say|told|tells|stated|claimed|acknowledged|acknowledges|admitted|admits|"
    r"announced|announces|reported|reporting|alleged|alleges|accused|accuses|denied|denies|confirmed|"
    r"confirms|estimated|insisted|insists|warned|warns|added|adds|noted|described|describes|"
    r"condemned|condemns|argued|argues|declared|declares|asserted|asserts|suggested|revealed|"
    r"reveals|testified|tweeted|wrote|writes|indicate|indicates|indicated|disclosed|maintained|explained"
)
ATTRIBUTION = re.compile(rf"\b(?:[Aa]ccording to|(?P<verb>{_VERBS}))\b")
_ANONYMOUS = re.compile(
    r"\b(?:sources?|officials?|estimates|reports|it is understood|people familiar)\b", re.I
)
QUOTE = re.compile(r"“(?P<a>[^“”]{3,}?)”|\"(?P<b>[^\"\n]{3,}?)\"")
SUPERLATIVE = re.compile(
    r"\b(?:[a-z]{2,}iest|largest|biggest|highest|lowest|greatest|longest|shortest|worst|best|strongest|weakest|"
    r"fastest|oldest|youngest|richest|poorest|most|least|record|the first|the only|the last|never|unprecedented|"
    r"more than|less than|fewer than|higher than|lower than|compared with|doubled|tripled|halved)\b"
)
CAUSATION = re.compile(
    r"\b(?:caused|causes|led to|leads to|due to|because of|resulted in|results in|linked to|"
    r"blamed for|responsible for)\b"
)
HEDGE = re.compile(
    r"\b(?:may|might|reportedly|allegedly|alleged|is believed|are believed|unconfirmed|"
    r"suggesting|appears to)\b"
)
PAST = re.compile(
    r"\b(?:was|were|had|been|began|seized|killed|died|fell|rose|won|lost|took|met|held|[a-z]{3,}ed)\b"
)
WEEKDAY_EVENT = re.compile(r"\b(?:on|last)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_HAS_NUMBER = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|dozen)\b"
)
_IN_YEAR = re.compile(r"\bin (?:19|20)\d{2}\b")
# "since 2013", "in July 2021", "since February", "in the 1990s": when something happened
_DATED = re.compile(
    r"\b(?:in|since|until|by|during)\s+(?:(?:19|20)\d{2}|the (?:19|20)\d0s|(?:January|February|March|April|May|"
    r"June|July|August|September|October|November|December)(?:\s+(?:19|20)\d{2})?)\b"
)
_POSSESSIVE_FIRST = re.compile(r"['’](?<=\w.)s (?:first|only)\b")  # "Napoli's first win": a record claim
_OPINION = re.compile(r"^\W*(?:I|we)\s+(?:think|believe|feel|hope)\b", re.IGNORECASE)
_SUBORDINATE = re.compile(r"(?:While|Although|Though|Whereas|Despite|As|Since)\b[^,]{0,120},\s*")
# The words each trigger pattern can begin with (after "\b"): it is tried only where one of them stands.
_ATTRIBUTION_LEADS = ("according", *_VERBS.split("|"))
_SUPERLATIVE_LEADS = (
    "largest biggest highest lowest greatest longest shortest worst best strongest weakest fastest oldest youngest "
    "richest poorest most least record the never unprecedented more less fewer higher lower compared doubled "
    "tripled halved"
).split()
_CAUSATION_LEADS = "caused causes led leads due because resulted results linked blamed responsible".split()
_HEDGE_LEADS = "may might reportedly allegedly alleged is are unconfirmed suggesting appears".split()


def _is_year_run(word: str) -> bool:
    return len(word) == 4 and word[:2] in ("19", "20") and word.isdigit()


# ;\s+ | \s+[—–]\s+ | ,\s+(?=but|while|although|whereas), written to start with a character class (fast to scan);
# every match goes on with white space or a dash, which the look-ahead tests first (most spaces fail there)
_CLAUSE_BREAK = re.compile(
    r"[;,\s](?=[\s—–])(?:(?<=;)\s+|(?<=\s)\s*[—–]\s+|(?<=,)\s+(?=(?:but|while|although|whereas)\b))"
)


@dataclass(slots=True)
class _Trigger:
    start: int
    end: int
    reason: str
    strong: bool = True


_NEXT_WORDS = re.compile(r"\s*((?:[\w’'-]+\s*){1,4})")
_APPOSITIVE = re.compile(r"^(.*?),[^,]*,$")
_SPEAKER_BREAK = re.compile(r"[,;:“”\"]")


def _speaker(doc: Document, s_start: int, m: re.Match[str]) -> str:
    if not m["verb"]:
        after = _NEXT_WORDS.match(doc.text[m.end() : m.end() + 60])
        return " ".join(after.group(1).split()[:4]).rstrip(",.") if after else ""
    before = doc.text[s_start : m.start()].rstrip()
    appositive = _APPOSITIVE.match(before)
    if appositive:
        before = appositive.group(1)
    before = _SPEAKER_BREAK.split(before)[-1]
    words = before.split()[-4:]
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower() in {"what", "that", "which", "who", "whom"}:
            words = words[i + 1 :]
            break
    while words and words[0].lower() in {"that", "which", "who", "and", "but", "while", "the", "on", "in"}:
        words = words[1:]
    return " ".join(words)


def _index(doc: Document) -> dict[str, tuple[list[int], list]]:
    """Every trigger pattern run once over the whole text; per-sentence look-ups bisect into these lists."""
    if "claim_index" in doc.cache:
        return doc.cache["claim_index"]  # type: ignore[return-value]
    text = doc.text
    found = list(figures(text, starts=lead_offsets(doc.runs, text)))
    index: dict[str, tuple[list[int], list]] = {"figure": ([f.start for f in found], found)}
    matches: dict[str, list[re.Match[str]]] = {
        "quote": list(QUOTE.finditer(text)),
        "attribution": list(finditer_at(ATTRIBUTION, text, doc.starts_of(_ATTRIBUTION_LEADS))),
        "superlative": sorted(
            [
                *finditer_at(
                    SUPERLATIVE, text, doc.starts_of(_SUPERLATIVE_LEADS, lambda w: w.endswith("iest"))
                ),
                *finditer_at(_POSSESSIVE_FIRST, text, [at - 3 for at in doc.starts_of(("first", "only"))]),
            ],
            key=lambda m: m.start(),
        ),
        "causation": list(finditer_at(CAUSATION, text, doc.starts_of(_CAUSATION_LEADS))),
        "date": sorted(
            [
                *explicit_date_matches(doc),
                *finditer_at(WEEKDAY_EVENT, text, doc.starts_of(("on", "last"))),
                *finditer_at(RELATIVE, text, relative_starts(doc)),
                *finditer_at(_IN_YEAR, text, [at - 3 for at in doc.starts_of((), _is_year_run)]),
                *finditer_at(_DATED, text, doc.starts_of(("in", "since", "until", "by", "during"))),
            ],
            key=lambda m: m.start(),
        ),
        "hedge": list(finditer_at(HEDGE, text, doc.starts_of(_HEDGE_LEADS))),
    }
    index.update((name, (list(map(re.Match.start, items)), items)) for name, items in matches.items())
    doc.cache["claim_index"] = index
    return index


def _all_triggers(doc: Document) -> tuple[list[int], list[tuple[str, Figure | re.Match[str]]]]:
    """Every trigger of every kind as (kind, item), in text order (at one offset, in the order of `_index`),
    and their starts: one bisection finds a sentence's triggers, and a sentence with none is not a claim."""
    if "claim_triggers" not in doc.cache:
        tagged = [
            (at, rank, kind, item)
            for rank, (kind, (starts, items)) in enumerate(_index(doc).items())
            for at, item in zip(starts, items, strict=True)
        ]
        tagged.sort(key=itemgetter(0, 1))  # stable: a kind's own order is kept
        doc.cache["claim_triggers"] = ([t[0] for t in tagged], [(t[2], t[3]) for t in tagged])
    return doc.cache["claim_triggers"]  # type: ignore[return-value]


def _between(doc: Document, name: str, start: int, end: int) -> list:
    return _slice(_index(doc)[name], start, end)


def _slice(entry: tuple[list[int], list], start: int, end: int) -> list:
    """The items of one trigger kind that start between `start` and `end`."""
    starts, items = entry
    i = bisect_left(starts, start)
    j = bisect_left(starts, end, i)
    return items[i:j]


_LABELS = {"superlative": "superlative or comparison", "causation": "causation", "date": "event date"}


def _triggers(
    doc: Document, start: int, end: int, found: list[tuple[str, Figure | re.Match[str]]]
) -> list[_Trigger]:
    """The triggers of the sentence `start`–`end`, in text order, from its `_all_triggers` entries."""
    text, out, past = doc.text, [], None
    for kind, item in found:
        if isinstance(item, Figure):
            out.append(_Trigger(item.start, item.end, f"figure ({item.kind}): {item.surface}"))
        elif kind == "quote":
            words = (item["a"] or item["b"] or "").split()
            if len(words) >= 2 and not all(w[:1].isupper() for w in words):
                out.append(_Trigger(item.start(), item.end(), f"direct quote: {item.group()}"))
        elif kind == "attribution":
            who = _speaker(doc, start, item)
            label = "anonymous source" if _ANONYMOUS.search(who or "") else "attribution"
            reason = f"{label}: {who} {item.group().lower()}".replace("  ", " ").strip()
            out.append(_Trigger(item.start(), item.end(), reason))
        elif kind == "hedge":
            out.append(_Trigger(item.start(), item.end(), f"hedged: {item.group()}", strong=False))
        else:
            if kind == "date" and past is None:
                past = PAST.search(text, start, end) is not None  # a date counts for a past event only
            if kind != "date" or past:
                out.append(_Trigger(item.start(), item.end(), f"{_LABELS[kind]}: {item.group()}"))
    return out


def _clauses(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of the sentence `start`–`end` (cached: both claim rules read them)."""
    cache: dict[tuple[int, int], list[tuple[int, int]]] = doc.cache.setdefault("clauses", {})  # type: ignore[assignment]
    if (start, end) not in cache:
        cache[start, end] = _split_clauses(doc, start, end)
    return cache[start, end]


def _split_clauses(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    text = doc.text
    quotes = [(m.start(), m.end()) for m in _between(doc, "quote", start, end)]
    cuts = [start]
    sub = _SUBORDINATE.match(text, start, end)
    if sub:
        cuts.append(sub.end())
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        if not any(a < m.start() < b for a, b in quotes):
            cuts.append(m.end())
    cuts = sorted(set(cuts)) + [end]
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _skip_blocks(doc: Document) -> set[int]:
    if "claim_skip" not in doc.cache:
        skip = set()
        for first, last in navigation_runs(doc):
            skip.update(range(first, last + 1))
        doc.cache["claim_skip"] = skip
    return doc.cache["claim_skip"]  # type: ignore[return-value]


@rule("claim.statement", "claim", "info")
def statement(doc: Document) -> Iterator[Hit]:
    """A statement of checkable fact: figures and ranges, attributions ("said", "claimed", "according to",
    "estimates indicate"), direct quotes, dated events, superlatives and comparisons, causation."""
    skip = _skip_blocks(doc)
    anywhere, entries = _all_triggers(doc)
    for s in doc.sentences:
        block = doc.blocks[s.block]
        if s.block in skip or not block.is_prose:
            continue
        i = bisect_left(anywhere, s.start)
        j = bisect_left(anywhere, s.end, i)
        if i == j:
            continue  # no trigger of any kind in this sentence
        sentence = doc.text[s.start : s.end]
        if sentence.rstrip("”’\"' )").endswith("?"):
            continue
        if len(sentence.split()) < 4 or _OPINION.match(sentence):
            continue
        triggers = _triggers(doc, s.start, s.end, entries[i:j])
        strong = [t.start for t in triggers if t.strong]  # in text order
        if not strong:
            continue
        # the clauses holding a strong trigger: the first strong start at or after the clause's is inside it
        hit = [
            (a, b)
            for a, b in _clauses(doc, s.start, s.end)
            if (k := bisect_left(strong, a)) < len(strong) and strong[k] < b
        ]
        first, last = hit[0][0], hit[-1][1]
        quote_ends = [m.end() for m in _between(doc, "quote", s.start, s.end) if m.start() < last]
        last = max([last, *quote_ends])
        span = doc.text[first:last]
        first += len(span) - len(span.lstrip())
        last -= len(span) - len(span.rstrip(" ,;—–"))
        reasons = tuple(dict.fromkeys(t.reason for t in triggers))
        labels = dict.fromkeys(r.split(":")[0] for r in reasons)
        yield Hit(first, last, "Check this statement: " + "; ".join(labels) + ".", reasons=reasons)


# ---- conflicting figures ---------------------------------------------------------------------------------
CONCEPTS = {
    "deaths": re.compile(r"\b(?:killed|killing|kill|dead|deaths?|died|death toll|fatalities|lives)\b", re.I),
    "injured": re.compile(r"\b(?:injured|wounded|injuries)\b", re.I),
    "displaced": re.compile(r"\b(?:displaced|fled|refugees)\b", re.I),
    "arrested": re.compile(r"\b(?:arrested|detained|arrests)\b", re.I),
}


_DURATION = re.compile(
    r"\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b", re.IGNORECASE
)


@dataclass(slots=True)
class _Quantity:
    figure: Figure
    concept: str
    entities: frozenset[str]
    block: int
    years: frozenset[str]
    source: str = ""  # who gives the figure, when its sentence names one ("estimates indicate", "X claimed")


_WORDS_AFTER = re.compile(r"\s+((?:[\w’'-]+\s+){0,3})")
_POSSESSIVE_END = re.compile(r"[’']s$")
_CAPITALISED_WORD = re.compile(r"\b[A-Z][\w’'-]+")
_YEAR_NUMBER = re.compile(r"\b(?:19|20)\d{2}\b")


def _entities(
    doc: Document, text: str, figure: Figure, concept_at: int, clause: tuple[int, int]
) -> frozenset[str]:
    after = _WORDS_AFTER.match(text[figure.end : clause[1]] + " ")
    names = set()
    if after:
        for word in after.group(1).split():
            if word.lower() in {"and", "or", "of", "to", "in"} or word[:1].isdigit():
                break
            if word[:1].isupper():
                names.add(_POSSESSIVE_END.sub("", word))
    if not names:
        before = text[max(clause[0], concept_at - 40) : concept_at]
        names.update(_POSSESSIVE_END.sub("", w) for w in _CAPITALISED_WORD.findall(before)[-2:])
    return frozenset(n for n in names if n not in {"The", "A", "While", "On", "In"})


def quantities(doc: Document) -> list[_Quantity]:
    skip, out, text = _skip_blocks(doc), [], doc.text
    for s in map(doc.sentences.__getitem__, doc.sentences_holding(_index(doc)["figure"][0])):
        if s.block in skip or not doc.blocks[s.block].is_prose:
            continue
        for clause in _clauses(doc, s.start, s.end):
            years = frozenset(_YEAR_NUMBER.findall(text[clause[0] : clause[1]]))
            for f in _between(doc, "figure", clause[0], clause[1]):
                if f.kind in ("money", "percentage") or f.end > clause[1] or _DURATION.match(text, f.end):
                    continue  # a duration ("the first two months") is not a count of people
                window_start = max(clause[0], f.start - 60)
                window = text[window_start : min(clause[1], f.end + 40)]
                for concept, pattern in CONCEPTS.items():
                    m = pattern.search(window)
                    if m:
                        at = window_start + m.start()
                        out.append(_Quantity(f, concept, _entities(doc, text, f, at, clause), s.block, years,
                                             _source(doc, s.start, s.end)))
                        break
    return out


def _source(doc: Document, start: int, end: int) -> str:
    """The attribution of a sentence ("estimates indicate", "Tuareg separatists claimed", "according to ACLED"),
    or "" when the sentence gives its figure on the article's own authority."""
    found = _between(doc, "attribution", start, end)
    if not found:
        return ""
    m = found[0]
    if m.group("verb") is None:  # "according to X"
        return doc.text[m.start() : min(end, m.end() + 40)].split(",")[0].strip(" .")
    before = doc.text[max(start, m.start() - 40) : m.start()].split(",")[-1].split()
    return " ".join([*before[-2:], m.group()])


@rule("claim.conflicting-figures", "claim", "warning")
def conflicting_figures(doc: Document) -> Iterator[Hit]:
    """Two different figures for the same quantity (the same count of the same people, e.g. Wagner deaths
    "from 20 to 80" and "84"): a fact-checker must attribute or reconcile them. When each figure's sentence
    already names its source ("estimates indicate", "separatists claimed", "according to"), an info note says the
    sources differ."""
    found = quantities(doc)
    by_concept: dict[str, list[_Quantity]] = {}
    for q in found:
        by_concept.setdefault(q.concept, []).append(q)
    for this in found:
        other = next((o for o in by_concept[this.concept] if o is not this and _conflict(this, o)), None)
        if other is None:
            continue
        who = ", ".join(sorted(this.entities & other.entities))
        reason = (
            f"conflicting figures for {who} {this.concept}: “{this.figure.surface}” (paragraph "
            f"{this.block + 1}) vs “{other.figure.surface}” (paragraph {other.block + 1})"
        )
        if this.source and other.source:
            # each figure is already attributed: the sources disagree, which the reader is told; note it only
            yield Hit(
                this.figure.start,
                this.figure.end,
                f"Sources differ on {who} {this.concept}: “{this.figure.surface}” ({this.source}) and "
                f"“{other.figure.surface}” ({other.source}); both are attributed.",
                reasons=(reason,),
                severity="info",
            )
            continue
        yield Hit(
            this.figure.start,
            this.figure.end,
            f"Another figure for {who} {this.concept} in this article is “{other.figure.surface}”: "
            "attribute each figure or reconcile them.",
            reasons=(reason,),
        )


def _conflict(a: _Quantity, b: _Quantity) -> bool:
    if not (a.figure.hi < b.figure.lo or b.figure.hi < a.figure.lo):
        return False  # overlapping figures (the cheapest test first)
    return (
        a.concept == b.concept
        and not a.entities.isdisjoint(b.entities)
        and not (a.years and b.years and a.years != b.years)
    )
