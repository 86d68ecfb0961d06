"""The readiness checklist (gate.readiness) and publishing over it with a reason: services, API, page."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from editorial.database import db
from editorial.models import Article, Event, Revision
from editorial.services import articles, comments, gate, transitions
from editorial.services.errors import Invalid
from editorial.workflow import State

# a repeated word (an `error` flag) and a statement to check (a claim flag nobody has taken up)
FLAGGED = "<p>The council voted to to close the bridge.</p><p>Wagner lost between 20 and 80 fighters, officials said.</p>"


def _approve(newsroom, article):
    transitions.transition(newsroom["rita"], article.id, "in_review")
    transitions.transition(newsroom["ed"], article.id, "approved")


def _status(check: gate.Readiness) -> dict[str, str]:
    return {line.key: line.status for line in check.lines}


def test_a_clean_draft_is_blocked_only_by_its_approval(newsroom, make_article):
    article = make_article(newsroom["rita"])
    check = gate.readiness(article)
    assert [line.key for line in check.lines] == ["fields", "flags", "claims", "comments", "approved", "current"]
    assert _status(check) == {"fields": "ok", "flags": "ok", "claims": "ok", "comments": "ok", "approved": "blocking",
                              "current": "blocking"}
    assert not check.ready and not check.overridable
    assert {b.code for b in check.hard} == {"not_approved", "no_approved_revision"}
    assert gate.blockers(article) == []  # the content alone is fine

    _approve(newsroom, article)
    assert gate.readiness(article).ready


def test_each_line_points_at_what_blocks_it(newsroom, make_article):
    article = make_article(newsroom["rita"], body_html=FLAGGED, section="")
    _approve(newsroom, article)
    thread = comments.start_thread(newsroom["ed"], article.id, body="Fix before it goes.", general=True, blocking=True)
    check = gate.readiness(article)
    assert _status(check) == {"fields": "blocking", "flags": "blocking", "claims": "blocking", "comments": "blocking",
                              "approved": "ok", "current": "ok"}
    lines = {line.key: line for line in check.lines}
    assert [b.field for b in lines["fields"].blockers] == ["section"]
    assert any(b.code == "open_flag" and "to to" in b.message and b.field.startswith("flag-")
               for b in lines["flags"].blockers)
    assert [b.code for b in lines["claims"].blockers] == ["claim_flag"]
    assert lines["claims"].blockers[0].field.startswith("flag-")
    assert [b.field for b in lines["comments"].blockers] == [f"comment-{thread.id}"]
    # the page's list and the content gate are the same computation
    assert [b for b in check.blockers if b.code not in ("not_approved", "no_approved_revision")] == gate.blockers(article)
    assert not lines["fields"].overridable and lines["flags"].overridable and lines["claims"].overridable
    assert not lines["comments"].overridable


def test_an_approval_of_an_older_revision_blocks(newsroom, make_article):
    article = make_article(newsroom["rita"])
    _approve(newsroom, article)
    first = article.approved_revision_id
    # a revision the approval does not cover (the edit rule normally clears the approval; this is the guard)
    db.session.add(Revision(article_id=article.id, number=2, headline=article.headline, author_id=article.created_by_id))
    db.session.execute(sa.update(Article).where(Article.id == article.id).values(version=2))
    db.session.commit()
    db.session.refresh(article)
    assert article.approved_revision_id == first
    check = gate.readiness(article)
    assert _status(check)["current"] == "blocking"
    assert [b.code for b in check.hard] == ["stale_approval"]
    with pytest.raises(transitions.GateBlocked) as refused:
        transitions.transition(newsroom["ed"], article.id, "published", override_reason="Trust me")
    assert not refused.value.overridable
    assert article.state == State.APPROVED


def test_open_flags_and_claims_refuse_publishing_without_a_reason(newsroom, make_article):
    article = make_article(newsroom["rita"], body_html=FLAGGED)
    _approve(newsroom, article)
    with pytest.raises(transitions.GateBlocked) as refused:
        transitions.transition(newsroom["ed"], article.id, "published")
    assert refused.value.overridable
    assert {b.code for b in refused.value.blockers} == {"open_flag", "claim_flag"}
    assert article.state == State.APPROVED
    assert Event.query.filter_by(kind="gate_overridden").count() == 0


def test_an_editor_publishes_over_them_with_a_reason_and_it_is_audited(newsroom, make_article):
    ed = newsroom["ed"]
    article = make_article(newsroom["rita"], body_html=FLAGGED)
    _approve(newsroom, article)
    open_items = gate.readiness(article).overridable
    transitions.transition(ed, article.id, "published", override_reason="  Breaking: the council confirmed it  ")
    assert article.state == State.PUBLISHED and article.published_revision_id == article.approved_revision_id
    override = Event.query.filter_by(kind="gate_overridden", article_id=article.id).one()
    assert override.actor_id == ed.id
    assert override.comment == "Breaking: the council confirmed it"
    assert override.details["blockers"] == [{"code": b.code, "message": b.message, "field": b.field}
                                            for b in open_items]
    assert {b["code"] for b in override.details["blockers"]} == {"open_flag", "claim_flag"}
    assert Event.query.filter_by(kind="transition", article_id=article.id, to_state="published").count() == 1


def test_required_fields_are_never_overridden(newsroom, make_article):
    article = make_article(newsroom["rita"], body_html=FLAGGED, headline="")
    _approve(newsroom, article)
    with pytest.raises(transitions.GateBlocked) as refused:
        transitions.transition(newsroom["ed"], article.id, "published", override_reason="Ship it")
    assert not refused.value.overridable
    assert "missing_headline" in {b.code for b in refused.value.blockers}
    assert article.state == State.APPROVED
    assert Event.query.filter_by(kind="gate_overridden").count() == 0


def test_a_reason_with_nothing_to_override_records_no_override(newsroom, make_article):
    article = make_article(newsroom["rita"])
    _approve(newsroom, article)
    transitions.transition(newsroom["ed"], article.id, "published", override_reason="Just in case")
    assert article.state == State.PUBLISHED
    assert Event.query.filter_by(kind="gate_overridden").count() == 0


def test_an_overlong_reason_is_refused(newsroom, make_article):
    article = make_article(newsroom["rita"], body_html=FLAGGED)
    _approve(newsroom, article)
    with pytest.raises(Invalid, match="too long"):
        transitions.transition(newsroom["ed"], article.id, "published", override_reason="x" * 5001)
    assert article.state == State.APPROVED


def test_the_api_takes_an_override_reason(api, newsroom, make_article):
    article = make_article(newsroom["rita"], body_html=FLAGGED)
    _approve(newsroom, article)
    ed = api.login("ed")
    path = f"/articles/{article.id}/transitions"
    refused = ed("POST", path, {"to": "published"})
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["code"] == "gate_blocked"
    assert {b["code"] for b in error["blockers"]} == {"open_flag", "claim_flag"}
    assert ed("POST", path, {"to": "published", "override_reason": 7}).status_code == 422
    done = ed("POST", path, {"to": "published", "override_reason": "Confirmed by phone"})
    assert done.status_code == 200 and done.get_json()["state"] == "published"
    event = Event.query.filter_by(kind="gate_overridden").one()
    assert event.comment == "Confirmed by phone" and len(event.details["blockers"]) == 2


def test_the_api_never_overrides_an_empty_headline(api, newsroom, make_article):
    article = make_article(newsroom["rita"], headline="")
    _approve(newsroom, article)
    refused = api.login("ed")("POST", f"/articles/{article.id}/transitions",
                              {"to": "published", "override_reason": "Ship it"})
    assert refused.status_code == 409
    assert [b["code"] for b in refused.get_json()["error"]["blockers"]] == ["missing_headline"]


def test_the_page_lists_every_line_with_links(client, auth, newsroom, make_article):
    article = make_article(newsroom["rita"], body_html=FLAGGED)
    transitions.transition(newsroom["rita"], article.id, "in_review")
    auth.login("rita")
    html = client.get(f"/articles/{article.id}").get_data(as_text=True)
    section = html[html.index('<section id="readiness">'):]
    section = section[:section.index("</section>")]
    for key, status in [("fields", "ok"), ("flags", "blocking"), ("claims", "blocking"), ("approved", "blocking")]:
        assert re.search(rf'<div role="listitem" class="check {status}" id="ready-{key}">', section), key
    assert "Required fields filled" in section and "The approved revision is the current one" in section
    assert re.search(r'<a href="#flag-[^"]+">Open error: [^<]*to to', section)
    assert re.search(r'<a href="#flag-[^"]+">Statement to check', section)
    assert '<a href="#actions">No editor has approved this text yet.</a>' in section
    assert "Nothing blocks publishing." not in section
    assert "override_reason" not in html  # not an editor about to publish: no override field


def test_the_page_offers_the_override_and_the_timeline_shows_it(client, auth, newsroom, make_article):
    article = make_article(newsroom["rita"], body_html=FLAGGED)
    _approve(newsroom, article)
    auth.login("ed")
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert 'name="override_reason"' in page and "Override reason" in page

    refused = client.post(f"/articles/{article.id}/transition", data={"to": "published"}, follow_redirects=True)
    assert "cannot be published yet" in refused.get_data(as_text=True)
    assert 'name="override_reason"' in refused.get_data(as_text=True)
    assert db.session.get(Article, article.id).state == State.APPROVED

    done = client.post(f"/articles/{article.id}/transition",
                       data={"to": "published", "override_reason": "Council confirmed by phone"}, follow_redirects=True)
    html = done.get_data(as_text=True)
    assert "The article is now published." in html
    timeline = html[html.index('<ol class="timeline">'):]
    assert "published over 2 open items" in timeline
    assert "Council confirmed by phone" in timeline
    assert "to to" in timeline  # the open items are listed with the override


def test_an_edit_after_approval_blocks_again(newsroom, make_article):
    rita = newsroom["rita"]
    article = make_article(rita)
    _approve(newsroom, article)
    articles.save(rita, article.id, {"headline": "A new headline"}, base_version=article.version)
    check = gate.readiness(article)
    assert article.state == State.IN_REVIEW
    assert _status(check)["approved"] == "blocking" and _status(check)["current"] == "blocking"


def test_the_page_refuses_an_overlong_reason_and_keeps_the_field(client, auth, newsroom, make_article):
    article = make_article(newsroom["rita"], body_html=FLAGGED)
    _approve(newsroom, article)
    auth.login("ed")
    refused = client.post(f"/articles/{article.id}/transition", data={"to": "published", "override_reason": "x" * 5001})
    assert refused.status_code == 422
    assert "The reason is too long" in refused.get_data(as_text=True)
    assert db.session.get(Article, article.id).state == State.APPROVED


def _publish_box(html: str) -> str:
    box = html[html.index('<div class="publish-box" id="publish-box">'):]
    return box[:box.index('<div class="article-layout">')]


def test_publish_is_disabled_beside_its_reasons_while_anything_hard_blocks(client, auth, newsroom, make_article):
    article = make_article(newsroom["rita"], body_html=FLAGGED, section="")
    _approve(newsroom, article)
    thread = comments.start_thread(newsroom["ed"], article.id, body="Fix before it goes.", general=True, blocking=True)
    auth.login("ed")
    html = client.get(f"/articles/{article.id}").get_data(as_text=True)
    box = _publish_box(html)
    assert html.index(box) < html.index('<article class="article-view">')  # above the text, not down the aside
    assert "Ready to publish?" in box
    # no live Publish anywhere on the page: a disabled button, and no submit that would publish
    assert re.search(r'<button type="button" class="button publish-button" id="publish-button" disabled[^>]*>Publish</button>',
                     box)
    assert 'value="published"' not in html
    assert "Blocked by 4 items" in box
    # each reason, as a link to where it is fixed
    assert f'<a href="/articles/{article.id}/edit#section">No section is chosen.</a>' in box
    assert re.search(r'<a href="#flag-[^"]+">Open error: [^<]*to to', box)
    assert re.search(r'<a href="#flag-[^"]+">Statement to check', box)
    assert re.search(rf'<a href="#comment-{thread.id}">[^<]+</a>', box)


def test_only_overridable_items_make_publish_ask_for_a_reason(client, auth, newsroom, make_article):
    article = make_article(newsroom["rita"], body_html=FLAGGED)
    _approve(newsroom, article)
    auth.login("ed")
    box = _publish_box(client.get(f"/articles/{article.id}").get_data(as_text=True))
    assert re.search(r'<button type="submit" name="to" value="published"[^>]*>Publish over 2 open items…</button>', box)
    assert 'name="override_reason"' in box
    assert "disabled" not in box


def test_a_clear_checklist_gives_a_live_publish_button(client, auth, newsroom, make_article):
    article = make_article(newsroom["rita"])
    _approve(newsroom, article)
    auth.login("ed")
    box = _publish_box(client.get(f"/articles/{article.id}").get_data(as_text=True))
    assert re.search(r'<button type="submit" name="to" value="published"[^>]*>Publish</button>', box)
    assert "disabled" not in box and "override_reason" not in box
    assert "Checklist: nothing blocks publishing" in box


def test_the_author_sees_the_checklist_but_no_publish_control(client, auth, newsroom, make_article):
    article = make_article(newsroom["rita"])
    _approve(newsroom, article)
    auth.login("rita")
    box = _publish_box(client.get(f"/articles/{article.id}").get_data(as_text=True))
    assert "Ready to publish?" in box and "publish-button" not in box


def test_plural_says_one_item_and_two_items():
    from editorial.wording import plural

    assert plural(1, "item") == "1 item"
    assert plural(2, "open item") == "2 open items"
    assert plural(0, "entry", "entries") == "0 entries"
