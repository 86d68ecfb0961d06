"""Precision and recall of the copy-desk checks per category, on the labelled corpus in tests/checks/corpus/.

    python bench/precision_recall.py [--verbose]

Corpus format (one `.txt` per article):
    headline: <headline>
    dateline: YYYY-MM-DD
    ---
    <body: paragraphs separated by a blank line>

A planted error (or a statement a fact-checker should verify) is marked inline as `{{category|text}}`; markers
nest and may span paragraphs, and the headline may hold them too. The loader strips them, so the checked text
is the article as a reporter would file it, and records each label's category, field and exact span.

Counting rule:
- A flag's category is its rule's category, except `spelling.verify-name` (info: "verify this name"), which is
  counted as its own category, `name`. Claim flags (`claim.statement`, `claim.conflicting-figures`) are
  category `claim`; claim labels mark what a fact-checker should see: figures, direct quotes, attributed
  statements, dated events, superlatives.
- A flag is a true positive when a label of the same category, in the same field (headline or body), overlaps
  its span; otherwise it is a false positive. A label is found when at least one flag matches it.
  Precision = true-positive flags / flags; recall = labels found / labels.
- `name` has no labels (every name in the corpus is written as its owner writes it): a verify-name flag is
  counted wrong only when it sits on a planted word-level error (spelling, repetition, capitalization,
  consistency), i.e. a typo or a variant taken for a name. Its recall is not measured.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from editorial.checks import CATEGORIES, Flag, check_text  # noqa: E402

CORPUS = ROOT / "tests" / "checks" / "corpus"
_OPEN = re.compile(r"\{\{([a-z]+)\|")
NAME = "name"  # the category of verify-name flags
WORD_ERRORS = (
    "spelling",
    "repetition",
    "capitalization",
    "consistency",
)  # a name flag on one of these is wrong


@dataclass(frozen=True)
class Label:
    category: str
    field: str  # "headline" or "body"
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Article:
    name: str
    headline: str
    dateline: date | None
    body: str
    labels: tuple[Label, ...]


def strip_markers(marked: str, field: str) -> tuple[str, list[Label]]:
    """The text without `{{category|…}}` markers, and a label for each marker (nesting allowed)."""
    out: list[str] = []
    length, stack, labels, pos = 0, [], [], 0
    while pos < len(marked):
        m = _OPEN.match(marked, pos)
        if m:
            if m[1] not in CATEGORIES:
                raise ValueError(f"unknown category {m[1]!r} in a marker")
            stack.append((m[1], length))
            pos = m.end()
        elif marked.startswith("}}", pos) and stack:
            category, start = stack.pop()
            labels.append((category, start, length))
            pos += 2
        else:
            out.append(marked[pos])
            length += 1
            pos += 1
    if stack:
        raise ValueError(f"unclosed marker {stack[-1][0]!r}")
    text = "".join(out)
    return text, [Label(c, field, s, e, text[s:e]) for c, s, e in labels]


def load(path: Path) -> Article:
    raw = path.read_text(encoding="utf-8")
    header, _sep, body = raw.partition("\n---\n")
    fields = dict(line.split(": ", 1) for line in header.splitlines() if ": " in line)
    headline, head_labels = strip_markers(fields.get("headline", ""), "headline")
    text, body_labels = strip_markers(body.strip("\n"), "body")
    day = date.fromisoformat(fields["dateline"]) if "dateline" in fields else None
    return Article(path.stem, headline, day, text, tuple(head_labels + body_labels))


def corpus(directory: Path = CORPUS) -> list[Article]:
    return [load(p) for p in sorted(directory.glob("*.txt"))]


def category_of(flag: Flag) -> str:
    return NAME if flag.rule == "spelling.verify-name" else flag.category


def _overlaps(flag: Flag, label: Label) -> bool:
    return flag.field == label.field and flag.start < label.end and label.start < flag.end


def evaluate(articles: list[Article] | None = None) -> dict[str, dict[str, float | int | None]]:
    """Per category: flags, true positives, labels, labels found, precision and recall (None when undefined)."""
    articles = corpus() if articles is None else articles
    stats = {c: {"flags": 0, "tp": 0, "labels": 0, "found": 0} for c in (*CATEGORIES, NAME)}
    for article in articles:
        flags = check_text(article.body, headline=article.headline or None, dateline=article.dateline)
        for flag in flags:
            category = category_of(flag)
            stats[category]["flags"] += 1
            if category == NAME:
                wrong = any(
                    label.category in WORD_ERRORS and _overlaps(flag, label) for label in article.labels
                )
                stats[category]["tp"] += not wrong
            else:
                stats[category]["tp"] += any(
                    label.category == category and _overlaps(flag, label) for label in article.labels
                )
        for label in article.labels:
            stats[label.category]["labels"] += 1
            stats[label.category]["found"] += any(
                category_of(f) == label.category and _overlaps(f, label) for f in flags
            )
    out: dict[str, dict[str, float | int | None]] = {}
    for category, s in stats.items():
        precision = s["tp"] / s["flags"] if s["flags"] else None
        recall = s["found"] / s["labels"] if s["labels"] and category != NAME else None
        out[category] = {**s, "precision": precision, "recall": recall}
    return out


def misses_and_false_alarms(articles: list[Article] | None = None) -> list[str]:
    """Human-readable lines: labels no flag found, and flags no label explains."""
    lines = []
    for article in corpus() if articles is None else articles:
        flags = check_text(article.body, headline=article.headline or None, dateline=article.dateline)
        for label in article.labels:
            if not any(category_of(f) == label.category and _overlaps(f, label) for f in flags):
                lines.append(f"MISS  {article.name}: {label.category} “{label.text[:60]}”")
        for f in flags:
            category = category_of(f)
            if category == NAME:
                if any(label.category in WORD_ERRORS and _overlaps(f, label) for label in article.labels):
                    lines.append(f"FALSE {article.name}: name “{f.text}” ({f.rule})")
            elif not any(label.category == category and _overlaps(f, label) for label in article.labels):
                lines.append(f"FALSE {article.name}: {category} “{f.text[:60]}” ({f.rule})")
    return lines


def _pct(value: float | int | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def table(result: dict[str, dict[str, float | int | None]]) -> str:
    rows = [
        "| category | labels | found | flags | true flags | precision | recall |",
        "|---|---|---|---|---|---|---|",
    ]
    for category, s in result.items():
        rows.append(
            f"| {category} | {s['labels']} | {s['found']} | {s['flags']} | {s['tp']} | "
            f"{_pct(s['precision'])} | {_pct(s['recall'])} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--verbose", action="store_true", help="list every miss and false alarm")
    args = parser.parse_args()
    articles = corpus()
    words = sum(len(a.body.split()) for a in articles)
    print(f"{len(articles)} articles, {words} words, {sum(len(a.labels) for a in articles)} labels\n")
    print(table(evaluate(articles)))
    if args.verbose:
        print()
        print("\n".join(misses_and_false_alarms(articles)))


if __name__ == "__main__":
    main()
