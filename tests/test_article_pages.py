"""The browser side of articles: forms keep what was typed, conflicts show what changed, locks show who."""

from __future__ import annotations

from editorial.database import db
from editorial.models import Article
from editorial.services import articles, comments, locks


def _form(article, **changes):
    data = {"headline": article.headline, "standfirst": "", "section": article.section, "tags": "",
            "dateline_date": "", "body_html": article.body_html, "version": str(article.version),
            "byline": [str(u.id) for u in article.authors]}
    data.update(changes)
    return data


def test_new_article_form(client, auth, newsroom):
    auth.login("rita")
    response = client.post("/articles/new", data={"headline": "Fresh", "body_html": "<p>Body <b>bold</b></p>",
                                                  "section": "Africa", "byline": [str(newsroom["rita"].id)]})
    assert response.status_code == 302
    article = Article.query.one()
    assert article.body_html == "<p>Body <b>bold</b></p>" and article.version == 1


def test_stale_save_shows_the_conflict_and_keeps_the_text(client, auth, newsroom, make_article):
    article = make_article(newsroom["rita"])
    articles.save(newsroom["ed"], article.id, {"headline": "Editor changed it"}, base_version=1)
    auth.login("rita")
    mine = "<p>My long paragraph that must not be lost</p>"
    response = client.post(f"/articles/{article.id}/edit", data=_form(article, body_html=mine, version="1"))
    assert response.status_code == 409
    assert b"Not saved: the article changed while you were editing" in response.data
    assert b"My long paragraph that must not be lost" in response.data  # still in the form
    assert b"<ins>Editor changed it</ins>" in response.data or b"<ins>Editor changed" in response.data
    assert b'name="version" type="hidden" value="2"' in response.data
    # saving again is now a deliberate decision based on version 2
    response = client.post(f"/articles/{article.id}/edit", data=_form(article, body_html=mine, version="2"))
    assert response.status_code == 302
    assert db.session.get(Article, article.id).body_text == "My long paragraph that must not be lost"


def test_invalid_field_keeps_the_text(client, auth, newsroom, make_article):
    article = make_article(newsroom["rita"])
    auth.login("rita")
    response = client.post(f"/articles/{article.id}/edit",
                           data=_form(article, dateline_date="yesterday", body_html="<p>Typed text kept</p>"))
    assert response.status_code == 422
    assert b"is not a date" in response.data and b"Typed text kept" in response.data


def test_soft_lock_shows_who_is_editing(app, newsroom, make_article):
    article = make_article(newsroom["rita"])
    rita, ed = app.test_client(), app.test_client()
    rita.post("/login", data={"username": "rita", "password": "correct-horse-battery"})
    ed.post("/login", data={"username": "ed", "password": "correct-horse-battery"})
    assert b"is editing this article too" in rita.get(f"/articles/{article.id}/edit").data  # banner hidden
    page = ed.get(f"/articles/{article.id}/edit")
    assert b"<strong id=\"lock-holder\">Rita Reporter</strong>" in page.data
    assert ed.post(f"/articles/{article.id}/lock").get_json()["holder"] == "Rita Reporter"
    assert rita.post(f"/articles/{article.id}/lock").get_json()["holder"] is None
    rita.post(f"/articles/{article.id}/unlock")
    assert ed.post(f"/articles/{article.id}/lock").get_json()["holder"] is None
    assert locks.holder(article).user.username == "ed"


def test_lock_expires(app, newsroom, make_article):
    from datetime import timedelta

    from editorial.database import db, utcnow
    from editorial.models import EditLock

    article = make_article(newsroom["rita"])
    locks.acquire(article, newsroom["rita"])
    lock = db.session.get(EditLock, article.id)
    lock.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert locks.holder(article, other_than=newsroom["ed"]) is None
    assert locks.acquire(article, newsroom["ed"]) is None  # taken over


def test_history_compare_restore(client, auth, newsroom, make_article):
    article = make_article(newsroom["rita"], body_html="<p>Mbeki edmond wrote</p>")
    articles.save(newsroom["rita"], article.id, {"body_html": "<p>Mbeki Edmond wrote</p>"}, base_version=1)
    auth.login("rita")
    history = client.get(f"/articles/{article.id}/history")
    assert "Restore revision 1…" in history.get_data(as_text=True)
    diff = client.get(f"/articles/{article.id}/compare?a=1&b=2")
    assert b"<del>edmond</del>" in diff.data and b"<ins>Edmond</ins>" in diff.data
    assert client.get(f"/articles/{article.id}/compare?a=1&b=9").status_code == 404
    client.post(f"/articles/{article.id}/revisions/1/restore", data={"version": "2"})
    assert db.session.get(Article, article.id).body_text == "Mbeki edmond wrote"


