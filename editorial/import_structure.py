"""A scraped page → proposals for a clean draft, read from the shape of its lines (not from a list of phrases).

Every non-empty line of the page ends up in exactly one place: a proposed field (headline, standfirst, byline,
dateline, section), the body (a paragraph or an <h2> subheading), or `set_aside` with the reason it was taken
out. Nothing else is dropped, and `assemble` puts any line back where it was.

The page is cut in three by structure: the head (before the first story paragraph), the story, and the tail
(after the story ends: related headlines, repeated teaser blocks). A *paragraph* is a line that reads as
prose (long, or a sentence of some length). Lines are judged by length, position, capitals, closing
punctuation, date shape, file-name shape, repetition and whether they speak to the reader.
"""

from __future__ import annotations

import calendar
import html as html_lib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz

from editorial.importer import ImportError_, looks_like_html
from editorial.inputs import strip_controls
from editorial.sanitize import clean_html
from editorial.text import html_to_blocks

FIELDS = ("headline", "standfirst", "byline", "dateline", "section")

# reasons, shown to the reporter next to each line taken out
FURNITURE = "page furniture"
BREADCRUMB = "section/breadcrumb"
IMAGE_FILE = "image file name"
CAPTION = "image caption"
CREDIT = "image credit"
READER = "addressed to the reader (banner, newsletter or share box)"
RELATED = "related headline"
TEASER = "repeated teaser block"

_IMAGE_FILE = re.compile(r"\.(?:webp|jpe?g|png|gif|avif|svg)$", re.I)
_TERMINAL = re.compile(r"[.!?:;…]['\"’”)\]]*$|[)\]]$")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.U)
_SEPARATOR_START = re.compile(r"^[|›»>/•·–—-]\s*")
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|you['’](?:re|ll|ve|d))\b", re.I)
_CREDIT = re.compile(r"^[A-Z][a-z]+:\s+\S|©|\S/\S")
_QUOTE = re.compile(r"[\"“”]")
_BY = re.compile(r"^by\s+", re.I)
_NAME_SPLIT = re.compile(r"\s*(?:,|&|\band\b)\s*", re.I)
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.-]*(?:['’.-][^\W\d_]+)*\.?$", re.U)
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MON = r"([A-Za-z]{3,9})\.?"
_DATES = (
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), ("y", "m", "d")),
    (re.compile(rf"\b{_MON}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"), ("mon", "d", "y")),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON},?\s+(\d{{4}})\b"), ("d", "mon", "y")),
)
PARAGRAPH_WORDS, SENTENCE_WORDS, SHORT_WORDS = 30, 10, 14
NEAR_DUPLICATE = 80


@dataclass(frozen=True)
class Line:
    text: str
    kind: str  # "p", "h2", one of FIELDS, or "aside"
    reason: str = ""
    block: int = 0


@dataclass(frozen=True)
class Proposal:
    headline: str = ""
    standfirst: str = ""
    byline: tuple[str, ...] = ()
    dateline: date | None = None
    section: str = ""
    lines: tuple[Line, ...] = field(default_factory=tuple)

    @property
    def set_aside(self) -> list[Line]:
        return [line for line in self.lines if line.kind == "aside"]

    @property
    def body_html(self) -> str:
        return assemble(self.lines)

    def source(self, name: str) -> str:
        """The page's line a proposed field came from ("" if none)."""
        return next((line.text for line in self.lines if line.kind == name), "")

    def to_dict(self) -> dict:
        return {
            "headline": self.headline,
            "standfirst": self.standfirst,
            "byline": list(self.byline),
            "dateline": self.dateline.isoformat() if self.dateline else None,
            "section": self.section,
            "body_html": self.body_html,
            "set_aside": [{"text": line.text, "reason": line.reason} for line in self.set_aside],
        }


