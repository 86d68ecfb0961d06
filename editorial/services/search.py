"""Full-text search over articles, claims and sources, through the indexes the database keeps in step itself
(migration c3e8f5a1b2d4): SQLite FTS5 tables `<table>_search`, PostgreSQL `search_vector` columns.

Functions here add the search to a caller's query, or read a page of results; none writes. A score is
"lower is better" on both databases (bm25 is negative, ts_rank_cd is negated), so results sort ascending.
The syntax (words, "phrases", -left out) is editorial/search_query.py's."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from markupsafe import Markup

from editorial.claims import ClaimStatus
from editorial.database import db
from editorial.models import Article, Claim, ClaimSource, Source, User
from editorial.search_query import MARK_END, MARK_START, SearchQuery, fts5_match, has_mark, marked, parse
from editorial.services.access import review_filter

CONFIG = "editorial_search"  # PostgreSQL text search configuration: unaccent, then english stemming
# Weights: a word in the headline (summary, title) tells more than one in the standfirst, more than the body.
SQLITE_WEIGHTS = {"articles": (10.0, 4.0, 1.0), "claims": (6.0, 3.0, 1.0), "sources": (6.0, 3.0, 1.0)}
PG_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"  # D, C, B, A (the migration weighs columns A, B, C in order)
HEADLINE_OPTIONS = f"HighlightAll=true, StartSel={MARK_START}, StopSel={MARK_END}"
SNIPPET_OPTIONS = (f"StartSel={MARK_START}, StopSel={MARK_END}, MaxFragments=2, MaxWords=30, MinWords=12, "
                   'FragmentDelimiter=" … "')
SNIPPET_TOKENS = 30
RANK_WINDOW = 1000  # matches ranked at most (the newest); see _ranked_page


@dataclass
class ResultPage:
    """A page of ranked results, read like Flask-SQLAlchemy's pagination (items, page, pages, total …)."""

    items: list
    page: int
    per_page: int
    total: int
    capped: bool = False  # more matches than RANK_WINDOW: `total` counts the newest RANK_WINDOW, all ranked
    highlights: dict[int, Highlight] = field(default_factory=dict)
    headlines: dict[int, str] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(0, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None

    def __iter__(self):
        return iter(self.items)


@dataclass(frozen=True)
class Highlight:
    """A search result's headline (or summary) and a passage, as escaped HTML with matches in <mark>."""

    title: Markup
    passage: Markup


def _sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def _fts(table: str):
    return sa.table(f"{table}_search", sa.column("rowid"))


def _fts_match(table: str, query: SearchQuery):
    return sa.literal_column(f"{table}_search").op("MATCH")(fts5_match(query))


def _tsquery(query: SearchQuery):
    """The tsquery of every wanted term and none of the unwanted ones, from our own words (phraseto_tsquery
    reads no operators), in the configuration the index was built with."""
    config = sa.literal_column(f"'{CONFIG}'::regconfig")

    def term(t):
        return sa.func.phraseto_tsquery(config, " ".join(t.words))

    result = None
    for t in query.wanted:
        result = term(t) if result is None else result.op("&&")(term(t))
    for t in query.unwanted:
        result = result.op("&&")(sa.func.tsquery_not(term(t)))  # the function behind the `!!` operator
    return result


def _vector(table: str):
    return sa.literal_column(f"{table}.search_vector")


MODELS = {"articles": Article, "claims": Claim, "sources": Source}


def matching(table: str, query: SearchQuery, *, scored: bool = True):
    """SELECT id[, score] of the rows of `table` (articles, claims, sources) matching the query."""
    if _sqlite():
        fts = _fts(table)
        score = sa.func.bm25(sa.literal_column(f"{table}_search"), *SQLITE_WEIGHTS[table])
        columns = [fts.c.rowid.label("id")] + ([score.label("score")] if scored else [])
        return sa.select(*columns).where(_fts_match(table, query))
    tsq = _tsquery(query)
    score = -sa.func.ts_rank_cd(sa.literal_column(f"'{PG_WEIGHTS}'::float4[]"), _vector(table), tsq, 1)
    columns = [MODELS[table].id.label("id")] + ([score.label("score")] if scored else [])
    return sa.select(*columns).where(_vector(table).op("@@")(tsq))


def _highlight_rows(table: str, columns: tuple[str, str, str], ids: list[int], query: SearchQuery):
    """(id, first column marked whole, second marked whole, a passage of the third) for these rows."""
    if _sqlite():
        fts = f"{table}_search"
        return db.session.execute(
            sa.text(
                f"SELECT rowid, highlight({fts}, 0, :start, :end), highlight({fts}, 1, :start, :end),"
                f" snippet({fts}, 2, :start, :end, '…', :tokens) FROM {fts}"
                f" WHERE {fts} MATCH :match AND rowid IN :ids"
            ).bindparams(sa.bindparam("ids", expanding=True)),
            {"start": MARK_START, "end": MARK_END, "tokens": SNIPPET_TOKENS, "match": fts5_match(query), "ids": ids},
        ).all()
    tsq = _tsquery(query)
    config = sa.literal_column(f"'{CONFIG}'::regconfig")
    model = MODELS[table]
    first, second, third = (getattr(model, c) for c in columns)
    return db.session.execute(
        sa.select(
            model.id,
            sa.func.ts_headline(config, first, tsq, HEADLINE_OPTIONS),
            sa.func.ts_headline(config, sa.func.coalesce(second, ""), tsq, HEADLINE_OPTIONS),
            sa.func.ts_headline(config, sa.func.coalesce(third, ""), tsq, SNIPPET_OPTIONS),
        ).where(model.id.in_(ids))
    ).all()


# ---- articles ---------------------------------------------------------------------------------------------


def article_condition(query: SearchQuery):
    """A WHERE clause for any select over articles: the article matches the query."""
    if _sqlite():
        return Article.id.in_(sa.select(_fts("articles").c.rowid).where(_fts_match("articles", query)))
    return _vector("articles").op("@@")(_tsquery(query))


def _matching(table: str, select: sa.Select, query: SearchQuery):
    """`select` (over `table`, selecting its id) narrowed to matches; the relevance score; the column that
    orders matches newest first through the index itself."""
    model = MODELS[table]
    if _sqlite():
        fts = _fts(table)
        score = sa.func.bm25(sa.literal_column(f"{table}_search"), *SQLITE_WEIGHTS[table])
        return select.join(fts, fts.c.rowid == model.id).where(_fts_match(table, query)), score, fts.c.rowid
    tsq = _tsquery(query)
    vector = _vector(table)
    score = -sa.func.ts_rank_cd(sa.literal_column(f"'{PG_WEIGHTS}'::float4[]"), vector, tsq, 1)
    return select.where(vector.op("@@")(tsq)), score, model.id


def _ranked_page(model, branches, *, page: int, per_page: int) -> tuple[list[int], int, bool]:
    """Ids of one page of matches, best first, the last changed first among equals; the total; whether it
    was capped. `branches` are (select of the matching ids, score or None for "matched, unranked", the
    column ordering them newest first through the index).

    Ranking reads every match it ranks, so only the newest RANK_WINDOW matches are ranked and counted (a
    word in most pieces would otherwise cost a pass over the whole newsroom); `capped` says there were more."""
    windows = [sa.select(w.c.id) for w in (
        m.order_by(newest.desc()).limit(RANK_WINDOW).subquery() for m, _, newest in branches)]
    either = (sa.union(*windows) if len(windows) > 1 else windows[0]).subquery()
    newest_ids = sa.select(either.c.id).order_by(either.c.id.desc()).limit(RANK_WINDOW).subquery()
    total, oldest = db.session.execute(sa.select(sa.func.count(), sa.func.min(newest_ids.c.id))).one()
    capped = total == RANK_WINDOW and any(
        db.session.execute(m.where(newest < oldest).limit(1)).first() is not None for m, _, newest in branches)
    # Each branch holds RANK_WINDOW rows at most here; the LIMIT also keeps SQLite from flattening the
    # subquery into the grouping, where bm25() cannot run.
    scored = [sa.select(w.c.id, w.c.score) for w in (
        (m.where(newest >= oldest) if capped else m).add_columns(
            (sa.literal(0.0) if score is None else score).label("score")).limit(RANK_WINDOW).subquery()
        for m, score, newest in branches)]
    both = (sa.union_all(*scored) if len(scored) > 1 else scored[0]).subquery()
    ranked = sa.select(both.c.id, sa.func.min(both.c.score).label("score")).group_by(both.c.id).subquery()
    ids = db.session.execute(
        sa.select(model.id).join(ranked, ranked.c.id == model.id)
        .order_by(ranked.c.score, model.updated_at.desc(), model.id.desc())
        .limit(per_page).offset((page - 1) * per_page)).scalars().all()
    return list(ids), total, capped


def _load(model, ids: list[int]) -> list:
    found = {row.id: row for row in db.session.execute(sa.select(model).where(model.id.in_(ids))).scalars()} \
        if ids else {}
    return [found[i] for i in ids]


def ranked_article_page(select: sa.Select, query: SearchQuery, *, page: int, per_page: int) -> ResultPage:
    """One page of the articles of `select` (over Article, filtered, unordered) that match: best first, the
    last updated first among equals; the newest RANK_WINDOW matches at most (see _ranked_page)."""
    branch = _matching("articles", select.with_only_columns(Article.id.label("id")), query)
    ids, total, capped = _ranked_page(Article, [branch], page=page, per_page=per_page)
    return ResultPage(_load(Article, ids), page, per_page, total, capped, article_highlights(ids, query))


def article_highlights(ids: list[int], query: SearchQuery) -> dict[int, Highlight]:
    """Marked headline and passage for one page of results (never for every match: snippets cost). The
    passage is from the body, or the standfirst when only it holds a match."""
    if not ids or not query:
        return {}
    found = {}
    for article_id, headline, standfirst, body in _highlight_rows(
            "articles", ("headline", "standfirst", "body_text"), ids, query):
        passage = body if has_mark(body) or not has_mark(standfirst) else standfirst
        found[article_id] = Highlight(marked(headline), marked(passage))
    return found


# ---- claims and sources -----------------------------------------------------------------------------------


def claim_highlights(ids: list[int], query: SearchQuery) -> dict[int, Highlight]:
    """Marked summary and passage (the quoted text, or the notes when only they match) for a page of claims
    found by their own words; those found through a source only have none."""
    if not ids or not query:
        return {}
    found = {}
    for claim_id, summary, exact, notes in _highlight_rows("claims", ("summary", "exact", "notes"), ids, query):
        if has_mark(summary) or has_mark(exact) or has_mark(notes):
            passage = notes if has_mark(notes) and not has_mark(exact) else exact
            found[claim_id] = Highlight(marked(summary), marked(passage))
    return found


def claims_page(user: User, q: str, status: ClaimStatus | None, *, page: int, per_page: int):
    """The claims on pieces whose review record this person may read (permissions.can_read_review), with this
    status, matching the words: by their summary, quoted words or notes (ranked), or through a source's
    title, publisher or URL (after those); else the last changed first. The page also carries `highlights`
    (claim id → marked words) and `headlines` (article id → its headline)."""
    query = sa.select(Claim).join(Article, Article.id == Claim.article_id).where(review_filter(user))
    if status is not None:
        query = query.where(Claim.status == status)
    text = parse(q)
    if text:
        ids_only = query.with_only_columns(Claim.id.label("id"))
        own = _matching("claims", ids_only, text)
        via_sources = (ids_only.where(Claim.id.in_(sa.select(ClaimSource.claim_id).where(
            ClaimSource.source_id.in_(matching("sources", text, scored=False))))), None, Claim.id)
        ids, total, capped = _ranked_page(Claim, [own, via_sources], page=page, per_page=per_page)
        result = ResultPage(_load(Claim, ids), page, per_page, total, capped, claim_highlights(ids, text))
    else:
        if q.strip():
            query = query.where(sa.false())  # punctuation alone: nothing to search for
        result = db.paginate(query.order_by(Claim.updated_at.desc(), Claim.id.desc()), page=page,
                             per_page=per_page, error_out=False, max_per_page=100)
        result.highlights, result.capped = {}, False
    article_ids = sorted({c.article_id for c in result.items})
    result.headlines = dict(db.session.execute(
        sa.select(Article.id, Article.headline).where(Article.id.in_(article_ids))).all()) if article_ids else {}
    return result


def sources(q: str, *, limit: int = 20) -> list[Source]:
    """The source library: matches of title, publisher and URL words, best first; the newest without words."""
    query = sa.select(Source)
    text = parse(q)
    if text:
        ranked = matching("sources", text).subquery()
        query = query.join(ranked, ranked.c.id == Source.id).order_by(ranked.c.score, Source.created_at.desc())
    else:
        if (q or "").strip():
            query = query.where(sa.false())
        query = query.order_by(Source.created_at.desc())
    return list(db.session.execute(query.limit(limit)).scalars())
