"""Corrections and retractions: the note a republication needs, where it shows, the 410 retraction notice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from editorial.database import db
from editorial.models import Article, Correction, Event
from editorial.services import articles, corrections, public, schedule, transitions
from editorial.services.errors import Invalid
from editorial.workflow import State

FIRST = "<p>Wagner fighters were ambushed near the border.</p>"
FIXED = "<p>Wagner fighters were ambushed near the river.</p>"
NOTE = "An earlier version said the ambush was near the border; it was near the river."
NOW = datetime(2030, 3, 2, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=2)


@pytest.fixture
def published(newsroom, make_article):
    """A published article (Rita's, published by Ed)."""
    rita, ed = newsroom["rita"], newsroom["ed"]
    article = make_article(rita, body_html=FIRST)
    for actor, target in ((rita, "in_review"), (ed, "approved"), (ed, "published")):
        transitions.transition(actor, article.id, target)
    return db.session.get(Article, article.id)


@pytest.fixture
def corrected(newsroom, published):
    """The published article corrected by its author and approved again: the next publication is a correction."""
    articles.save(newsroom["rita"], published.id, {"body_html": FIXED}, base_version=published.version)
    transitions.transition(newsroom["ed"], published.id, "approved")
    return db.session.get(Article, published.id)


def _publish_events(article_id: int) -> int:
    return Event.query.filter_by(kind="transition", article_id=article_id, to_state="published").count()


# ---- services ----


def test_a_first_publication_needs_no_note(newsroom, published):
    assert published.state == State.PUBLISHED
    assert corrections.history(published.id) == []


def test_republishing_without_a_note_is_refused_and_changes_nothing(newsroom, corrected):
    live_before = corrected.published_revision_id
    for note in ("", "   "):
        with pytest.raises(Invalid, match="correction note") as refused:
            transitions.transition(newsroom["ed"], corrected.id, "published", correction_note=note)
        assert refused.value.field == "correction_note"
    article = db.session.get(Article, corrected.id)
    assert article.state == State.APPROVED
    assert article.published_revision_id == live_before
    assert _publish_events(corrected.id) == 1
    assert Correction.query.count() == 0


def test_republishing_with_a_note_stores_it_with_the_revision(newsroom, corrected):
    ed = newsroom["ed"]
    approved = corrected.approved_revision_id
    transitions.transition(ed, corrected.id, "published", correction_note=f"  {NOTE}  ")
    [correction] = corrections.history(corrected.id)
    assert (correction.note, correction.revision_id, correction.created_by_id) == (NOTE, approved, ed.id)
    article = db.session.get(Article, corrected.id)
    assert article.published_revision_id == approved
    event = Event.query.filter_by(kind="transition", to_state="published").order_by(Event.id.desc()).first()
    assert event.details["correction_note"] == NOTE


def test_corrections_are_kept_oldest_first_and_never_edited_or_deleted(newsroom, corrected):
    ed = newsroom["ed"]
    transitions.transition(ed, corrected.id, "published", correction_note="First fix.")
    article = db.session.get(Article, corrected.id)
    articles.save(newsroom["rita"], article.id, {"body_html": "<p>Wagner fighters were ambushed near a river.</p>"},
                  base_version=article.version)
    transitions.transition(ed, article.id, "approved")
    transitions.transition(ed, article.id, "published", correction_note="Second fix.")
    history = corrections.history(article.id)
    assert [c.note for c in history] == ["First fix.", "Second fix."]
    history[0].note = "rewritten"
    with pytest.raises(RuntimeError, match="never edited"):
        db.session.commit()
    db.session.rollback()
    db.session.delete(corrections.history(article.id)[0])
    with pytest.raises(RuntimeError, match="never deleted"):
        db.session.commit()
    db.session.rollback()
    assert [c.note for c in corrections.history(article.id)] == ["First fix.", "Second fix."]


def test_a_retracted_piece_republished_is_a_correction_too(newsroom, published):
    ed = newsroom["ed"]
    transitions.transition(ed, published.id, "unpublished", comment="Legal review")
    transitions.transition(ed, published.id, "draft")
    transitions.transition(ed, published.id, "in_review")
    transitions.transition(ed, published.id, "approved")
    with pytest.raises(Invalid, match="correction note"):
        transitions.transition(ed, published.id, "published")
    transitions.transition(ed, published.id, "published", correction_note="Republished after legal review.")
    assert [c.note for c in corrections.history(published.id)] == ["Republished after legal review."]


def test_a_note_that_is_too_long_is_refused(newsroom, corrected):
    with pytest.raises(Invalid, match="too long"):
        transitions.transition(newsroom["ed"], corrected.id, "published", correction_note="x" * 5001)
    assert db.session.get(Article, corrected.id).state == State.APPROVED


# ---- scheduled corrections: the note is required when scheduling and published with the piece ----


def test_scheduling_a_correction_needs_its_note(newsroom, corrected):
    with pytest.raises(Invalid, match="correction note"):
        schedule.set_publish_time(newsroom["ed"], corrected.id, LATER, now=NOW)
    assert db.session.get(Article, corrected.id).publish_at is None


def test_a_scheduled_correction_goes_out_with_its_note(newsroom, corrected):
    ed = newsroom["ed"]
    schedule.set_publish_time(ed, corrected.id, LATER, now=NOW, correction_note=NOTE)
    assert corrections.history(corrected.id) == []  # not public before it is published
    [outcome] = schedule.publish_due(now=LATER)
    assert outcome.published
    [correction] = corrections.history(corrected.id)
    assert (correction.note, correction.created_by_id) == (NOTE, ed.id)
    assert db.session.get(Article, corrected.id).scheduled_correction_note == ""


def test_a_scheduled_correction_without_a_note_is_not_published(newsroom, corrected):
    """A schedule made before notes were required (or tampered with) fails like a gate blocker."""
    ed = newsroom["ed"]
    schedule.set_publish_time(ed, corrected.id, LATER, now=NOW, correction_note=NOTE)
    article = db.session.get(Article, corrected.id)
    article.scheduled_correction_note = ""
    db.session.commit()
    [outcome] = schedule.publish_due(now=LATER)
    assert not outcome.published
    assert [b.code for b in outcome.blockers] == ["correction_note"]
    assert db.session.get(Article, corrected.id).state == State.APPROVED
    assert corrections.history(corrected.id) == []


def test_a_first_scheduled_publication_needs_no_note(newsroom, make_article):
    rita, ed = newsroom["rita"], newsroom["ed"]
    article = make_article(rita)
    transitions.transition(rita, article.id, "in_review")
    transitions.transition(ed, article.id, "approved")
    schedule.set_publish_time(ed, article.id, LATER, now=NOW, correction_note="ignored")
    assert db.session.get(Article, article.id).scheduled_correction_note == ""
    [outcome] = schedule.publish_due(now=LATER)
    assert outcome.published and corrections.history(article.id) == []


# ---- retraction ----


def test_unpublishing_records_whether_the_reason_is_public(newsroom, published):
    transitions.transition(newsroom["ed"], published.id, "unpublished", comment="Source recanted", public_reason=True)
    notice = public.retraction(published.id)
    assert notice.public_reason == "Source recanted"
    assert notice.headline == "Mali cuts ties with Ukraine"


def test_an_internal_reason_stays_internal(newsroom, published):
    transitions.transition(newsroom["ed"], published.id, "unpublished", comment="Lawyer's letter")
    assert public.retraction(published.id).public_reason == ""


def test_live_and_never_published_articles_have_no_retraction(newsroom, make_article, published):
    assert public.retraction(published.id) is None
    assert public.retraction(make_article(newsroom["rita"]).id) is None
    assert public.retraction(999_999) is None


# ---- API ----


def test_api_refuses_a_correction_without_a_note_then_publishes_with_one(api, newsroom, corrected):
    api.login("ed")
    refused = api("POST", f"/articles/{corrected.id}/transitions", {"to": "published"})
    assert refused.status_code == 422
    assert refused.get_json()["error"]["field"] == "correction_note"
    assert "correction note" in refused.get_json()["error"]["message"]
    assert db.session.get(Article, corrected.id).state == State.APPROVED
    done = api("POST", f"/articles/{corrected.id}/transitions", {"to": "published", "correction_note": NOTE})
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["state"] == "published"
    assert [c.note for c in corrections.history(corrected.id)] == [NOTE]


def test_api_unpublishes_with_a_public_reason(api, newsroom, published):
    api.login("ed")
    bad = api("POST", f"/articles/{published.id}/transitions",
              {"to": "unpublished", "comment": "Wrong photo", "public_reason": "yes"})
    assert bad.status_code == 422
    done = api("POST", f"/articles/{published.id}/transitions",
               {"to": "unpublished", "comment": "Wrong photo", "public_reason": True})
    assert done.status_code == 200
    assert public.retraction(published.id).public_reason == "Wrong photo"


def test_api_schedule_of_a_correction_needs_the_note(api, newsroom, corrected):
    api.login("ed")
    when = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    refused = api("PUT", f"/articles/{corrected.id}/schedule", {"publish_at": when})
    assert refused.status_code == 422 and refused.get_json()["error"]["field"] == "correction_note"
    done = api("PUT", f"/articles/{corrected.id}/schedule", {"publish_at": when, "correction_note": NOTE})
    assert done.status_code == 200 and done.get_json()["publish_at"]


# ---- staff pages ----


def test_the_publish_form_asks_for_a_note_only_for_a_correction(client, auth, newsroom, make_article, corrected):
    auth.login("ed")
    page = client.get(f"/articles/{corrected.id}").get_data(as_text=True)
    assert "Correction note (public)" in page
    first = make_article(newsroom["rita"])
    transitions.transition(newsroom["rita"], first.id, "in_review")
    transitions.transition(newsroom["ed"], first.id, "approved")
    assert "Correction note (public)" not in client.get(f"/articles/{first.id}").get_data(as_text=True)


def test_the_page_refuses_without_a_note_keeping_the_state_then_publishes(client, auth, newsroom, corrected):
    auth.login("ed")
    refused = client.post(f"/articles/{corrected.id}/transition", data={"to": "published", "comment": ""})
    assert refused.status_code == 422
    assert "needs a public correction note" in refused.get_data(as_text=True)
    assert db.session.get(Article, corrected.id).state == State.APPROVED
    done = client.post(f"/articles/{corrected.id}/transition", data={"to": "published", "correction_note": NOTE})
    assert done.status_code == 302
    page = client.get(f"/articles/{corrected.id}").get_data(as_text=True)
    assert 'id="corrections"' in page and NOTE.replace("'", "&#39;") in page


def test_the_unpublish_checkbox_makes_the_reason_public(client, auth, newsroom, published):
    auth.login("ed")
    page = client.get(f"/articles/{published.id}").get_data(as_text=True)
    assert "Show this reason publicly" in page
    client.post(f"/articles/{published.id}/transition",
                data={"to": "unpublished", "comment": "Facts in dispute", "public_reason": "y"})
    assert public.retraction(published.id).public_reason == "Facts in dispute"


def test_scheduling_a_correction_on_the_page_needs_the_note(client, auth, newsroom, corrected):
    auth.login("ed")
    when = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    refused = client.post(f"/articles/{corrected.id}/schedule", data={"publish_at": when, "action": "schedule"})
    assert refused.status_code == 422 and "correction note" in refused.get_data(as_text=True)
    done = client.post(f"/articles/{corrected.id}/schedule",
                       data={"publish_at": when, "action": "schedule", "correction_note": NOTE})
    assert done.status_code == 302
    assert db.session.get(Article, corrected.id).scheduled_correction_note == NOTE


# ---- public pages: corrections at the foot, retraction notices, nothing unpublished leaks ----


def test_the_public_page_shows_the_live_text_and_dated_notes_oldest_first(client, newsroom, corrected):
    ed = newsroom["ed"]
    before = client.get(f"/news/{corrected.id}", follow_redirects=True).get_data(as_text=True)
    assert "near the border" in before and "near the river" not in before  # the fix is not out yet
    assert 'id="corrections"' not in before
    transitions.transition(ed, corrected.id, "published", correction_note="First fix.")
    article = db.session.get(Article, corrected.id)
    articles.save(ed, article.id, {"body_html": "<p>Unreviewed draft words.</p>"}, base_version=article.version)
    page = client.get(f"/news/{corrected.id}", follow_redirects=True).get_data(as_text=True)
    assert "near the river" in page and "Unreviewed draft words" not in page
    foot = page[page.index('id="corrections"'):]
    assert "First fix." in foot and "<time datetime=" in foot
    assert page.index("near the river") < page.index('id="corrections"')


def test_a_retracted_article_answers_410_with_the_notice_not_the_text(client, newsroom, corrected):
    ed = newsroom["ed"]
    transitions.transition(ed, corrected.id, "published", correction_note=NOTE)
    transitions.transition(ed, corrected.id, "unpublished", comment="The source recanted.", public_reason=True)
    response = client.get(f"/news/{corrected.id}-any-slug")
    assert response.status_code == 410
    page = response.get_data(as_text=True)
    assert 'id="retraction-notice"' in page and "Mali cuts ties with Ukraine" in page
    assert "The source recanted." in page and "Retracted <time" in page
    assert NOTE.replace("'", "&#39;") in page  # the correction history stays
    assert "ambushed" not in page  # not the article text


def test_a_retraction_with_an_internal_reason_does_not_show_it(client, newsroom, published):
    transitions.transition(newsroom["ed"], published.id, "unpublished", comment="Secret legal matter")
    response = client.get(f"/news/{published.id}")
    assert response.status_code == 410
    assert "Secret legal matter" not in response.get_data(as_text=True)


def test_a_retracted_piece_redrafted_shows_the_notice_not_the_new_draft(client, newsroom, published):
    ed = newsroom["ed"]
    transitions.transition(ed, published.id, "unpublished", comment="Rewrite")
    transitions.transition(ed, published.id, "draft")
    articles.save(ed, published.id, {"headline": "A brand new draft headline", "body_html": "<p>Draft.</p>"},
                  base_version=db.session.get(Article, published.id).version)
    transitions.transition(ed, published.id, "in_review")
    response = client.get(f"/news/{published.id}")
    assert response.status_code == 410
    page = response.get_data(as_text=True)
    assert "Mali cuts ties with Ukraine" in page and "brand new draft" not in page


def test_a_never_published_draft_is_still_404(client, newsroom, make_article):
    article = make_article(newsroom["rita"])
    transitions.transition(newsroom["rita"], article.id, "in_review")
    assert client.get(f"/news/{article.id}").status_code == 404


def test_retracted_pieces_leave_home_feed_sections_and_sitemap(client, newsroom, published):
    for url in ("/news/", "/news/feed.atom", "/sitemap-1.xml"):  # listed while live
        assert f"/news/{published.id}" in client.get(url).get_data(as_text=True), url
    transitions.transition(newsroom["ed"], published.id, "unpublished", comment="Gone", public_reason=True)
    for url in ("/news/", "/news/feed.atom", "/sitemap-1.xml"):
        body = client.get(url).get_data(as_text=True)
        assert "Mali cuts ties" not in body and f"/news/{published.id}" not in body, url
    assert client.get("/news/section/africa").status_code == 404
