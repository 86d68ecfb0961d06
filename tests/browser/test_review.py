"""In a real browser: an editor sends a piece back, the reporter changes one word and resubmits, and the
editor's "what changed since I last looked" shows that word and nothing else."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_journey import article_url, body_editor, log_in, log_out, state_of

pytestmark = pytest.mark.browser

HEADLINE = "Wagner fighters ambushed near the border"
BODY = "<p>Wagner fighters were ambushed near the border on Sunday.</p><p>The army gave no toll.</p>"


@pytest.fixture
def desk(live_server):
    live_server.make_user("rita", "reporter", name="Rita Reporter")
    live_server.make_user("ed", "editor", name="Ed Editor")
    return live_server


def test_the_editor_sees_only_the_word_the_reporter_changed(desk, new_page):
    live_server = desk
    article_id = live_server.make_article("rita", headline=HEADLINE, body_html=BODY)
    live_server.transition("rita", article_id, "in_review")

    page = new_page()
    log_in(page, live_server, "ed")
    page.goto(article_url(live_server, article_id))
    page.get_by_label("Note (kept on the timeline)").fill("Which day was it?")
    page.get_by_role("button", name="Request changes").click()
    expect(state_of(page)).to_have_text("changes requested")
    log_out(page)

    log_in(page, live_server, "rita")
    page.goto(article_url(live_server, article_id, "/edit"))
    editor = body_editor(page)
    editor.get_by_text("Wagner fighters were ambushed").click()
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")  # before the full stop
    page.keyboard.press("Control+Shift+ArrowLeft")  # "Sunday"
    page.keyboard.type("Saturday")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".flash")).to_have_text("Saved.")
    page.get_by_role("link", name="← Back to the article").click()
    page.get_by_role("button", name="Resubmit").click()
    expect(state_of(page)).to_have_text("in review")
    log_out(page)

    log_in(page, live_server, "ed")
    page.goto(article_url(live_server, article_id))
    toggle = page.get_by_role("link", name="What changed since I last looked")
    toggle.focus()
    page.keyboard.press("Enter")  # works from the keyboard, without any script
    expect(page).to_have_url(re.compile(r"\?since=last-review$"))
    changes = page.locator("#review-changes")
    expect(changes.locator("#review-since")).to_contain_text("Changes since revision 1, which you sent back on")
    expect(changes.locator("#diff-headline")).to_contain_text("Unchanged.")
    expect(changes.locator("#diff-headline ins, #diff-headline del")).to_have_count(0)
    expect(changes.locator("ins")).to_have_count(1)
    expect(changes.locator("del")).to_have_count(1)
    expect(changes.locator("#diff-body del")).to_have_text("Sunday")
    expect(changes.locator("#diff-body ins")).to_have_text("Saturday")
    expect(page.locator("#article-body")).to_contain_text("on Saturday.")  # the text itself is still there
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)

    page.get_by_role("link", name="Hide the changes").click()
    expect(page.locator("#review-since")).to_have_count(0)
    expect(page.get_by_role("link", name="What changed since I last looked")).to_be_visible()
