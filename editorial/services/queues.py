"""What needs each person: their queues, the board, the searchable list, an article's timeline."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import defer, lazyload, selectinload

from editorial import cursors
from editorial.claims import BLOCKING, VERDICTS, ClaimStatus
from editorial.database import db, unindexed
from editorial.models import Article, Assignment, Byline, Claim, ClaimMatch, CommentThread, Event, User
from editorial.permissions import Can, capabilities
from editorial.search_query import SearchQuery, parse
from editorial.services import search as full_text
from editorial.services.access import visible_filter
from editorial.services.sections import distinct_names
from editorial.workflow import State

BOARD_COLUMN_LIMIT = 50
# Cards and list rows show a piece's headline, state, section, byline and dates, never its body (which can run
# to hundreds of kilobytes, stored out of line on PostgreSQL; raiseload: a template reaching for it fails loudly),
# nor who is assigned to it (one statement less per list).
NO_BODY = (defer(Article.body_html, raiseload=True), defer(Article.body_text, raiseload=True),
           lazyload(Article.assignments),
           selectinload(Article.byline_rows).joinedload(Byline.user).lazyload(User.role_rows))  # names only
NEWEST_FIRST = (Article.updated_at.desc(), Article.id.desc())


@dataclass(frozen=True)
class Filters:
    q: str = ""
    section: str = ""
    author_id: int | None = None
    state: State | None = None

    def active(self) -> bool:
        return bool(self.q or self.section or self.author_id or self.state)

    @property
    def text(self) -> SearchQuery:
        """What `q` asks the full-text index for (empty when it holds no word)."""
        return parse(self.q)


@dataclass
class Queue:
    title: str
    articles: list[Article]
    empty: str
    key: str = ""
    state: State | None = None
    with_claims: bool = False  # its cards show the article's open claims per status
    more: MoreLink | None = None  # where the rest of a list cut short is


@dataclass(frozen=True)
class MoreLink:
    endpoint: str
    args: dict
    label: str


@dataclass
class Dashboard:
    queues: list[Queue] = field(default_factory=list)
    # article id → {status: count} of its claims still in the copy (not closed), in ClaimStatus order
    claim_counts: dict[int, dict[ClaimStatus, int]] = field(default_factory=dict)
    # article id → open comment threads on it, and how many of them block publishing
    comment_counts: dict[int, CommentCount] = field(default_factory=dict)
    # article id → its open claims that were checked before in another article (claim memory)
    matched_counts: dict[int, int] = field(default_factory=dict)

    @property
    def matched_total(self) -> int:
        return sum(self.matched_counts.values())


@dataclass(frozen=True)
class CommentCount:
    open: int
    blocking: int


def _visible(user: User, filters: Filters | None = None):
    query = sa.select(Article).where(visible_filter(user))
    if filters:
        if filters.q.strip():  # words typed: the index decides (nothing but punctuation finds nothing)
            text = filters.text
            query = query.where(full_text.article_condition(text) if text else sa.false())
        if filters.section:
            query = query.where(Article.section == filters.section)
        if filters.author_id:
            query = query.where(
                sa.or_(
                    Article.created_by_id == filters.author_id,
                    sa.exists().where(Byline.article_id == Article.id, Byline.user_id == filters.author_id),
                )
            )
        if filters.state:
            query = query.where(Article.state == filters.state)
    return query


def _mine(user: User):
    """Their own pieces, in a shape both databases answer from the indexes (ix_articles_created_by and
    ix_bylines_user_article) rather than by testing every article."""
    own = sa.union(
        sa.select(Byline.article_id).where(Byline.user_id == user.id),
        sa.select(Article.id).where(Article.created_by_id == user.id),
    )
    return Article.id.in_(own)


def _assigned_to(user: User):
    """Asked to work on the article, or on one of its claims still in the copy: a test of one article."""
    return sa.or_(
        sa.exists().where(Assignment.article_id == Article.id, Assignment.user_id == user.id),
        # one article's claims (ix_claims_article_status), not every claim the person holds (ix_claims_assigned_open)
        sa.exists().where(Claim.article_id == Article.id, unindexed(Claim.assigned_to_id) == user.id,
                          Claim.closed_at.is_(None)),
    )


def _claims_to_check(user: User):
    """Ids of the pieces where a claim assigned to this person still stops publication (unverified, in progress,
    needs a recheck, false): a range of ix_claims_assigned_open, however many claims they ever checked."""
    return sa.select(Claim.article_id).where(Claim.assigned_to_id == user.id, Claim.closed_at.is_(None),
                                             Claim.status.in_(sorted(BLOCKING)))


def _has_open_claims():
    """A claim in the copy whose status still stops publication."""
    return sa.exists().where(
        Claim.article_id == Article.id, Claim.closed_at.is_(None), Claim.status.in_(sorted(BLOCKING))
    )


def _list(query, limit: int = 50) -> list[Article]:
    return list(db.session.execute(query.options(*NO_BODY).limit(limit)).scalars())


def claim_counts(article_ids) -> dict[int, dict[ClaimStatus, int]]:
    """Claims in the copy per article and status, in one grouped query for a whole page of cards."""
    ids = sorted(set(article_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(Claim.article_id, Claim.status, sa.func.count())
        .where(Claim.article_id.in_(ids), Claim.closed_at.is_(None))
        .group_by(Claim.article_id, Claim.status)
    )
    found: dict[int, dict[ClaimStatus, int]] = {}
    for article_id, status, n in rows:
        found.setdefault(article_id, {})[ClaimStatus(status)] = n
    order = list(ClaimStatus)
    return {aid: dict(sorted(counts.items(), key=lambda kv: order.index(kv[0]))) for aid, counts in found.items()}


def comment_counts(article_ids) -> dict[int, CommentCount]:
    """Open comment threads per article (and the blocking ones), in one grouped query."""
    ids = sorted(set(article_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(CommentThread.article_id, sa.func.count(),
                  sa.func.sum(sa.case((CommentThread.blocking.is_(True), 1), else_=0)))
        .where(CommentThread.article_id.in_(ids), CommentThread.resolved_at.is_(None))
        .group_by(CommentThread.article_id)
    )
    return {aid: CommentCount(n, int(blocking or 0)) for aid, n, blocking in rows}


def dashboard(user: User) -> Dashboard:
    caps = capabilities(user.roles)
    board = Dashboard()
    oldest_first = Article.state_changed_at.asc()
    # A reporter's own pieces are few: found from their bylines and authorship, then sorted (the state is tested
    # on each, not used to read every piece of the newsroom in that state).
    own_state = unindexed(Article.state)
    if Can.WRITE in caps:
        mine = _visible(user).where(_mine(user))
        board.queues.append(
            Queue(
                "Changes requested on your pieces",
                _list(mine.where(own_state == State.CHANGES_REQUESTED).order_by(oldest_first)),
                "No piece of yours is waiting for changes.",
                "changes_requested",
                State.CHANGES_REQUESTED,
            )
        )
        board.queues.append(
            Queue(
                "Your drafts",
                _list(mine.where(own_state == State.DRAFT).order_by(Article.updated_at.desc())),
                "No drafts. Write or import one.",
                "drafts",
                State.DRAFT,
            )
        )
    if Can.EDIT_ANY in caps:
        everyone = _visible(user)
        board.queues.append(
            Queue(
                "Review queue (oldest first)",
                _list(everyone.where(Article.state == State.IN_REVIEW).order_by(oldest_first)),
                "Nothing is waiting for review.",
                "review",
                State.IN_REVIEW,
                with_claims=True,
            )
        )
        board.queues.append(
            Queue(
                "Approved, ready to publish",
                _list(everyone.where(Article.state == State.APPROVED).order_by(oldest_first)),
                "No approved pieces are waiting.",
                "approved",
                State.APPROVED,
                with_claims=True,
            )
        )
    elif Can.CHECK_FACTS in caps:
        board.queues.extend(_fact_checker_queues(user))
    if Can.WRITE in caps and Can.EDIT_ANY not in caps:
        board.queues.append(
            Queue(
                "Your pieces in review or approved",
                _list(_visible(user).where(_mine(user), own_state.in_([State.IN_REVIEW, State.APPROVED]))
                      .order_by(oldest_first)),
                "None of your pieces is in review.",
                "mine_in_review",
            )
        )
    board.claim_counts = claim_counts(a.id for q in board.queues if q.with_claims for a in q.articles)
    board.comment_counts = comment_counts(a.id for q in board.queues for a in q.articles)
    if Can.CHECK_FACTS in caps or Can.EDIT_ANY in caps:
        board.matched_counts = matched_counts(a.id for q in board.queues if q.with_claims for a in q.articles)
    return board


def matched_counts(article_ids) -> dict[int, int]:
    """Open claims per article (still to check) with a stored match that was checked in another article: the
    fact-checker may reuse that work. One grouped query."""
    ids = sorted(set(article_ids))
    if not ids:
        return {}
    earlier = sa.orm.aliased(Claim)
    rows = db.session.execute(
        sa.select(Claim.article_id, sa.func.count(sa.distinct(Claim.id)))
        .join(ClaimMatch, ClaimMatch.claim_id == Claim.id)
        .join(earlier, earlier.id == ClaimMatch.match_id)
        .where(Claim.article_id.in_(ids), Claim.closed_at.is_(None), Claim.status.in_(sorted(BLOCKING)),
               # a test on each match read, not the status index: that would read every checked claim there is
               ClaimMatch.verdict == "same", unindexed(earlier.status).in_(sorted(VERDICTS)),
               earlier.closed_at.is_(None))
        .group_by(Claim.article_id)
    )
    return {aid: n for aid, n in rows}


# Where an assigned fact-checker still has work: the piece has left the draft and is not yet published (a published
# piece only while one of their claims on it is still to check).
_BEFORE_PUBLICATION = (State.IN_REVIEW, State.CHANGES_REQUESTED, State.APPROVED)
QUEUE_LIMIT = 50
RECENTLY_PUBLISHED = 5  # the fact-checker's done work on the landing page; the rest is in the claim archive
RECENT_DAYS = 30  # ... published this recently


def _assigned_work(user: User) -> list[Article]:
    """The pieces assigned to this person that are still work, oldest first, in one statement: per state before
    publication, the oldest assigned to them off ix_articles_state_queue (a range that stops at the limit), and
    the published pieces with a claim of theirs still to check (ix_claims_assigned_open); then those few sorted.
    Never their history: a checker is assigned thousands of pieces over the years, and reading them all (and
    PostgreSQL walking every article against them) was most of this page's time."""
    visible = _visible(user)
    oldest_first = (Article.state_changed_at.asc(), Article.id.asc())
    branches = [visible.where(Article.state == state, _assigned_to(user)) for state in _BEFORE_PUBLICATION]
    branches.append(visible.where(unindexed(Article.state) == State.PUBLISHED, Article.id.in_(_claims_to_check(user))))
    ids = sa.union_all(*(
        branch.order_by(*oldest_first).limit(QUEUE_LIMIT).with_only_columns(Article.id).subquery().select()
        for branch in branches  # a subquery each: SQLite's UNION takes no LIMIT
    ))
    return _list(sa.select(Article).where(Article.id.in_(ids)).order_by(*oldest_first), QUEUE_LIMIT)


