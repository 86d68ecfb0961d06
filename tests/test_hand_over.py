"""Asking the edit lock's holder to hand over (they hand over, save and hand over, or keep editing; the asker's
heartbeat learns the answer), and the per-page lock token that keeps an old page's unlock from freeing the lock
its reload has just taken."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from editorial.database import db, utcnow
from editorial.models import Article, EditLock, TakeOverRequest
from editorial.services import locks

PASSWORD = "correct-horse-battery"
JSON = {"Accept": "application/json"}


def _client(app, username):
    client = app.test_client()
    client.post("/login", data={"username": username, "password": PASSWORD})
    return client


def _token(page) -> str:
    return re.search(r'data-lock-token="([^"]+)"', page.get_data(as_text=True)).group(1)


def _beat(client, article, token=None) -> dict:
    response = client.post(f"/articles/{article.id}/lock", data={"token": token} if token else {})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


@pytest.fixture
def rita_holds(app, newsroom, make_article):
    """Rita has her draft open in the editor; Ed (an editor, who may edit it too) has just opened it behind her."""
    article = make_article(newsroom["rita"])
    rita, ed = _client(app, "rita"), _client(app, "ed")
    rita.get(f"/articles/{article.id}/edit")
    ed.get(f"/articles/{article.id}/edit")
    return article, rita, ed


def _holder(article) -> str:
    db.session.rollback()
    return locks.holder(article).user.username


# --- asking, and the holder's answers ---------------------------------------------------------------------------


def test_the_holder_sees_the_request_and_hands_over(rita_holds, newsroom):
    article, rita, ed = rita_holds
    page = ed.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert '<button type="submit" class="button small" id="ask-take-over">Ask to take over</button>' in page
    asked = ed.post(f"/articles/{article.id}/lock/ask", headers=JSON)
    assert asked.status_code == 200
    assert asked.get_json()["asked"] == {"answer": "asked", "holder": "Rita Reporter",
                                         "message": "You asked Rita Reporter to hand over; their answer shows here."}

    beat = _beat(rita, article)
    assert [(r["id"], r["name"]) for r in beat["requests"]] == [(newsroom["ed"].id, "Ed Editor")]
    page = rita.get(f"/articles/{article.id}/edit").get_data(as_text=True)  # without script: on the page
    assert '<strong id="request-name">Ed Editor</strong> asks to take over.' in page
    assert f'name="hand_over_to" value="{newsroom["ed"].id}"' in page

    done = rita.post(f"/articles/{article.id}/lock/hand-over", data={"to": newsroom["ed"].id})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/articles/{article.id}")
    assert _holder(article) == "ed"
    assert "You handed the article over to Ed Editor; they are told so." in rita.get(
        f"/articles/{article.id}").get_data(as_text=True)

    beat = _beat(ed, article)  # Ed's heartbeat: the lock is his, and he is told who handed it over
    assert beat["holder"] is None
    assert beat["asked"]["message"] == "Rita Reporter handed over: you now hold the lock."
    assert beat["joined"] == []  # she left the editor for the article page
    beat = _beat(rita, article)
    assert (beat["holder"], beat["requests"]) == ("Ed Editor", [])


def test_save_and_hand_over_saves_her_text_first(rita_holds, newsroom):
    article, rita, ed = rita_holds
    ed.post(f"/articles/{article.id}/lock/ask")
    form = {"headline": "Saved before handing over", "body_html": "<p>Her last sentence.</p>", "section": "Africa",
            "version": "1", "byline": str(newsroom["rita"].id), "hand_over_to": str(newsroom["ed"].id)}
    done = rita.post(f"/articles/{article.id}/edit", data=form)
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/articles/{article.id}")
    saved = db.session.get(Article, article.id)
    assert (saved.version, saved.headline) == (2, "Saved before handing over")
    assert _holder(article) == "ed"
    assert "Saved, and handed over to Ed Editor; they are told so." in rita.get(
        f"/articles/{article.id}").get_data(as_text=True)
    beat = _beat(ed, article)
    assert beat["asked"]["answer"] == "handed_over" and beat["version"] == 2  # newer than the page he has open


def test_save_and_hand_over_keeps_the_save_when_nobody_asks_any_more(rita_holds, newsroom):
    article, rita, ed = rita_holds
    ed.post(f"/articles/{article.id}/lock/ask")
    ed.post(f"/articles/{article.id}/unlock")  # Ed left meanwhile
    form = {"headline": "Saved anyway", "body_html": "<p>Text.</p>", "section": "Africa", "version": "1",
            "byline": str(newsroom["rita"].id), "hand_over_to": str(newsroom["ed"].id)}
    done = rita.post(f"/articles/{article.id}/edit", data=form, follow_redirects=True)
    assert "Saved, but not handed over: Nobody asks to take this article over now" in done.get_data(as_text=True)
    assert db.session.get(Article, article.id).headline == "Saved anyway"
    assert _holder(article) == "rita"


def test_keep_editing_tells_the_asker(rita_holds, newsroom):
    article, rita, ed = rita_holds
    ed.post(f"/articles/{article.id}/lock/ask")
    kept = rita.post(f"/articles/{article.id}/lock/keep", data={"to": newsroom["ed"].id}, headers=JSON)
    assert kept.status_code == 200 and kept.get_json() == {"kept_from": "Ed Editor"}
    assert _holder(article) == "rita"
    assert _beat(rita, article)["requests"] == []
    beat = _beat(ed, article)
    assert beat["holder"] == "Rita Reporter"
    assert beat["asked"]["message"] == "Rita Reporter wants to keep editing. Ask again later, or take over."
    ed.post(f"/articles/{article.id}/lock/ask")  # asking again is a new request
    assert _beat(ed, article)["asked"]["answer"] == "asked"
    assert [r["name"] for r in _beat(rita, article)["requests"]] == ["Ed Editor"]


def test_keep_editing_without_script_goes_back_to_the_editor(rita_holds, newsroom):
    article, rita, ed = rita_holds
    ed.post(f"/articles/{article.id}/lock/ask")
    kept = rita.post(f"/articles/{article.id}/lock/keep", data={"to": newsroom["ed"].id}, follow_redirects=True)
    assert "You keep editing; Ed Editor is told so." in kept.get_data(as_text=True)
    assert _beat(ed, article)["asked"]["answer"] == "declined"


def test_a_request_lapses_with_the_lock_lifetime(app, rita_holds, newsroom):
    article, rita, ed = rita_holds
    ed.post(f"/articles/{article.id}/lock/ask")
    lifetime = timedelta(seconds=app.config["EDIT_LOCK_SECONDS"])
    request = db.session.get(TakeOverRequest, (article.id, newsroom["ed"].id))
    request.asked_at = utcnow() - lifetime - timedelta(seconds=1)
    db.session.commit()
    assert _beat(rita, article)["requests"] == []
    assert _beat(ed, article)["asked"]["message"] == ("Rita Reporter did not answer, and your request lapsed. "
                                                      "Ask again, or take over.")
    late = rita.post(f"/articles/{article.id}/lock/hand-over", data={"to": newsroom["ed"].id}, headers=JSON)
    assert late.status_code == 409 and "the request lapsed" in late.get_json()["error"]["message"]
    assert _holder(article) == "rita"
    request = db.session.get(TakeOverRequest, (article.id, newsroom["ed"].id))
    request.asked_at = utcnow() - 2 * lifetime - timedelta(seconds=1)
    db.session.commit()
    assert _beat(ed, article)["asked"] is None  # long gone: nothing more to say


def test_a_request_goes_when_the_asker_leaves(rita_holds, newsroom):
    article, rita, ed = rita_holds
    ed.post(f"/articles/{article.id}/lock/ask")
    ed.post(f"/articles/{article.id}/unlock")
    assert _beat(rita, article)["requests"] == []
    assert TakeOverRequest.query.count() == 0


def test_a_request_is_moot_once_the_asker_takes_over(rita_holds, newsroom):
    article, rita, ed = rita_holds
    ed.post(f"/articles/{article.id}/lock/ask")
    ed.post(f"/articles/{article.id}/lock/take-over")
    beat = _beat(ed, article)
    assert (beat["holder"], beat["asked"]) == (None, None)  # not "Rita did not answer"
    assert _beat(rita, article)["requests"] == []


def test_asking_when_nobody_else_edits_says_so(app, newsroom, make_article):
    article = make_article(newsroom["rita"])
    rita = _client(app, "rita")
    rita.get(f"/articles/{article.id}/edit")
    response = rita.post(f"/articles/{article.id}/lock/ask", headers=JSON)
    assert response.status_code == 409
    assert response.get_json()["error"]["message"] == ("Nobody else is editing this article now: it is yours to edit, "
                                                       "no need to ask.")
    assert TakeOverRequest.query.count() == 0


# --- who may ask, who may answer ---------------------------------------------------------------------------------


def test_only_who_may_edit_can_ask(app, newsroom, piece):
    locks.acquire(piece, newsroom["rita"])
    rob = _client(app, "rob")  # another reporter: may not even see it
    assert rob.post(f"/articles/{piece.id}/lock/ask", headers=JSON).status_code == 404
    fay = _client(app, "fay")  # the fact-checker sees the piece in review, but may not edit it
    refused = fay.post(f"/articles/{piece.id}/lock/ask", headers=JSON)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["message"] == "You may not edit this article now, so you cannot take it over."
    assert TakeOverRequest.query.count() == 0


def test_only_the_holder_answers(app, rita_holds, newsroom, make_user):
    article, rita, ed = rita_holds
    ed.post(f"/articles/{article.id}/lock/ask")
    ed_id = newsroom["ed"].id
    make_user("eve", "editor", name="Eve Editor")
    for who in ("ed", "eve"):  # the asker himself, another editor who may edit it too: neither holds the lock
        other = ed if who == "ed" else _client(app, "eve")
        for route in ("hand-over", "keep"):
            refused = other.post(f"/articles/{article.id}/lock/{route}", data={"to": ed_id}, headers=JSON)
            assert refused.status_code == 409, (who, route)
            assert "You are not the one editing this article now" in refused.get_json()["error"]["message"]
    rob = _client(app, "rob")
    assert rob.post(f"/articles/{article.id}/lock/hand-over", data={"to": ed_id}).status_code == 404
    assert _holder(article) == "rita"
    request = db.session.get(TakeOverRequest, (article.id, ed_id))
    assert request.answer == "asked" and request.answered_at is None


def test_the_holder_answers_only_who_asked(rita_holds, newsroom):
    article, rita, ed = rita_holds  # nobody asked yet; and the form must name someone
    for data in ({"to": newsroom["ed"].id}, {"to": newsroom["rob"].id}):
        refused = rita.post(f"/articles/{article.id}/lock/hand-over", data=data, headers=JSON)
        assert refused.status_code == 409 and "Nobody asks" in refused.get_json()["error"]["message"]
    for data in ({}, {"to": "someone"}):
        assert rita.post(f"/articles/{article.id}/lock/hand-over", data=data, headers=JSON).status_code == 400
    assert _holder(article) == "rita"


class TestCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_asking_and_answering_need_the_token(self, app, newsroom, make_article):
        article = make_article(newsroom["rita"])
        rita, ed = app.test_client(), app.test_client()
        for client, name in ((rita, "rita"), (ed, "ed")):
            login = client.get("/login").get_data(as_text=True)
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login).group(1)
            client.post("/login", data={"username": name, "password": PASSWORD, "csrf_token": token})
        rita_page, ed_page = rita.get(f"/articles/{article.id}/edit"), ed.get(f"/articles/{article.id}/edit")
        tokens = {c: re.search(r'name="csrf_token" value="([^"]+)"', p.get_data(as_text=True)).group(1)
                  for c, p in ((rita, rita_page), (ed, ed_page))}

        assert ed.post(f"/articles/{article.id}/lock/ask").status_code == 400
        assert TakeOverRequest.query.count() == 0
        assert ed.post(f"/articles/{article.id}/lock/ask", data={"csrf_token": tokens[ed]}).status_code == 302
        assert TakeOverRequest.query.count() == 1

        ed_id = newsroom["ed"].id
        for route in ("keep", "hand-over"):
            assert rita.post(f"/articles/{article.id}/lock/{route}", data={"to": ed_id}).status_code == 400
        db.session.rollback()
        assert TakeOverRequest.query.one().answer == "asked" and _holder(article) == "rita"
        done = rita.post(f"/articles/{article.id}/lock/hand-over", data={"to": ed_id, "csrf_token": tokens[rita]})
        assert done.status_code == 302 and _holder(article) == "ed"


# --- the per-page lock token --------------------------------------------------------------------------------------


def test_an_old_pages_unlock_does_not_free_the_lock_its_reload_took(app, newsroom, make_article):
    article = make_article(newsroom["rita"])
    rita = _client(app, "rita")
    page_a = _token(rita.get(f"/articles/{article.id}/edit"))
    page_b = _token(rita.get(f"/articles/{article.id}/edit"))  # the same editor reloaded
    assert page_a != page_b
    _beat(rita, article, page_b)
    assert rita.post(f"/articles/{article.id}/unlock", data={"token": page_a}).status_code == 204  # A's beacon, late
    db.session.rollback()
    assert db.session.get(EditLock, article.id).token == page_b
    assert _holder(article) == "rita"
    rita.post(f"/articles/{article.id}/unlock", data={"token": page_b})  # B closes: now it is free
    db.session.rollback()
    assert db.session.get(EditLock, article.id) is None


def test_the_page_that_beat_last_holds_the_token(app, newsroom, make_article):
    article = make_article(newsroom["rita"])
    rita = _client(app, "rita")
    page_a = _token(rita.get(f"/articles/{article.id}/edit"))
    page_b = _token(rita.get(f"/articles/{article.id}/edit"))  # a second tab
    _beat(rita, article, page_a)  # the first tab beats after: its token now
    rita.post(f"/articles/{article.id}/unlock", data={"token": page_b})  # closing the second frees nothing
    db.session.rollback()
    assert db.session.get(EditLock, article.id).token == page_a


def test_a_malformed_lock_token_is_refused(app, newsroom, make_article):
    article = make_article(newsroom["rita"])
    rita = _client(app, "rita")
    rita.get(f"/articles/{article.id}/edit")
    for route in ("lock", "unlock"):
        response = rita.post(f"/articles/{article.id}/{route}", data={"token": "<script>" * 3})
        assert response.status_code == 400
        assert response.get_json()["error"]["message"] == "The editor page's lock token is malformed: reload the page."
    assert _holder(article) == "rita"


def test_the_editor_page_carries_its_token_and_heartbeat(app, newsroom, make_article):
    app.config["EDIT_LOCK_HEARTBEAT_SECONDS"] = 2
    article = make_article(newsroom["rita"])
    page = _client(app, "rita").get(f"/articles/{article.id}/edit").get_data(as_text=True)
    token = _token_text(page)
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", token)
    assert 'data-heartbeat="2"' in page
    assert db.session.get(EditLock, article.id).token == token


def _token_text(page: str) -> str:
    return re.search(r'data-lock-token="([^"]+)"', page).group(1)
