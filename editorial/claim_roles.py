"""Who did what to whom in a claim: its main verb and the words on each side of it, read without a parser.

Two claims with the same words can say opposite things ("India accused Pakistan…" / "Pakistan accused India…"),
and one noun can change what a claim is about ("the mayor was charged" / "the mayor's brother was charged").
`frame` finds the main verb (the first auxiliary or finite verb form in lemminflect's lexicon; a word that can
also be a noun only when nothing surer comes first), tells active from passive ("was … by"), and keeps the content
keys of the doer (agent) and of what is done to (patient) and the grammatical subject's noun phrase. Pure rules,
no Flask, no database; used by editorial/claim_matching.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from lemminflect import getAllLemmas, getInflection

# (start, end, lower, content key or None) for each word of a claim, as claim_matching.features reads them
Word = tuple[int, int, str, str | None]

_AUXILIARIES = frozenset(
    "is are was were be been being has have had will would can could may might should must shall did does do "
    "got gets get".split()
)
_GET = frozenset("get gets got".split())
_BE = frozenset("is are was were be been being got gets get".split())  # before a past participle: passive
_SKIP_IN_GROUP = frozenset("not never also already still been being n't just reportedly allegedly".split())
_DETERMINERS = frozenset(
    "the a an its his her their our my your this that these those some any no every each".split()
)
_PREPOSITIONS = frozenset(
    """of in at on for from to with near over under by after before during about against into across between
    since following amid within without outside inside through towards toward behind beyond""".split()
)
# A claim reported by someone: the claim is the clause after the verb ("the minister said the plant would open")
_SAYING = frozenset(
    """said says say told tells stated added claimed insisted announced reported noted argued confirmed alleged
    revealed believes believe thinks think""".split()
)
_SAYING_LEMMAS = frozenset(
    "say tell state add claim insist announce report note argue confirm allege reveal believe think".split()
)
_CLAUSE_VERBS = frozenset("say tell claim insist argue allege believe think".split())  # a clause follows
_CLAUSE_BREAKS = frozenset("and but while whereas when because although though which who whom where".split())
_PUNCTUATION = frozenset(",;:()—–")
# Verbs that say one event from the other party's side (general usage): "Portugal lost to Spain" is "Spain beat
# Portugal", "Ghana borrowed from the bank" is "the bank lent to Ghana". Each maps to the verb it is read as and
# the word that opens the other party's phrase; the other party becomes the doer, the subject what is done to.
_CONVERSES = {
    "lose": ("beat", "to"),
    "buy": ("sell", "from"),
    "purchase": ("sell", "from"),
    "acquire": ("sell", "from"),
    "borrow": ("lend", "from"),
    "import": ("export", "from"),
    "receive": ("give", "from"),
}
# Verbs read as another with the same doer and done-to ("Argentina defeated Brazil" is "Argentina beat Brazil")
_SAME_ROLES = {"defeat": "beat", "thrash": "beat", "loan": "lend", "pay": "give"}


@dataclass(frozen=True, slots=True)
class Frame:
    verb: str = ""  # the main verb's key (lemma through the matcher's synonyms); "" when none was found
    passive: bool = False
    agent: frozenset[str] = frozenset()  # the doer's keys: the active subject, or "by …" in a passive
    patient: frozenset[str] = frozenset()  # what is done to: the active object, or the passive subject
    subject: tuple[str, ...] = ()  # the subject's noun phrase (keys in order, head last; no names)
    possessors: frozenset[str] = frozenset()  # its words with "'s": "the mayor's brother" is not the mayor
    speaker: tuple[str, ...] = ()  # who says so, when the claim opens with it ("the senator said …")
    speaker_possessors: frozenset[str] = frozenset()
    verb_key: str = ""  # the main verb's content key as the matcher reads it ("win" for "beat")
    turned: bool = False  # read through _CONVERSES: "Portugal lost to Spain" as "Spain beat Portugal"
    origin: frozenset[str] = frozenset()  # the keys after "from" ("flights from Nairobi to Dubai" → nairobi)
    said_by: frozenset[str] = frozenset()  # the keys of who says so, when the claim opens "X said …"


NO_FRAME = Frame()
OF_IN_SUBJECT = True  # "sales of electric cars": the phrase after "of" is part of the subject


@lru_cache(maxsize=65536)
def _readings(lower: str) -> dict[str, tuple[str, ...]]:
    return getAllLemmas(lower)


def _verb_lemma(lower: str) -> str | None:
    lemmas = _readings(lower).get("VERB")
    return lemmas[0] if lemmas else None


@lru_cache(maxsize=65536)
def _form(lower: str) -> str:
    """The verb form: past (VBD/VBN), present (VBZ other than the bare lemma), bare, ing, or "" (no verb)."""
    lemma = _verb_lemma(lower)
    if lemma is None:
        return ""
    if lower.endswith("ing"):
        return "ing"
    if lower in getInflection(lemma, "VBD") or lower in getInflection(lemma, "VBN"):
        return "past"
    if lower in getInflection(lemma, "VBZ"):
        return "present"
    return "bare"


def _is_participle(lower: str) -> bool:
    lemma = _verb_lemma(lower)
    return lemma is not None and lower in getInflection(lemma, "VBN")


def _breaks(text: str, words: list[Word], i: int) -> bool:
    """Punctuation between word i - 1 and word i (not the comma of "435,000")."""
    if i == 0:
        return False
    end, start = words[i - 1][1], words[i][0]
    if _PUNCTUATION.isdisjoint(text[end:start]):
        return False
    return not (start - end == 1 and text[end - 1].isdigit() and text[start].isdigit())


def _possessive(text: str, word: Word) -> bool:
    return text[word[0] : word[1]].lower().endswith(("'s", "’s", "s'", "s’"))


def _main_verb(text: str, words: list[Word], start: int, names: frozenset[str] = frozenset()) -> int | None:
    """The index of the word that opens the verb group: the first auxiliary or finite verb that cannot be a noun;
    else the first past form ("rose"), else the first present one ("exports")."""
    past = bare_past = present = plural = None
    for i in range(start + 1, len(words)):
        lower = words[i][2]
        before = words[i - 1]
        if lower in _AUXILIARIES and not text[words[i][0]].isupper():  # "in May" is not "may"
            return i
        after_article = before[2] in _DETERMINERS or before[2] == "to" or _possessive(text, before)
        if after_article or _breaks(text, words, i):
            continue
        form = _form(lower)
        # after a name, a plural noun is the verb: "Uganda imports sugar"
        after_name = i > start + 1 and words[i - 2][3] in names
        if form == "bare" and plural is None and _plural_noun(before[2]) and not after_name:
            plural = i  # "tenants owe", "students pay": a plural subject's verb
        if form not in ("past", "present"):
            continue
        if "NOUN" not in _readings(lower) and "ADJ" not in _readings(lower):
            return i
        if form == "past" and lower != _verb_lemma(lower):  # "rose", "fell": surer than "output", "cut"
            past = i if past is None else past
        elif form == "past":
            bare_past = i if bare_past is None else bare_past
        elif present is None:
            present = i
    return next((i for i in (past, bare_past, plural, present) if i is not None), None)


def _plural_noun(lower: str) -> bool:
    readings = _readings(lower)
    return lower.endswith("s") and "NOUN" in readings and lower not in readings["NOUN"]


def _keys(words: list[Word], lo: int, hi: int) -> list[str]:
    return [k for _, _, _, k in words[lo:hi] if k is not None]


def _clause_end(text: str, words: list[Word], at: int) -> int:
    for i in range(at + 1, len(words)):
        if _breaks(text, words, i) or words[i][2] in _CLAUSE_BREAKS or words[i][2] in _SAYING:
            return i
    return len(words)


def frame(text: str, words: list[Word], names: frozenset[str] = frozenset()) -> Frame:
    """The claim's main verb and its sides. `names` are the keys of names and acronyms: they stay on the sides
    but not in the subject's noun phrase (the matcher reads another name by itself)."""
    start = 0
    if len(words) > 2 and words[0][2] == "according" and words[1][2] == "to":  # "According to X, …"
        start = next((i for i in range(2, len(words)) if _breaks(text, words, i)), len(words))
    v = _main_verb(text, words, start, names) if start < len(words) else None
    if v is None:
        return NO_FRAME
    speaker: tuple[list[str], list[str]] = ([], [])
    said_by: frozenset[str] = frozenset()
    if words[v][2] in _SAYING and (
        _verb_lemma(words[v][2]) in _CLAUSE_VERBS or v + 1 < len(words) and words[v + 1][2] == "that"
    ):  # who says so, names and all ("Police say …", "Zelensky said …"); "the firm reported a loss" is a deed
        said_by = frozenset(_keys(words, start, v))
    while words[v][2] in _SAYING and v + 2 < len(words) and not _breaks(text, words, v + 1):
        # "X said (that) Y": Y is the claim, if it has a verb of its own ("the firm reported a loss" has not)
        clause = v + 1 + (words[v + 1][2] == "that")
        inner = _main_verb(text, words, clause, names) if clause < len(words) else None
        if inner is None:
            break
        speaker = _noun_phrase(text, words, start, v, names)
        start, v = clause, inner
    # the verb group: auxiliaries, adverbs, then the main verb
    passive, main, i = False, None, v
    while i < len(words):
        lower = words[i][2]
        if lower in _GET and not (i + 1 < len(words) and _is_participle(words[i + 1][2])):
            main = i  # "will get a new wing": "get" is the verb
            break
        if lower in _AUXILIARIES or lower in _SKIP_IN_GROUP:
            passive = passive or lower in _BE
            i += 1
            continue
        if _verb_lemma(lower) is not None:
            main = i
        break
    if main is None:  # a copula ("turnout was 67 percent"): no doer and no done-to
        return NO_FRAME
    # "plans to shed", "refused to resign": the verb after "to" says what happens
    while main + 2 < len(words) and words[main + 1][2] == "to" and _form(words[main + 2][2]) == "bare":
        main, passive = main + 2, False
    passive = passive and _is_participle(words[main][2])
    # the lemma, not the matcher's synonym key: "killed" and "died" are not one verb here
    verb = _verb_lemma(words[main][2]) or words[main][2]
    verb = _SAME_ROLES.get(verb, verb)
    subject_from = start
    for j in range(start + 1, v):  # "On July 25, clashes erupted": the subject is after the last comma
        if _breaks(text, words, j):
            subject_from = j
    subject = frozenset(_keys(words, subject_from, v))
    noun_phrase, possessors = _noun_phrase(text, words, subject_from, v, names)
    end = _clause_end(text, words, main)
    if passive:  # the doer is after "by", up to a preposition ("by Russia of shelling the plant")
        by = next((j for j in range(main + 1, end) if words[j][2] == "by"), end)
        stop = next((j for j in range(by + 1, end) if words[j][2] in _PREPOSITIONS), end)
        agent, patient = frozenset(_keys(words, by + 1, stop)), subject
    else:
        agent, patient = subject, frozenset(_keys(words, main + 1, end))
    turned = False
    if verb in _CONVERSES and not passive:
        canonical, marker = _CONVERSES[verb]
        at = next((j for j in range(main + 1, end) if words[j][2] == marker), None)
        if at is not None:  # "Portugal lost 2-0 to Spain": Spain beat Portugal
            party = frozenset(_keys(words, at + 1, _phrase_end(words, at, end)))
            if party:
                verb, turned = canonical, True
                agent, patient = party, agent | (patient - party)
    return Frame(
        verb=verb,
        passive=passive,
        agent=agent,
        patient=patient,
        subject=tuple(noun_phrase),
        possessors=frozenset(possessors),
        speaker=tuple(speaker[0]),
        speaker_possessors=frozenset(speaker[1]),
        verb_key=words[main][3] or "",
        turned=turned,
        origin=_origin(text, words),
        said_by=said_by,
    )


