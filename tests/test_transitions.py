"""Transitions through the services: audit, notifications, the gate, refusals that change nothing."""

from __future__ import annotations

import threading

import pytest

from editorial.models import Event, Notification
from editorial.services import transitions
from editorial.services.errors import Conflict, Forbidden, Invalid, NotFound
from editorial.workflow import State


def _move(article, *steps):
    for actor, target in steps:
        transitions.transition(actor, article.id, target, comment="because")


def test_full_path_is_audited(newsroom, make_article):
    rita, ed = newsroom["rita"], newsroom["ed"]
    article = make_article(rita)
    _move(article, (rita, "in_review"), (ed, "changes_requested"), (rita, "in_review"), (ed, "approved"),
          (ed, "in_review"), (ed, "approved"), (ed, "published"), (ed, "unpublished"), (ed, "draft"))
    events = Event.query.filter_by(kind="transition", article_id=article.id).order_by(Event.id).all()
    assert [(e.from_state, e.to_state) for e in events] == [
        ("draft", "in_review"), ("in_review", "changes_requested"), ("changes_requested", "in_review"),
        ("in_review", "approved"), ("approved", "in_review"), ("in_review", "approved"),
        ("approved", "published"), ("published", "unpublished"), ("unpublished", "draft"),
    ]
    assert all(e.comment == "because" for e in events)
    assert events[0].actor.username == "rita" and events[-1].actor.username == "ed"


@pytest.mark.parametrize(
    ("who", "target", "error", "message"),
    [
        ("rita", "approved", Forbidden, "Only the editor"),
        ("rita", "published", Conflict, "cannot be moved"),
        ("ed", "banana", Invalid, "not a workflow state"),
        ("ed", "changes_requested", Invalid, "needs a comment"),
        ("rob", "approved", NotFound, "No such article"),
    ],
)
def test_refusals_change_nothing(newsroom, make_article, who, target, error, message):
    rita = newsroom["rita"]
    article = make_article(rita)
    transitions.transition(rita, article.id, "in_review")
    with pytest.raises(error, match=message):
        transitions.transition(newsroom[who], article.id, target, comment="")
    assert article.state == State.IN_REVIEW
    assert Event.query.filter_by(kind="transition").count() == 1


def test_publish_runs_the_gate(newsroom, make_article):
    rita, ed = newsroom["rita"], newsroom["ed"]
    article = make_article(rita, section="", headline="")
    _move(article, (rita, "in_review"), (ed, "approved"))
    with pytest.raises(transitions.GateBlocked) as blocked:
        transitions.transition(ed, article.id, "published")
    assert {b.code for b in blocked.value.blockers} == {"missing_headline", "missing_section"}
    assert blocked.value.status == 409 and "headline is empty" in blocked.value.message
    assert article.state == State.APPROVED and article.published_at is None


def test_approve_and_publish_record_revisions(newsroom, make_article):
    rita, ed = newsroom["rita"], newsroom["ed"]
    article = make_article(rita)
    _move(article, (rita, "in_review"), (ed, "approved"))
    approved = article.approved_revision_id
    assert approved is not None
    _move(article, (ed, "published"))
    assert article.published_revision_id == approved and article.published_at is not None


def test_notifications(newsroom, make_article, make_user):
    rita, ed = newsroom["rita"], newsroom["ed"]
    second_editor = make_user("eve", "editor", name="Eve Editor")
    article = make_article(rita)
    _move(article, (rita, "in_review"))
    to_editors = {n.user_id for n in Notification.query.all()}
    assert to_editors == {ed.id, second_editor.id}
    _move(article, (ed, "changes_requested"))
    latest = Notification.query.filter_by(user_id=rita.id).one()
    assert "Ed Editor requested changes" in latest.message and latest.read_at is None
    assert Notification.query.filter_by(user_id=ed.id).count() == 1  # not told about their own act


def test_race_exactly_one_editor_wins(app, newsroom, make_article, make_user):
    """Two editors publish at the same moment: one wins, the other is refused, one event is written."""
    rita, ed = newsroom["rita"], newsroom["ed"]
    eve = make_user("eve", "editor")
    article = make_article(rita)
    _move(article, (rita, "in_review"), (ed, "approved"))
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def publish(user_id: int) -> None:
        from editorial.database import db
        from editorial.models import User

        with app.app_context():
            user = db.session.get(User, user_id)
            barrier.wait()
            try:
                transitions.transition(user, article.id, "published")
                outcomes.append("won")
            except Conflict as e:
                outcomes.append(e.code)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=publish, args=(uid,)) for uid in (ed.id, eve.id)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["conflict", "won"]
    assert Event.query.filter_by(kind="transition", to_state="published").count() == 1


def test_every_transition_has_a_notification_message():
    from editorial.services.notifications import _MESSAGES
    from editorial.workflow import TRANSITIONS

    assert {t.name for t in TRANSITIONS} <= set(_MESSAGES)
