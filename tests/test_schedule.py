"""Scheduled publishing: setting a time, `publish-due` with a controllable clock, the gate at that moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from editorial.database import db
from editorial.models import Article, Event, Notification
from editorial.services import articles, assignments, schedule, transitions
from editorial.services.errors import Conflict, Forbidden, Invalid
from editorial.workflow import State

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=2)
FLAGGED = "<p>Wagner lost between 20 and 80 fighters, officials said.</p>"


def _approved(newsroom, make_article, **fields):
    article = make_article(newsroom["rita"], **fields)
    transitions.transition(newsroom["rita"], article.id, "in_review")
    transitions.transition(newsroom["ed"], article.id, "approved")
    return article


def _messages(user) -> list[str]:
    return [n.message for n in Notification.query.filter_by(user_id=user.id).order_by(Notification.id)]


def test_an_editor_schedules_an_approved_article(newsroom, make_article):
    ed = newsroom["ed"]
    article = _approved(newsroom, make_article)
    schedule.set_publish_time(ed, article.id, LATER.replace(tzinfo=None), now=NOW)  # naive means UTC
    assert article.publish_at == LATER and article.scheduled_by_id == ed.id
    event = Event.query.filter_by(kind="publish_scheduled").one()
    assert event.actor_id == ed.id and event.details["publish_at"] == LATER.isoformat()
    # an offset is converted, not dropped
    schedule.set_publish_time(ed, article.id, datetime(2026, 3, 2, 12, 0, tzinfo=UTC) + timedelta(hours=1), now=NOW)
    assert article.publish_at == datetime(2026, 3, 2, 13, 0, tzinfo=UTC)
    schedule.set_publish_time(ed, article.id, None, now=NOW)
    assert article.publish_at is None and article.scheduled_by_id is None
    assert Event.query.filter_by(kind="publish_unscheduled").count() == 1


@pytest.mark.parametrize(
    ("who", "state", "when", "error", "message"),
    [
        ("ed", "approved", NOW - timedelta(minutes=1), Invalid, "in the future"),
        ("ed", "approved", NOW, Invalid, "in the future"),
        ("rita", "approved", LATER, Forbidden, "Only an editor"),
        ("ed", "in_review", LATER, Conflict, "Only an approved article"),
    ],
)
def test_scheduling_refusals_change_nothing(newsroom, make_article, who, state, when, error, message):
    article = make_article(newsroom["rita"])
    transitions.transition(newsroom["rita"], article.id, "in_review")
    if state == "approved":
        transitions.transition(newsroom["ed"], article.id, "approved")
    with pytest.raises(error, match=message):
        schedule.set_publish_time(newsroom[who], article.id, when, now=NOW)
    assert db.session.get(Article, article.id).publish_at is None
    assert Event.query.filter(Event.kind.startswith("publish_")).count() == 0


def test_publish_due_publishes_what_is_due_as_the_system(newsroom, make_article):
    rita, ed, fay = newsroom["rita"], newsroom["ed"], newsroom["fay"]
    article = _approved(newsroom, make_article)
    assignments.assign(ed, article.id, fay.id)
    schedule.set_publish_time(ed, article.id, LATER, now=NOW)

    assert schedule.publish_due(now=LATER - timedelta(seconds=1)) == []
    assert article.state == State.APPROVED

    outcomes = schedule.publish_due(clock=lambda: LATER)  # an injected clock works like `now`
    assert [(o.article_id, o.published) for o in outcomes] == [(article.id, True)]
    db.session.refresh(article)
    assert article.state == State.PUBLISHED and article.publish_at is None
    assert article.published_revision_id == article.approved_revision_id
    event = Event.query.filter_by(kind="transition", to_state="published").one()
    assert event.actor_id is None  # the system
    assert event.details["scheduled_by"] == ed.id and event.details["scheduled"] is True
    assert event.details["publish_at"] == LATER.isoformat()
    for person in (rita, ed, fay):
        assert _messages(person)[-1] == "“Mali cuts ties with Ukraine” was published as scheduled"
    assert schedule.publish_due(now=LATER + timedelta(minutes=1)) == []  # once only


def test_what_fails_the_gate_is_not_published_and_its_people_hear_why(newsroom, make_article):
    rita, ed, fay, rob = newsroom["rita"], newsroom["ed"], newsroom["fay"], newsroom["rob"]
    article = _approved(newsroom, make_article, body_html=FLAGGED)
    assignments.assign(ed, article.id, fay.id)
    schedule.set_publish_time(ed, article.id, LATER, now=NOW)

    [outcome] = schedule.publish_due(now=LATER + timedelta(minutes=5))
    assert not outcome.published and [b.code for b in outcome.blockers] == ["claim_flag"]
    db.session.refresh(article)
    assert article.state == State.APPROVED
    assert article.publish_at is None  # told once, not every minute; an editor schedules again after the fix
    failed = Event.query.filter_by(kind="scheduled_publish_failed").one()
    assert failed.actor_id is None and failed.details["scheduled_by"] == ed.id
    assert [b["code"] for b in failed.details["blockers"]] == ["claim_flag"]
    assert Event.query.filter_by(kind="gate_overridden").count() == 0
    for person in (rita, ed, fay):
        [message] = [m for m in _messages(person) if "not published as scheduled" in m]
        assert "Statement to check" in message
    assert not [m for m in _messages(rob) if "scheduled" in m]
    assert schedule.publish_due(now=LATER + timedelta(minutes=6)) == []


def test_an_edit_sends_it_back_and_the_schedule_does_not_fire(newsroom, make_article):
    rita, ed = newsroom["rita"], newsroom["ed"]
    article = _approved(newsroom, make_article)
    schedule.set_publish_time(ed, article.id, LATER, now=NOW)
    articles.save(rita, article.id, {"headline": "Mali cuts all ties with Ukraine"}, base_version=article.version)
    assert article.state == State.IN_REVIEW and article.publish_at is None
    assert schedule.publish_due(now=LATER) == []
    transitions.transition(ed, article.id, "approved")  # approving again does not revive the old time
    assert schedule.publish_due(now=LATER + timedelta(hours=1)) == []
    assert article.state == State.APPROVED
    assert Event.query.filter_by(kind="transition", to_state="published").count() == 0


def test_reopening_or_publishing_by_hand_clears_the_schedule(newsroom, make_article):
    ed = newsroom["ed"]
    article = _approved(newsroom, make_article)
    schedule.set_publish_time(ed, article.id, LATER, now=NOW)
    transitions.transition(ed, article.id, "in_review")
    assert db.session.get(Article, article.id).publish_at is None
    transitions.transition(ed, article.id, "approved")
    schedule.set_publish_time(ed, article.id, LATER, now=NOW)
    transitions.transition(ed, article.id, "published")
    assert db.session.get(Article, article.id).publish_at is None
    assert transitions.publish_scheduled(article.id, now=LATER) is None


def test_the_command_prints_what_it_did_and_exits_0(runner, newsroom, make_article):
    ed = newsroom["ed"]
    assert runner.invoke(args=["publish-due"]).output == "Nothing due.\n"
    past = datetime.now(UTC) - timedelta(hours=1)  # due by the real clock the command uses
    good = _approved(newsroom, make_article, headline="Good to go")
    bad = _approved(newsroom, make_article, headline="Not yet", body_html=FLAGGED)
    for article in (good, bad):
        schedule.set_publish_time(ed, article.id, past, now=past - timedelta(minutes=1))
    result = runner.invoke(args=["publish-due"])
    assert result.exit_code == 0, result.output
    assert f"published #{good.id} “Good to go”\n" in result.output
    assert f"not published #{bad.id} “Not yet”: Statement to check" in result.output
    assert db.session.get(Article, good.id).state == State.PUBLISHED
    assert db.session.get(Article, bad.id).state == State.APPROVED


def test_the_command_exits_1_on_an_unexpected_error(runner, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database is gone")

    monkeypatch.setattr(schedule, "publish_due", broken)
    result = runner.invoke(args=["publish-due"])
    assert result.exit_code == 1
    assert "database is gone" in result.output


def test_the_page_schedules_and_clears_in_utc(client, auth, newsroom, make_article):
    article = _approved(newsroom, make_article)
    auth.login("ed")
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert 'type="datetime-local"' in page and "Publish at (UTC)" in page

    future = (datetime.now(UTC) + timedelta(days=1)).replace(second=0, microsecond=0)
    done = client.post(f"/articles/{article.id}/schedule",
                       data={"publish_at": future.strftime("%Y-%m-%dT%H:%M"), "action": "schedule"},
                       follow_redirects=True)
    html = done.get_data(as_text=True)
    assert f"Scheduled to publish at {future:%Y-%m-%d %H:%M} UTC." in html
    assert f"{future:%Y-%m-%d %H:%M} UTC</time> by Ed Editor" in html
    assert f'value="{future:%Y-%m-%dT%H:%M}"' in html  # the form shows the time set
    assert db.session.get(Article, article.id).publish_at == future

    past = client.post(f"/articles/{article.id}/schedule", data={"publish_at": "2020-01-01T10:00", "action": "schedule"})
    assert past.status_code == 422 and "Choose a time in the future" in past.get_data(as_text=True)
    empty = client.post(f"/articles/{article.id}/schedule", data={"publish_at": "", "action": "schedule"})
    assert empty.status_code == 422 and "Choose a date and time (UTC)." in empty.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Article, article.id).publish_at == future

    cleared = client.post(f"/articles/{article.id}/schedule", data={"action": "clear"}, follow_redirects=True)
    assert "The schedule is cleared." in cleared.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Article, article.id).publish_at is None
    assert "scheduled it to publish at" in cleared.get_data(as_text=True)  # on the timeline


def test_a_reporter_sees_no_schedule_form_and_cannot_post_one(client, auth, newsroom, make_article):
    article = _approved(newsroom, make_article)
    auth.login("rita")
    assert "Publish at (UTC)" not in client.get(f"/articles/{article.id}").get_data(as_text=True)
    refused = client.post(f"/articles/{article.id}/schedule", data={"publish_at": "2099-01-01T10:00"},
                          follow_redirects=True)
    assert "Only an editor may schedule publication." in refused.get_data(as_text=True)
    assert db.session.get(Article, article.id).publish_at is None


def test_the_api_schedules_and_clears(api, newsroom, make_article):
    article = _approved(newsroom, make_article)
    path = f"/articles/{article.id}/schedule"
    assert api.login("rita")("PUT", path, {"publish_at": "2099-01-01T10:00:00Z"}).status_code == 403
    ed = api.login("ed")
    assert ed("PUT", path, {}).status_code == 422
    assert ed("PUT", path, {"publish_at": "tomorrow"}).get_json()["error"]["field"] == "publish_at"
    done = ed("PUT", path, {"publish_at": "2099-01-01T12:00:00+02:00"})
    assert done.status_code == 200
    assert done.get_json()["publish_at"] == "2099-01-01T10:00:00+00:00"
    assert ed("GET", f"/articles/{article.id}").get_json()["publish_at"] == "2099-01-01T10:00:00+00:00"
    cleared = ed("PUT", path, {"publish_at": None})
    assert cleared.status_code == 200 and cleared.get_json()["publish_at"] is None
