"""History marks the live and approved revisions; restoring asks first and says what it will do."""

from __future__ import annotations

import re

from editorial.database import db
from editorial.models import Article
from editorial.services import articles, transitions
from editorial.workflow import State


def _row(html: str, number: int) -> str:
    rows = re.findall(r"<tr>.*?</tr>", html, re.S)
    return next(r for r in rows if re.search(rf'value="{number}" aria-label="Compare from', r))


def test_history_marks_the_live_and_the_approved_revision(newsroom, make_article, auth, client):
    rita, ed = newsroom["rita"], newsroom["ed"]
    article = make_article(rita)
    transitions.transition(rita, article.id, "in_review")
    transitions.transition(ed, article.id, "approved")
    transitions.transition(ed, article.id, "published")
    # a correction: revision 2 goes back to review and is approved; revision 1 is still live
    articles.save(rita, article.id, {"headline": "Corrected headline"}, base_version=1)
    transitions.transition(ed, article.id, "approved")
    auth.login("ed")
    html = client.get(f"/articles/{article.id}/history").get_data(as_text=True)
    first, second = _row(html, 1), _row(html, 2)
    assert '<span class="pill pill-published rev-live" title="The text readers see now">live</span>' in first
    assert "rev-approved" not in first
    assert '<span class="pill pill-approved rev-approved" title="The text an editor approved">approved</span>' in second
    assert "rev-live" not in second


def test_restoring_asks_first_and_says_it_sends_the_piece_back_to_review(newsroom, make_article, auth, client):
    rita, ed = newsroom["rita"], newsroom["ed"]
    article = make_article(rita)
    articles.save(rita, article.id, {"headline": "Second headline"}, base_version=1)
    transitions.transition(rita, article.id, "in_review")
    transitions.transition(ed, article.id, "approved")
    auth.login("rita")
    history = client.get(f"/articles/{article.id}/history").get_data(as_text=True)
    assert f'href="/articles/{article.id}/revisions/1/restore">Restore revision 1…</a>' in history
    assert 'method="post"' not in history.split("</table>")[1]  # no one-click restore on the history page

    page = client.get(f"/articles/{article.id}/revisions/1/restore").get_data(as_text=True)
    assert "Restore revision 1?" in page
    assert "This makes a new revision, 3, with the text of revision 1" in page
    assert ("It sends the piece back to in review: its approval is cleared and an editor must approve it again."
            in page)
    assert db.session.get(Article, article.id).version == 2  # asking changed nothing

    client.post(f"/articles/{article.id}/revisions/1/restore", data={"version": "2"})
    stored = db.session.get(Article, article.id)
    assert stored.version == 3 and stored.state == State.IN_REVIEW


def test_restoring_a_draft_says_nothing_about_review(newsroom, make_article, auth, client):
    rita = newsroom["rita"]
    article = make_article(rita)
    articles.save(rita, article.id, {"headline": "Second headline"}, base_version=1)
    auth.login("rita")
    page = client.get(f"/articles/{article.id}/revisions/1/restore").get_data(as_text=True)
    assert "This makes a new revision, 3" in page and "back to" not in page


def test_the_confirmation_is_refused_to_who_may_not_edit(newsroom, make_article, auth, client):
    article = make_article(newsroom["rita"])
    articles.save(newsroom["rita"], article.id, {"headline": "Second headline"}, base_version=1)
    auth.login("rob")
    assert client.get(f"/articles/{article.id}/revisions/1/restore").status_code == 404
    auth.login("rita")
    assert client.get(f"/articles/{article.id}/revisions/9/restore").status_code == 404
