"""Spelling: unknown lower-case words are errors; unknown capitalised words are names to verify (info)."""

from __future__ import annotations

from collections.abc import Iterator

from editorial.checks import lexicon
from editorial.checks.document import Document
from editorial.checks.flags import Hit
from editorial.checks.registry import rule
from editorial.checks.tokens import key

# Parts of hyphenated compounds that are not words on their own ("pre-war", "al-Qaeda", "Saint-Denis").
PREFIXES = frozenset(
    [
        "pre",
        "post",
        "anti",
        "non",
        "co",
        "re",
        "un",
        "mid",
        "multi",
        "ex",
        "semi",
        "sub",
        "inter",
        "intra",
        "pro",
        "self",
        "vice",
        "neo",
        "bi",
        "tri",
        "quasi",
        "ultra",
        "over",
        "al",
        "el",
        "ul",
        "ad",
        "bin",
        "ibn",
        "abu",
        "van",
        "von",
        "de",
        "du",
        "la",
        "le",
        "da",
        "di",
        "dos",
        "del",
    ]
)


def _candidate(doc: Document, text: str) -> bool:
    if len(text) < 2 or (text.isupper() and len(text) > 1):
        return False  # single letters, acronyms ("FARDC", "DRC")
    if any(map(str.isupper, text[1:])) and not text[1:].isupper():
        return False  # CamelCase ("TikTok", "iPhone", "McDonald")
    return not doc.is_known_word(text)


def _hyphen_part_ok(doc: Document, start: int, end: int) -> bool:
    text = doc.text
    joined_before = start > 0 and text[start - 1] == "-"
    joined_after = end < len(text) and text[end] == "-"
    if not (joined_before or joined_after):
        return False
    if key(text[start:end]).lower() in PREFIXES:
        return True
    # "co-operate" → "cooperate": the compound written solid is a word
    m_start, m_end = start, end
    while m_start > 0 and (text[m_start - 1] == "-" or text[m_start - 1].isalpha()):
        m_start -= 1
    while m_end < len(text) and (text[m_end] == "-" or text[m_end].isalpha()):
        m_end += 1
    return lexicon.is_known(text[m_start:m_end].replace("-", "").lower())


def _foreign_sentences(doc: Document, unknown: list[int]) -> set[int]:
    """Sentences of more than 3 words, half of them unknown: foreign text, not typos (as LanguageTool does)."""
    per_sentence: dict[int, int] = {}
    for i in unknown:
        index = doc.token_sentences[i]
        per_sentence[index] = per_sentence.get(index, 0) + 1
    out = set()
    for index, count in per_sentence.items():
        if count < 2:
            continue
        s = doc.sentences[index]
        inside = doc.indexes_in(s.start, s.end)
        words = doc.token_kinds[inside.start : inside.stop].count("word")
        if words > 3 and count * 2 >= words:
            out.add(index)
    return out


def unknown_words(doc: Document) -> list[int]:
    """Indexes of the tokens the lexicon and the newsroom dictionary do not know (cached per document)."""
    if "unknown" not in doc.cache:
        # one verdict per distinct text (it depends on the text only)
        kinds = doc.token_kinds
        unknown_texts = {w for w, at in doc.by_text.items() if kinds[at[-1]] == "word" and _candidate(doc, w)}
        starts, ends = doc.token_starts, doc.token_ends
        found = [
            i for i in doc.indexes_with_text(unknown_texts) if not _hyphen_part_ok(doc, starts[i], ends[i])
        ]
        doc.cache["unknown"] = found
    return doc.cache["unknown"]  # type: ignore[return-value]


def _is_lower_error(text: str) -> bool:
    if not text or not text[0].islower():
        return False
    return text.isascii()  # unknown lower-case words with accents are foreign words, not typos


@rule("spelling.unknown-word", "spelling", "error", headline=True)
def unknown_word(doc: Document) -> Iterator[Hit]:
    """A lower-case word that neither the English word list nor the newsroom dictionary knows: a likely typo."""
    from editorial.checks.capitalization import (
        lowercased_names,
    )  # "ryerson" where "Ryerson" is used: reported there

    unknown = unknown_words(doc)
    foreign = _foreign_sentences(doc, unknown)
    lowercased = lowercased_names(doc)
    want_suggestions = bool(doc.cache.get("suggestions", True))
    starts, texts, sentences = doc.token_starts, doc.token_texts, doc.token_sentences
    for i in unknown:
        word = key(texts[i])
        if sentences[i] in foreign or not _is_lower_error(word) or starts[i] in lowercased:
            continue
        suggestions = lexicon.suggest(word.lower()) if want_suggestions else ()
        yield Hit(starts[i], starts[i] + len(texts[i]), f"Possible misspelling: “{word}”.", suggestions)


