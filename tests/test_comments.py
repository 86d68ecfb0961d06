"""Review comments through the services: threads on words and on the piece, replies, @mentions and their
notifications, resolve/reopen rules, blocking threads in the gate, re-anchoring through edits."""

from __future__ import annotations

import pytest

from editorial.database import db
from editorial.models import Article, Event, Notification
from editorial.services import articles, assignments, comments, gate, transitions
from editorial.services.errors import Conflict, Forbidden, Invalid, NotFound
from editorial.workflow import State

BODY = ("<p>By Mbeki edmond</p>"
        "<p>Tuareg separatists claimed to have killed 84 Wagner mercenaries and 47 Malian soldiers.</p>"
        "<p>Andriy Yusov said Mali's decision was short-sighted.</p>")
NAME = "Mbeki edmond"


@pytest.fixture
def article(newsroom, make_article):
    a = make_article(newsroom["rita"], body_html=BODY)
    transitions.transition(newsroom["rita"], a.id, "in_review")
    return a


def _span(article, words):
    start = article.body_text.index(words)
    return start, start + len(words)


def _notified(user):
    """The comment notifications a person has, oldest first."""
    rows = Notification.query.filter_by(user_id=user.id).order_by(Notification.id)
    return [n.message for n in rows if "comment" in n.message]


def test_a_comment_on_selected_words_is_anchored_and_tells_the_author(newsroom, article):
    start, end = _span(article, NAME)
    thread = comments.start_thread(newsroom["ed"], article.id, body="Capitalise the surname.", start=start, end=end)
    assert (thread.on_text, thread.exact, thread.start, thread.anchor_state) == (True, NAME, start, "anchored")
    assert [c.body for c in thread.comments] == ["Capitalise the surname."]
    assert thread.created_version == article.version and thread.is_open and not thread.blocking
    event = Event.query.filter_by(kind="comment_added").one()
    assert event.details["text"] == NAME and event.comment == "Capitalise the surname."
    assert _notified(newsroom["rita"]) == ["Ed Editor commented on “Mali cuts ties with Ukraine”"]
    assert _notified(newsroom["ed"]) == []  # not about one's own comment


def test_a_comment_by_quoted_words_and_a_general_comment(newsroom, article):
    by_quote = comments.start_thread(newsroom["ed"], article.id, body="Source?", exact="84 Wagner mercenaries")
    assert article.body_text[by_quote.start:by_quote.end] == "84 Wagner mercenaries"
    general = comments.start_thread(newsroom["ed"], article.id, body="Needs a stronger top.", general=True)
    assert (general.on_text, general.exact) == (False, "")
    # on-text threads first, in text order; general ones after
    assert [t.id for t in comments.for_article(article)] == [by_quote.id, general.id]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"body": "   "}, "empty"),
        ({"body": "x" * 10_001}, "10,000 characters at most"),
        ({"body": "ok", "exact": "not in the article"}, "not in the text"),
        ({"body": "ok", "exact": "Mali"}, "not in the text, or they are there more than once"),
        ({"body": "ok", "start": 3, "end": 3}, "not in the text"),
        ({"body": "ok"}, "which words"),
    ],
)
def test_bad_comments_are_refused_clearly(newsroom, article, kwargs, message):
    with pytest.raises(Invalid, match=message.replace("(", r"\(")):
        comments.start_thread(newsroom["ed"], article.id, **kwargs)
    assert comments.for_article(article) == []


def test_replies_notify_the_thread_and_mentions_notify_once(newsroom, article):
    thread = comments.start_thread(newsroom["ed"], article.id, body="@fay can you check the 84?",
                                   exact="84 Wagner mercenaries")
    assert thread.comments[0].mentions == ["fay"]
    assert _notified(newsroom["fay"]) == ["Ed Editor mentioned you in a comment on “Mali cuts ties with Ukraine”"]
    comments.reply(newsroom["rita"], thread.id, "It is the rebels' own figure.")
    assert _notified(newsroom["ed"]) == ["Rita Reporter replied to a comment on “Mali cuts ties with Ukraine”"]
    comments.reply(newsroom["fay"], thread.id, "Checked with @rita: attributed. Mail a@b.com or @AFP.")
    # rita is mentioned (one notification for that), ed is in the thread; @AFP is nobody here: plain text
    assert _notified(newsroom["rita"])[-1] == "Fay Checker mentioned you in a comment on “Mali cuts ties with Ukraine”"
    assert len([m for m in _notified(newsroom["rita"]) if "Fay" in m]) == 1
    assert _notified(newsroom["ed"])[-1] == "Fay Checker replied to a comment on “Mali cuts ties with Ukraine”"
    assert [c.mentions for c in thread.comments] == [["fay"], [], ["rita"]]


def test_mentioning_someone_who_cannot_see_the_piece_is_refused_and_says_so(newsroom, make_article, article):
    with pytest.raises(Invalid, match=r"@rob \(Rob Reporter\) cannot open this piece and would not be told"):
        comments.start_thread(newsroom["ed"], article.id, body="@rob take a look", general=True)
    draft = make_article(newsroom["rita"])
    with pytest.raises(Invalid, match="@fay .*cannot open"):  # fact-checkers see a piece once it is submitted
        comments.start_thread(newsroom["rita"], draft.id, body="@fay early look?", general=True)
    assignments.assign(newsroom["ed"], draft.id, newsroom["fay"].id)
    thread = comments.start_thread(newsroom["rita"], draft.id, body="@fay early look?", general=True)
    assert thread.comments[0].mentions == ["fay"]


