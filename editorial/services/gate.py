"""The pre-publish gate: what stands between an approved article and publication.

One function computes the blockers; the publish transition enforces them and the UI lists them.
Later features (copy-desk flags, claims) add their own blocker sources with `register`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from editorial.models import Article


@dataclass(frozen=True)
class Blocker:
    code: str
    message: str
    field: str | None = None  # the form field or anchor a link should point at


BlockerSource = Callable[[Article], list[Blocker]]
_sources: list[BlockerSource] = []


def register(source: BlockerSource) -> BlockerSource:
    _sources.append(source)
    return source


def blockers(article: Article) -> list[Blocker]:
    found: list[Blocker] = []
    for source in _sources:
        found.extend(source(article))
    return found


@register
def required_fields(article: Article) -> list[Blocker]:
    missing = []
    if not article.headline.strip():
        missing.append(Blocker("missing_headline", "The headline is empty.", "headline"))
    if not article.body_text.strip():
        missing.append(Blocker("missing_body", "The body is empty.", "body_html"))
    if not article.byline_rows:
        missing.append(Blocker("missing_byline", "Nobody is on the byline.", "byline"))
    if not article.section.strip():
        missing.append(Blocker("missing_section", "No section is chosen.", "section"))
    return missing