def _recently_published(user: User) -> list[Article]:
    """Their last few pieces published in the last RECENT_DAYS, newest first: ix_articles_published read backwards
    from now, each piece tested for an assignment, so at most a month of the newsroom's publishing is read."""
    since = datetime.now(UTC) - timedelta(days=RECENT_DAYS)
    return _list(
        _visible(user).where(Article.published_revision_id.is_not(None), Article.published_at >= since,
                             unindexed(Article.state) == State.PUBLISHED, _assigned_to(user))
        .order_by(Article.published_at.desc(), Article.id.desc()),
        RECENTLY_PUBLISHED,
    )


def _fact_checker_queues(user: User) -> list[Queue]:
    """First what they were asked to check and is still open, then pieces in review with claims still open, then
    the rest in review (their claim flags may still need turning into claims), oldest first; then the last few of
    their pieces published, newest first, with the claim archive (their checks) for the rest. The published
    pieces a checker was ever assigned (thousands) are history, not work: they are not listed."""
    oldest_first = (Article.state_changed_at.asc(), Article.id.asc())
    visible = _visible(user)
    assigned = _assigned_to(user)
    in_review = visible.where(Article.state == State.IN_REVIEW, sa.not_(assigned))
    return [
        Queue(
            "Assigned to you (oldest first)",
            _assigned_work(user),
            "No piece is assigned to you.",
            "assigned",
            with_claims=True,
        ),
        Queue(
            "In review with open claims (oldest first)",
            _list(in_review.where(_has_open_claims()).order_by(*oldest_first)),
            "No piece in review has claims waiting for a check.",
            "open_claims",
            with_claims=True,
        ),
        Queue(
            "In review, no open claims yet",
            _list(in_review.where(sa.not_(_has_open_claims())).order_by(*oldest_first)),
            "Nothing else is in review.",
            "review",
            State.IN_REVIEW,
            with_claims=True,
        ),
        Queue(
            f"Published in the last {RECENT_DAYS} days, assigned to you",
            _recently_published(user),
            f"Nothing assigned to you was published in the last {RECENT_DAYS} days.",
            "assigned_published",
            more=MoreLink("claims.archive", {"checker": user.id}, "Everything you checked: the claim archive"),
        ),
    ]


