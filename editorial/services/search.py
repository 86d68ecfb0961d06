"""Full-text search over articles, claims and sources, through the indexes the database keeps in step itself
(migration c3e8f5a1b2d4): SQLite FTS5 tables `<table>_search`, PostgreSQL `search_vector` columns.

Every function here returns SQL pieces for a caller's query or reads one page; none writes. A score is
"lower is better" on both databases (bm25 is negative, ts_rank_cd is negated), so callers sort ascending."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from markupsafe import Markup

from editorial.database import db
from editorial.models import Article, Claim, ClaimSource, Source
from editorial.search_query import MARK_END, MARK_START, SearchQuery, fts5_match, has_mark, marked

CONFIG = "editorial_search"  # PostgreSQL text search configuration: unaccent, then english stemming
# Weights: a word in the headline (summary, title) tells more than one in the standfirst, more than the body.
SQLITE_WEIGHTS = {"articles": (10.0, 4.0, 1.0), "claims": (6.0, 3.0, 1.0), "sources": (6.0, 3.0, 1.0)}
PG_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"  # D, C, B, A (the migration weighs columns A, B, C in order)
HEADLINE_OPTIONS = f"HighlightAll=true, StartSel={MARK_START}, StopSel={MARK_END}"
SNIPPET_OPTIONS = (f"StartSel={MARK_START}, StopSel={MARK_END}, MaxFragments=2, MaxWords=30, MinWords=12, "
                   'FragmentDelimiter=" … "')
SNIPPET_TOKENS = 30


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


def matching_ids(table: str, query: SearchQuery):
    """SELECT id, score of the rows of `table` (articles, claims, sources) matching the query."""
    if _sqlite():
        fts = _fts(table)
        score = sa.func.bm25(sa.literal_column(f"{table}_search"), *SQLITE_WEIGHTS[table])
        return sa.select(fts.c.rowid.label("id"), score.label("score")).where(_fts_match(table, query))
    model = {"articles": Article, "claims": Claim, "sources": Source}[table]
    tsq = _tsquery(query)
    score = -sa.func.ts_rank_cd(sa.literal_column(f"'{PG_WEIGHTS}'::float4[]"), _vector(table), tsq, 1)
    return sa.select(model.id.label("id"), score.label("score")).where(_vector(table).op("@@")(tsq))


# ---- articles ---------------------------------------------------------------------------------------------


def article_condition(query: SearchQuery):
    """A WHERE clause for any select over articles: the article matches the query."""
    if _sqlite():
        return Article.id.in_(sa.select(_fts("articles").c.rowid).where(_fts_match("articles", query)))
    return _vector("articles").op("@@")(_tsquery(query))


def ranked_articles(select: sa.Select, query: SearchQuery) -> sa.Select:
    """`select` (over Article) narrowed to matches, best first, the newest first among equals."""
    if _sqlite():
        fts = _fts("articles")
        score = sa.func.bm25(sa.literal_column("articles_search"), *SQLITE_WEIGHTS["articles"])
        select = select.join(fts, fts.c.rowid == Article.id).where(_fts_match("articles", query))
    else:
        tsq = _tsquery(query)
        vector = _vector("articles")
        score = -sa.func.ts_rank_cd(sa.literal_column(f"'{PG_WEIGHTS}'::float4[]"), vector, tsq, 1)
        select = select.where(vector.op("@@")(tsq))
    return select.order_by(score, Article.updated_at.desc(), Article.id.desc())


def article_highlights(ids: list[int], query: SearchQuery) -> dict[int, Highlight]:
    """Marked headline and passage for one page of results (never for every match: snippets cost)."""
    if not ids or not query:
        return {}
    if _sqlite():
        rows = db.session.execute(
            sa.text(
                "SELECT rowid, highlight(articles_search, 0, :start, :end), highlight(articles_search, 1, :start, :end),"
                " snippet(articles_search, 2, :start, :end, '…', :tokens) FROM articles_search"
                " WHERE articles_search MATCH :match AND rowid IN :ids"
            ).bindparams(sa.bindparam("ids", expanding=True)),
            {"start": MARK_START, "end": MARK_END, "tokens": SNIPPET_TOKENS, "match": fts5_match(query), "ids": ids},
        )
    else:
        tsq = _tsquery(query)
        config = sa.literal_column(f"'{CONFIG}'::regconfig")
        rows = db.session.execute(
            sa.select(
                Article.id,
                sa.func.ts_headline(config, Article.headline, tsq, HEADLINE_OPTIONS),
                sa.func.ts_headline(config, Article.standfirst, tsq, HEADLINE_OPTIONS),
                sa.func.ts_headline(config, Article.body_text, tsq, SNIPPET_OPTIONS),
            ).where(Article.id.in_(ids))
        )
    found = {}
    for article_id, headline, standfirst, body in rows:
        passage = body if has_mark(body) or not has_mark(standfirst) else standfirst
        found[article_id] = Highlight(marked(headline), marked(passage))
    return found
