"""Claims in the queues: the fact-checker's landing page and the counts per status on editors' cards."""

from __future__ import annotations

import re
from contextlib import contextmanager

import sqlalchemy as sa

from editorial.claims import ClaimStatus
from editorial.database import db
from editorial.services import assignments, claims, queues, transitions

BODY = "<p>Wagner lost 84 fighters.</p><p>Tuareg separatists said 47 soldiers died.</p><p>It rained in Bamako.</p>"


def _in_review(make_article, author, headline: str):
    article = make_article(author, headline=headline, body_html=BODY)
    transitions.transition(author, article.id, "in_review")
    return article


def _claim(actor, article, words: str, status: ClaimStatus | None = None):
    claim = claims.create(actor, article.id, exact=words)
    if status is not None:
        claim = claims.update(actor, claim.id, status=status.value, comment="checked")
    return claim


@contextmanager
def count_queries():
    seen: list[str] = []

    def before(conn, cursor, statement, *args):
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", before)


def _keys(board) -> dict[str, list[int]]:
    return {q.key: [a.id for a in q.articles] for q in board.queues}


def test_fact_checker_sees_assigned_first_then_open_claims_then_the_rest(newsroom, make_article):
    rita, ed, fay = newsroom["rita"], newsroom["ed"], newsroom["fay"]
    oldest = _in_review(make_article, rita, "Oldest, with an open claim")
    unclaimed = _in_review(make_article, rita, "In review, no claims")
    all_verified = _in_review(make_article, rita, "Every claim verified")
    mine = _in_review(make_article, rita, "Assigned to Fay")
    newer = _in_review(make_article, rita, "Newer, with an open claim")
    _claim(fay, oldest, "84 fighters")
    _claim(fay, newer, "47 soldiers", ClaimStatus.IN_PROGRESS)
    _claim(fay, all_verified, "84 fighters", ClaimStatus.VERIFIED)
    assignments.assign(ed, mine.id, fay.id)

    board = queues.dashboard(fay)
    assert _keys(board) == {
        "assigned": [mine.id],
        "open_claims": [oldest.id, newer.id],  # oldest first
        "review": [unclaimed.id, all_verified.id],  # nothing blocking: verified claims are not open
        "assigned_published": [],
    }
    assert [q.key for q in board.queues] == ["assigned", "open_claims", "review", "assigned_published"]
    assert board.claim_counts[oldest.id] == {ClaimStatus.UNVERIFIED: 1}
    assert board.claim_counts[newer.id] == {ClaimStatus.IN_PROGRESS: 1}
    assert board.claim_counts[all_verified.id] == {ClaimStatus.VERIFIED: 1}
    assert mine.id not in board.claim_counts and unclaimed.id not in board.claim_counts


def test_a_claim_assigned_to_the_fact_checker_puts_its_article_in_their_queue(newsroom, make_article):
    rita, ed, fay = newsroom["rita"], newsroom["ed"], newsroom["fay"]
    article = _in_review(make_article, rita, "One claim is Fay's")
    claim = _claim(ed, article, "84 fighters")
    claims.assign(ed, claim.id, fay.id)
    assert _keys(queues.dashboard(fay))["assigned"] == [article.id]
    claims.close(ed, claim.id, "Cut from the copy.")
    assert _keys(queues.dashboard(fay))["assigned"] == []  # a closed claim is no longer work


def test_assigned_pieces_are_work_until_published_then_recently_published_until_unpublished(newsroom, make_article):
    rita, ed, fay = newsroom["rita"], newsroom["ed"], newsroom["fay"]
    article = _in_review(make_article, rita, "Assigned, then approved")
    assignments.assign(ed, article.id, fay.id)
    transitions.transition(ed, article.id, "approved")
    assert _keys(queues.dashboard(fay))["assigned"] == [article.id]
    transitions.transition(ed, article.id, "published")
    board = _keys(queues.dashboard(fay))
    assert board["assigned"] == [] and board["assigned_published"] == [article.id]  # done: history, not work
    transitions.transition(ed, article.id, "unpublished", comment="Pulled")
    board = _keys(queues.dashboard(fay))
    assert board["assigned"] == [] and board["assigned_published"] == []


def test_a_published_piece_stays_work_while_a_claim_of_theirs_on_it_is_unchecked(newsroom, make_article):
    rita, ed, fay = newsroom["rita"], newsroom["ed"], newsroom["fay"]
    article = _in_review(make_article, rita, "Published with a claim to check")
    claim = _claim(ed, article, "84 fighters", ClaimStatus.VERIFIED)
    claims.assign(ed, claim.id, fay.id)
    transitions.transition(ed, article.id, "approved")
    transitions.transition(ed, article.id, "published")
    assert _keys(queues.dashboard(fay))["assigned"] == []  # verified: nothing left to do
    claims.update(ed, claim.id, status=ClaimStatus.IN_PROGRESS.value, comment="New figures out: reopened")
    assert _keys(queues.dashboard(fay))["assigned"] == [article.id]


