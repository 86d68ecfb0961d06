"""The newsroom's rating scale: what readers see for a verdict (a quote accurately attributed is "Correctly
attributed", not "True"), each rating mapped to ClaimReview's ratingValue and alternateName."""

from __future__ import annotations

import json
import re

import pytest

from editorial import create_app
from editorial.claims import DEFAULT_RATINGS, ClaimStatus, Rating, rating_for, rating_scale
from editorial.config import ConfigError
from editorial.database import db
from editorial.models import Article, Claim, Event
from editorial.services import claims, transitions
from editorial.services.errors import Invalid
from tests.conftest import Api

BODY = '<p>Colonel Maiga called it "a cowardly, treacherous and barbaric attack".</p><p>Wagner lost 84 men.</p>'
QUOTE = "a cowardly, treacherous and barbaric attack"


def test_the_default_scale_has_a_rating_for_every_verdict_and_defaults_to_the_first():
    assert rating_for(DEFAULT_RATINGS, ClaimStatus.VERIFIED).label == "True"
    assert rating_for(DEFAULT_RATINGS, ClaimStatus.VERIFIED, "correctly_attributed").label == "Correctly attributed"
    assert rating_for(DEFAULT_RATINGS, ClaimStatus.DISPUTED, "correctly_attributed").label == "Unproven"
    assert rating_for(DEFAULT_RATINGS, ClaimStatus.FALSE).value == 1
    assert rating_for(DEFAULT_RATINGS, ClaimStatus.IN_PROGRESS) is None


@pytest.mark.parametrize(("entries", "message"), [
    ([{"key": "true", "label": "True", "value": 5, "status": "verified"}], "no rating for the verdict status"),
    ([*DEFAULT_RATINGS, Rating("true", "Again", 5, ClaimStatus.VERIFIED)], "given twice"),
    ([*DEFAULT_RATINGS, {"key": "x", "label": "X", "value": 9, "status": "verified"}], "value from 1 to 5"),
    ([*DEFAULT_RATINGS, {"key": "x", "label": "X", "value": 3, "status": "in_progress"}], "status of"),
    ([*DEFAULT_RATINGS, {"key": "x", "value": 3, "status": "verified"}], "needs key, label"),
])
def test_a_scale_that_cannot_work_is_refused_saying_why(entries, message):
    with pytest.raises(ValueError, match=message):
        rating_scale(entries)


def test_the_app_refuses_a_bad_scale_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("EDITORIAL_INSTANCE", str(tmp_path / "instance"))
    with pytest.raises(ConfigError, match="RATING_SCALE: no rating for the verdict status"):
        create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                    "RATING_SCALE": [{"key": "yes", "label": "Yes", "value": 5, "status": "verified"}]})


@pytest.fixture
def published_quote(newsroom, make_article):
    """A piece with a checked quote and a checked figure, published."""

    def publish(rating: str | None):
        article = make_article(newsroom["rita"], body_html=BODY, headline="Mali accuses Ukraine")
        transitions.transition(newsroom["rita"], article.id, "in_review")
        quote = claims.create(newsroom["fay"], article.id, exact=QUOTE, summary="Maiga's words")
        claims.update(newsroom["fay"], quote.id, status="verified", rating=rating, comment="on video")
        figure = claims.create(newsroom["fay"], article.id, exact="Wagner lost 84 men", summary="The toll")
        claims.update(newsroom["fay"], figure.id, status="verified", comment="two agencies")
        for target in ("approved", "published"):
            transitions.transition(newsroom["ed"], article.id, target)
        return db.session.get(Article, article.id), quote, figure

    return publish


def _reviews(html: str) -> dict[str, dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    return {r["claimReviewed"]: r["reviewRating"] for r in map(json.loads, blocks)}


def test_a_quote_correctly_attributed_is_never_shown_to_readers_as_true(client, published_quote):
    article, quote, _ = published_quote("correctly_attributed")
    html = client.get(f"/news/{article.id}").get_data(as_text=True)
    reviews = _reviews(html)
    assert reviews["Maiga's words"]["alternateName"] == "Correctly attributed"
    assert reviews["Maiga's words"]["ratingValue"] == 5
    assert reviews["The toll"]["alternateName"] == "True"  # no rating chosen: the status's usual one
    assert '<span class="verdict">Correctly attributed</span> Maiga' in html
    event = Event.query.filter_by(kind="claim_status").order_by(Event.id).first()
    assert event.details["rating"] == "correctly_attributed"


def test_a_rating_belongs_to_its_status(newsroom, published_quote):
    _, quote, _ = published_quote(None)
    with pytest.raises(Invalid, match="“Misleading” is a rating for disputed claims, not verified ones") as refused:
        claims.update(newsroom["fay"], quote.id, status="verified", rating="misleading")
    assert refused.value.field == "rating"
    with pytest.raises(Invalid, match="is not a rating of this newsroom") as unknown:
        claims.update(newsroom["fay"], quote.id, rating="pants_on_fire")
    assert unknown.value.field == "rating"
    changed = claims.update(newsroom["fay"], quote.id, rating="misleading", comment="cut mid-sentence")
    assert (changed.status, changed.rating) == (ClaimStatus.DISPUTED, "misleading")
    reopened = claims.update(newsroom["fay"], quote.id, status="in_progress")
    assert reopened.rating is None


class TestTheNewsroomsOwnScale:
    @pytest.fixture
    def app_config(self):
        return {"RATING_SCALE": [
            {"key": "accurate", "label": "Accurate", "value": 5, "status": "verified"},
            {"key": "half", "label": "Half right", "value": 3, "status": "disputed"},
            {"key": "wrong", "label": "Wrong", "value": 1, "status": "false"},
        ]}

    def test_is_what_readers_and_the_api_see(self, client, newsroom, published_quote):
        article, quote, _ = published_quote("accurate")
        assert _reviews(client.get(f"/news/{article.id}").get_data(as_text=True))["Maiga's words"] == {
            "@type": "Rating", "ratingValue": 5, "bestRating": 5, "worstRating": 1, "alternateName": "Accurate"}
        fay = Api(client).login("fay")
        patched = fay("PATCH", f"/claims/{quote.id}", {"rating": "half", "comment": "partly"})
        assert patched.status_code == 200
        assert (patched.get_json()["status"], patched.get_json()["rating"]) == (
            "disputed", {"key": "half", "label": "Half right", "value": 3})
        refused = fay("PATCH", f"/claims/{quote.id}", {"rating": "true"})  # the default scale's key, not this one's
        assert refused.status_code == 422 and refused.get_json()["error"]["field"] == "rating"


def test_the_claim_page_sets_the_rating(client, auth, newsroom, published_quote):
    _, quote, _ = published_quote(None)
    auth.login("fay")
    page = client.get(f"/claims/{quote.id}").get_data(as_text=True)
    assert '<option value="correctly_attributed">Correctly attributed (verified)</option>' in page
    done = client.post(f"/claims/{quote.id}/status", data={"status": "verified", "rating": "correctly_attributed",
                                                          "notes": "", "comment": "on video"})
    assert done.status_code == 302
    assert db.session.get(Claim, quote.id).rating == "correctly_attributed"
    assert "rated “Correctly attributed”" in client.get(f"/claims/{quote.id}").get_data(as_text=True)
