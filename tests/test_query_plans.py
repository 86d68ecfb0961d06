"""Every list reads its rows off an index in the order it shows them: no scan of a whole table, no sort of every
row of a state. The statements are the ones the services really run (captured as they execute), asked for
their plan. SQLite (EXPLAIN QUERY PLAN), which plans without statistics as it does in production, must name the
index meant for each list. PostgreSQL (EXPLAIN, sequential scans and sorts priced out: on a table of a few rows
it would rightly prefer them) must serve each list from some index, in order; which of two fitting indexes it
picks on a few rows depends on the statistics of the moment, so it is not named there. A change to a query that
loses its index fails here, not in production at 100,000 articles."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from editorial import cursors
from editorial.database import db
from editorial.models import Article
from editorial.services import articles, claims, notifications, public, queues, transitions
from editorial.workflow import State


def _run(fn) -> list[tuple[str, object]]:
    """The statements (with their parameters) that fn runs."""
    seen: list[tuple[str, object]] = []

    def grab(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", grab)
    try:
        fn()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", grab)
    return seen


def _plan(statement: str, parameters, *, sort_allowed: bool = False) -> str:
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            return "\n".join(row[-1] for row in rows)
        conn.exec_driver_sql("SET enable_seqscan = off")
        if not sort_allowed:
            conn.exec_driver_sql("SET enable_sort = off")
        return "\n".join(row[0] for row in conn.exec_driver_sql("EXPLAIN " + statement, parameters).all())


def _plans(fn, table_and_order: str, *, sort_allowed: bool = False) -> list[str]:
    """Plans of the statements fn runs whose SQL matches the regular expression (at least one must)."""
    found = [_plan(s, p, sort_allowed=sort_allowed) for s, p in _run(fn)
             if re.search(table_and_order, " ".join(s.split()), re.S)]
    assert found, f"no statement matched {table_and_order!r}"
    return found


def _uses(plan: str, index: str) -> bool:
    """SQLite: this index. PostgreSQL: an index (see the module's docstring)."""
    if db.engine.dialect.name == "sqlite":
        return index in plan
    return bool(re.search(r"Index (Only )?Scan", plan))


def _assert_served_by(plan: str, index: str) -> None:
    assert _uses(plan, index), plan
    if db.engine.dialect.name == "sqlite":
        assert "TEMP B-TREE" not in plan, plan  # a sort (or a DISTINCT) of every row found
        # "SCAN t USING INDEX i" walks an index in the list's order and stops after the page; a bare SCAN reads
        # the whole table.
        assert not re.search(r"^SCAN (articles|notifications|events|claims|revisions)$", plan, re.M), plan
    else:
        # A sort in the list itself reads every row before the page; a SubPlan's (the live check's look at one
        # piece's own events, for pieces back in review) is per row and small, and on tiny tables PostgreSQL
        # may pick it by the statistics of the moment. An Incremental Sort over an index already in the list's
        # first key sorts only rows of equal keys and stops with the LIMIT: allowed.
        assert not _full_sort(_outside_subplans(plan)), plan
        assert "Seq Scan on" not in plan, plan


def _full_sort(plan: str) -> bool:
    """A Sort node (not an Incremental Sort) in an EXPLAIN text."""
    return bool(re.search(r"^\s*(->\s+)?Sort\s+\(", plan, re.M))


def _outside_subplans(plan: str) -> str:
    """The EXPLAIN text without the nodes under each `SubPlan` line (those indented deeper than it)."""
    kept, depth = [], None
    for line in plan.splitlines():
        indent = len(line) - len(line.lstrip())
        if depth is not None and indent > depth:
            continue
        depth = indent if line.strip().startswith("SubPlan") else None
        kept.append(line)
    return "\n".join(kept)


@pytest.fixture
def newsroom_at_work(newsroom, make_article):
    """Something in every list: drafts, a piece in review with a claim, one published, notifications."""
    rita, ed = newsroom["rita"], newsroom["ed"]
    draft = make_article(rita, headline="A draft")
    in_review = make_article(rita, headline="In review")
    transitions.transition(rita, in_review.id, "in_review")
    claims.create(ed, in_review.id, exact="Wagner fighters", summary="Wagner was there")
    live = make_article(newsroom["rob"], headline="Live")
    for who, to in ((newsroom["rob"], "in_review"), (ed, "approved"), (ed, "published")):
        transitions.transition(who, live.id, to)
    return {"draft": draft, "in_review": in_review, "live": live}


ORDERED_BY_STATE_CHANGE = r"FROM articles .* ORDER BY articles\.state_changed_at"


def test_editor_queues_read_the_state_index_in_order(newsroom, newsroom_at_work):
    plans = _plans(lambda: queues.dashboard(newsroom["ed"]), ORDERED_BY_STATE_CHANGE)
    assert len(plans) == 3  # changes requested on their own pieces (editors write too), review, approved
    for plan in plans[1:]:
        _assert_served_by(plan, "ix_articles_state_queue")


def test_fact_checker_queues_read_the_state_index(newsroom, newsroom_at_work):
    plans = _plans(lambda: queues.dashboard(newsroom["fay"]), ORDERED_BY_STATE_CHANGE)
    assert len(plans) == 3
    for plan in plans[1:]:  # in review, with and without open claims
        _assert_served_by(plan, "ix_articles_state_queue")
        assert _uses(plan, "ix_claims_article_status"), plan
    # What they were asked to check and is still open: per state before publication, a range of the state index
    # tested for their assignment (it stops at the limit); the published pieces with a claim of theirs to check from
    # ix_claims_assigned_open; only those few rows are sorted. Never their whole history, nor every claim.
    work = plans[0]
    assert "UNION ALL" in _run(lambda: queues._assigned_work(newsroom["fay"]))[0][0]
    assert _uses(work, "ix_articles_state_queue") and _uses(work, "ix_claims_assigned_open"), work
    if db.engine.dialect.name == "sqlite":
        assert work.count("USING COVERING INDEX ix_articles_state_queue (state=?)") == 3, work
        assert "ix_claims_assigned_open (assigned_to_id=? AND status=?)" in work, work
        assert not re.search(r"^SCAN (claims|articles|assignments)\b", work, re.M), work
        # a piece's own claims are tested from the article's index, never by reading every claim the person holds
        assert "SEARCH claims USING INDEX ix_claims_assigned_open (assigned_to_id=?)\n" not in work + "\n", work
    else:
        assert "ix_claims_assigned_open" in work, work
        assert not re.search(r"Seq Scan on (articles|claims|assignments)", work), work
    # Their last pieces published: ix_articles_published read backwards from a month ago, in order.
    (recent,) = _plans(lambda: queues.dashboard(newsroom["fay"]), r"FROM articles .* ORDER BY articles\.published_at DESC")
    _assert_served_by(recent, "ix_articles_published")


def test_every_board_column_reads_the_state_index(newsroom, newsroom_at_work):
    (plan,) = _plans(lambda: queues.board_columns(newsroom["ed"], queues.Filters()), r"UNION ALL")
    if db.engine.dialect.name == "sqlite":
        assert plan.count("ix_articles_state_queue") == len(State), plan  # one index range per column
    else:
        assert len(re.findall(r"Index (Only )?Scan", plan)) >= len(State), plan
    # (the rows found, at most BOARD_COLUMN_LIMIT per column, are then sorted: a bounded sort)
    if db.engine.dialect.name == "sqlite":
        assert not re.search(r"^SCAN articles$", plan, re.M), plan
    else:
        assert "Seq Scan on articles" not in plan, plan


def test_a_reporters_own_pieces_are_found_from_their_bylines_and_authorship(newsroom, newsroom_at_work):
    """Their own pieces are few: found by index (bylines, created_by), never by reading every article; sorting
    those few is fine."""
    for plan in _plans(lambda: queues.dashboard(newsroom["rita"]), r"FROM articles .* ORDER BY", sort_allowed=True):
        assert _uses(plan, "ix_bylines_user_article"), plan
        assert _uses(plan, "ix_articles_created_by"), plan
        if db.engine.dialect.name == "sqlite":
            assert not re.search(r"^SCAN articles", plan, re.M), plan
        else:
            assert "Seq Scan on articles" not in plan, plan


@pytest.mark.parametrize("state", [None, State.DRAFT])
def test_the_article_list_and_the_api_read_newest_first_from_an_index(newsroom, newsroom_at_work, state):
    index = "ix_articles_state_updated" if state else "ix_articles_updated"
    filters = queues.Filters(state=state)
    first = newsroom_at_work["live"]
    after = cursors.decode(queues.cursor_after(db.session.get(Article, first.id)))
    for kwargs in ({"after": None}, {"after": after}):
        (plan,) = _plans(lambda kw=kwargs: queues.newest(newsroom["ed"], filters, per_page=20, **kw),
                         r"FROM articles .* ORDER BY articles\.updated_at DESC")
        _assert_served_by(plan, index)


def test_public_lists_read_the_published_index(newsroom_at_work):
    after = cursors.decode(cursors.encode(newsroom_at_work["live"].published_at, newsroom_at_work["live"].id + 1))
    for fn in (lambda: public.latest(1), lambda: public.feed(), lambda: public.latest(2, sections=["Africa"]),
               lambda: public.latest(after=after), lambda: public.latest(after=after, sections=["Africa"])):
        (plan,) = _plans(fn, r"FROM revisions JOIN articles .* ORDER BY articles\.published_at DESC")
        _assert_served_by(plan, "ix_articles_published")
        # Whether the piece is still live is one look at its newest public move, off the timeline index.
        assert _uses(plan, "ix_events_article_timeline"), plan


def test_a_sitemap_page_reads_a_range_of_the_primary_key(newsroom_at_work):
    (plan,) = _plans(lambda: public.sitemap_entries(1, 3), r"FROM articles JOIN revisions .* ORDER BY articles\.id")
    if db.engine.dialect.name == "sqlite":
        assert "SEARCH articles USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)" in plan, plan
        assert "TEMP B-TREE" not in plan, plan
    else:
        _assert_served_by(plan, "pk_articles")


def test_the_sitemap_index_seeks_one_live_piece_per_block(newsroom_at_work):
    """Which blocks of ids hold a live piece: per block, a range of the primary key read until its first live
    piece, never every live article."""
    (plan,) = _plans(lambda: public.sitemap_pages(3), r"WITH RECURSIVE blocks")
    if db.engine.dialect.name == "sqlite":
        assert "SEARCH articles USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)" in plan, plan
        assert not re.search(r"^SCAN articles", plan, re.M), plan
    else:
        assert not re.search(r"Seq Scan on (articles|revisions)", plan), plan


def test_inbox_and_unread_count_read_the_notification_indexes(newsroom, newsroom_at_work):
    ed = newsroom["ed"]
    (plan,) = _plans(lambda: notifications.unread_count(ed), r"count\(\*\) .*FROM notifications")
    assert _uses(plan, "ix_notifications_unread"), plan
    plans = _plans(lambda: notifications.inbox(ed, page=1, per_page=20).items,
                   r"FROM notifications .* ORDER BY notifications\.created_at DESC")
    _assert_served_by(plans[0], "ix_notifications_inbox")


def test_timeline_revisions_and_claim_counts_read_their_article_indexes(newsroom_at_work):
    article = newsroom_at_work["in_review"]
    (plan,) = _plans(lambda: queues.timeline(article), r"FROM events .* ORDER BY events\.created_at DESC")
    _assert_served_by(plan, "ix_events_article_timeline")
    (plan,) = _plans(lambda: articles.revisions(article), r"FROM revisions .* ORDER BY revisions\.number DESC")
    _assert_served_by(plan, "sqlite_autoindex_revisions_1")  # the unique (article_id, number)
    (plan,) = _plans(lambda: queues.claim_counts([article.id]), r"FROM claims .* GROUP BY")
    assert _uses(plan, "ix_claims_article_status"), plan


def test_section_names_seek_the_section_index_and_the_few_revised_pieces(newsroom_at_work):
    """A section page finds its names without reading every live article: one seek per distinct section, and
    the published sections of pieces back in review (a partial index of those few)."""
    public._REVISED_SECTIONS.clear()
    distinct, newest, revised = _plans(public.section_names,
                                       r"(WITH RECURSIVE names|FROM revisions JOIN articles|max\(articles)")
    assert _uses(distinct, "ix_articles_section"), distinct
    assert _uses(revised, "ix_articles_revised_live"), revised
    assert _uses(newest, "ix_articles_state_changed_at"), newest
    for plan in (distinct, newest, revised):
        if db.engine.dialect.name == "sqlite":
            assert not re.search(r"^SCAN articles", plan, re.M), plan
        else:
            assert "Seq Scan on articles" not in plan, plan


def test_section_pages_read_the_revised_pieces_again_only_after_a_state_change(newsroom, newsroom_at_work):
    """The revised pieces' sections (2,500 pieces and revisions at 100,000 articles: 30 ms of every section page on
    PostgreSQL) are read once, then again only when an article has changed state since."""
    public._REVISED_SECTIONS.clear()
    public.section_names()
    again = [s for s, _ in _run(public.section_names)]
    assert len(again) == 2 and not any("FROM revisions" in s for s in again), again
    transitions.transition(newsroom["ed"], newsroom_at_work["in_review"].id, "approved")
    assert any("FROM revisions" in s for s, _ in _run(public.section_names))


@pytest.mark.parametrize("who", ["ed", "rita"])
def test_the_filters_section_list_seeks_each_name(newsroom, newsroom_at_work, who):
    (plan,) = _plans(lambda: queues.sections(newsroom[who]), r"WITH RECURSIVE names")
    assert _uses(plan, "ix_articles_section"), plan
    if db.engine.dialect.name == "sqlite":
        assert not re.search(r"^SCAN articles", plan, re.M), plan
    else:
        assert "Seq Scan on articles" not in plan, plan


PLACES = ("Gao", "Kidal", "Mopti", "Segou", "Kayes", "Sikasso")


def test_claim_memory_matches_a_page_s_statements_in_the_same_statements_however_many(newsroom, make_article):
    """The article page matches every sentence with a figure against claim memory (conflict flags, "checked
    before"): the candidates of all of them come in one UNION ALL, the claims and their articles once, so the
    page's statement count does not grow with its sentences (it ran four or more per sentence)."""
    from flask import g

    from editorial.claims import ClaimStatus
    from editorial.models import Claim
    from editorial.services import claim_memory

    fay, rita = newsroom["fay"], newsroom["rita"]
    for place in PLACES:  # earlier pieces, each with a checked claim about one town's dam
        words = f"The {place} dam cost 40 million dollars to build"
        earlier = make_article(rita, body_html=f"<p>{words}.</p>")
        transitions.transition(rita, earlier.id, "in_review")
        claim = claims.create(fay, earlier.id, start=0, end=len(words), version=earlier.version)
        db.session.get(Claim, claim.id).status = ClaimStatus.VERIFIED
        db.session.commit()
    statements = [f"The {place} dam cost 90 million dollars to build" for place in PLACES]
    article_id = make_article(rita, body_html="".join(f"<p>{s}.</p>" for s in statements)).id

    def matched(texts):
        db.session.expunge_all()  # nothing loaded before: every claim and article read as on a fresh page
        g.pop("claim_memory_texts", None)  # nor matched before
        article = db.session.get(Article, article_id)
        return _run(lambda: found.update(claim_memory.for_texts(article, texts)))

    found: dict = {}
    two, six = matched(statements[:2]), matched(statements)
    assert all(found[s] and found[s][0].contradiction for s in statements)
    assert len(six) == len(two) <= 12


def _sqlite_avoids(plan: str, index: str) -> None:
    if db.engine.dialect.name == "sqlite":
        assert index not in plan, plan
    else:
        assert "Seq Scan on" not in plan, plan


def test_a_piece_s_last_approval_is_read_from_its_own_timeline(newsroom, newsroom_at_work):
    """Not from the index of every transition in the newsroom (SQLite, without statistics, took `kind = ?`
    for the selective filter when the order was by id alone)."""
    live = newsroom_at_work["live"]
    (plan,) = _plans(lambda: transitions.revisions_under_review_by(newsroom["ed"], live),
                     r"FROM events .*to_state")
    _assert_served_by(plan, "ix_events_article_timeline")
    _sqlite_avoids(plan, "ix_events_kind")


def test_queue_match_counts_start_from_the_listed_pieces_claims(newsroom, newsroom_at_work):
    """Open claims of the listed pieces, then their matches: never every checked claim in the newsroom (the
    status index on the earlier claim, which SQLite chose with bound parameters)."""
    ids = [a.id for a in newsroom_at_work.values()] + list(range(1000, 1100))  # a queue's page of pieces
    (plan,) = _plans(lambda: queues.matched_counts(ids), r"count\(DISTINCT claims\.id\)", sort_allowed=True)
    assert _uses(plan, "ix_claims_article_status"), plan
    _sqlite_avoids(plan, "ix_claims_status")


def test_who_checked_an_earlier_claim_is_read_from_that_piece_s_timeline(newsroom, make_article):
    from editorial.claims import ClaimStatus
    from editorial.models import Claim
    from editorial.services import claim_memory

    rita, ed = newsroom["rita"], newsroom["ed"]
    words = "The Gao dam cost 40 million dollars to build"
    for _ in range(3):  # earlier pieces checked the same words
        first = make_article(rita, body_html=f"<p>{words}.</p>")
        earlier = claims.create(ed, first.id, start=0, end=len(words), version=first.version)
        db.session.get(Claim, earlier.id).status = ClaimStatus.VERIFIED
        db.session.commit()
    second = make_article(rita, body_html=f"<p>{words}.</p>")
    later = claims.create(ed, second.id, start=0, end=len(words), version=second.version)
    (plan,) = _plans(lambda: claim_memory.checked_before(ed, [later.id]), r"SELECT events\.details, users",
                     sort_allowed=True)
    assert _uses(plan, "ix_events_article_timeline"), plan
    _sqlite_avoids(plan, "ix_events_kind")


def test_a_sort_under_a_subplan_is_not_the_lists_own():
    plan = """Limit  (cost=0.30..52.07 rows=1 width=68)
  ->  Nested Loop  (cost=0.30..52.07 rows=1 width=68)
        ->  Index Scan Backward using ix_articles_published on articles  (cost=0.15..35.89 rows=1 width=16)
              Filter: (((state)::text = 'published'::text) OR (((SubPlan 1))::text = 'published'::text))
              SubPlan 1
                ->  Limit  (cost=27.69..27.71 rows=1 width=20)
                      ->  Incremental Sort  (cost=27.69..27.73 rows=2 width=20)
                            Sort Key: events.created_at DESC, events.id DESC
        ->  Index Scan using pk_revisions on revisions  (cost=0.15..8.17 rows=1 width=56)"""
    outside = _outside_subplans(plan)
    assert "Sort" not in outside and "pk_revisions" in outside and "SubPlan 1" in outside
    assert _full_sort(_outside_subplans("Limit  (cost=1..2 rows=1)\n  ->  Sort  (cost=1..2 rows=9)\n        Sort Key: x"))
    assert not _full_sort("Limit  (cost=1..2 rows=1)\n  ->  Incremental Sort  (cost=1..2 rows=2)\n"
                          "        Sort Key: created_at DESC, id DESC\n        Presorted Key: created_at")


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # JIT is PostgreSQL's
def test_postgresql_sessions_never_jit_compile(newsroom):
    """The live check's per-row SubPlan prices public lists past jit_above_cost: compiling cost 20–30 ms on queries
    that run in 5 (database.py turns JIT off for every connection)."""
    assert db.session.execute(sa.text("SHOW jit")).scalar() == "off"
    with db.engine.connect() as fresh:  # every pooled connection, not only the first
        assert fresh.exec_driver_sql("SHOW jit").scalar() == "off"
