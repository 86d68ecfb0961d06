"""Artifacts: leftovers of copying from a web page (page furniture, bare file names, related-headline lists)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from editorial.checks.document import Block, Document, ends_sentence, finditer_at
from editorial.checks.flags import Hit
from editorial.checks.registry import rule

# A line that is exactly one of these (case, surrounding punctuation and bullets ignored) is page furniture.
LINE_PHRASES = frozenset(
    """top of page|bottom of page|back to top|advertisement|advertisements|sponsored|sponsored content|
    share this article|share this story|share this|share|share on facebook|share on twitter|share on x|
    share on whatsapp|tweet|email|print|print this page|click here to subscribe|subscribe|subscribe now|
    sign up|sign up for our newsletter|subscribe to our newsletter|skip to content|skip to main content|
    related articles|related stories|related posts|related|read more|read next|more stories|most read|
    most popular|recommended|recommended for you|you may also like|you might also like|continue reading|
    listen to this article|image caption|media caption|loading|loading...|view comments|comments|
    leave a comment|previous article|next article|previous post|next post|accept cookies|cookie settings|
    all rights reserved|open in app|follow us|menu|home|search|log in|login""".replace("\n", "").split("|")
)
LINE_PHRASES = frozenset(p.strip() for p in LINE_PHRASES)
# These are page furniture wherever they appear; ordinary prose does not contain them.
_INLINE = re.compile(
    r"(?<![\w-])(?:click here to (?:subscribe|read more|sign up|download)|share this article|"
    r"sign up for our (?:free )?newsletter|subscribe to our (?:free )?newsletter|skip to (?:main )?content|"
    r"listen to this article|this article was originally published (?:on|by)|all rights reserved)(?![\w-])",
    re.IGNORECASE,
)
_INLINE_LEADS = ("click", "share", "sign", "subscribe", "skip", "listen", "this", "all")
_PREFIXED = re.compile(
    r"^(?:read more|also read|read also|related|see also|more on this|watch|listen|recommended)\s*[:»>|–—-]\s*\S",
    re.IGNORECASE,
)
# Section navigation: "Asia | Climate", "| Foreign Relations", "News › World › Africa".
_SECTION = r"[A-Z][\w&’'-]*(?:[ \t][A-Z&][\w&’'-]*){0,2}"
_BREADCRUMB = re.compile(rf"(?:[|›»]\s*{_SECTION}|{_SECTION}(?:\s+[|›»/]\s+{_SECTION})+)\s*")
_CRUMB_MARK = re.compile("[|›»/]")
_ANY_MARK = re.compile("[:»>|–—›/-]")  # the marks of _PREFIXED and of _BREADCRUMB
_FURNITURE_STRIP = " \t|•·»«>-–—:*#[]"
_FILE_LINE = re.compile(
    r"[\w()' ’,.-]{0,100}\.(?:webp|jpe?g|png|gif|svg|bmp|tiff?|avif|heic|pdf|docx?|mp4|mov)(?:\s*\(\d[\d.,]*\s*[kKmM]?B\))?",
    re.IGNORECASE,
)


def _lines(doc: Document) -> list[tuple[int, int, str]]:
    if "artifact_lines" not in doc.cache:
        text = doc.text
        doc.cache["artifact_lines"] = [(s, e, text[s:e]) for b in doc.blocks for s, e in doc.line_spans(b)]
    return doc.cache["artifact_lines"]  # type: ignore[return-value]


_LONGEST_PHRASE = max(map(len, LINE_PHRASES))


def _furniture_phrase(line: str) -> bool:
    """The line, without bullets and surrounding punctuation and case-folded, is one of LINE_PHRASES."""
    if (
        len(line) > _LONGEST_PHRASE
        and line[0] not in _FURNITURE_STRIP
        and line[-1] not in _FURNITURE_STRIP + ".!"
    ):
        return False  # nothing to strip, and case-folding never shortens a text
    return line.strip(_FURNITURE_STRIP).rstrip(".!").strip().casefold() in LINE_PHRASES


def _furniture_line(line: str) -> bool:
    """A furniture phrase, a "READ MORE: …" line or a breadcrumb line."""
    if _furniture_phrase(line):
        return True
    if not _ANY_MARK.search(line):
        return False  # the other two patterns need one of these marks
    return bool(
        _PREFIXED.match(line.lstrip(_FURNITURE_STRIP[:6]))
        or (_CRUMB_MARK.search(line) and _BREADCRUMB.fullmatch(line))
    )


@rule("artifact.web-leftover", "artifact", "error")
def web_leftover(doc: Document) -> Iterator[Hit]:
    """Page furniture copied with the article: "top of page", "Advertisement", "Share this article",
    "Click here to subscribe", "READ MORE: …"."""
    flagged: set[int] = set()
    for s, e, line in _lines(doc):
        if len(line) > 200:
            continue
        if _furniture_line(line):
            flagged.add(s)
            yield Hit(
                s, e, f"“{line}” looks like web-page furniture copied with the article: delete it.", ("",)
            )
    for m in finditer_at(_INLINE, doc.text, doc.starts_of(_INLINE_LEADS)):
        line_start = doc.text.rfind("\n", 0, m.start()) + 1
        if line_start not in flagged and m.start() not in flagged:
            yield Hit(m.start(), m.end(), f"“{m.group()}” looks like web-page furniture: delete it.", ("",))


@rule("artifact.file-name", "artifact", "error")
def file_name(doc: Document) -> Iterator[Hit]:
    """A line that is a bare file name ("profile photo.webp"), left over from an image or attachment."""
    for s, e, line in _lines(doc):
        if _FILE_LINE.fullmatch(line):
            yield Hit(s, e, f"“{line}” is a file name, not copy: delete it or write a caption.", ("",))


def _terminal(block: Block) -> bool:
    return ends_sentence(block.text)


def _kind(block: Block) -> str | None:
    """label (≤ 3 words), headline (4–30 words, no full stop), teaser (one short sentence), or None."""
    if "\n" in block.text or block.words > 30:
        return None
    if not _terminal(block):
        return "label" if block.words <= 3 else "headline"
    return "teaser" if len(block.sentences) <= 1 else None


def navigation_runs(doc: Document) -> list[tuple[int, int]]:
    """(first, last) block indexes of lists of related headlines."""
    if "navigation_runs" in doc.cache:
        return doc.cache["navigation_runs"]  # type: ignore[return-value]
    runs, i, all_kinds = [], 0, [_kind(b) for b in doc.blocks]
    while i < len(all_kinds):
        j = i
        while j < len(all_kinds) and all_kinds[j] is not None:
            j += 1
        kinds = all_kinds[i:j]
        headlines = kinds.count("headline")
        if j - i >= 4 and headlines >= 3 and headlines + kinds.count("label") >= 0.6 * (j - i):
            runs.append((i, j - 1))
        i = j + 1
    doc.cache["navigation_runs"] = runs
    return runs


@rule("artifact.navigation-list", "artifact", "warning")
def navigation_list(doc: Document) -> Iterator[Hit]:
    """A run of short headline-like lines and section labels: a list of related headlines copied from a page."""
    for first, last in navigation_runs(doc):
        n = last - first + 1
        yield Hit(
            doc.blocks[first].start,
            doc.blocks[last].end,
            f"{n} short lines that look like a list of related headlines from a web page: delete them.",
            ("",),
        )


_LABEL_WORD = re.compile(r"[A-Z][\w&’'-]*")


@rule("artifact.label-line", "artifact", "warning")
def label_line(doc: Document) -> Iterator[Hit]:
    """A bare section label ("Africa") or a date-only line ("Aug 4, 2024") above the first paragraph: the page's
    section and date copied with the article, not copy."""
    from editorial.checks.dates import _ISO, DATE  # the date patterns of the date rules

    hits = []
    for block in doc.blocks:
        if block.is_prose:
            break  # only the top of the body, before the first paragraph of running text
        if "\n" in block.text:
            continue
        line = block.text.strip()
        if block.words == 1 and _LABEL_WORD.fullmatch(line) and not _furniture_line(line):
            message = f"“{line}” looks like a section label from the web page: delete it."
        elif DATE.fullmatch(line.strip(" .")) or _ISO.fullmatch(line):
            message = f"“{line}” is a bare date line (the page's date): delete it; the dateline is set apart."
        else:
            continue
        start = block.start + block.text.index(line)
        hits.append(Hit(start, start + len(line), message, ("",)))
    else:
        return  # no paragraph of running text follows: nothing is "above" it (a one-line body is the copy)
    yield from hits


# A call to action is a short line in the site's voice, addressed to the reader, about the site rather than the
# story: it speaks to "you" (or as "we"/"our"), or opens with an order to the reader, and it names a feature of
# the site (an app, alerts, a newsletter, a subscription, comments, sharing, the page itself).
_CTA_MAX_WORDS = 25
_CTA_WORDS = re.compile(r"[a-z]+(?:['’][a-z]+)?")
_READER = frozenset("you your you're you’re yours we we're we’re our us".split())
_ORDERS = frozenset(
    """tap click press sign subscribe follow join download install get enable turn allow register log support
    donate give become read watch listen share like comment tell send let don't don’t never keep stay try
    discover explore find see check visit upgrade unlock""".split()
)
_SITE_FEATURES = frozenset(
    """app apps alert alerts notification notifications bell newsletter newsletters inbox email emails
    subscribe subscription subscriptions subscriber subscribers membership member members premium account
    comment comments podcast podcasts channel whatsapp telegram facebook instagram twitter youtube tiktok
    linkedin feed rss page website site link button browser coverage journalism reporting donate donation
    support updates updated bookmark homepage article articles story stories""".split()
)
_STORY_SIGNS = re.compile(r"\b(?:said|says|told|according to)\b|[“”\"]", re.IGNORECASE)


def _call_to_action(line: str) -> bool:
    words = _CTA_WORDS.findall(line.lower())
    if not 2 <= len(words) <= _CTA_MAX_WORDS or _STORY_SIGNS.search(line):
        return False
    addressed = words[0] in _ORDERS or not _READER.isdisjoint(words)
    return addressed and not _SITE_FEATURES.isdisjoint(words)


@rule("artifact.call-to-action", "artifact", "warning")
def call_to_action(doc: Document) -> Iterator[Hit]:
    """A short line addressed to the reader that points at a feature of the site instead of telling the story
    ("Tap the bell to get alerts on this story", "Enjoying our coverage? Support us from $1 a month"), whatever its
    exact words: the reader is spoken to or ordered ("you", "our", an opening verb), a site feature is named
    (app, alerts, newsletter, subscription, comments…), and nothing is said or quoted."""
    features = doc.starts_of(_SITE_FEATURES)  # only lines holding a site feature's word can be one
    if not features:
        return
    lines = _lines(doc)
    line_starts = [s for s, _e, _line in lines]
    candidates = sorted({bisect_right(line_starts, at) - 1 for at in features})
    for s, e, line in map(lines.__getitem__, candidates):
        if len(line) > 250 or _furniture_line(line):
            continue  # exact furniture is artifact.web-leftover's
        if _call_to_action(line):
            yield Hit(s, e, f"“{line}” speaks to the reader about the website, not the story: delete it.", ("",))