def _phrase_end(words: list[Word], at: int, end: int) -> int:
    """Where the phrase opened by the preposition at `at` ends: the next preposition or the clause's end."""
    return next((j for j in range(at + 1, end) if words[j][2] in _PREPOSITIONS), end)


def _origin(text: str, words: list[Word]) -> frozenset[str]:
    at = next((j for j, w in enumerate(words) if w[2] == "from"), None)
    if at is None:
        return frozenset()
    return frozenset(_keys(words, at + 1, _phrase_end(words, at, _clause_end(text, words, at))))


def role_swap(a: Frame, b: Frame) -> tuple[str, str] | None:
    """Two claims with one verb whose doer and done-to change places: a word that does it in one is done to in
    the other, and the other way round ("India accused Pakistan" / "Pakistan accused India"; "the dog attacked
    the teenager" / "the dog was attacked by the teenager"). A passive rewording keeps each word on its side."""
    if not a.verb or a.verb != b.verb:
        return None
    ab = (a.agent - a.patient) & (b.patient - b.agent)
    ba = (b.agent - b.patient) & (a.patient - a.agent)
    for k in sorted(ab):
        for j in sorted(ba):
            if k != j:
                return k, j
    return None


def converse(a: Frame, b: Frame) -> bool:
    """One claim tells the event from the other party's side ("Spain beat Portugal" / "Portugal lost to Spain")."""
    return bool(a.verb) and a.verb == b.verb and a.turned != b.turned and a.verb_key != b.verb_key


