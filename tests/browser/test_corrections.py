"""A correction and a retraction in a real browser: the author fixes a published piece, it is reviewed again,
publishing it needs a public note, the note shows at the foot of the public page; then it is retracted."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_journey import article_url, body_editor, expect_refused, log_in, log_out, state_of

pytestmark = pytest.mark.browser

NOTE = "An earlier version said the bridge closes to walkers too; it stays open to them."


@pytest.fixture
def server(live_server):
    live_server.make_user("rita", "reporter", name="Rita Reporter")
    live_server.make_user("ed", "editor", name="Ed Editor")
    return live_server


def test_the_author_corrects_a_published_piece_an_editor_publishes_it_with_a_note_then_retracts_it(server, new_page):
    article_id = server.make_article(
        "rita", headline="Council closes the old bridge", body_html="<p>The council voted to close the old bridge.</p>"
    )
    for who, to in (("rita", "in_review"), ("ed", "approved"), ("ed", "published")):
        server.transition(who, article_id, to)

    page = new_page()
    log_in(page, server, "rita")  # the author starts the correction from the piece's page
    page.goto(article_url(server, article_id))
    page.get_by_role("link", name="Start a correction").click()
    editor = body_editor(page)
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("The bridge stays open to walkers.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".flash")).to_have_text("Saved.")
    page.get_by_role("link", name="← Back to the article").click()
    expect(state_of(page)).to_have_text("in review")  # a published piece edited goes through review again
    log_out(page)

    log_in(page, server, "ed")  # a second person approves the correction
    page.goto(article_url(server, article_id))
    page.get_by_role("button", name="Approve").click()
    expect(state_of(page)).to_have_text("approved")
    note = page.get_by_label("Correction note (public)")
    expect(note).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".flash-error")).to_contain_text("needs a public correction note")
    expect(note).to_have_attribute("aria-invalid", "true")
    expect_refused(page, 422)
    expect(state_of(page)).to_have_text("approved")
    assert server.article(article_id)["state"] == "approved"

    note.fill(NOTE)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".flash")).to_have_text("The article is now published.")
    expect(page.locator("#corrections li")).to_contain_text(NOTE)

    page.get_by_role("link", name="Public page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Council closes the old bridge")
    expect(page.locator(".public-article .body")).to_contain_text("The bridge stays open to walkers.")
    foot = page.locator("#corrections")
    expect(foot.locator("li")).to_have_count(1)
    expect(foot.locator("li")).to_contain_text(NOTE)
    expect(foot.locator("li time")).to_have_attribute("datetime", re.compile(r"^\d{4}-\d\d-\d\d"))
    public_url = page.url

    page.goto(article_url(server, article_id))
    page.get_by_label("Note (kept on the timeline)").fill("The vote was annulled by a court.")
    page.get_by_label("Show this reason publicly").check()
    page.get_by_role("button", name="Unpublish").click()
    expect(state_of(page)).to_have_text("unpublished")

    response = page.goto(public_url)
    assert response.status == 410
    expect_refused(page, 410)
    notice = page.locator("#retraction-notice")
    expect(notice).to_contain_text("has withdrawn this article")
    expect(notice).to_contain_text("The vote was annulled by a court.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Council closes the old bridge")
    expect(page.locator("#corrections li")).to_contain_text(NOTE)
    expect(page.locator(".public-article .body")).to_have_count(0)
