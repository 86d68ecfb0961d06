"""The pre-publish gate: what stands between an approved article and publication.

One function computes the blockers; the publish transition enforces them and the UI lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

from editorial.models import Article
from editorial.services import claims, copydesk


@dataclass(frozen=True)
class Blocker:
    code: str
    message: str
    field: str | None = None  # the form field or anchor a link should point at


def blockers(article: Article, flags: list[copydesk.ArticleFlag] | None = None) -> list[Blocker]:
    """Everything that blocks publishing; pass the article's flags when already computed."""
    if flags is None:
        flags = copydesk.article_flags(article, suggestions=False)
    return required_fields(article) + open_flags(article, flags) + unchecked_claims(article, flags)


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


def open_flags(article: Article, flags: list[copydesk.ArticleFlag] | None = None) -> list[Blocker]:
    """Copy-desk flags of severity error or warning that are neither fixed nor dismissed."""
    if flags is None:
        flags = copydesk.article_flags(article, suggestions=False)
    return [
        Blocker(
            "open_flag",
            f"Open {f.flag.severity}{' in the headline' if f.flag.field == 'headline' else ''}: "
            f"{f.flag.message} (“{f.flag.text[:60]}”)",
            f"flag-{f.key}",
        )
        for f in flags
        if f.blocking
    ]


def unchecked_claims(article: Article, flags: list[copydesk.ArticleFlag]) -> list[Blocker]:
    """Claims not yet given a publishable verdict, orphaned claims, and claim flags nobody has taken up."""
    return [Blocker(code, message, anchor) for code, message, anchor in claims.gate_blockers(article, flags)]
