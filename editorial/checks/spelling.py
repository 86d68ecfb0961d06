"""Spelling: unknown lower-case words are errors; unknown capitalised words are names to verify (info)."""

from __future__ import annotations

from collections.abc import Iterator

from editorial.checks import lexicon
from editorial.checks.document import Document, Token
from editorial.checks.flags import Hit
from editorial.checks.registry import rule

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


def _candidate(doc: Document, token: Token) -> bool:
    if token.kind != "word":
        return False
    text = token.text
    if len(text) < 2 or (text.isupper() and len(text) > 1):
        return False  # single letters, acronyms ("FARDC", "DRC")
    if any(c.isupper() for c in text[1:]) and not text[1:].isupper():
        return False  # CamelCase ("TikTok", "iPhone", "McDonald")
    return not doc.is_known_word(text)


def _hyphen_part_ok(doc: Document, token: Token) -> bool:
    text = doc.text
    joined_before = token.start > 0 and text[token.start - 1] == "-"
    joined_after = token.end < len(text) and text[token.end] == "-"
    if not (joined_before or joined_after):
        return False
    if token.norm.lower() in PREFIXES:
        return True
    # "co-operate" → "cooperate": the compound written solid is a word
    m_start, m_end = token.start, token.end
    while m_start > 0 and (text[m_start - 1] == "-" or text[m_start - 1].isalpha()):
        m_start -= 1
    while m_end < len(text) and (text[m_end] == "-" or text[m_end].isalpha()):
        m_end += 1
    return lexicon.is_known(text[m_start:m_end].replace("-", "").lower())


def _foreign_sentences(doc: Document, unknown: list[Token]) -> set[int]:
    """Sentences of more than 3 words, half of them unknown: foreign text, not typos (as LanguageTool does)."""
    per_sentence: dict[int, int] = {}
    for t in unknown:
        per_sentence[t.sentence] = per_sentence.get(t.sentence, 0) + 1
    out = set()
    for index, count in per_sentence.items():
        if count < 2:
            continue
        s = doc.sentences[index]
        words = sum(1 for t in doc.words_in(s.start, s.end) if t.kind == "word")
        if words > 3 and count * 2 >= words:
            out.add(index)
    return out


def unknown_words(doc: Document) -> list[Token]:
    """Tokens the lexicon and the newsroom dictionary do not know (cached per document)."""
    if "unknown" not in doc.cache:
        # one verdict per distinct text (it depends on the text only)
        unknown_texts = {w for w, t in doc.token_by_text.items() if t.kind == "word" and _candidate(doc, t)}
        found = [t for t in doc.tokens_with_text(unknown_texts) if not _hyphen_part_ok(doc, t)]
        doc.cache["unknown"] = found
    return doc.cache["unknown"]  # type: ignore[return-value]


def _is_lower_error(doc: Document, token: Token) -> bool:
    text = token.norm
    if not text[0].islower():
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
    for t in unknown:
        if t.sentence in foreign or not _is_lower_error(doc, t) or t.start in lowercased:
            continue
        word = t.norm
        suggestions = lexicon.suggest(word.lower()) if want_suggestions else ()
        yield Hit(t.start, t.start + len(t.text), f"Possible misspelling: “{word}”.", suggestions)


@rule("spelling.verify-name", "spelling", "info", headline=True)
def verify_name(doc: Document) -> Iterator[Hit]:
    """A capitalised word the word lists do not know: usually a name, so verify it (first use only)."""
    from editorial.checks.consistency import variant_tokens  # a near-miss of another name is reported there

    skip = variant_tokens(doc.body or doc)
    seen: set[str] = set()
    unknown = unknown_words(doc)
    counts: dict[str, int] = {}
    for t in unknown:
        counts[t.norm] = counts.get(t.norm, 0) + 1
    for t in unknown:
        if not t.text[0].isupper() or t.norm in seen or t.norm in skip:
            continue
        seen.add(t.norm)
        n = counts[t.norm]
        times = f" ({n} uses)" if n > 1 else ""
        yield Hit(
            t.start,
            t.word_end,
            f"Verify the spelling of the name “{t.norm}”{times}; add it to the dictionary if right.",
        )
