"""The edit warning both ways: the holder of the edit lock sees who joined; the one who joined may take over."""

from __future__ import annotations

from datetime import timedelta

from editorial.database import db, utcnow
from editorial.models import EditPresence
from editorial.services import locks

PASSWORD = "correct-horse-battery"


def _clients(app):
    rita, ed = app.test_client(), app.test_client()
    rita.post("/login", data={"username": "rita", "password": PASSWORD})
    ed.post("/login", data={"username": "ed", "password": PASSWORD})
    return rita, ed


def test_whoever_opened_first_sees_who_joined(app, newsroom, make_article):
    article = make_article(newsroom["rita"])
    rita, ed = _clients(app)
    rita.get(f"/articles/{article.id}/edit")
    beat = rita.post(f"/articles/{article.id}/lock").get_json()
    assert (beat["holder"], beat["since"], beat["joined"]) == (None, None, [])
    ed.get(f"/articles/{article.id}/edit")  # Ed joins: he sees Rita, and Rita's next beat sees him
    assert rita.post(f"/articles/{article.id}/lock").get_json()["joined"] == ["Ed Editor"]
    page = rita.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert '<strong id="joined-names">Ed Editor</strong> opened this article in the' in page
    assert '<div id="joined-banner" class="notice info" role="status" >' in page  # shown, not hidden

    ed.post(f"/articles/{article.id}/unlock")  # Ed leaves: Rita no longer sees him
    assert rita.post(f"/articles/{article.id}/lock").get_json()["joined"] == []


def test_a_presence_lapses_like_a_lock(app, newsroom, make_article):
    article = make_article(newsroom["rita"])
    locks.acquire(article, newsroom["rita"])
    locks.acquire(article, newsroom["ed"])
    assert [u.username for u in locks.joined(article, newsroom["rita"])] == ["ed"]
    presence = db.session.get(EditPresence, (article.id, newsroom["ed"].id))
    presence.seen_at = utcnow() - timedelta(seconds=app.config["EDIT_LOCK_SECONDS"] + 1)
    db.session.commit()
    assert locks.joined(article, newsroom["rita"]) == []


def test_take_over_moves_the_lock_and_the_other_is_told(app, newsroom, make_article):
    article = make_article(newsroom["rita"])
    rita, ed = _clients(app)
    rita.get(f"/articles/{article.id}/edit")
    page = ed.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert '<button type="submit" class="button small" id="take-over">Take over</button>' in page
    done = ed.post(f"/articles/{article.id}/lock/take-over", data={}, follow_redirects=True)
    assert "You took over editing from Rita Reporter; they are told so." in done.get_data(as_text=True)
    assert locks.holder(article).user.username == "ed"
    # Rita's next heartbeat says Ed holds it now; Ed's says Rita is still in the editor
    assert rita.post(f"/articles/{article.id}/lock").get_json()["holder"] == "Ed Editor"
    beat = ed.post(f"/articles/{article.id}/lock").get_json()
    assert (beat["holder"], beat["since"], beat["joined"]) == (None, None, ["Rita Reporter"])


def test_take_over_is_refused_to_who_may_not_edit(app, newsroom, make_article, auth, client):
    article = make_article(newsroom["rita"])
    locks.acquire(article, newsroom["rita"])
    auth.login("rob")  # another reporter: may not even see it
    assert client.post(f"/articles/{article.id}/lock/take-over").status_code == 404
    assert locks.holder(article).user.username == "rita"
