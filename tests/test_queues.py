"""Queues, board, search and the SQL visibility filter (which must agree with permissions)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from editorial.database import db
from editorial.models import Article
from editorial.services import access, comments, queues, schedule, transitions
from editorial.workflow import State


def _to(article, state, rita, ed):
    path = {
        State.DRAFT: [],
        State.IN_REVIEW: [(rita, "in_review")],
        State.CHANGES_REQUESTED: [(rita, "in_review"), (ed, "changes_requested")],
        State.APPROVED: [(rita, "in_review"), (ed, "approved")],
        State.PUBLISHED: [(rita, "in_review"), (ed, "approved"), (ed, "published")],
        State.UNPUBLISHED: [(rita, "in_review"), (ed, "approved"), (ed, "published"), (ed, "unpublished")],
    }[state]
    for actor, target in path:
        transitions.transition(actor, article.id, target, comment="c")
    return article


def test_visible_filter_agrees_with_can_view_article(newsroom, make_article):
    rita, rob, ed = newsroom["rita"], newsroom["rob"], newsroom["ed"]
    for state, author in itertools.product(State, (rita, rob)):
        _to(make_article(author, headline=f"{author.username} {state.value}"), state, author, ed)
    every = db.session.execute(db.select(Article)).scalars().all()
    for person in newsroom.values():
        in_sql = {a.id for a in db.session.execute(db.select(Article).where(access.visible_filter(person))).scalars()}
        in_python = {a.id for a in every if access.can_view(person, a)}
        assert in_sql == in_python, person.username
    assert len({a.id for a in every if access.can_view(rob, a)}) == 6 + 1  # his own six, rita's published one


def test_review_filter_agrees_with_can_read_review(newsroom, make_article):
    """The claim list's SQL (who may read a piece's review record) and the permission table agree."""
    rita, rob, ed = newsroom["rita"], newsroom["rob"], newsroom["ed"]
    for state, author in itertools.product(State, (rita, rob)):
        _to(make_article(author, headline=f"{author.username} {state.value}"), state, author, ed)
    every = db.session.execute(db.select(Article)).scalars().all()
    for person in newsroom.values():
        in_sql = {a.id for a in db.session.execute(db.select(Article).where(access.review_filter(person))).scalars()}
        in_python = {a.id for a in every if access.may_read_review(person, a)}
        assert in_sql == in_python, person.username
    assert len({a.id for a in every if access.may_read_review(rob, a)}) == 6  # his own six, not rita's published one


def test_dashboard_queues(newsroom, make_article):
    rita, ed, fay = newsroom["rita"], newsroom["ed"], newsroom["fay"]
    old = _to(make_article(rita, headline="Older in review"), State.IN_REVIEW, rita, ed)
    new = _to(make_article(rita, headline="Newer in review"), State.IN_REVIEW, rita, ed)
    _to(make_article(rita, headline="Sent back"), State.CHANGES_REQUESTED, rita, ed)
    make_article(rita, headline="A draft")
    _to(make_article(rita, headline="Ready"), State.APPROVED, rita, ed)

    reporter = {q.key: [a.headline for a in q.articles] for q in queues.dashboard(rita).queues}
    assert reporter["changes_requested"] == ["Sent back"] and reporter["drafts"] == ["A draft"]
    assert set(reporter["mine_in_review"]) == {"Older in review", "Newer in review", "Ready"}

    editor = {q.key: [a.id for a in q.articles] for q in queues.dashboard(ed).queues}
    assert editor["review"] == [old.id, new.id]  # oldest first
    assert [db.session.get(Article, i).headline for i in editor["approved"]] == ["Ready"]

    checker = {q.key: [a.id for a in q.articles] for q in queues.dashboard(fay).queues}
    assert checker == {"assigned": [], "open_claims": [], "review": [old.id, new.id],  # no claims yet
                       "assigned_published": []}


def test_board_has_a_column_per_state_and_filters(newsroom, make_article):
    rita, rob, ed = newsroom["rita"], newsroom["rob"], newsroom["ed"]
    _to(make_article(rita, headline="Mali", section="Africa"), State.IN_REVIEW, rita, ed)
    _to(make_article(rob, headline="Davos", section="Business"), State.IN_REVIEW, rob, ed)
    columns = dict(queues.board_columns(ed, queues.Filters()))
    assert list(columns) == list(State)
    assert {a.headline for a in columns[State.IN_REVIEW]} == {"Mali", "Davos"}
    only_africa = dict(queues.board_columns(ed, queues.Filters(section="Africa")))
    assert [a.headline for a in only_africa[State.IN_REVIEW]] == ["Mali"]
    only_rob = dict(queues.board_columns(ed, queues.Filters(author_id=rob.id, state=State.IN_REVIEW)))
    assert list(only_rob) == [State.IN_REVIEW] and [a.headline for a in only_rob[State.IN_REVIEW]] == ["Davos"]


def test_search_headlines_and_bodies_with_pages(newsroom, make_article):
    rita = newsroom["rita"]
    make_article(rita, headline="Wagner ambush", body_html="<p>Tinzaouaten</p>")
    make_article(rita, headline="Other", body_html="<p>near Tinzaouaten again</p>")
    make_article(rita, headline="100% sure_thing", body_html="<p>x</p>")
    for i in range(5):
        make_article(rita, headline=f"Filler {i}", body_html="<p>filler</p>")
    assert queues.search(rita, queues.Filters(q="tinzaouaten"), page=1, per_page=10).total == 2
    assert queues.search(rita, queues.Filters(q="wagner"), page=1, per_page=10).total == 1
    assert queues.search(rita, queues.Filters(q="100%"), page=1, per_page=10).total == 1  # % is literal
    assert queues.search(rita, queues.Filters(q="g_e"), page=1, per_page=10).total == 0  # _ is literal ("Wagner" would match g_e as a wildcard)
    first = queues.search(rita, queues.Filters(), page=1, per_page=3)
    assert first.total == 8 and first.pages == 3 and len(first.items) == 3
    last = queues.search(rita, queues.Filters(), page=3, per_page=3)
    assert len(last.items) == 2
    assert queues.search(newsroom["rob"], queues.Filters(q="wagner"), page=1, per_page=10).total == 0


def test_pages_render(client, auth, newsroom, make_article):
    rita = newsroom["rita"]
    make_article(rita, headline="Mali <b>cuts</b> ties")
    auth.login("rita")
    for path in ("/", "/board", "/articles?q=mali&state=draft", "/articles?page=999", "/inbox", "/profile"):
        response = client.get(path)
        assert response.status_code == 200, path
        if path in ("/", "/board"):
            assert b"Mali &lt;b&gt;cuts&lt;/b&gt; ties" in response.data, path  # escaped, never markup
        if path == "/articles?q=mali&state=draft":  # escaped, the searched word marked
            assert b"<mark>Mali</mark> &lt;b&gt;cuts&lt;/b&gt; ties" in response.data, path


def test_cards_count_open_comments_and_blocking_ones(client, auth, newsroom, make_article):
    rita, ed = newsroom["rita"], newsroom["ed"]
    sent_back = _to(make_article(rita, headline="Sent back"), State.CHANGES_REQUESTED, rita, ed)
    quiet = _to(make_article(rita, headline="Quiet one"), State.CHANGES_REQUESTED, rita, ed)
    comments.start_thread(ed, sent_back.id, body="Fix the top.", general=True, blocking=True)
    comments.start_thread(ed, sent_back.id, body="Nice quote.", general=True)
    done = comments.start_thread(ed, sent_back.id, body="Old point.", general=True)
    comments.resolve(ed, done.id)
    counts = queues.dashboard(rita).comment_counts
    assert counts == {sent_back.id: queues.CommentCount(open=2, blocking=1)}
    auth.login("rita")
    page = client.get("/").get_data(as_text=True)
    card = page[page.index(">Sent back<"):]
    card = card[: card.index("</article>")]
    assert "2 open comments</a> · <span class=\"blocking\">1 blocking</span>" in card
    quiet_card = page[page.index(">Quiet one<"):]
    assert "open comment" not in quiet_card[: quiet_card.index("</article>")]
    assert quiet.id not in counts


def test_a_scheduled_piece_shows_its_time_on_its_card(client, auth, newsroom, make_article):
    rita, ed = newsroom["rita"], newsroom["ed"]
    ready = _to(make_article(rita, headline="Ready"), State.APPROVED, rita, ed)
    schedule.set_publish_time(ed, ready.id, datetime(2031, 5, 4, 9, 30, tzinfo=UTC))
    auth.login("ed")
    page = client.get("/").get_data(as_text=True)
    card = page[page.index(">Ready<"):]
    assert 'Scheduled for <time datetime="2031-05-04T09:30:00+00:00">2031-05-04 09:30 UTC</time>' in card[: card.index("</article>")]
