"""The record of what was written and checked survives in the database itself, whatever code runs against it:
deleting an article with a history is refused (nothing cascades), and audit events refuse UPDATE and DELETE."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from editorial.database import db
from editorial.services import claims, comments, transitions

COUNTED = ["revisions", "events", "claims", "claim_sources", "comment_threads", "comments"]


def _counts() -> dict[str, int]:
    return {t: db.session.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one() for t in COUNTED}


@pytest.fixture
def checked_piece(newsroom, make_article):
    article = make_article(newsroom["rita"], body_html="<p>Officials said 40 people were hurt.</p>")
    transitions.transition(newsroom["rita"], article.id, "in_review")
    claim = claims.create(newsroom["fay"], article.id, exact="40 people were hurt")
    claims.attach_source(newsroom["fay"], claim.id, url="https://example.org/report", title="Report")
    comments.start_thread(newsroom["ed"], article.id, body="Who are the officials?", general=True)
    db.session.commit()
    return article


def test_deleting_an_article_with_a_history_is_refused_and_nothing_cascades(checked_piece):
    before = _counts()
    assert all(before[t] >= 1 for t in COUNTED), before
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(sa.text("DELETE FROM articles WHERE id = :id"), {"id": checked_piece.id})
        db.session.flush()
    db.session.rollback()
    assert _counts() == before
    assert db.session.execute(sa.text("SELECT count(*) FROM articles")).scalar_one() == 1


@pytest.mark.parametrize("statement", ["UPDATE events SET comment = 'rewritten'", "DELETE FROM events"])
def test_the_database_refuses_to_rewrite_or_delete_audit_events(checked_piece, statement):
    """Not only the ORM: a raw statement, as a script or a careless migration would send, is refused too."""
    events = db.session.execute(sa.text("SELECT id, comment FROM events ORDER BY id")).all()
    assert events
    with pytest.raises(sa.exc.DatabaseError, match="append-only"):
        db.session.execute(sa.text(statement))
        db.session.flush()
    db.session.rollback()
    assert db.session.execute(sa.text("SELECT id, comment FROM events ORDER BY id")).all() == events