def board_columns(user: User, filters: Filters) -> list[tuple[State, list[Article]]]:
    """Each state's oldest BOARD_COLUMN_LIMIT, in one statement: a range of ix_articles_state_queue per column
    (UNION ALL), then their bylines, instead of three statements per column."""
    query = _visible(user, Filters(q=filters.q, section=filters.section, author_id=filters.author_id))
    states = [state for state in State if not filters.state or state == filters.state]
    oldest_first = (Article.state_changed_at.asc(), Article.id.asc())
    columns = [
        query.where(Article.state == state).order_by(*oldest_first).limit(BOARD_COLUMN_LIMIT)
        .with_only_columns(Article.id).subquery().select()  # a subquery each: SQLite's UNION takes no LIMIT
        for state in states
    ]
    rows = db.session.execute(
        sa.select(Article).where(Article.id.in_(sa.union_all(*columns))).options(*NO_BODY).order_by(*oldest_first)
    ).scalars()
    found: dict[State, list[Article]] = {state: [] for state in states}
    for article in rows:
        found[State(article.state)].append(article)
    return list(found.items())


def search(user: User, filters: Filters, *, page: int, per_page: int):
    """A page of the visible articles matching the filters: by relevance when words are searched (each
    result's `highlights` then marks them), else the last updated first. Count and page both use the index."""
    text = filters.text
    if text:
        return full_text.ranked_article_page(_visible(user, replace(filters, q="")), text, page=page,
                                             per_page=min(per_page, 100))
    # (q holding no word at all finds nothing: see _visible)
    query = _visible(user, filters).order_by(Article.updated_at.desc(), Article.id.desc())
    pagination = db.paginate(query, page=page, per_page=per_page, error_out=False, max_per_page=100)
    pagination.highlights, pagination.capped = {}, False  # as a ranked page has them
    return pagination