def route_reversed(
    a: Frame, b: Frame, in_a: Callable[[str], bool], in_b: Callable[[str], bool]
) -> str | None:
    """Where one claim's "from" is somewhere else in the other, and the other way round ("flights from Nairobi to
    Dubai" / "flights from Dubai to Nairobi"; "joined Juventus from Ajax" / "joined Ajax from Juventus")."""
    if not a.origin or not b.origin or a.origin & b.origin:
        return None
    there = next((k for k in sorted(a.origin) if in_b(k)), None)
    back = next((k for k in sorted(b.origin) if in_a(k)), None)
    return f"from {there} / from {back}" if there and back else None


def other_verb(a: Frame, b: Frame, in_a: Callable[[str], bool], in_b: Callable[[str], bool]) -> str | None:
    """The same doer does another thing to the same ("Police arrested 14 people" / "Police injured 14 people";
    "the carmaker will cut 2,000 jobs" / "will create 2,000 jobs"): one voice, the same words on each side, and
    main verbs neither of which is anywhere in the other claim (a synonym shares its key)."""
    if not a.verb_key or not b.verb_key or a.verb == b.verb or a.passive != b.passive:
        return None
    if in_b(a.verb_key) or in_a(b.verb_key):
        return None
    if not a.agent or not a.patient or a.agent != b.agent or a.patient != b.patient:
        return None
    return f"{a.verb} / {b.verb}"