def test_transition_form_keeps_the_comment_on_refusal(client, auth, newsroom, make_article):
    from editorial.services import transitions

    article = make_article(newsroom["rita"])
    transitions.transition(newsroom["rita"], article.id, "in_review")
    auth.login("ed")
    refused = client.post(f"/articles/{article.id}/transition", data={"to": "changes_requested", "comment": "  "})
    assert refused.status_code == 422 and b"needs a comment" in refused.data
    done = client.post(f"/articles/{article.id}/transition", data={"to": "changes_requested", "comment": "Fix the byline"})
    assert done.status_code == 302
    page = client.get(f"/articles/{article.id}")
    assert b"changes requested" in page.data and b"Fix the byline" in page.data


def test_import_page_upload(client, auth, newsroom, seed_text):
    from io import BytesIO

    auth.login("rita")
    response = client.post("/articles/import", data={"file": (BytesIO(seed_text.encode()), "mali.txt"), "text": ""},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    article = Article.query.one()
    assert "Mbeki edmond" in article.body_text
    bad = client.post("/articles/import", data={"file": (BytesIO(b"\xff\xfe\x00bad"), "x.txt")},
                      content_type="multipart/form-data")
    assert bad.status_code == 422 and b"not UTF-8" in bad.data


def test_inbox(client, auth, newsroom, make_article):
    from editorial.services import transitions

    article = make_article(newsroom["rita"])
    transitions.transition(newsroom["rita"], article.id, "in_review")
    auth.login("ed")
    home = client.get("/")
    assert b'<span class="badge">1<span class="visually-hidden"> unread</span></span>' in home.data
    inbox = client.get("/inbox")
    assert "Rita Reporter submitted “Mali cuts ties with Ukraine” for review".encode() in inbox.data
    from editorial.models import Notification

    note = Notification.query.one()
    response = client.post(f"/inbox/{note.id}/open", data={"article_id": str(article.id)})
    assert response.headers["Location"] == f"/articles/{article.id}"
    assert b"unread" not in client.get("/").data.split(b"<main")[0]


def test_assignment(client, auth, newsroom, make_article):
    from editorial.models import Notification
    from editorial.services import transitions

    article = make_article(newsroom["rita"])
    transitions.transition(newsroom["rita"], article.id, "in_review")
    auth.login("ed")
    page = client.get(f"/articles/{article.id}")
    assert b"Fay Checker</option>" in page.data and b"Rob Reporter</option>" not in page.data
    client.post(f"/articles/{article.id}/assign", data={"user_id": str(newsroom["fay"].id)})
    assert [a.user_id for a in db.session.get(Article, article.id).assignments] == [newsroom["fay"].id]
    assert "assigned you to" in Notification.query.filter_by(user_id=newsroom["fay"].id).one().message
    refused = client.post(f"/articles/{article.id}/assign", data={"user_id": str(newsroom["rob"].id)})
    assert refused.status_code == 302 and len(db.session.get(Article, article.id).assignments) == 1
    client.post(f"/articles/{article.id}/unassign/{newsroom['fay'].id}")
    assert db.session.get(Article, article.id).assignments == []


def test_workspace_tabs_count_what_is_open_and_what_blocks(client, auth, newsroom, make_article):
    """The tabs' counts and their "blocks publishing" note come from the server; without JS the tab list is
    hidden and every panel is shown in the page (workspace.js makes them tabs)."""
    article = make_article(newsroom["rita"], body_html="<p>The council voted to to close the bridge.</p>")
    comments.start_thread(newsroom["ed"], article.id, body="Which council?", general=True)
    comments.start_thread(newsroom["ed"], article.id, body="Must go.", general=True, blocking=True)
    auth.login("ed")
    html = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert '<div class="workspace-tabs" id="workspace-tabs" role="tablist"' in html
    assert 'aria-label="Flags, claims, comments and activity" hidden>' in html
    tab = {key: html[html.index(f'id="tab-{key}"'):].split("</button>", 1)[0] for key in
           ("flags", "claims", "comments", "activity")}
    assert 'data-count="1" data-blocking="1"' in tab["flags"]  # "to to", an error
    assert '<span class="tab-count blocking">1<span class="visually-hidden"> open, some block publishing' in tab["flags"]
    assert 'data-count="0" data-blocking="0"' in tab["claims"]
    assert 'data-count="2" data-blocking="1"' in tab["comments"]
    assert "data-count" not in tab["activity"] and 'aria-controls="activity"' in tab["activity"]
    for panel in ('id="flags"', 'id="claims"', 'id="comments"', 'id="activity"'):
        assert panel in html
    assert html.index('id="actions"') < html.index('id="workspace-cards"')  # the workflow's buttons stay out of the tabs
