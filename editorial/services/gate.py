"""The pre-publish gate: what stands between an article and publication.

One function, `readiness()`, computes the checklist; the article page shows it, the publish transition and
`publish-due` enforce it. Each line knows whether an editor may publish over it with a reason (open flags and
claims) or never (required fields, approval: an empty headline never goes out).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from editorial.database import db
from editorial.models import Article, Revision
from editorial.services import claims, comments, copydesk


@dataclass(frozen=True)
class Blocker:
    code: str
    message: str
    field: str | None = None  # the form field or anchor a link should point at


@dataclass(frozen=True)
class Line:
    """One line of the readiness checklist: ok when nothing blocks it."""

    key: str
    label: str
    blockers: tuple[Blocker, ...]
    overridable: bool

    @property
    def ok(self) -> bool:
        return not self.blockers

    @property
    def status(self) -> str:
        return "ok" if self.ok else "blocking"


@dataclass(frozen=True)
class Readiness:
    lines: tuple[Line, ...]

    @property
    def ready(self) -> bool:
        return all(line.ok for line in self.lines)

    @property
    def blockers(self) -> list[Blocker]:
        return [b for line in self.lines for b in line.blockers]

    @property
    def overridable(self) -> list[Blocker]:
        """Blockers an editor may publish over by giving a reason."""
        return [b for line in self.lines if line.overridable for b in line.blockers]

    @property
    def hard(self) -> list[Blocker]:
        """Blockers nobody may publish over."""
        return [b for line in self.lines if not line.overridable for b in line.blockers]


def readiness(article: Article, flags: list[copydesk.ArticleFlag] | None = None, *, article_claims=None,
              threads=None) -> Readiness:
    """The readiness checklist; pass the article's flags, claims (claims.for_article) and comment threads
    (comments.for_article) when a page has read them already."""
    if flags is None:
        flags = copydesk.article_flags(article)
    return Readiness(
        (
            Line("fields", "Required fields filled", tuple(required_fields(article)), overridable=False),
            Line("flags", "No open error or warning flags", tuple(open_flags(article, flags)), overridable=True),
            Line("claims", "Every claim resolved", tuple(unchecked_claims(article, flags, article_claims)),
                 overridable=True),
            Line("comments", "No unresolved blocking comments", tuple(blocking_comments(article, threads)),
                 overridable=False),
            Line("approved", "Approved by an editor", tuple(not_approved(article)), overridable=False),
            Line("current", "The approved revision is the current one", tuple(stale_approval(article)),
                 overridable=False),
        )
    )


def blockers(article: Article, flags: list[copydesk.ArticleFlag] | None = None) -> list[Blocker]:
    """What the content itself still needs (fields, flags, claims, blocking comments), whatever the workflow
    state."""
    if flags is None:
        flags = copydesk.article_flags(article)
    return (required_fields(article) + open_flags(article, flags) + unchecked_claims(article, flags)
            + blocking_comments(article))


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
        flags = copydesk.article_flags(article)
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


def unchecked_claims(article: Article, flags: list[copydesk.ArticleFlag], article_claims=None) -> list[Blocker]:
    """Claims not yet given a publishable verdict, orphaned claims, and claim flags nobody has taken up."""
    return [Blocker(code, message, anchor)
            for code, message, anchor in claims.gate_blockers(article, flags, article_claims)]


def blocking_comments(article: Article, threads=None) -> list[Blocker]:
    """Open threads an editor marked blocking. Not overridable: an editor who may publish over them may as
    well resolve them, and the resolution is what the thread's author needs to see."""
    return [Blocker(code, message, anchor) for code, message, anchor in comments.gate_blockers(article, threads)]


def not_approved(article: Article) -> list[Blocker]:
    if article.approved_revision_id is None:
        return [Blocker("not_approved", "No editor has approved this text yet.", "actions")]
    return []


def stale_approval(article: Article) -> list[Blocker]:
    """The approved revision must be the one that would go out; an edit after approval clears it."""
    if article.approved_revision_id is None:
        return [Blocker("no_approved_revision", "There is no approved revision to compare with.", "actions")]
    if article.approved_revision_id != current_revision_id(article):
        return [Blocker("stale_approval", "The text changed after it was approved: it needs a fresh review.",
                        "history")]
    return []


def current_revision_id(article: Article) -> int | None:
    return db.session.execute(
        sa.select(Revision.id).where(Revision.article_id == article.id, Revision.number == article.version)
    ).scalar_one_or_none()