TYPO_MIN_LETTERS = 7  # shorter capitalised words one letter from a common word are too often names (Benin/begin)
TYPO_MIN_FREQUENCY = 1000  # the word it is one edit from must be common English (word-list frequency)
GRAMMAR_CAPITAL_FREQUENCY = 500_000  # the, in, after, this, their…: capitalised only for starting a sentence


def _capitalised_typos(doc: Document) -> dict[str, str]:
    """Unknown capitalised words that are one edit (letter added, dropped, changed or swapped) from a common
    English word: "Goverment" → "Government". Names this close to common words are rare at this length, and a
    name is almost always introduced beside a first name or a title somewhere ("Keir Starmer"): a word that
    ever stands next to another capitalised word is left to the verify-name flag."""
    if "capitalised_typos" not in doc.cache:
        found: dict[str, str] = {}
        texts = doc.token_texts
        uses: dict[str, list[int]] = {}
        for i in unknown_words(doc):
            uses.setdefault(key(texts[i]), []).append(i)
        for word, indexes in uses.items():
            if len(word) < TYPO_MIN_LETTERS or not (word.isascii() and word[0].isupper() and word[1:].islower()):
                continue
            if any(_beside_a_capital(doc, i) for i in indexes):  # "Keir Starmer", "Mr Blinken": a name
                continue
            near = lexicon.most_common_one_edit_away(word.lower())
            if near is not None and near[1] >= TYPO_MIN_FREQUENCY:
                found[word] = near[0].capitalize()
        doc.cache["capitalised_typos"] = found
    return doc.cache["capitalised_typos"]  # type: ignore[return-value]


def _beside_a_capital(doc: Document, i: int) -> bool:
    """Token i has a capitalised word right before or after it, with only a space between, in the same sentence.
    A sentence's first word counts only when it is not a common word capitalised by grammar ("Mr Starmer",
    "Antony Blinken" count; "The Goverment", "In Goverment" do not)."""
    texts, starts, ends, kinds, sentences, firsts = (doc.token_texts, doc.token_starts, doc.token_ends,
                                                     doc.token_kinds, doc.token_sentences, doc.token_firsts)
    for j in (i - 1, i + 1):
        if not 0 <= j < len(texts) or kinds[j] != "word" or sentences[j] != sentences[i]:
            continue
        if firsts[j] and lexicon.frequency(key(texts[j]).lower()) >= GRAMMAR_CAPITAL_FREQUENCY:
            continue
        gap = doc.text[ends[j] : starts[i]] if j < i else doc.text[ends[i] : starts[j]]
        if gap.isspace() and texts[j][:1].isupper():
            return True
    return False


@rule("spelling.capitalised-typo", "spelling", "warning", headline=True)
def capitalised_typo(doc: Document) -> Iterator[Hit]:
    """A capitalised word one letter away from a common English word ("Goverment"): a typo that would otherwise
    pass for a name (at a sentence start, or an institution written with a capital)."""
    typos = _capitalised_typos(doc)
    if not typos:
        return
    texts = doc.token_texts
    for i in unknown_words(doc):
        right = typos.get(key(texts[i]))
        if right is not None:
            yield Hit(doc.token_starts[i], doc.tokens[i].word_end,
                      f"“{key(texts[i])}” looks like a misspelling of “{right}”.", (right,))


@rule("spelling.verify-name", "spelling", "info", headline=True)
def verify_name(doc: Document) -> Iterator[Hit]:
    """A capitalised word the word lists do not know: usually a name, so verify it (first use only). Well-known
    names (frequent in wordfreq's English list: "Kyiv", "Zelensky") are not reported."""
    from editorial.checks.consistency import variant_tokens  # a near-miss of another name is reported there

    skip = variant_tokens(doc.body or doc) | set(_capitalised_typos(doc))  # typos are reported as typos
    seen: set[str] = set()
    unknown = unknown_words(doc)
    texts = doc.token_texts
    norms = [key(texts[i]) for i in unknown]
    counts: dict[str, int] = {}
    for norm in norms:
        counts[norm] = counts.get(norm, 0) + 1
    for i, norm in zip(unknown, norms, strict=True):
        if not texts[i][0].isupper() or norm in seen or norm in skip:
            continue
        seen.add(norm)
        if lexicon.is_known_name(norm):  # "Kyiv", "Zelensky", "Kagame": names everybody writes about
            continue
        n = counts[norm]
        times = f" ({n} uses)" if n > 1 else ""
        yield Hit(
            doc.token_starts[i],
            doc.tokens[i].word_end,
            f"Verify the spelling of the name “{norm}”{times}; add it to the dictionary if right.",
        )
