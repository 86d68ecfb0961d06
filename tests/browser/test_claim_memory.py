"""Claim memory in a real browser: a fact-checker verifies the Wagner death toll on the seed article, which is
published; a reporter's follow-up words it differently, and the fact-checker sees "Checked before" with the
earlier verdict and sources and reuses them; a follow-up stating another toll is flagged with a link to the
published piece; the claim archive finds both checked claims."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_accessibility import _violations
from tests.browser.test_claims import select_with_mouse, verify_with_a_source
from tests.browser.test_journey import article_url, assert_no_horizontal_scroll, log_in, shot

pytestmark = pytest.mark.browser

TOLL = "Wagner's death toll ranges from 20 to 80"
REWORDED = "Between 20 and 80 Wagner fighters died in the ambush."
OTHER_TOLL = "84 Wagner fighters were killed."


def _publish(server, article_id: int) -> None:
    """The editor publishes the seed piece; its remaining copy-desk notes are not what this test is about."""
    from editorial.services import transitions

    server.dismiss_open_flags("ed", article_id, "Checked by the desk")
    server.transition("ed", article_id, "approved")
    server.run(lambda: transitions.transition(server._user("ed"), article_id, "published",
                                              override_reason="Seed piece: test"))


def test_a_claim_checked_once_is_recognised_reused_and_guarded(live_server, seed_text, new_page):
    from editorial import claim_matching

    server = live_server
    claim_matching.features("Warm up: 84 fighters.")  # the word lists load once per process (seconds on CI)
    server.make_user("rita", "reporter", name="Rita Reporter")
    server.make_user("rob", "reporter", name="Rob Reporter")
    server.make_user("ed", "editor", name="Ed Editor")
    server.make_user("fay", "fact_checker", name="Fay Checker")
    seed_id = server.import_seed("rita", seed_text)
    server.transition("rita", seed_id, "in_review")

    # the fact-checker verifies the toll on the seed piece, with a source; the editor publishes it
    fay = new_page()
    log_in(fay, server, "fay")
    fay.goto(article_url(server, seed_id))
    select_with_mouse(fay, TOLL)
    fay.get_by_role("region", name="Selected words").get_by_role("button", name="Create claim from selection").click()
    expect(fay.get_by_label("Words of the claim")).to_have_value(TOLL)
    fay.keyboard.type("Wagner lost between 20 and 80 fighters")
    fay.get_by_role("button", name="Create claim", exact=True).click()
    fay.locator("#claims li.claim").filter(has_text="Wagner lost between 20 and 80 fighters").get_by_role(
        "link", name="Wagner lost between 20 and 80 fighters").click()
    verify_with_a_source(fay)
    _publish(server, seed_id)

    # a reporter files a follow-up that words it differently
    follow_up = server.make_article("rob", headline="After the Tinzaouaten ambush",
                                    body_html=f"<p>{REWORDED}</p><p>The army has not given its own count.</p>")
    server.transition("rob", follow_up, "in_review")

    # the queue says an open claim was checked before once the follow-up has a claim; first the flag card
    fay.goto(article_url(server, follow_up))
    card = fay.locator("#flags li.flag").filter(has_text=REWORDED)
    expect(card.locator(".memory-note")).to_contain_text("Checked before: True, claim")
    expect(card.locator(".memory-note")).to_contain_text("Mali cuts ties with Ukraine")
    card.get_by_role("button", name=re.compile("Make it a claim")).click()
    expect(fay.locator("#triage-status")).to_contain_text("Claim created")  # triage.js: made with fetch()
    fay.reload()
    item = fay.locator("#claims li.claim").filter(has_text="Between 20 and 80")
    note = item.get_by_role("link", name="Checked before: 1 match")
    expect(note).to_be_visible()

    fay.goto(server.url + "/")
    expect(fay.locator(".memory-count")).to_have_text("1 open claim checked before")
    fay.goto(article_url(server, follow_up))
    fay.locator("#claims li.claim").filter(has_text="Between 20 and 80").get_by_role(
        "link", name="Checked before: 1 match").click()

    # "Checked before": the earlier wording, its piece, verdict, checker and sources
    memory = fay.locator("#checked-before")
    expect(memory).to_be_visible()
    expect(memory.locator(".memory-quote")).to_have_text(TOLL)
    expect(memory).to_contain_text("Mali cuts ties with Ukraine")
    expect(memory).to_contain_text("True")
    expect(memory).to_contain_text("checked by Fay Checker")
    expect(memory).to_contain_text("Wagner suffers heavy losses in Mali ambush")
    shot(fay, "claim-memory-checked-before")
    assert _violations(Axe(), fay) == []
    fay.set_viewport_size({"width": 390, "height": 800})
    assert_no_horizontal_scroll(fay)
    shot(fay, "claim-memory-checked-before-390")
    fay.set_viewport_size({"width": 1280, "height": 900})
    memory.get_by_role("button", name=re.compile("Reuse verdict and sources")).click()
    expect(fay.locator(".flash")).to_contain_text("1 new source linked")
    expect(fay.locator("#sources")).to_contain_text("Wagner suffers heavy losses in Mali ambush")
    # nothing is verified automatically: the verdict is proposed, the checker confirms it
    expect(fay.locator("h1 + .meta .claim-pill")).to_have_text("Unverified")
    expect(fay.get_by_label("Status", exact=True)).to_have_value("verified")
    expect(fay.locator(".memory-proposal")).to_contain_text("Proposed from claim")
    fay.get_by_role("button", name="Save status").click()
    expect(fay.locator(".flash")).to_have_text("The claim is now verified, rated “True”.")
    expect(fay.locator(".timeline")).to_contain_text("reused the sources of claim")

    # a follow-up stating another toll: the copy desk flags it with a link to the published piece
    other = server.make_article("rob", headline="Rebels give their count",
                                body_html=f"<p>{OTHER_TOLL}</p><p>The army has not given its own count.</p>")
    server.transition("rob", other, "in_review")
    fay.goto(article_url(server, other))
    conflict = fay.locator("#flags li.flag").filter(has_text="Another figure than the published")
    expect(conflict).to_contain_text("84 here, from 20 to 80 there")
    shot(fay, "claim-memory-conflict")
    assert _violations(Axe(), fay) == []
    conflict.get_by_role("link", name="Mali cuts ties with Ukraine").click()
    expect(fay).to_have_url(re.compile(rf"/(articles|news)/{seed_id}\b"))

    # the archive finds both checked claims
    fay.get_by_role("navigation", name="Main").get_by_role("link", name="Claims").click()
    fay.get_by_role("link", name="the claim archive").click()
    expect(fay.get_by_role("heading", level=1)).to_have_text("Claim archive")
    expect(fay.locator(".archive-item")).to_have_count(2)
    fay.get_by_label("Verdict").select_option("verified")
    fay.get_by_role("button", name="Filter").click()
    expect(fay.locator(".archive-item")).to_have_count(2)
    expect(fay.locator(".archive-list")).to_contain_text("Wagner lost between 20 and 80 fighters")
    expect(fay.locator(".archive-list")).to_contain_text("reused from claim")
    fay.get_by_label("Words").fill("Wagner 80")  # the full-text index: both wordings
    fay.get_by_role("button", name="Filter").click()
    expect(fay.locator(".archive-item")).to_have_count(2)
    fay.get_by_label("Words").fill("helicopter")
    fay.get_by_role("button", name="Filter").click()
    expect(fay.locator(".archive-item")).to_have_count(0)
    fay.get_by_label("Words").fill("")
    fay.get_by_role("button", name="Filter").click()
    shot(fay, "claim-memory-archive")
    assert _violations(Axe(), fay) == []
    fay.set_viewport_size({"width": 390, "height": 800})
    assert_no_horizontal_scroll(fay)
