"""Reviewing: "what changed since I last looked" (services/reviews.py and the article page), and the
self-approval rule as the services, the page and the API enforce it."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from editorial import config
from editorial.database import db
from editorial.models import Event
from editorial.permissions import SELF_APPROVAL_REFUSED
from editorial.services import articles, reviews, transitions
from editorial.services.errors import Forbidden
from editorial.workflow import State

BODY = "<p>Wagner fighters were ambushed near the border on Sunday.</p>"


@pytest.fixture
def desk(newsroom, make_user):
    return {**newsroom, "eve": make_user("eve", "editor", name="Eve Editor")}


def _edit(actor, article, **fields):
    return articles.save(actor, article.id, fields, base_version=article.version)


def _in_review(desk, make_article, **fields):
    article = make_article(desk["rita"], body_html=BODY, **fields)
    transitions.transition(desk["rita"], article.id, "in_review")
    return article


def _send_back(desk, article, editor="ed"):
    transitions.transition(desk[editor], article.id, "changes_requested", comment="Check the day.")


def _day_month(moment) -> str:
    return f"{moment.day} {moment:%b}"


# --- the baseline, from the audit trail ------------------------------------------------------------------


def test_never_reviewed_nor_approved_compares_with_the_first_revision(desk, make_article):
    article = _in_review(desk, make_article)
    _edit(desk["rita"], article, headline="Mali cuts all ties with Ukraine")
    assert reviews.review_baseline(desk["ed"], article) == reviews.Baseline(version=1, reason="first")


def test_the_revision_this_editor_sent_back(desk, make_article):
    rita, ed = desk["rita"], desk["ed"]
    article = _in_review(desk, make_article)
    _edit(rita, article, headline="Mali cuts all ties with Ukraine")  # version 2, before the review
    _send_back(desk, article)
    _edit(rita, article, body_html=BODY.replace("Sunday", "Saturday"))  # version 3
    transitions.transition(rita, article.id, "in_review")
    baseline = reviews.review_baseline(ed, article)
    assert (baseline.version, baseline.reason, baseline.transition, baseline.by) == (
        2, "reviewed", "request_changes", "Ed Editor"
    )
    assert baseline.at is not None


def test_the_last_approval_when_this_editor_never_reviewed(desk, make_article):
    rita, eve = desk["rita"], desk["eve"]
    article = _in_review(desk, make_article)
    _edit(rita, article, headline="Mali cuts all ties with Ukraine")  # 2
    transitions.transition(eve, article.id, "approved")
    _edit(rita, article, headline="Mali cuts every tie with Ukraine")  # 3: an approved piece goes back to review
    assert article.state == State.IN_REVIEW
    baseline = reviews.review_baseline(desk["ed"], article)
    assert (baseline.version, baseline.reason, baseline.transition, baseline.by) == (2, "approved", "approve", "Eve Editor")


def test_this_editors_own_review_wins_over_a_later_approval_by_someone_else(desk, make_article):
    rita, ed, eve = desk["rita"], desk["ed"], desk["eve"]
    article = _in_review(desk, make_article)
    _send_back(desk, article)  # ed reviewed version 1
    _edit(rita, article, headline="Mali cuts all ties with Ukraine")  # 2
    transitions.transition(rita, article.id, "in_review")
    transitions.transition(eve, article.id, "approved")  # eve approved 2
    transitions.transition(eve, article.id, "in_review", comment="one more look")
    assert reviews.review_baseline(ed, article).version == 1
    assert reviews.review_baseline(ed, article).reason == "reviewed"
    eve_baseline = reviews.review_baseline(eve, article)
    assert (eve_baseline.version, eve_baseline.transition) == (2, "reopen")


def test_the_latest_of_several_reviews_counts(desk, make_article):
    rita, ed = desk["rita"], desk["ed"]
    article = _in_review(desk, make_article)
    _send_back(desk, article)  # 1
    _edit(rita, article, headline="Mali cuts all ties with Ukraine")  # 2
    transitions.transition(rita, article.id, "in_review")
    transitions.transition(ed, article.id, "approved")  # 2
    _edit(rita, article, headline="Mali cuts every tie with Ukraine")  # 3, back in review
    baseline = reviews.review_baseline(ed, article)
    assert (baseline.version, baseline.transition) == (2, "approve")


def test_reviews_of_other_articles_do_not_count(desk, make_article):
    other = _in_review(desk, make_article)
    _edit(desk["rita"], other, headline="Another piece entirely")
    _send_back(desk, other)  # ed reviewed version 2 of *another* article
    article = _in_review(desk, make_article)
    assert reviews.review_baseline(desk["ed"], article).reason == "first"


def test_the_lookup_is_one_query(desk, make_article):
    article = _in_review(desk, make_article)
    _send_back(desk, article)
    ed = desk["ed"]
    assert (ed.id, article.version) == (ed.id, 1)  # loaded before counting
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        baseline = reviews.review_baseline(ed, article)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 1, statements
    assert (baseline.version, baseline.by) == (1, "Ed Editor")  # the actor came with the event


# --- the page ----------------------------------------------------------------------------------------------


def test_the_toggle_is_offered_to_editors_on_a_piece_in_review_only(client, auth, desk, make_article):
    article = make_article(desk["rita"], body_html=BODY)
    auth.login("ed")
    assert 'id="review-toggle"' not in client.get(f"/articles/{article.id}").get_data(as_text=True)  # a draft
    transitions.transition(desk["rita"], article.id, "in_review")
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert f'href="/articles/{article.id}?since=last-review" id="review-toggle">What changed since I last looked' in page
    assert 'id="review-since"' not in page
    auth.logout()
    auth.login("rita")
    assert 'id="review-toggle"' not in client.get(f"/articles/{article.id}?since=last-review").get_data(as_text=True)


def test_the_diff_since_the_revision_this_editor_sent_back(client, auth, desk, make_article):
    rita = desk["rita"]
    article = _in_review(desk, make_article, standfirst="Bamako says Kyiv backed the rebels.")
    _send_back(desk, article)
    sent_back = Event.query.filter_by(kind="transition", to_state="changes_requested").one().created_at
    _edit(rita, article, body_html=BODY.replace("Sunday", "Saturday"),
          standfirst="Bamako says Kyiv helped the rebels.")
    transitions.transition(rita, article.id, "in_review")
    auth.login("ed")
    response = client.get(f"/articles/{article.id}?since=last-review")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f"Changes since revision 1, which you sent back on {_day_month(sent_back)}" in page
    assert "Hide the changes" in page and f'href="/articles/{article.id}" id="review-toggle"' in page
    headline = re.search(r'id="diff-headline">(.*?)</div>\s*</div>', page, re.S).group(1)
    assert "Unchanged." in headline and "<ins>" not in headline and "<del>" not in headline
    standfirst = re.search(r'id="diff-standfirst">(.*?)</div>\s*</div>', page, re.S).group(1)
    assert "<del>backed</del>" in standfirst and "<ins>helped</ins>" in standfirst
    body = re.search(r'id="diff-body">(.*?)</div>\s*</div>', page, re.S).group(1)
    assert re.findall(r"<(ins|del)>([^<]*)</\1>", body) == [("del", "Sunday"), ("ins", "Saturday")]
    assert 'id="article-body"' in page  # the text with its highlights stays below


def test_nothing_changed_says_so(client, auth, desk, make_article):
    article = _in_review(desk, make_article)
    _send_back(desk, article)
    transitions.transition(desk["rita"], article.id, "in_review")  # resubmitted without an edit
    auth.login("ed")
    page = client.get(f"/articles/{article.id}?since=last-review").get_data(as_text=True)
    assert "Nothing has changed since revision 1, which you sent back on" in page
    assert 'id="diff-body"' not in page and "<ins>" not in page


def test_the_page_names_the_fallback_baselines(client, auth, desk, make_article):
    rita = desk["rita"]
    article = _in_review(desk, make_article)
    _edit(rita, article, headline="Mali cuts all ties with Ukraine")
    auth.login("ed")
    page = client.get(f"/articles/{article.id}?since=last-review").get_data(as_text=True)
    assert "Changes since revision 1, the first: you have not reviewed this piece and it has never been approved." in page
    transitions.transition(desk["eve"], article.id, "approved")
    _edit(rita, article, headline="Mali cuts every tie with Ukraine")
    page = client.get(f"/articles/{article.id}?since=last-review").get_data(as_text=True)
    assert "Changes since revision 2, the last approved one (Eve Editor approved it on" in page
    assert "<del>all ties</del><ins>every tie</ins>" in page


# --- self-approval -----------------------------------------------------------------------------------------


def _own_piece(desk, make_article, author="ed", **fields):
    article = make_article(desk[author], body_html=BODY, **fields)
    transitions.transition(desk[author], article.id, "in_review")
    return article


def test_an_editor_may_not_approve_a_piece_they_alone_wrote(desk, make_article):
    ed = desk["ed"]
    article = _own_piece(desk, make_article)
    with pytest.raises(Forbidden, match="only author") as refused:
        transitions.transition(ed, article.id, "approved")
    assert refused.value.status == 403 and refused.value.message == SELF_APPROVAL_REFUSED
    db.session.refresh(article)
    assert article.state == State.IN_REVIEW and article.approved_revision_id is None
    assert Event.query.filter_by(kind="transition", to_state="approved").count() == 0
    assert [t.name for t in transitions.available(ed, article)] == ["request_changes"]
    transitions.transition(desk["eve"], article.id, "approved")  # another editor may
    assert article.state == State.APPROVED


def test_the_setting_allows_an_editor_to_approve_their_own_piece(app, desk, make_article):
    app.config["ALLOW_SELF_APPROVAL"] = True
    article = _own_piece(desk, make_article)
    assert [t.name for t in transitions.available(desk["ed"], article)] == ["request_changes", "approve"]
    transitions.transition(desk["ed"], article.id, "approved")
    assert article.state == State.APPROVED


@pytest.mark.parametrize(
    ("creator", "byline", "ed_may_approve"),
    [
        ("ed", ["ed", "rita"], False),  # co-written, but the editor wrote the text under review
        ("rita", ["rita", "ed"], True),  # on the byline, but the reporter wrote every revision
        ("ed", ["rita"], False),  # set up by the editor for the reporter: the editor wrote revision 1
        ("rita", ["ed"], False),  # the editor alone on the byline
        ("ed", ["ed"], False),
    ],
)
def test_who_counts_as_the_only_author(desk, make_article, creator, byline, ed_may_approve):
    article = _own_piece(desk, make_article, author=creator, byline=[desk[name].id for name in byline])
    offered = [t.name for t in transitions.available(desk["ed"], article)]
    assert ("approve" in offered) is ed_may_approve
    if ed_may_approve:
        transitions.transition(desk["ed"], article.id, "approved")
        assert article.state == State.APPROVED
    else:
        with pytest.raises(Forbidden):
            transitions.transition(desk["ed"], article.id, "approved")


def test_the_page_offers_no_approve_button_and_refuses_a_forged_one(client, auth, desk, make_article):
    article = _own_piece(desk, make_article)
    auth.login("ed")
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert 'value="changes_requested"' in page and 'value="approved"' not in page
    response = client.post(f"/articles/{article.id}/transition", data={"to": "approved"}, follow_redirects=True)
    assert "You are the only author of this piece" in response.get_data(as_text=True)
    db.session.refresh(article)
    assert article.state == State.IN_REVIEW
    auth.logout()
    auth.login("eve")
    assert 'value="approved"' in client.get(f"/articles/{article.id}").get_data(as_text=True)


def test_the_api_refuses_self_approval_with_403(client, api, desk, make_article):
    article = _own_piece(desk, make_article)
    response = api.login("ed")("POST", f"/articles/{article.id}/transitions", {"to": "approved"})
    assert response.status_code == 403
    assert response.get_json()["error"]["message"] == SELF_APPROVAL_REFUSED
    db.session.refresh(article)
    assert article.state == State.IN_REVIEW
    response = api.login("eve")("POST", f"/articles/{article.id}/transitions", {"to": "approved"})
    assert response.status_code == 200 and response.get_json()["state"] == "approved"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, False), ("", False), ("0", False), ("false", False), ("no", False), ("maybe", False),
     ("1", True), ("true", True), ("TRUE", True), (" yes ", True), ("on", True)],
)
def test_allow_self_approval_is_read_from_the_environment(monkeypatch, tmp_path, value, expected):
    if value is None:
        monkeypatch.delenv("ALLOW_SELF_APPROVAL", raising=False)
    else:
        monkeypatch.setenv("ALLOW_SELF_APPROVAL", value)
    monkeypatch.delenv("EDITORIAL_ENV", raising=False)
    assert config.load(str(tmp_path))["ALLOW_SELF_APPROVAL"] is expected


# --- the two-person rule: whoever wrote a revision under review does not approve it ------------------------


def _published(desk, make_article):
    article = _in_review(desk, make_article)
    transitions.transition(desk["ed"], article.id, "approved")
    transitions.transition(desk["ed"], article.id, "published", override_reason="Checked by hand.")
    return article


def test_an_editor_who_corrected_a_published_piece_may_not_approve_the_correction(desk, make_article):
    ed = desk["ed"]
    article = _published(desk, make_article)
    _edit(ed, article, body_html="<p>Wagner fighters were ambushed near the river on Sunday.</p>")
    assert article.state == State.IN_REVIEW
    with pytest.raises(Forbidden, match="You wrote revision 2 of the text under review") as refused:
        transitions.transition(ed, article.id, "approved")
    assert "another editor" in refused.value.message and refused.value.status == 403
    db.session.refresh(article)
    assert article.state == State.IN_REVIEW
    assert Event.query.filter_by(kind="transition", to_state="approved").count() == 1  # the first approval only
    assert "approve" not in [t.name for t in transitions.available(ed, article)]
    transitions.transition(desk["eve"], article.id, "approved")  # a second person checks the correction
    assert article.state == State.APPROVED


def test_an_edit_during_review_bars_its_writer_until_someone_else_approves(desk, make_article):
    ed, eve = desk["ed"], desk["eve"]
    article = _in_review(desk, make_article)
    _edit(ed, article, headline="Mali cuts ties")  # revision 2, by the editor
    _edit(desk["rita"], article, standfirst="Rita's standfirst.")  # revision 3, by the author
    with pytest.raises(Forbidden, match="You wrote revision 2 of"):
        transitions.transition(ed, article.id, "approved")
    transitions.transition(eve, article.id, "approved")
    transitions.transition(eve, article.id, "in_review")  # reopened: nothing new since Eve approved revision 3
    transitions.transition(ed, article.id, "approved")  # Ed's revision 2 was checked by Eve
    assert article.state == State.APPROVED


def test_the_setting_lets_an_editor_approve_their_own_correction(app, desk, make_article):
    article = _published(desk, make_article)
    _edit(desk["ed"], article, headline="Mali cuts ties")
    with pytest.raises(Forbidden, match="self-approval is switched off"):
        transitions.transition(desk["ed"], article.id, "approved")
    app.config["ALLOW_SELF_APPROVAL"] = True
    transitions.transition(desk["ed"], article.id, "approved")
    assert article.state == State.APPROVED


def test_the_api_refuses_approving_ones_own_correction(client, api, desk, make_article):
    article = _published(desk, make_article)
    _edit(desk["ed"], article, headline="Mali cuts ties")
    response = api.login("ed")("POST", f"/articles/{article.id}/transitions", {"to": "approved"})
    assert response.status_code == 403
    assert response.get_json()["error"]["message"].startswith("You wrote revision 2 of the text under review")


def test_the_author_of_a_published_piece_starts_a_correction_from_its_page(client, auth, desk, make_article):
    article = _published(desk, make_article)
    live = article.published_revision_id
    auth.login("rita")
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "Start a correction" in page and f'href="/articles/{article.id}/edit"' in page
    assert client.get(f"/articles/{article.id}/edit").status_code == 200  # no "you cannot edit it now"
    response = client.post(f"/articles/{article.id}/edit", data={
        "headline": "Mali cuts ties with Ukraine", "body_html": "<p>Ambushed near the river on Sunday.</p>",
        "section": "Africa", "byline": str(desk["rita"].id), "version": "1"})
    assert response.status_code == 302
    db.session.refresh(article)
    assert article.state == State.IN_REVIEW and article.version == 2 and article.published_revision_id == live
    auth.logout()
    auth.login("rob")  # another reporter is offered nothing of the kind
    assert "Start a correction" not in client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert client.get(f"/articles/{article.id}/edit").status_code != 200
    transitions.transition(desk["ed"], article.id, "approved")  # Rita wrote it: Ed may approve
    transitions.transition(desk["ed"], article.id, "published", correction_note="It was near the river.",
                           override_reason="Checked by hand.")
    assert article.state == State.PUBLISHED