@dataclass(frozen=True)
class ArticlePage:
    """One page of a list read by keyset: `next_after` is the cursor of the page after it (None at the end)."""

    items: list[Article]
    next_after: str | None


def newest(user: User, filters: Filters, *, after: tuple[datetime, int] | None, per_page: int,
           with_bodies: bool = False) -> ArticlePage:
    """Articles this person may see, last updated first, from just past `after` (a decoded cursor): an index
    range from the key (ix_articles_updated, or ix_articles_state_updated for one state) whichever page it is,
    where OFFSET would read every row before the page. A search (`q`) is paged by `search`."""
    query = _visible(user, Filters(section=filters.section, author_id=filters.author_id, state=filters.state))
    if after is not None:
        moment, last_id = after
        # The first term is the index range; the second drops the rows of the same moment already shown.
        query = query.where(Article.updated_at <= moment, sa.or_(Article.updated_at < moment, Article.id < last_id))
    if not with_bodies:
        query = query.options(*NO_BODY)
    rows = list(db.session.execute(query.order_by(*NEWEST_FIRST).limit(per_page + 1)).scalars())
    items = rows[:per_page]
    return ArticlePage(items, cursor_after(items[-1]) if len(rows) > per_page else None)


def cursor_after(article: Article) -> str:
    """The cursor of the page that follows this article in the newest-first list."""
    return cursors.encode(article.updated_at, article.id)


def sections(user: User) -> list[str]:
    """The sections of the articles this person may see, for the filters: each distinct name (one index seek
    apiece) kept when one article of it is visible, rather than a DISTINCT over every visible article."""
    names = distinct_names()
    query = sa.select(names.c.name).order_by(names.c.name)
    if Can.EDIT_ANY not in capabilities(user.roles):
        query = query.where(sa.exists().where(Article.section == names.c.name, visible_filter(user)))
    return list(db.session.execute(query).scalars())


def authors() -> list[User]:
    query = sa.select(User).where(sa.exists().where(Byline.user_id == User.id)).order_by(User.display_name)
    return list(db.session.execute(query).scalars())


def timeline(article: Article) -> list[Event]:
    return list(
        db.session.execute(
            sa.select(Event).where(Event.article_id == article.id).order_by(Event.created_at.desc(), Event.id.desc())
        ).scalars()
    )


def sizes() -> dict:
    """For /metrics: articles per state and open claims per status, two indexed GROUP BY counts."""
    articles = db.session.execute(sa.select(Article.state, sa.func.count()).group_by(Article.state)).all()
    claims = db.session.execute(
        sa.select(Claim.status, sa.func.count()).where(Claim.closed_at.is_(None)).group_by(Claim.status)
    ).all()
    return {
        "articles": {state.value: 0 for state in State} | {state.value: n for state, n in articles},
        "open_claims": {status.value: 0 for status in ClaimStatus} | {status.value: n for status, n in claims},
    }
