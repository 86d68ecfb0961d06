"""Run the registered rules over an article and collect their flags."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import editorial.checks.artifact
import editorial.checks.capitalization
import editorial.checks.claims
import editorial.checks.consistency
import editorial.checks.dates
import editorial.checks.duplicate
import editorial.checks.headline
import editorial.checks.punctuation
import editorial.checks.repetition
import editorial.checks.spelling
import editorial.checks.style
import editorial.checks.wordchoice  # noqa: F401  (importing a family registers its rules)
from editorial.checks.document import Document
from editorial.checks.flags import Flag
from editorial.checks.registry import RULES, Rule
from editorial.checks.style import StyleRules

_FIELD_ORDER = {"headline": 0, "body": 1}


def check_text(
    body_text: str,
    *,
    headline: str | None = None,
    dateline: date | None = None,
    dictionary: Iterable[str] = frozenset(),
    style: StyleRules | Mapping | None = None,
    rules: Iterable[str] | None = None,
    suggestions: bool = True,
) -> list[Flag]:
    """Check an article; return its flags sorted by field (headline first) and position.

    `body_text` is blocks separated by a blank line; `dictionary` holds newsroom words and names (any case;
    "Goïta" accepts "Goïta" and "Goïta’s"); `style` is a `StyleRules` or a mapping
    `{"preferred": {wrong: right}, "banned": {phrase: reason}}` (None: the default house style);
    `rules` limits the run to these rule ids; `suggestions=False` skips spelling suggestions (the slow part).
    Body flags have `field == "body"` and offsets into `body_text`; headline flags have `field == "headline"`
    and offsets into `headline`.
    """
    words = dictionary if isinstance(dictionary, frozenset) else frozenset(dictionary)
    house = StyleRules.coerce(style)
    selected = [RULES[r] for r in rules] if rules is not None else list(RULES.values())
    body = Document(body_text, dictionary=words, dateline=dateline, style=house)
    body.cache["suggestions"] = suggestions
    body.cache["headline"] = headline or ""  # a body line repeating it is a scraped copy (duplicate.headline)
    flags = _run(body, selected)
    if headline and headline.strip():
        head = Document(
            headline, dictionary=words, dateline=dateline, style=house, field_name="headline", body=body
        )
        head.cache["suggestions"] = suggestions
        flags += _run(head, [r for r in selected if r.headline])
    flags.sort(key=lambda f: (_FIELD_ORDER[f.field], f.start, f.end, f.rule))
    return flags


def _run(doc: Document, selected: list[Rule]) -> list[Flag]:
    text, out, seen = doc.text, [], set()
    for r in selected:
        for hit in r.func(doc):
            if not 0 <= hit.start < hit.end <= len(text) or (r.id, hit.start, hit.end) in seen:
                continue
            seen.add((r.id, hit.start, hit.end))
            out.append(
                Flag(
                    rule=r.id,
                    category=r.category,
                    severity=hit.severity or r.severity,
                    start=hit.start,
                    end=hit.end,
                    text=text[hit.start : hit.end],
                    message=hit.message,
                    suggestions=tuple(hit.suggestions),
                    reasons=tuple(hit.reasons),
                    field=doc.field,
                )
            )
    return out