def test_who_may_comment(newsroom, make_article, article):
    with pytest.raises(NotFound):  # rob cannot even see rita's piece in review
        comments.start_thread(newsroom["rob"], article.id, body="hi", general=True)
    draft = make_article(newsroom["rita"])
    with pytest.raises(NotFound):  # a draft is the reporter's own until submitted
        comments.start_thread(newsroom["fay"], draft.id, body="hi", general=True)
    comments.start_thread(newsroom["fay"], article.id, body="On it.", general=True)
    comments.start_thread(newsroom["rita"], article.id, body="Thanks.", general=True)


def test_published_pieces_are_readable_by_all_but_commented_on_by_their_people(newsroom, make_article):
    a = make_article(newsroom["rob"], body_html="<p>Plain text.</p>", byline=[newsroom["rob"].id])
    db.session.get(Article, a.id).state = State.PUBLISHED
    db.session.commit()
    with pytest.raises(Forbidden, match="piece's people"):
        comments.start_thread(newsroom["rita"], a.id, body="nice", general=True)


def test_only_editors_mark_blocking_and_blocking_threads_stop_publishing(newsroom, article):
    with pytest.raises(Forbidden, match="Only an editor"):
        comments.start_thread(newsroom["fay"], article.id, body="Must fix", general=True, blocking=True)
    start, end = _span(article, NAME)
    thread = comments.start_thread(newsroom["ed"], article.id, body="Fix the byline.", start=start, end=end,
                                   blocking=True)
    assert _notified(newsroom["rita"]) == ["Ed Editor left a comment that blocks publishing “Mali cuts ties with Ukraine”"]
    blockers = [b for b in gate.readiness(article).blockers if b.code == "comment_blocking"]
    assert [(b.field, b.message) for b in blockers] == [
        (f"comment-{thread.id}", "Blocking comment on “Mbeki edmond”: “Fix the byline.”: resolve it.")]
    line = next(line for line in gate.readiness(article).lines if line.key == "comments")
    assert not line.ok and not line.overridable
    # the author may not clear the editor's objection alone; the editor (or whoever raised it) may
    with pytest.raises(Forbidden, match="only an editor or the person who raised it"):
        comments.resolve(newsroom["rita"], thread.id)
    comments.resolve(newsroom["ed"], thread.id)
    assert "comment_blocking" not in {b.code for b in gate.readiness(article).blockers}
    comments.reopen(newsroom["ed"], thread.id)
    assert "comment_blocking" in {b.code for b in gate.readiness(article).blockers}
    comments.set_blocking(newsroom["ed"], thread.id, False)
    assert "comment_blocking" not in {b.code for b in gate.readiness(article).blockers}
    with pytest.raises(Forbidden):
        comments.set_blocking(newsroom["rita"], thread.id, True)
    kinds = [e.kind for e in Event.query.order_by(Event.id) if e.kind.startswith("comment_")]
    assert kinds == ["comment_added", "comment_resolved", "comment_reopened", "comment_blocking"]


def test_resolve_and_reopen(newsroom, article):
    thread = comments.start_thread(newsroom["ed"], article.id, body="Tighten this.", general=True)
    comments.resolve(newsroom["rita"], thread.id)  # an ordinary thread: the author resolves it
    assert thread.resolved_by_id == newsroom["rita"].id and not thread.is_open
    assert _notified(newsroom["ed"]) == ["Rita Reporter resolved your comment on “Mali cuts ties with Ukraine”"]
    with pytest.raises(Conflict, match="already resolved"):
        comments.resolve(newsroom["ed"], thread.id)
    comments.reopen(newsroom["ed"], thread.id)
    assert thread.is_open and thread.resolved_by_id is None
    with pytest.raises(Conflict, match="open already"):
        comments.reopen(newsroom["ed"], thread.id)


def test_threads_follow_their_words_through_edits_and_orphan_rather_than_move(newsroom, article):
    start, end = _span(article, NAME)
    on_name = comments.start_thread(newsroom["ed"], article.id, body="Capitalise.", start=start, end=end)
    on_yusov = comments.start_thread(newsroom["ed"], article.id, body="Full title?", exact="Andriy Yusov said")
    transitions.transition(newsroom["ed"], article.id, "changes_requested", comment="See comments.")
    edited = BODY.replace("<p>By Mbeki edmond</p>", "<p>Reporting from Bamako.</p><p>By Mbeki Edmond</p>")
    edited = edited.replace("<p>Andriy Yusov said Mali's decision was short-sighted.</p>", "")
    articles.save(newsroom["rita"], article.id, {"body_html": edited}, base_version=article.version)
    assert on_name.anchor_state == "changed" and on_name.exact == "Mbeki Edmond"
    assert article.body_text[on_name.start:on_name.end] == "Mbeki Edmond"
    assert on_yusov.anchor_state == "orphaned" and on_yusov.exact == "Andriy Yusov said"
    orphaned = Event.query.filter_by(kind="comment_reanchored").one()
    assert orphaned.details["thread"] == on_yusov.id
    # the words come back: the orphan finds them again
    articles.save(newsroom["rita"], article.id, {"body_html": BODY}, base_version=article.version)
    assert on_yusov.anchor_state != "orphaned"
    assert article.body_text[on_yusov.start:on_yusov.end] == "Andriy Yusov said"


def test_a_thread_someone_cannot_see_is_not_found(newsroom, make_article, article):
    thread = comments.start_thread(newsroom["ed"], article.id, body="x", general=True)
    with pytest.raises(NotFound, match="No such comment"):
        comments.get(newsroom["rob"], thread.id)
    with pytest.raises(NotFound):
        comments.reply(newsroom["rob"], thread.id, "sneaky")
    with pytest.raises(NotFound):
        comments.resolve(newsroom["rob"], thread.id)
