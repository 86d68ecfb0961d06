"""Consistency: one name spelled two ways (accents, one-letter slips), British and American spelling mixed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from editorial.checks import lexicon
from editorial.checks.document import Document
from editorial.checks.flags import Hit
from editorial.checks.registry import rule
from editorial.checks.tokens import Token, fold, key


@dataclass(slots=True)
class _Variant:
    form: str  # the minority surface form (NFC, no possessive)
    preferred: str
    tokens: list[Token]
    kind: str  # "accent" or "near-miss"


def _name_tokens(doc: Document) -> dict[str, list[int]]:
    """Indexes of capitalised name tokens by surface form (sentence-initial dictionary words left out)."""
    forms: dict[str, list[int]] = {}
    for text in doc.capitalised_texts:
        if not text.isupper() and doc.is_name(text):
            forms.setdefault(key(text), []).extend(doc.by_text[text])
    for indexes in forms.values():
        indexes.sort()
    return forms


def _osa_within_one(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _minority(counts: dict[str, list[int]]) -> tuple[str, list[str]]:
    """The majority form (ties: the first used) and the others; `counts` holds token indexes, in text order."""
    ranked = sorted(counts, key=lambda f: (-len(counts[f]), counts[f][0]))
    return ranked[0], ranked[1:]


def name_variants(doc: Document) -> list[_Variant]:
    if "variants" in doc.cache:
        return doc.cache["variants"]  # type: ignore[return-value]
    forms = _name_tokens(doc)
    by_key: dict[str, dict[str, list[int]]] = {}
    for form, tokens in forms.items():
        by_key.setdefault(fold(form), {})[form] = tokens
    out: list[_Variant] = []
    for group in by_key.values():
        if len(group) > 1:
            best, others = _minority(group)
            out.extend(_Variant(o, best, [doc.tokens[i] for i in group[o]], "accent") for o in others)
    # one-letter slips between different keys, via a one-deletion index
    keys = [k for k in by_key if len(k) >= 5]
    index: dict[str, list[str]] = {}
    for k in keys:
        for d in {k} | {k[:i] + k[i + 1 :] for i in range(len(k))}:
            index.setdefault(d, []).append(k)
    pairs = set()
    for bucket in index.values():
        for i, a in enumerate(bucket):
            for b in bucket[i + 1 :]:
                if a != b and not a.startswith(b) and not b.startswith(a) and _osa_within_one(a, b):
                    pairs.add((min(a, b), max(a, b)))
    for a, b in sorted(pairs):
        ga, gb = by_key[a], by_key[b]
        if all(lexicon.is_known(k) or k in doc.dictionary_folded for k in (a, b)):
            continue  # two real words ("Sudan"/"Sedan" style pairs are both in the lexicon)
        merged = {**ga, **gb}
        best, others = _minority(merged)
        best_key = fold(best)
        out.extend(
            _Variant(o, best, [doc.tokens[i] for i in merged[o]], "near-miss")
            for o in others
            if fold(o) != best_key
        )
    doc.cache["variants"] = out
    return out


def variant_tokens(doc: Document) -> set[str]:
    return {v.form for v in name_variants(doc)}


@rule("consistency.name-variant", "consistency", "warning")
def name_variant(doc: Document) -> Iterator[Hit]:
    """A name spelled two ways in one article: with and without accents (Goïta/Goita) or one letter apart
    (Zulum/Zullum). The less frequent form is flagged."""
    for v in name_variants(doc):
        how = "without the same accents" if v.kind == "accent" else "one letter away from"
        n = len(v.tokens)
        for t in v.tokens:
            yield Hit(
                t.start,
                t.word_end,
                f"“{v.form}” ({n}×) is {how} “{v.preferred}” used elsewhere in this article: same name?",
                (v.preferred,),
            )


def _spelling_families(doc: Document) -> tuple[list[tuple[Token, str]], list[tuple[Token, str]]]:
    uk, us = [], []
    pairs: dict[str, tuple[str | None, str | None]] = {}
    for text in doc.by_text:
        lower = key(text).lower()
        american = lexicon.british_to_american(lower)
        british = None if american else lexicon.american_to_british(lower)
        if american or british:
            pairs[text] = (american, british)
    for t in doc.tokens_with_text(set(pairs)):
        if t.kind != "word" or (t.text[0].isupper() and not t.first):
            continue
        american, british = pairs[t.text]
        if american is not None:
            uk.append((t, american))
        elif british is not None:
            us.append((t, british))
    return uk, us


@rule("consistency.uk-us-mix", "consistency", "warning")
def uk_us_mix(doc: Document) -> Iterator[Hit]:
    """British and American spellings mixed in one article (colour/color, organise/organize); the minority
    spelling family is flagged. When the house style sets a spelling variety, a word of that variety is never
    flagged and every word of the other one is."""
    uk, us = _spelling_families(doc)
    variety = getattr(doc.style, "spelling", "") if doc.style is not None else ""
    if variety:
        minority, name, other = (us, "American", "British") if variety == "british" else (uk, "British", "American")
        where = f"house style is {other} spelling"
    else:
        if not uk or not us:
            return
        if len(uk) > len(us) or (len(uk) == len(us) and uk[0][0].start < us[0][0].start):
            minority, name, other = us, "American", "British"
        else:
            minority, name, other = uk, "British", "American"
        where = f"an article that mostly uses {other} spelling"
    for t, alternative in minority:
        word = doc.text[t.start : t.word_end]
        yield Hit(
            t.start,
            t.word_end,
            f"{name} spelling “{word}” in {where}." if not variety else f"{name} spelling “{word}”: {where}.",
            (alternative,),
        )


_APOSTROPHE = re.compile(r"['’](?<=\w['’])(?=\w)")  # inside a word: "Mali’s", "don't" (not a quotation mark)


@rule("consistency.apostrophe-mix", "consistency", "info")
def apostrophe_mix(doc: Document) -> Iterator[Hit]:
    """Straight and curly apostrophes mixed in one text ("Mali’s" and "Kyiv's"): each word written with the
    minority form is flagged, with the majority form as the suggestion (curly on a tie)."""
    text = doc.text
    if "’" not in text or "'" not in text:
        return  # one form only (the common case): nothing to scan
    found = [m.start() for m in _APOSTROPHE.finditer(text)]
    curly = sum(1 for at in found if text[at] == "’")
    straight = len(found) - curly
    if not curly or not straight:
        return
    minority, majority = ("'", "’") if curly >= straight else ("’", "'")
    for at in found:
        if text[at] != minority:
            continue
        start = at
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        end = at + 1
        while end < len(text) and (text[end].isalnum() or text[end] in "'’"):
            end += 1
        word = text[start:end]
        yield Hit(start, end, f"“{word}” uses a {'straight' if minority == chr(39) else 'curly'} apostrophe; "
                  f"the rest of the text uses {'curly' if majority == '’' else 'straight'} ones.",
                  (word.replace(minority, majority),))