def assemble(lines: tuple[Line, ...] | list[Line], *, unused: frozenset[str] = frozenset(),
             put_back: frozenset[int] = frozenset()) -> str:
    """Body HTML from the page's lines, in page order: paragraphs and subheadings, plus the lines of fields
    the reporter did not use (`unused`) and the set-aside lines put back (indexes into the set-aside list)."""
    out, aside = [], -1
    for line in lines:
        if line.kind == "aside":
            aside += 1
            if aside not in put_back:
                continue
        elif line.kind in FIELDS and line.kind not in unused:
            continue
        tag = "h2" if line.kind == "h2" else "p"
        out.append(f"<{tag}>{html_lib.escape(line.text, quote=False)}</{tag}>")
    return "".join(out)


def propose(text: str, *, filename: str = "") -> Proposal:
    text = strip_controls(text or "").replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise ImportError_("There is no text to import: the paste or file is empty.")
    if looks_like_html(text, filename):
        text = _html_as_text(text)
    return _Reader(_page_lines(text)).read()


def _html_as_text(page: str) -> str:
    body = re.search(r"<body\b[^>]*>(.*)</body\s*>", page, re.I | re.S)
    page = body.group(1) if body else page
    page = re.sub(r"<title\b[^>]*>.*?</title\s*>", "", page, flags=re.I | re.S)
    page = re.sub(r"<br\s*/?>", "\n", page, flags=re.I)
    return "\n\n".join(html_to_blocks(clean_html(page)))


def _page_lines(text: str) -> list[tuple[str, int]]:
    lines, block = [], 0
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if line:
            lines.append((line, block))
        else:
            block += 1
    return lines


# -- the shape of one line ----------------------------------------------------------------------------------


def _words(line: str) -> list[str]:
    return line.split()


def _is_paragraph(line: str) -> bool:
    n = len(_words(line))
    return n >= PARAGRAPH_WORDS or (n >= SENTENCE_WORDS and bool(_TERMINAL.search(line)))


def _title_ratio(line: str) -> float:
    words = _WORD.findall(line)
    return sum(w[0].isupper() for w in words) / len(words) if words else 0.0


def _is_lowercase_furniture(line: str) -> bool:
    return len(_words(line)) <= 6 and line == line.lower() and any(c.isalpha() for c in line) and not _TERMINAL.search(line)


def _speaks_to_reader(line: str) -> bool:
    return len(_words(line)) <= 40 and bool(_SECOND_PERSON.search(line)) and not _QUOTE.search(line)


def parse_date(line: str) -> date | None:
    """A date in the common news shapes: 2024-08-04, Aug 4, 2024, 4 August 2024 (also inside
    "Updated 10:32 GMT, 4 Aug 2024")."""
    for pattern, order in _DATES:
        for match in pattern.finditer(line):
            parts = dict(zip(order, match.groups(), strict=True))
            month = int(parts["m"]) if "m" in parts else _MONTHS.get(parts["mon"][:3].lower())
            if month is None or (len(parts.get("mon", "")) > 3 and
                                 not calendar.month_name[month].lower().startswith(parts["mon"].lower())):
                continue
            try:
                return date(int(parts["y"]), month, int(parts["d"]))
            except ValueError:
                continue
    return None


def _is_date_line(line: str) -> bool:
    return len(_words(line)) <= 10 and parse_date(line) is not None


def split_names(line: str) -> list[str]:
    """The names a byline lists, whatever their shape: "By Ann Lee and Bo Chan, Reuters" → three names."""
    return [p for p in (part.strip() for part in _NAME_SPLIT.split(_BY.sub("", line.strip()))) if p]


def byline_names(line: str) -> list[str]:
    """The names in a byline-shaped line ("By Ann Lee and Bo Chan", "Mbeki edmond"), else []."""
    if _TERMINAL.search(line) and not line.endswith("."):
        return []
    has_by = bool(_BY.match(line))
    parts = split_names(line)
    names = []
    for part in parts:
        words = part.split()
        if not (1 if has_by else 2) <= len(words) <= 4 or not all(_NAME_WORD.match(w) for w in words):
            return []
        if not words[0][0].isupper():
            return []
        names.append(part)
    return names if 1 <= len(names) <= 4 else []


