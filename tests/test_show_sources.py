"""The show_sources setting: parsed in one place, editable by form and API, kept out of revisions."""

from __future__ import annotations

import pytest

from editorial.database import db
from editorial.models import Article, Event
from editorial.services import articles, fields, transitions
from editorial.services.errors import Invalid


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(True, True), (False, False), (None, False), ("true", True), ("false", False), ("y", True), ("on", True),
     ("1", True), ("0", False), ("", False), (" ON ", True), ("no", False), (1, True), (0, False)],
)
def test_show_sources_parses_form_and_json_booleans(raw, expected):
    assert fields.normalize({"show_sources": raw}, partial=True) == {"show_sources": expected}


@pytest.mark.parametrize("raw", ["maybe", 2, [], {}, "yes please", 0.5])
def test_show_sources_refuses_what_is_not_a_boolean(raw):
    with pytest.raises(Invalid) as refused:
        fields.normalize({"show_sources": raw}, partial=True)
    assert refused.value.field == "show_sources"


def test_defaults_off_and_a_new_article_may_turn_it_on(newsroom, make_article):
    assert make_article(newsroom["rita"]).show_sources is False
    assert make_article(newsroom["rita"], show_sources="on").show_sources is True


def _published(make_article, rita, ed):
    article = make_article(rita)
    for actor, target in ((rita, "in_review"), (ed, "approved"), (ed, "published")):
        transitions.transition(actor, article.id, target)
    return article


def test_changing_only_the_setting_makes_no_revision_and_keeps_a_published_piece_live(newsroom, make_article):
    rita, ed = newsroom["rita"], newsroom["ed"]
    article = _published(make_article, rita, ed)
    live = article.published_revision_id
    saved = articles.save(ed, article.id, {"show_sources": True}, base_version=article.version)
    db.session.expire_all()
    article = db.session.get(Article, saved.id)
    assert article.show_sources is True
    assert article.version == 1 and len(articles.revisions(article)) == 1
    assert article.state.value == "published" and article.published_revision_id == live
    events = db.session.execute(db.select(Event).where(Event.kind == "settings_changed")).scalars().all()
    assert [(e.actor_id, e.details) for e in events] == [(ed.id, {"show_sources": True})]
    # saving the same value again changes nothing and records nothing
    articles.save(ed, article.id, {"show_sources": "1"}, base_version=1)
    assert db.session.execute(db.select(db.func.count(Event.id)).where(Event.kind == "settings_changed")).scalar() == 1


def test_a_text_edit_with_the_setting_makes_one_revision_and_restoring_leaves_the_setting(newsroom, make_article):
    rita = newsroom["rita"]
    article = make_article(rita)
    articles.save(rita, article.id, {"headline": "New words", "show_sources": True}, base_version=1)
    db.session.expire_all()
    article = db.session.get(Article, article.id)
    assert (article.version, article.headline, article.show_sources) == (2, "New words", True)
    articles.restore(rita, article.id, 1, base_version=2)
    db.session.expire_all()
    article = db.session.get(Article, article.id)
    assert (article.version, article.headline, article.show_sources) == (3, "Mali cuts ties with Ukraine", True)


def test_a_stale_version_is_refused_for_the_setting_too(newsroom, make_article):
    rita = newsroom["rita"]
    article = make_article(rita)
    articles.save(rita, article.id, {"headline": "v2"}, base_version=1)
    with pytest.raises(articles.StaleVersion):
        articles.save(rita, article.id, {"show_sources": True}, base_version=1)
    db.session.expire_all()
    assert db.session.get(Article, article.id).show_sources is False


def test_api_reads_and_writes_show_sources(api, newsroom):
    api.login("rita")
    created = api("POST", "/articles", {"headline": "API", "body_html": "<p>x</p>"}).get_json()
    assert created["show_sources"] is False
    path = f"/articles/{created['id']}"
    changed = api("PATCH", path, {"show_sources": True, "version": 1})
    assert changed.status_code == 200 and changed.get_json()["show_sources"] is True
    assert changed.get_json()["version"] == 1  # no new revision
    assert "show_sources" not in api("GET", path + "/revisions/1").get_json()
    refused = api("PATCH", path, {"show_sources": "perhaps", "version": 1})
    assert refused.status_code == 422 and refused.get_json()["error"]["field"] == "show_sources"


def test_the_edit_form_has_the_checkbox_and_saves_it(client, auth, newsroom, make_article):
    rita = newsroom["rita"]
    article = make_article(rita)
    auth.login("rita")
    page = client.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert '<input id="show_sources" name="show_sources" type="checkbox"' in page
    assert "Show sources of verified claims on the published page" in page
    form = {"headline": article.headline, "body_html": article.body_html, "section": "Africa",
            "byline": [rita.id], "version": "1", "show_sources": "y"}
    assert client.post(f"/articles/{article.id}/edit", data=form).status_code == 302
    db.session.expire_all()
    article = db.session.get(Article, article.id)
    assert article.show_sources is True and article.version == 1  # same text: no revision
    page = client.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert '<input checked id="show_sources" name="show_sources" type="checkbox"' in page
    del form["show_sources"]  # an unticked box is not sent
    assert client.post(f"/articles/{article.id}/edit", data=form).status_code == 302
    db.session.expire_all()
    assert db.session.get(Article, article.id).show_sources is False


def test_timeline_says_what_the_setting_change_did(client, auth, newsroom, make_article):
    from editorial.services import articles

    article = make_article(newsroom["rita"])
    articles.save(newsroom["rita"], article.id, {"show_sources": True}, base_version=1)
    auth.login("rita")
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "turned on sources of verified claims on the public page" in page
