"""The public site's view of an article: only its live (published) revision, never a draft."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import lazyload, load_only

from editorial import cursors
from editorial.claims import VERDICTS, ClaimStatus, Rating, rating_for
from editorial.database import db, unindexed
from editorial.models import Article, Claim, ClaimSource, Correction, Event, Revision, User
from editorial.services import corrections
from editorial.services import sections as sections_index
from editorial.services.audit import Kind
from editorial.services.errors import NotFound
from editorial.workflow import State

NOT_FOUND = "No such article."

# States an article can be in while its published revision is still live: editing a published piece sends
# it back through review, and the published revision stays up until the new one is published.
_LIVE_WHILE_REVISED = (State.IN_REVIEW, State.CHANGES_REQUESTED, State.APPROVED)


@dataclass(frozen=True)
class PublicClaim:
    claim: Claim
    status: ClaimStatus
    rating: Rating  # the newsroom's rating readers see (schema.org ratingValue and alternateName)
    sources: list[ClaimSource]  # only for verified claims, and only when the article shows sources
    updated_at: datetime | None = None  # when its status last changed while the piece was public


@dataclass(frozen=True)
class PublicArticle:
    article: Article
    revision: Revision
    authors: list[User]
    claims: list[PublicClaim]
    published_at: datetime
    updated_at: datetime | None  # when the live revision replaced the first published one
    corrections: list[Correction] = field(default_factory=list)  # oldest first, kept forever


@dataclass(frozen=True)
class RetractionNotice:
    """What the public URL of an unpublished article shows instead of its text (HTTP 410)."""

    article_id: int
    headline: str  # as last published, never a newer draft's
    published_at: datetime
    retracted_at: datetime
    public_reason: str  # "" when the editor kept the reason internal
    corrections: list[Correction]


def _live():
    """The SQL form of "its published revision is live": published, or back in review after an edit of a
    published piece, its last public move being a publish (not an unpublish). One rule for one article
    (is_live) and for every list (home, sections, feed, sitemap)."""
    last_public_move = (
        sa.select(Event.to_state)
        .where(
            Event.article_id == Article.id,
            Event.kind == Kind.TRANSITION.value,
            Event.to_state.in_([State.PUBLISHED.value, State.UNPUBLISHED.value]),
        )
        .order_by(Event.created_at.desc(), Event.id.desc())
        .limit(1)
        .correlate(Article)
        .scalar_subquery()
    )
    # Lists walk ix_articles_published (newest first) or the primary key (sitemap pages); the state is a test
    # on each row read, never an index SQLite would choose and then sort every live article from.
    state = unindexed(Article.state)
    return sa.and_(
        Article.published_revision_id.is_not(None),
        Article.published_at.is_not(None),
        sa.or_(
            state == State.PUBLISHED,
            sa.and_(state.in_(_LIVE_WHILE_REVISED), last_public_move == State.PUBLISHED.value),
        ),
    )


def live_condition():
    """The SQL condition "this article's published revision is live" (for queries in other services)."""
    return _live()


def is_live(article: Article) -> bool:
    """Published, or back in review after an edit of a published piece (its published revision still up).
    A piece that was unpublished and then went through the workflow again is not live until republished."""
    if article.published_revision_id is None or article.published_at is None:
        return False
    if article.state == State.PUBLISHED:
        return True
    if article.state not in _LIVE_WHILE_REVISED:
        return False
    return db.session.execute(sa.select(Article.id).where(Article.id == article.id, _live())).first() is not None


def live_ids(articles) -> set[int]:
    """The ids of the live ones among these articles (is_live for each), in at most one statement."""
    live, ask = set(), []
    for article in articles:
        if article.published_revision_id is None or article.published_at is None:
            continue
        if article.state == State.PUBLISHED:
            live.add(article.id)
        elif article.state in _LIVE_WHILE_REVISED:
            ask.append(article.id)
    if ask:
        live.update(db.session.execute(sa.select(Article.id).where(Article.id.in_(ask), _live())).scalars())
    return live


def published(article_id: int) -> PublicArticle:
    """What an anonymous reader may see of the article; NotFound for anything not live."""
    article = db.session.get(Article, article_id)
    if article is None or not is_live(article):
        raise NotFound(NOT_FOUND)
    revision = db.session.get(Revision, article.published_revision_id)
    if revision is None or revision.article_id != article.id:
        raise NotFound(NOT_FOUND)
    people = {u.id: u for u in db.session.execute(sa.select(User).where(User.id.in_(revision.byline))).scalars()}
    return PublicArticle(
        article=article,
        revision=revision,
        authors=[people[uid] for uid in revision.byline if uid in people],
        claims=_reviewed_claims(article, revision),
        published_at=article.published_at,
        updated_at=revision.created_at if revision.created_at > article.published_at else None,
        corrections=corrections.history(article.id),
    )


def retraction(article_id: int) -> RetractionNotice | None:
    """The notice for an article that was published and has been unpublished (and not republished since);
    None for a live article or one never published, which keep their page or their 404."""
    article = db.session.get(Article, article_id)
    if article is None or article.published_at is None or article.published_revision_id is None:
        return None
    if is_live(article):
        return None
    retracted = corrections.last_retraction(article.id)
    revision = db.session.get(Revision, article.published_revision_id)
    if retracted is None or revision is None or revision.article_id != article.id:
        return None
    return RetractionNotice(
        article_id=article.id,
        headline=revision.headline,
        published_at=article.published_at,
        retracted_at=retracted.retracted_at,
        public_reason=retracted.public_reason,
        corrections=corrections.history(article.id),
    )


def _reviewed_claims(article: Article, revision: Revision) -> list[PublicClaim]:
    """Claims with a verdict whose words are on the live page. Claims follow the current text, which may
    be a newer revision in review: a claim whose words are not in the published text is left out, and a
    claim whose verdict was reopened (needs_recheck, in_progress) has no verdict to publish."""
    rows = db.session.execute(
        sa.select(Claim).where(
            Claim.article_id == article.id, Claim.closed_at.is_(None), Claim.status.in_(sorted(VERDICTS))
        )
    ).scalars()
    text = revision.body_text
    updated = _verdicts_changed_while_live(article.id)
    found = []
    for claim in rows:
        words = claim.verified_exact or claim.exact
        position = text.find(words) if words else -1
        if position < 0:
            continue
        status = ClaimStatus(claim.status)
        rating = rating_for(current_app.config["RATING_SCALE"], status, claim.rating)
        sources = list(claim.links) if article.show_sources and status == ClaimStatus.VERIFIED else []
        found.append((position, claim.id, PublicClaim(claim, status, rating, sources, updated.get(claim.id))))
    return [item for _, _, item in sorted(found, key=lambda t: t[:2])]


def _verdicts_changed_while_live(article_id: int) -> dict[int, datetime]:
    """claim id → when its status last changed while the article was public (services/claims.update marks
    those audit events `live`): the public page dates them, so no verdict changes without a trace."""
    events = db.session.execute(
        sa.select(Event.created_at, Event.details)
        .where(Event.article_id == article_id, Event.kind == Kind.CLAIM_STATUS.value)
        .order_by(Event.created_at, Event.id)
    ).all()
    return {d["claim"]: at for at, d in events if d and d.get("live") and isinstance(d.get("claim"), int)}


FACT_CHECK_ARTICLES = 50  # the fact-check feed reads the newest live pieces with a verdict, this many


def fact_checked(limit: int = FACT_CHECK_ARTICLES) -> list[PublicArticle]:
    """The newest live pieces with at least one claim given a verdict, as their public pages show them: the
    fact-check feed has one item per reviewed claim of these (the same claims as their ClaimReview data)."""
    ids = db.session.execute(
        sa.select(Article.id)
        .where(_live(), sa.exists().where(Claim.article_id == Article.id, Claim.closed_at.is_(None),
                                          Claim.status.in_(sorted(VERDICTS))))
        .order_by(Article.published_at.desc(), Article.id.desc())
        .limit(limit)
    ).scalars().all()
    return [page for page in (published(i) for i in ids) if page.claims]


# ---- Lists: home, sections, feed, sitemap. Each reads only published revisions of live articles. ----

PER_PAGE = 20
FEED_SIZE = 30
SITEMAP_PAGE_SIZE = 2_000  # article ids per sitemap page (so at most this many URLs): p95 under 100 ms at 100,000
SITEMAP_CAP = 50_000  # URLs in one sitemap file, by sitemaps.org
# A teaser shows the published revision's headline, standfirst (the feeds' summary), section, byline and date:
# its body is never read (raiseload: a template reaching for it fails in the tests).
_TEASER_COLUMNS = load_only(Revision.id, Revision.article_id, Revision.headline, Revision.standfirst,
                            Revision.section, Revision.byline, Revision.created_at, raiseload=True)


@dataclass(frozen=True)
class Teaser:
    """One live article in a list, as published: never the text of a newer revision in review."""

    revision: Revision
    authors: list[User]
    published_at: datetime
    updated_at: datetime | None

    @property
    def article_id(self) -> int:
        return self.revision.article_id

    @property
    def last_modified(self) -> datetime:
        return self.updated_at or self.published_at


@dataclass(frozen=True)
class TeaserPage:
    """One page of a public list. `next_after` is the cursor of the page of older stories (None at the end);
    `page` is the number of an old-style numbered page (?page=N), None for a page read from a cursor."""

    items: list[Teaser]
    next_after: str | None
    page: int | None = 1

    @property
    def has_next(self) -> bool:
        return self.next_after is not None

    @property
    def deep(self) -> bool:
        """Not the newest page: it links back to the newest."""
        return self.page != 1


@dataclass(frozen=True)
class Section:
    name: str
    last_modified: datetime


# Numbered pages (?page=N, the public lists' links before cursors) are still served this far back, by OFFSET (at
# most 49 pages skipped); their "Older stories" link is a cursor, like every page after them.
MAX_NUMBERED_PAGE = 50


def latest(page: int = 1, per_page: int = PER_PAGE, sections: list[str] | None = None, *,
           after: tuple[datetime, int] | None = None) -> TeaserPage:
    """Live articles, newest first; `sections` restricts to those names (as in the published revisions).
    From just past `after` (a decoded cursor: published_at and id of the last story shown), an index range
    whichever page it is; else numbered page `page` (≤ MAX_NUMBERED_PAGE, by OFFSET). One query for the page (one
    row more tells whether there are older stories) and one for the bylines."""
    query = _teasers()
    if sections is not None:
        query = query.where(Revision.section.in_(sections))
    if after is not None:
        moment, last_id = after
        # The first term is the index range; the second drops the stories of the same moment already shown.
        query = query.where(Article.published_at <= moment, sa.or_(Article.published_at < moment,
                                                                    Article.id < last_id))
        number = None
    else:
        number = max(page, 1)
        if number > MAX_NUMBERED_PAGE:
            raise NotFound(OLD_PAGE)
        query = query.offset((number - 1) * per_page)
    rows = db.session.execute(query.limit(per_page + 1)).all()
    items = _with_authors(_own_revisions(rows[:per_page]))
    more = len(rows) > per_page and items
    return TeaserPage(items=items, next_after=cursors.encode(items[-1].published_at, items[-1].article_id)
                      if more else None, page=number)


OLD_PAGE = (f"Numbered pages go back {MAX_NUMBERED_PAGE} pages: follow “Older stories” from the newest to read "
            "further back.")


def feed(limit: int = FEED_SIZE, sections: list[str] | None = None) -> list[Teaser]:
    """The newest live articles for an Atom feed (the whole site's, or some sections')."""
    query = _teasers()
    if sections is not None:
        query = query.where(Revision.section.in_(sections))
    return _with_authors(_own_revisions(db.session.execute(query.limit(limit)).all()))


def sections() -> list[Section]:
    """The sections of live articles (by their published revisions), with when each last changed."""
    return [s for s in _section_rows() if s.name]


# The predicate of the partial index ix_articles_revised_live, word for word: SQLite uses a partial index only for
# a query that states its condition with the same literals (not bound parameters).
_REVISED_LIVE = sa.text("articles.state IN ('in_review', 'changes_requested', 'approved')")
assert {s.value for s in _LIVE_WHILE_REVISED} == {"in_review", "changes_requested", "approved"}


def section_names() -> list[str]:
    """Every section name a live article may be listed under, without reading every live article: the
    articles' current sections, and the published sections of the pieces back in review for a correction
    (which may have moved). A superset: a name whose pieces are not live gives an empty list (a 404 page)."""
    names = set(db.session.execute(sa.select(sections_index.distinct_names().c.name)).scalars())
    return sorted(names | _revised_live_sections())


# (database, newest state change, newest article) → the published sections of the pieces back in review
_REVISED_SECTIONS: dict[str, tuple[tuple, frozenset[str]]] = {}


def _revised_live_sections() -> frozenset[str]:
    """The published sections of the live pieces back in review. Reading them means reading every such piece and
    its published revision (2,500 at 100,000 generated articles: 30 ms on PostgreSQL, on every section page and
    feed), so the answer is kept in this process until an article changes state: the set changes only when a piece
    is published, sent back to review or unpublished, which all stamp state_changed_at (transitions, and the edit
    that sends a published piece back to review). Checking costs two index seeks."""
    key = tuple(db.session.execute(sa.select(
        sa.select(sa.func.max(Article.state_changed_at)).scalar_subquery(),
        sa.select(sa.func.max(Article.id)).scalar_subquery(),
    )).one())
    where = db.engine.url.render_as_string(hide_password=True)
    cached = _REVISED_SECTIONS.get(where)
    if cached is not None and cached[0] == key:
        return cached[1]
    found = frozenset(db.session.execute(
        sa.select(Revision.section)
        .join(Article, Article.published_revision_id == Revision.id)
        .where(Article.published_revision_id.is_not(None), _REVISED_LIVE, Revision.section != "")
        .distinct()
    ).scalars())
    _REVISED_SECTIONS[where] = (key, found)
    return found


def site_sections() -> tuple[list[Section], datetime | None]:
    """The sections, and when anything live last changed (the home page's last change), in one query."""
    rows = _section_rows()
    return [s for s in rows if s.name], max((s.last_modified for s in rows), default=None)


def _section_rows() -> list[Section]:
    rows = db.session.execute(
        sa.select(Revision.section, sa.func.max(Article.published_at), sa.func.max(Revision.created_at))
        .join(Article, Article.published_revision_id == Revision.id)
        .where(_live())
        .group_by(Revision.section)
        .order_by(Revision.section)
    ).all()
    return [Section(name, max(first, written)) for name, first, written in rows]


@dataclass(frozen=True)
class SitemapEntry:
    article_id: int
    headline: str
    last_modified: datetime


def sitemap_pages(page_size: int = SITEMAP_PAGE_SIZE) -> list[int]:
    """The numbers of the sitemap's article pages that hold at least one live article. Page n covers article ids
    ((n-1)·size, n·size]: a fixed range of the primary key, so every live article is on exactly one page, at most
    `size` to a page, and a page costs the same whichever it is, however much is published or withdrawn between
    a crawler's requests. A block without a live article is left out (an empty urlset is not a valid sitemap):
    one statement, an EXISTS per block that stops at the block's first live article."""
    top = (
        sa.select(sa.func.max(Article.id)).where(Article.published_revision_id.is_not(None)).scalar_subquery()
    )
    blocks = sa.select(sa.literal(1, sa.Integer).label("n")).cte("blocks", recursive=True)
    blocks = blocks.union_all(sa.select(blocks.c.n + 1).where(blocks.c.n * page_size < top))
    has_live = sa.exists().where(
        Article.id > (blocks.c.n - 1) * page_size, Article.id <= blocks.c.n * page_size, _live()
    )
    return list(db.session.execute(sa.select(blocks.c.n).where(has_live).order_by(blocks.c.n)).scalars())


def sitemap_entries(page: int, page_size: int = SITEMAP_PAGE_SIZE) -> list[SitemapEntry]:
    """The live articles of one sitemap page (see sitemap_pages): id, published headline (for the slug) and
    last change, in one query over a range of the primary key; [] for a page without any (a 404)."""
    # The later of the two times, chosen in SQL: one datetime to convert per row instead of two (most of a page's
    # time on SQLite, which hands datetimes back as text).
    last_change = sa.case((Revision.created_at > Article.published_at, Revision.created_at),
                          else_=Article.published_at)
    rows = db.session.execute(
        sa.select(Article.id, Revision.headline, last_change)
        .join(Revision, Revision.id == Article.published_revision_id)
        .where(Article.id > (page - 1) * page_size, Article.id <= page * page_size, _live())
        .order_by(Article.id)
    ).all()
    return [SitemapEntry(aid, headline, changed) for aid, headline, changed in rows]


def _teasers():
    """Joined on the published revision's id alone: a second join condition (revision.article_id = article.id)
    made PostgreSQL expect one row from the join, sort every live article and compile the plan (JIT), 300 ms at
    30,000 articles where walking ix_articles_published takes 0.1 ms. That check is made on the page's rows
    (_own_revisions)."""
    return (
        sa.select(Revision, Article.published_at, Article.id)
        .options(lazyload(Revision.author), _TEASER_COLUMNS)  # who typed the revision is not shown
        .join(Article, Article.published_revision_id == Revision.id)
        .where(_live())
        .order_by(Article.published_at.desc(), Article.id.desc())
    )


def _own_revisions(rows) -> list[tuple[Revision, datetime]]:
    """(revision, published_at) of the rows whose published revision is the article's own (it always is; a
    damaged pointer is left out rather than show another article's text)."""
    return [(revision, published_at) for revision, published_at, article_id in rows if revision.article_id == article_id]


def _with_authors(rows) -> list[Teaser]:
    """The bylines of the published revisions (user ids), loaded in one query for the whole list."""
    ids = {uid for revision, _ in rows for uid in revision.byline}
    people = (
        {
            u.id: u
            for u in db.session.execute(
                sa.select(User).where(User.id.in_(ids)).options(lazyload(User.role_rows))  # names only
            ).scalars()
        }
        if ids
        else {}
    )
    return [
        Teaser(
            revision=revision,
            authors=[people[uid] for uid in revision.byline if uid in people],
            published_at=published_at,
            updated_at=revision.created_at if revision.created_at > published_at else None,
        )
        for revision, published_at in rows
    ]
