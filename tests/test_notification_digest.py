"""Editors hear about pieces arriving for review through one unread digest row each, not one row per
submission in the newsroom; whoever is assigned to a piece still hears about it personally."""

from __future__ import annotations

import re

import sqlalchemy as sa

from editorial.database import db
from editorial.models import Assignment, Notification
from editorial.services import notifications, people, transitions


def _rows(user) -> list[Notification]:
    return list(db.session.execute(
        sa.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    ).scalars())


def _submit(author, article) -> None:
    transitions.transition(author, article.id, "in_review")


def test_submissions_gather_in_one_unread_row_per_editor(newsroom, make_article, make_user):
    rita, rob, ed = newsroom["rita"], newsroom["rob"], newsroom["ed"]
    eve = make_user("eve", "editor", name="Eve Editor")
    pieces = [make_article(rita, headline="First piece"), make_article(rob, headline="Second piece"),
              make_article(rita, headline="Third piece")]
    for article in pieces:
        _submit(article.created_by, article)
    for editor in (ed, eve):
        (row,) = _rows(editor)
        assert (row.digest, row.updates, row.article_id, row.read_at) == ("review", 3, pieces[2].id, None)
        assert row.text == "3 arrivals in the review queue; the latest: Rita Reporter submitted “Third piece” for review"
        assert notifications.unread_count(editor) == 1


def test_one_arrival_reads_as_it_always_did(newsroom, make_article):
    article = make_article(newsroom["rita"], headline="Lone piece")
    _submit(newsroom["rita"], article)
    (row,) = _rows(newsroom["ed"])
    assert row.text == "Rita Reporter submitted “Lone piece” for review"


def test_once_read_the_next_arrival_starts_a_new_row(newsroom, make_article):
    ed = newsroom["ed"]
    first, second = make_article(newsroom["rita"], headline="Early piece"), make_article(newsroom["rita"])
    _submit(newsroom["rita"], first)
    notifications.mark_read(ed)
    _submit(newsroom["rita"], second)
    rows = _rows(ed)
    assert [(r.updates, r.read_at is None) for r in rows] == [(1, False), (1, True)]  # read, then new
    assert rows[0].article_id == first.id and rows[1].article_id == second.id


def test_an_assigned_editor_hears_about_their_piece_personally(newsroom, make_article, make_user):
    rita, ed = newsroom["rita"], newsroom["ed"]
    eve = make_user("eve", "editor", name="Eve Editor")
    article = make_article(rita, headline="Assigned piece")
    db.session.add(Assignment(article_id=article.id, user_id=eve.id, assigned_by_id=ed.id))
    db.session.commit()
    _submit(rita, article)
    (personal,) = _rows(eve)
    assert personal.digest is None and personal.message == "Rita Reporter submitted “Assigned piece” for review"
    (digest,) = _rows(ed)
    assert digest.digest == "review"


def test_nobody_hears_about_their_own_submission_and_inactive_editors_hear_nothing(newsroom, make_article, make_user):
    ed = newsroom["ed"]
    gone = make_user("gone", "editor")
    people.deactivate(gone, actor=newsroom["ada"])
    article = make_article(ed, headline="Editor writes")
    _submit(ed, article)
    assert _rows(ed) == [] and _rows(gone) == []


def test_the_inbox_shows_the_count_and_links_the_review_queue(client, auth, newsroom, make_article):
    for n in range(2):
        _submit(newsroom["rita"], make_article(newsroom["rita"], headline=f"Piece number {n}"))
    auth.login("ed")
    html = client.get("/inbox").get_data(as_text=True)
    assert "2 arrivals in the review queue; the latest: Rita Reporter submitted “Piece number 1” for review" in html
    assert '<a href="/#queue-review">Open the review queue</a>' in html
    assert re.search(r'<span class="badge">1<span class="visually-hidden"> unread', html)