def test_recently_published_shows_the_newest_few_and_links_the_checkers_archive(client, auth, newsroom, make_article):
    rita, ed, fay = newsroom["rita"], newsroom["ed"], newsroom["fay"]
    done = []
    for n in range(queues.RECENTLY_PUBLISHED + 2):
        article = _in_review(make_article, rita, f"Done {n}")
        assignments.assign(ed, article.id, fay.id)
        transitions.transition(ed, article.id, "approved")
        transitions.transition(ed, article.id, "published")
        done.append(article.id)
    board = _keys(queues.dashboard(fay))
    assert board["assigned_published"] == done[::-1][:queues.RECENTLY_PUBLISHED]  # newest first, a few
    assert board["assigned"] == []
    auth.login("fay")
    html = client.get("/").get_data(as_text=True)
    assert f'<a href="/claims/archive?checker={fay.id}">Everything you checked: the claim archive</a>' in html


def test_counts_per_status_leave_out_closed_claims(newsroom, make_article):
    rita, fay = newsroom["rita"], newsroom["fay"]
    article = _in_review(make_article, rita, "Three claims")
    _claim(fay, article, "84 fighters")
    _claim(fay, article, "47 soldiers", ClaimStatus.VERIFIED)
    closed = _claim(fay, article, "It rained")
    claims.close(fay, closed.id, "Not a claim.")
    counts = queues.claim_counts([article.id])
    assert counts == {article.id: {ClaimStatus.UNVERIFIED: 1, ClaimStatus.VERIFIED: 1}}
    assert list(counts[article.id]) == [ClaimStatus.UNVERIFIED, ClaimStatus.VERIFIED]  # status order
    assert queues.claim_counts([]) == {}


def test_editors_review_queue_carries_the_counts(newsroom, make_article):
    rita, ed, fay = newsroom["rita"], newsroom["ed"], newsroom["fay"]
    article = _in_review(make_article, rita, "Editor's view")
    _claim(fay, article, "84 fighters")
    _claim(fay, article, "47 soldiers")
    board = queues.dashboard(ed)
    review = next(q for q in board.queues if q.key == "review")
    assert review.with_claims and review.articles == [article]
    assert board.claim_counts[article.id] == {ClaimStatus.UNVERIFIED: 2}
    reporter = queues.dashboard(rita)
    assert not any(q.with_claims for q in reporter.queues) and reporter.claim_counts == {}


def test_the_dashboard_runs_the_same_number_of_queries_for_one_card_or_many(newsroom, make_article):
    rita, ed, fay = newsroom["rita"], newsroom["ed"], newsroom["fay"]

    def add(n: int) -> None:
        for i in range(n):
            article = _in_review(make_article, rita, f"Piece {i}")
            _claim(fay, article, "84 fighters")
            _claim(fay, article, "47 soldiers", ClaimStatus.VERIFIED)
            if i % 2:
                assignments.assign(ed, article.id, fay.id)

    def queries(person) -> list[str]:
        db.session.expire_all()
        with count_queries() as seen:
            queues.dashboard(person)
        return seen

    add(2)
    few = {person.username: queries(person) for person in (fay, ed)}
    add(6)
    for person in (fay, ed):
        many = queries(person)
        assert len(many) == len(few[person.username]), person.username  # not one query per card
        grouped = [s for s in many if "GROUP BY" in s.upper() and "claims" in s and "claim_matches" not in s]
        assert len(grouped) == 1, grouped  # all the counts in one grouped query
        matched = [s for s in many if "GROUP BY" in s.upper() and "claim_matches" in s]
        assert len(matched) == 1, matched  # and the "checked before" counts in one more


def test_landing_page_shows_counts_per_status(client, auth, newsroom, make_article):
    rita, ed, fay = newsroom["rita"], newsroom["ed"], newsroom["fay"]
    article = _in_review(make_article, rita, "Counts on the card")
    _claim(fay, article, "84 fighters")
    _claim(fay, article, "47 soldiers", ClaimStatus.VERIFIED)
    assignments.assign(ed, article.id, fay.id)
    for person in ("fay", "ed"):
        auth.login(person)
        html = client.get("/").get_data(as_text=True)
        card = html[html.index("Counts on the card"):]
        card = card[: card.index("</article>")]
        assert re.search(r'data-status="unverified">1 unverified</span>', card), person
        assert 'claim-unverified blocking"' in card and 'data-status="verified">1 verified' in card
        auth.logout()
    auth.login("fay")
    html = client.get("/").get_data(as_text=True)
    assert html.index("Assigned to you") < html.index("Counts on the card") < html.index("In review with open claims")