def _is_headline_like(line: str) -> bool:
    n = len(_words(line))
    return 4 <= n <= 30 and not line.endswith(".") and not _IMAGE_FILE.search(line)


# -- the page ------------------------------------------------------------------------------------------------


class _Reader:
    def __init__(self, lines: list[tuple[str, int]]) -> None:
        self.texts = [t for t, _ in lines]
        self.blocks = [b for _, b in lines]
        self.kind: list[tuple[str, str]] = [("", "")] * len(lines)
        self.values: dict = {}
        counts = Counter(t.casefold() for t in self.texts)
        self.repeated = [counts[t.casefold()] > 1 for t in self.texts]

    def read(self) -> Proposal:
        self._images()
        paragraphs = [i for i, t in enumerate(self.texts)
                      if _is_paragraph(t) and not self.kind[i][0] and not _speaks_to_reader(t)]
        start = paragraphs[0] if paragraphs else len(self.texts)
        if len(paragraphs) > 1 and any(self._signs_the_story(j) for j in range(paragraphs[0] + 1, paragraphs[1])):
            start = paragraphs[1]  # a sentence above the byline or date is the standfirst
        end = self._tail_start(start)
        self._head(0, start)
        self._story(start, end)
        self._tail(end)
        lines = tuple(Line(t, k or "p", r, b) for t, (k, r), b in zip(self.texts, self.kind, self.blocks, strict=True))
        return Proposal(lines=lines, **self.values)

    def _signs_the_story(self, i: int) -> bool:
        line = self.texts[i]
        return _is_date_line(line) or (bool(_BY.match(line)) and bool(byline_names(line)))

    def _aside(self, i: int, reason: str) -> None:
        self.kind[i] = ("aside", reason)

    def _images(self) -> None:
        """File names, the lines beside them in the same block (captions, credits), and near-copies of captions."""
        captions: list[str] = []
        for i, line in enumerate(self.texts):
            if not _IMAGE_FILE.search(line) or len(_words(line)) > 6:
                continue
            self._aside(i, IMAGE_FILE)
            for j in (i - 1, i + 1):
                if 0 <= j < len(self.texts) and self.blocks[j] == self.blocks[i] and not self.kind[j][0]:
                    self._aside(j, CAPTION if len(_words(self.texts[j])) > 6 else CREDIT)
                    if len(_words(self.texts[j])) > 6:
                        captions.append(self.texts[j])
        for i, line in enumerate(self.texts):
            if not self.kind[i][0] and len(_words(line)) > 4 and any(
                fuzz.token_set_ratio(line, c) >= NEAR_DUPLICATE for c in captions
            ):
                self._aside(i, CAPTION)
                captions.append(line)
        # a credit ("Photo: Name/Agency", "© Name") and the non-sentence line above it in its block
        for i, line in enumerate(self.texts):
            if not self.kind[i][0] and len(_words(line)) <= 6 and _CREDIT.search(line):
                self._aside(i, CREDIT)
                j = i - 1
                if j >= 0 and self.blocks[j] == self.blocks[i] and not self.kind[j][0] and not _is_paragraph(self.texts[j]):
                    self._aside(j, CAPTION)
        # a short credit line in the same block as a caption
        for i in range(len(self.texts)):
            if self.kind[i] == ("aside", CAPTION):
                for j in (i - 1, i + 1):
                    if (0 <= j < len(self.texts) and self.blocks[j] == self.blocks[i] and not self.kind[j][0]
                            and len(_words(self.texts[j])) <= 8 and not _is_paragraph(self.texts[j])):
                        self._aside(j, CREDIT)

    def _tail_start(self, start: int) -> int:
        """Where the story ends: the first repeated line after it began, or a closing run of three or more short
        non-sentence lines, provided no long paragraph follows."""
        n = len(self.texts)
        candidates = [n]
        for i in range(start + 1, n):
            if self.repeated[i] and not self.kind[i][0] and not _is_paragraph(self.texts[i]):
                candidates.append(i)
                break
        i = n
        while i > start + 1 and not _is_paragraph(self.texts[i - 1]) and not _TERMINAL.search(self.texts[i - 1]):
            i -= 1
        if n - i >= 3 or n - i >= 1 and all(self.kind[j][0] or _is_lowercase_furniture(self.texts[j]) for j in range(i, n)):
            candidates.append(i)
        tail = min(candidates)
        while tail < n and any(len(_words(self.texts[j])) >= PARAGRAPH_WORDS for j in range(tail, n)):
            tail = next((j for j in range(tail + 1, n) if self.repeated[j]), n)
        return tail

    def _furniture(self, i: int) -> bool:
        line = self.texts[i]
        if self.kind[i][0]:
            return True
        if _is_lowercase_furniture(line):
            self._aside(i, FURNITURE)
        elif _speaks_to_reader(line) or self._box(i):
            self._aside(i, READER)
        else:
            return False
        return True

    def _box(self, i: int) -> bool:
        """A short line in the same block as a line that speaks to the reader (the buttons of a banner)."""
        return not _is_paragraph(self.texts[i]) and any(
            self.blocks[j] == self.blocks[i] and _speaks_to_reader(self.texts[j]) for j in range(len(self.texts))
        )

    def _head(self, start: int, end: int) -> None:
        for i in range(start, end):
            line = self.texts[i]
            if self._furniture(i):
                continue
            if _SEPARATOR_START.match(line) and len(_words(line)) <= 6:
                self._aside(i, BREADCRUMB)
            elif "dateline" not in self.values and _is_date_line(line):
                self.values["dateline"] = parse_date(line)
                self.kind[i] = ("dateline", "")
            elif "headline" not in self.values:
                if _is_headline_like(line) and not _TERMINAL.search(line):
                    self.values["headline"] = line
                    self.kind[i] = ("headline", "")
                elif len(_words(line)) <= 3 and not _TERMINAL.search(line):
                    if "section" in self.values:
                        self._aside(i, BREADCRUMB)
                    else:
                        self.values["section"] = line
                        self.kind[i] = ("section", "")
            elif "byline" not in self.values and (names := byline_names(line)):
                self.values["byline"] = tuple(names)
                self.kind[i] = ("byline", "")
            elif "standfirst" not in self.values and len(_words(line)) >= 6 and _TERMINAL.search(line):
                self.values["standfirst"] = line
                self.kind[i] = ("standfirst", "")
            else:
                self._short_line(i, end + 1)

    def _story(self, start: int, end: int) -> None:
        for i in range(start, end):
            line = self.texts[i]
            if self._furniture(i) or _is_paragraph(line):
                continue
            self._short_line(i, end)

    def _short_line(self, i: int, end: int) -> None:
        """A line in the story that is not prose: a subheading when prose follows it, else furniture or kept."""
        line = self.texts[i]
        after = i + 1 if i + 1 < end else None
        followed_by_prose = after is not None and _is_paragraph(self.texts[after]) and not self.kind[after][0]
        one_word = len(_words(line)) == 1
        if followed_by_prose and (not one_word or any(c.isdigit() for c in line)) \
                and len(_words(line)) <= SHORT_WORDS and not _TERMINAL.search(line):
            self.kind[i] = ("h2", "")
        elif one_word and not _TERMINAL.search(line):
            self._aside(i, FURNITURE)
        elif self.repeated[i]:
            self._aside(i, TEASER)

    def _tail(self, start: int) -> None:
        for i in range(start, len(self.texts)):
            if self._furniture(i):
                continue
            self._aside(i, TEASER if self.repeated[i] else RELATED)
