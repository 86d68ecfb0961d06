"""The public article page: only the live published revision, ClaimReview JSON-LD, sources on request."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editorial.claimreview import script_json, slug
from editorial.claims import ClaimStatus
from editorial.database import db
from editorial.models import Article
from editorial.services import articles, claims, transitions

BODY = "<p>Wagner fighters were ambushed near the border.</p><p>The convoy was attacked at dawn.</p>"


@pytest.fixture
def publish(newsroom):
    ed = newsroom["ed"]

    def go(article):
        for actor, target in ((ed, "approved"), (ed, "published")):
            transitions.transition(actor, article.id, target)
        return db.session.get(Article, article.id)

    return go


@pytest.fixture
def in_review(newsroom, make_article):
    def make(**fields):
        article = make_article(newsroom["rita"], body_html=BODY, standfirst="What happened at the border.", **fields)
        transitions.transition(newsroom["rita"], article.id, "in_review")
        return article

    return make


def _verified(fay, article, words: str, status: ClaimStatus = ClaimStatus.VERIFIED, url: str = ""):
    claim = claims.create(fay, article.id, exact=words, summary=f"Claim: {words}")
    if url:
        claims.attach_source(fay, claim.id, url=url, title="Army statement", publisher="Ministry of Defence")
    return claims.update(fay, claim.id, status=status.value, comment="checked")


def _json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    return [json.loads(b) for b in blocks]


def test_drafts_reviews_and_unpublished_pieces_are_not_shown(client, newsroom, make_article, in_review, publish):
    """Never published: 404. Published then unpublished: 410 with a retraction notice (test_corrections.py)."""
    ed = newsroom["ed"]
    draft = make_article(newsroom["rita"])
    reviewed = in_review()
    approved = in_review()
    transitions.transition(ed, approved.id, "approved")
    pulled = publish(in_review())
    transitions.transition(ed, pulled.id, "unpublished", comment="Legal")
    again = publish(in_review())  # unpublished, back to draft and through review: not live until republished
    transitions.transition(ed, again.id, "unpublished", comment="Legal")
    transitions.transition(ed, again.id, "draft")
    transitions.transition(newsroom["rita"], again.id, "in_review")
    for article, status in ((draft, 404), (reviewed, 404), (approved, 404), (pulled, 410), (again, 410)):
        for path in (f"/news/{article.id}", f"/news/{article.id}-{slug(article.headline)}"):
            response = client.get(path)
            assert response.status_code == status, (path, article.state)
            assert b"Wagner" not in response.data
    assert client.get("/news/999999").status_code == 404


def test_a_published_piece_is_public_without_login_and_cacheable(client, in_review, publish):
    article = publish(in_review(headline="Ambush at the border", section="Africa"))
    response = client.get(f"/news/{article.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Ambush at the border</h1>" in html and "What happened at the border." in html
    assert "By Rita Reporter" in html and "Wagner fighters were ambushed" in html and "Published" in html
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert f'href="http://localhost/news/{article.id}-ambush-at-the-border"' in html  # canonical
    assert client.get(f"/news/{article.id}-ambush-at-the-border").status_code == 200
    wrong = client.get(f"/news/{article.id}-old-slug")
    assert wrong.status_code == 301 and wrong.headers["Location"].endswith(f"/news/{article.id}-ambush-at-the-border")


def test_after_an_edit_the_public_page_keeps_the_published_revision(client, newsroom, in_review, publish):
    ed = newsroom["ed"]
    article = publish(in_review(headline="Live headline"))
    articles.save(ed, article.id, {"headline": "Unreviewed headline", "body_html": "<p>Draft words, not yet reviewed.</p>"},
                  base_version=article.version)
    assert db.session.get(Article, article.id).state.value == "in_review"
    html = client.get(f"/news/{article.id}").get_data(as_text=True)
    assert "Live headline" in html and "Wagner fighters were ambushed" in html
    assert "Unreviewed" not in html and "Draft words" not in html
    transitions.transition(ed, article.id, "changes_requested", comment="Not yet")
    assert "Live headline" in client.get(f"/news/{article.id}").get_data(as_text=True)


def test_headlines_and_bodies_are_escaped_and_sanitized(client, in_review, publish):
    article = publish(in_review(headline="Mali <b>cuts</b> ties & more"))
    html = client.get(f"/news/{article.id}").get_data(as_text=True)
    assert "Mali &lt;b&gt;cuts&lt;/b&gt; ties &amp; more" in html and "<b>cuts</b>" not in html


def test_body_is_sanitized_on_output(client, newsroom, in_review, publish):
    from editorial.models import Revision

    article = publish(in_review())
    live = db.session.get(Revision, article.published_revision_id)
    db.session.execute(db.update(Revision).where(Revision.id == live.id).values(
        body_html='<p>Fine</p><script>alert(1)</script><p onclick="x()">Click</p>'))
    db.session.commit()
    html = client.get(f"/news/{article.id}").get_data(as_text=True)
    assert "<script>alert" not in html and "onclick" not in html and "<p>Fine</p>" in html


def test_claim_review_json_ld_for_verdicts_only(client, app, newsroom, in_review, publish):
    fay = newsroom["fay"]
    article = in_review(headline="Ambush at the border")
    verified = _verified(fay, article, "Wagner fighters were ambushed")
    disputed = _verified(fay, article, "attacked at dawn", ClaimStatus.DISPUTED)
    unchecked = claims.create(fay, article.id, exact="near the border")
    claims.update(fay, unchecked.id, status="not_checkable", comment="a place, not a claim")
    article = publish(article)
    html = client.get(f"/news/{article.id}").get_data(as_text=True)
    reviews = _json_ld(html)
    assert [r["claimReviewed"] for r in reviews] == ["Claim: Wagner fighters were ambushed", "Claim: attacked at dawn"]
    url = f"http://localhost/news/{article.id}-ambush-at-the-border"
    review = reviews[0]
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["url"] == f"{url}#claim-{verified.id}" and f'id="claim-{verified.id}"' in html
    assert review["reviewRating"] == {
        "@type": "Rating", "ratingValue": 5, "bestRating": 5, "worstRating": 1, "alternateName": "True",
    }
    assert reviews[1]["reviewRating"]["ratingValue"] == 3 and reviews[1]["reviewRating"]["alternateName"] == "Unproven"
    assert reviews[1]["url"].endswith(f"#claim-{disputed.id}")
    assert review["author"]["@type"] == "Organization" and review["author"]["name"] == "Editorial"
    assert review["datePublished"] == article.published_at.date().isoformat()
    item = review["itemReviewed"]
    assert item["@type"] == "Claim" and item["appearance"]["url"] == url
    assert f"claim-{unchecked.id}" not in html  # no verdict: no review


def test_newsroom_name_comes_from_config(client, app, newsroom, in_review, publish):
    app.config["NEWSROOM_NAME"] = "The Sahel </script> Times"
    article = in_review()
    _verified(newsroom["fay"], article, "Wagner fighters were ambushed")
    html = client.get(f"/news/{publish(article).id}").get_data(as_text=True)
    assert "</script> Times" not in html.split('type="application/ld+json">')[1].split("</script>")[0]
    assert _json_ld(html)[0]["author"]["name"] == "The Sahel </script> Times"


def test_a_claim_reopened_or_edited_after_publication_drops_out(client, newsroom, in_review, publish):
    fay, ed = newsroom["fay"], newsroom["ed"]
    article = in_review()
    claim = _verified(fay, article, "Wagner fighters were ambushed")
    article = publish(article)
    assert len(_json_ld(client.get(f"/news/{article.id}").get_data(as_text=True))) == 1
    articles.save(ed, article.id, {"body_html": BODY.replace("ambushed", "attacked")}, base_version=article.version)
    assert db.session.get(type(claim), claim.id).status == ClaimStatus.NEEDS_RECHECK
    assert _json_ld(client.get(f"/news/{article.id}").get_data(as_text=True)) == []


def test_sources_only_when_the_article_shows_them_and_only_for_verified_claims(client, newsroom, in_review, publish):
    fay, ed = newsroom["fay"], newsroom["ed"]
    article = in_review()
    _verified(fay, article, "Wagner fighters were ambushed", url="https://example.org/army-statement")
    _verified(fay, article, "attacked at dawn", ClaimStatus.DISPUTED, url="https://example.org/disputed-report")
    article = publish(article)
    html = client.get(f"/news/{article.id}").get_data(as_text=True)
    assert "example.org" not in html  # show_sources is off by default
    articles.save(ed, article.id, {"show_sources": True}, base_version=article.version)
    html = client.get(f"/news/{article.id}").get_data(as_text=True)
    assert '<a href="https://example.org/army-statement" rel="nofollow noopener" target="_blank">Army statement</a>, Ministry of Defence' in html
    assert "disputed-report" not in html  # a disputed claim's sources stay in the newsroom
    assert db.session.get(Article, article.id).state.value == "published"  # the setting did not send it back


def test_the_article_page_in_the_app_links_to_the_public_page(client, auth, newsroom, in_review, publish):
    article = in_review()
    auth.login("ed")
    assert "Public page" not in client.get(f"/articles/{article.id}").get_data(as_text=True)
    publish(article)
    html = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert f'<a class="public-link" href="/news/{article.id}">Public page</a>' in html


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
))
def test_script_json_round_trips_and_never_closes_the_script(data):
    text = script_json(data)
    assert json.loads(text) == data
    assert "<" not in text and ">" not in text and "&" not in text


def test_slug():
    assert slug("Mali cuts ties — with Ukraine!") == "mali-cuts-ties-with-ukraine"
    assert slug("Goïta's <b>junta</b>") == "goita-s-b-junta-b"
    assert slug("«»") == "article"


def test_newsroom_name_is_read_from_the_environment(monkeypatch, tmp_path):
    from editorial.config import load

    monkeypatch.delenv("NEWSROOM_NAME", raising=False)
    assert load(str(tmp_path))["NEWSROOM_NAME"] == "Editorial"
    monkeypatch.setenv("NEWSROOM_NAME", "  Sahel Times ")
    assert load(str(tmp_path))["NEWSROOM_NAME"] == "Sahel Times"


# --- a verdict changed on a published piece: dated on the page, in the JSON-LD, editors told ---------------


def test_a_verdict_changed_after_publication_is_dated_in_public_and_the_editor_told(client, newsroom, in_review,
                                                                                    publish):
    from editorial.models import Event, Notification

    fay, ed = newsroom["fay"], newsroom["ed"]
    article = in_review()
    claim = _verified(fay, article, "near the border")
    claims.update(fay, claim.id, status="disputed", comment="second thoughts")  # before publication: not marked
    claims.update(fay, claim.id, status="verified", comment="third thoughts")
    publish(article)
    html = client.get(f"/news/{article.id}", follow_redirects=True).get_data(as_text=True)
    assert "Fact check updated" not in html  # verdicts given before publication went out with it
    assert all("dateModified" not in review for review in _json_ld(html))
    assert Notification.query.filter_by(user_id=ed.id).filter(Notification.message.like("%fact check%")).count() == 0

    claims.update(fay, claim.id, status="disputed", comment="The army now disputes the place.")
    changed = Event.query.filter_by(kind="claim_status", to_state="disputed").order_by(Event.id.desc()).first()
    day = f"{changed.created_at.day} {changed.created_at:%b %Y}"
    html = client.get(f"/news/{article.id}", follow_redirects=True).get_data(as_text=True)
    assert f'Fact check updated <time datetime="{changed.created_at.isoformat(timespec="seconds")}">{day}</time>' in html
    (review,) = _json_ld(html)
    assert review["dateModified"] == changed.created_at.date().isoformat()
    assert review["reviewRating"]["alternateName"] != "True"
    told = Notification.query.filter_by(user_id=ed.id, event_id=changed.id).one()
    assert told.message == "Fay Checker changed a fact check on the published “Mali cuts ties with Ukraine” from " \
                           "verified to disputed"
    assert Notification.query.filter_by(user_id=fay.id, event_id=changed.id).count() == 0

