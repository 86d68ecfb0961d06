"""The review desk's words: flash messages, counts and cards read as sentences (issue 11, copy slips)."""

from __future__ import annotations

from datetime import UTC, datetime

from editorial.claims import ClaimStatus
from editorial.models import Claim
from editorial.services import claims, schedule, transitions

QUOTE = "ranges from 20 to 80"


def test_requesting_changes_says_so_in_words(piece, auth, client):
    auth.login("ed")
    page = client.post(f"/articles/{piece.id}/transition", data={"to": "changes_requested", "comment": "Source the toll."},
                       follow_redirects=True).get_data(as_text=True)
    assert "Changes requested: the article is back with its author." in page
    assert "is now changes requested" not in page


def test_a_claim_summary_ending_in_a_stop_gets_no_second_one(piece, auth, client):
    auth.login("fay")
    page = client.post(f"/articles/{piece.id}/claims/new", data={"exact": QUOTE, "summary": "Wagner lost 20 to 80 fighters."},
                       follow_redirects=True).get_data(as_text=True)
    assert "Claim created: “Wagner lost 20 to 80 fighters.”</p>" in page
    # without a stop of its own, the sentence gets one
    page = client.post(f"/articles/{piece.id}/claims/new", data={"exact": "84 Wagner mercenaries", "summary": "Wagner losses"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Claim created: “Wagner losses”.</p>" in page


def test_the_claim_count_counts_what_is_left_to_resolve(piece, newsroom, auth, client):
    fay = newsroom["fay"]
    first = claims.create(fay, piece.id, exact=QUOTE)
    second = claims.create(fay, piece.id, exact="84 Wagner mercenaries")
    auth.login("fay")
    page = client.get(f"/articles/{piece.id}").get_data(as_text=True)
    assert '<h2 id="claims-title">Claims <span class="count">2 to resolve</span></h2>' in page
    claims.update(fay, first.id, status=ClaimStatus.VERIFIED, comment="AFP")
    claims.update(fay, second.id, status=ClaimStatus.VERIFIED, comment="Reuters")
    assert {c.status for c in Claim.query.all()} == {ClaimStatus.VERIFIED}
    page = client.get(f"/articles/{piece.id}").get_data(as_text=True)
    assert '<h2 id="claims-title">Claims <span class="count">all resolved</span></h2>' in page
    assert "Claims <span class=\"count\">2 open" not in page  # the old count of claims, not the flags


def test_board_cards_show_the_scheduled_time(piece, newsroom, auth, client):
    transitions.transition(newsroom["ed"], piece.id, "approved")
    schedule.set_publish_time(newsroom["ed"], piece.id, datetime(2099, 1, 1, 10, 0, tzinfo=UTC))
    auth.login("ed")
    board = client.get("/board").get_data(as_text=True)
    card = board[board.index(f'href="/articles/{piece.id}"'):]
    card = card[:card.index("</li>")]
    assert 'Scheduled <time datetime="2099-01-01T10:00:00' in card and "2099-01-01 10:00 UTC</time>" in card
