"""Comments beside the editor in a real Chromium: replying and resolving never leave the page, so unsaved
text stays; a refused reply says why and keeps what was typed; "Find in text" says when the words are gone
from the text as it is now; a general comment starts from the editor too; the panel works on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_journey import (
    article_url,
    assert_no_horizontal_scroll,
    body_editor,
    expect_refused,
    log_in,
)

pytestmark = pytest.mark.browser

BODY = "<p>Wagner fighters were ambushed near the border.</p><p>The army gave no toll.</p>"


@pytest.fixture
def piece(live_server):
    live_server.make_user("rita", "reporter", name="Rita Reporter")
    live_server.make_user("ed", "editor", name="Ed Editor")
    article_id = live_server.make_article("rita", headline="Ambush near the border", body_html=BODY)
    live_server.transition("rita", article_id, "in_review")

    def comment():
        from editorial.services import comments, people

        comments.start_thread(people.by_username("ed"), article_id, body="Which border?", exact="near the border")

    live_server.run(comment)
    return live_server, article_id


def test_replying_beside_the_editor_keeps_unsaved_text(piece, new_page):
    server, article_id = piece
    page = new_page()
    log_in(page, server, "rita")
    page.goto(article_url(server, article_id, "/edit"))
    editor = body_editor(page)
    side = page.locator("#editor-comments")
    thread = side.locator("div.thread").filter(has_text="Which border?")
    expect(thread.locator(".thread-quote")).to_have_text("near the border")

    # unsaved typing: the words of the comment go away
    thread.get_by_role("button", name="Find in text").click()
    assert page.evaluate("() => getSelection().toString()") == "near the border"
    page.keyboard.type("at the Algerian border")
    thread.get_by_role("button", name="Find in text").click()
    expect(thread.get_by_role("status")).to_have_text("These words are not in the text as it is now.")

    # an empty reply is refused in place; nothing is lost
    thread.get_by_role("button", name="Reply").click()
    expect(thread.get_by_role("alert")).to_have_text("Write the comment first: it is empty.")
    expect_refused(page, 422)
    thread.get_by_label("Reply").fill("Changed to the Algerian border.")
    thread.get_by_role("button", name="Reply").click()
    expect(side.locator(".notice.success")).to_have_text("Reply added.")
    thread = side.locator("div.thread").filter(has_text="Which border?")
    expect(thread).to_contain_text("Changed to the Algerian border.")
    thread.get_by_role("button", name="Resolve").click()
    expect(side.locator(".notice.success")).to_have_text("Comment resolved.")
    expect(side.get_by_text("No open comments.")).to_be_visible()
    expect(side.locator("details.resolved-threads summary")).to_have_text("Resolved comments (1)")

    # a general comment from the editor, by keyboard
    side.get_by_label("New comment").fill("Toll added in the second paragraph tomorrow.")
    side.get_by_label("New comment").press("Tab")
    side.get_by_role("button", name="Add comment").click()
    expect(side.locator(".notice.success")).to_have_text("Comment added.")
    expect(side.locator("div.thread").filter(has_text="Toll added")).to_contain_text("On the piece")

    expect(editor).to_contain_text("ambushed at the Algerian border")  # still unsaved, still there
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".flash")).to_have_text("Saved.")
    assert "at the Algerian border" in server.body_text(article_id)


def test_comments_on_a_phone(piece, new_page):
    server, article_id = piece
    page = new_page(width=390, height=844)
    log_in(page, server, "ed")
    page.goto(article_url(server, article_id))
    panel = page.locator("#comments")
    expect(panel.locator("div.thread")).to_have_count(1)
    page.get_by_role("tab", name="Comments").click()  # the cards open from the bar at the bottom
    panel.locator("div.thread").get_by_role("button", name="Show in text").click()
    expect(page.locator("mark.comment-mark")).to_have_text("near the border")
    expect(page.locator("mark.comment-mark")).to_be_in_viewport()
    assert_no_horizontal_scroll(page)