def said_not_done(a: Frame, b: Frame) -> str | None:
    """One claim is what someone says, the other what the same one does ("Police say 2 tonnes of cocaine pass
    through the port" / "Police found 2 tonnes of cocaine in the port"): two claims, not one reworded."""
    for x, y in ((a, b), (b, a)):
        if not x.said_by or y.said_by or not y.verb or y.passive or y.verb in _SAYING_LEMMAS:
            continue
        doer = y.agent & x.said_by
        if doer and y.verb_key != x.verb_key:
            return f"{sorted(doer)[0]} says / {sorted(doer)[0]} {y.verb}"
    return None


def common_word(lower: str) -> bool:
    """A noun or adjective in lemminflect's lexicon ("weekday", "grain"): not a name by itself."""
    readings = _readings(lower)
    return "NOUN" in readings or "ADJ" in readings


def other_subject(a: Frame, b: Frame, in_a: Callable[[str], bool], in_b: Callable[[str], bool]) -> str | None:
    """Two claims that say one thing (the same verb, the same voice) of different subjects, or that different
    people say ("the senator said …" / "the mayor said …"). `in_a` and `in_b` say whether a key is anywhere in
    that claim (or stands for it)."""
    if a.speaker and b.speaker:
        other = _other_noun(a.speaker, a.speaker_possessors, b.speaker, b.speaker_possessors, in_a, in_b)
        if other:
            return other
    if not a.verb or a.verb != b.verb or a.passive != b.passive:
        return None
    return _other_noun(a.subject, a.possessors, b.subject, b.possessors, in_a, in_b)


def _other_noun(
    a: tuple[str, ...],
    possessors_a: frozenset[str],
    b: tuple[str, ...],
    possessors_b: frozenset[str],
    in_a: Callable[[str], bool],
    in_b: Callable[[str], bool],
) -> str | None:
    """The head of one noun phrase differs and one of the heads is nowhere in the other claim ("the mayor" / "the
    mayor's brother"; "the bridge" / "the dam"), or each has a word the other claim lacks ("oil prices" / "gas
    prices")."""
    if not a or not b:
        return None
    head_a, head_b = a[-1], b[-1]
    if head_a != head_b and (not in_b(head_a) or not in_a(head_b)):
        # "the share price" / "shares" is one subject (a compound named by its first word); "the mayor's brother"
        # / "the mayor" is not
        compound = head_b in a and head_b not in possessors_a or head_a in b and head_a not in possessors_b
        if not compound:
            return f"{head_a} / {head_b}"
    only_a = [k for k in a if not in_b(k)]
    only_b = [k for k in b if not in_a(k)]
    if only_a and only_b:
        return f"{only_a[0]} / {only_b[0]}"
    return None


def _noun_phrase(
    text: str, words: list[Word], start: int, end: int, names: frozenset[str]
) -> tuple[list[str], list[str]]:
    """The keys of the noun phrase that opens words[start:end], up to a preposition ("the mayor of Lagos"),
    without names, and those of its words with "'s"."""
    for j in range(start + 1, end):  # "On July 25, clashes erupted": the phrase is after the last comma
        if _breaks(text, words, j):
            start = j
    keys: list[str] = []
    possessors: list[str] = []
    for j in range(start, end):
        if words[j][2] in _PREPOSITIONS and keys and (words[j][2] != "of" or OF_IN_SUBJECT is False):
            break
        k = words[j][3]
        if k is not None and k not in names:
            keys.append(k)
            if _possessive(text, words[j]):
                possessors.append(k)
    return keys, possessors
