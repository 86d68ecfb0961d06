"""Issue 5's whole journey in a real Chromium, with the seed article: a reporter imports it and submits;
a fact-checker marks the Wagner death toll as a claim; the editor sees flags and claims, comments inline on
"Mbeki edmond" and requests changes; the reporter sees the comment beside the editor, fixes the name there,
replies and resubmits; the editor sees only that change in the diff, resolves the comment and approves;
publishing is refused while the death-toll claim is unverified; the fact-checker verifies it with a source;
the editor publishes; the public page shows it with ClaimReview JSON-LD; the reporter then corrects a word from
the piece's page, and the editor approves and publishes the correction with its note."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.test_claims import place_in_editor, select_with_mouse, verify_with_a_source
from tests.browser.test_journey import (
    article_url,
    body_editor,
    expect_refused,
    log_in,
    log_out,
    shot,
    state_of,
)
from tests.conftest import SEED_PATH

pytestmark = pytest.mark.browser

HEADLINE = "Mali cuts Diplomatic Ties with Ukraine Over Wagner Ambush Allegations and middling"
TOLL = "ranges from 20 to 80"
CLAIM = "Wagner lost between 20 and 80 fighters"
NOTE = "Capitalise the surname: Mbeki Edmond."
CORRECTION = "An earlier version said the junta shifted alliances; it was the transitional government."


@pytest.fixture
def desk(live_server):
    live_server.make_user("rita", "reporter", name="Rita Reporter")
    live_server.make_user("ed", "editor", name="Ed Editor")
    live_server.make_user("fay", "fact_checker", name="Fay Checker")
    return live_server


def test_the_whole_review_journey_with_the_seed_article(desk, new_page):
    server = desk
    page = new_page()

    # -- the reporter imports the seed page and submits it ------------------------------------------------
    log_in(page, server, "rita")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Import").click()
    page.get_by_label("…or upload a file (.txt, .html)").set_input_files(str(SEED_PATH))
    page.get_by_label("Headline").fill(HEADLINE)
    page.get_by_label("Section").fill("Africa")
    page.get_by_role("button", name="Import as draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit article")
    article_id = int(page.url.split("/articles/")[1].split("/")[0])
    page.get_by_role("link", name="← Back to the article").click()
    page.get_by_role("button", name="Submit for review").click()
    expect(state_of(page)).to_have_text("in review")
    log_out(page)

    # -- a fact-checker makes the death toll a claim ---------------------------------------------------
    log_in(page, server, "fay")
    page.goto(article_url(server, article_id))
    select_with_mouse(page, TOLL)
    page.get_by_role("region", name="Selected words").get_by_role("button", name="Create claim from selection").click()
    page.get_by_label("What is claimed (one line)").fill(CLAIM)
    page.get_by_role("button", name="Create claim", exact=True).click()
    expect(page.locator(".flash")).to_have_text(f"Claim created: “{CLAIM}”.")
    log_out(page)

    # -- the editor sees flags and claims, comments inline on "Mbeki edmond", requests changes -------------
    log_in(page, server, "ed")
    page.goto(article_url(server, article_id))
    flags = page.locator("#flags")
    expect(flags).to_contain_text("Mbeki edmond")
    expect(flags).to_contain_text("top of page")
    expect(flags).to_contain_text("profile photo.webp")
    expect(page.locator("#claims li.claim").filter(has_text=CLAIM).locator(".claim-pill")).to_have_text("Unverified")
    select_with_mouse(page, "Mbeki edmond")
    bar = page.get_by_role("region", name="Selected words")
    expect(bar).to_contain_text("“Mbeki edmond”")
    bar.get_by_role("button", name="Comment on selection").click()
    expect(page.get_by_label("On the words (optional)")).to_have_value("Mbeki edmond")
    expect(page.get_by_label("New comment")).to_be_focused()
    page.keyboard.type(NOTE + " @rita")
    page.get_by_label("Blocking: must be resolved before publishing").check()
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator(".flash")).to_have_text("Comment added.")
    thread = page.locator("#comments div.thread").filter(has_text=NOTE)
    expect(thread).to_have_count(1)
    expect(thread.locator(".thread-quote")).to_have_text("Mbeki edmond")
    expect(thread.locator(".badge.blocking")).to_have_text("Blocking")
    expect(thread.locator(".mention")).to_have_text("@rita")
    expect(page.locator("mark.comment-mark")).to_have_text("Mbeki edmond")
    expect(page.locator("#ready-comments")).to_contain_text("Blocking comment on “Mbeki edmond”")
    shot(page, "journey-editor-comment")
    page.get_by_label("Note (kept on the timeline)").fill("See my comment on the byline.")
    page.get_by_role("button", name="Request changes").click()
    expect(state_of(page)).to_have_text("changes requested")
    log_out(page)

    # -- the reporter sees the comment beside the editor, fixes the name, replies, resubmits ---------------
    log_in(page, server, "rita")
    expect(page.get_by_role("link", name="Inbox")).to_contain_text("2")  # mentioned; changes requested
    page.goto(article_url(server, article_id, "/edit"))
    editor = body_editor(page)
    side = page.locator("#editor-comments")
    beside = side.locator("div.thread").filter(has_text=NOTE)
    expect(beside).to_be_visible()
    beside.get_by_role("button", name="Find in text").click()
    assert page.evaluate("() => getSelection().toString()") == "Mbeki edmond"
    page.keyboard.type("Mbeki Edmond")
    expect(editor).to_contain_text("Mbeki Edmond")
    beside.get_by_label("Reply").fill("Fixed, thanks.")
    beside.get_by_role("button", name="Reply").click()  # posted with fetch: the page and its typing stay
    expect(side.locator(".notice.success")).to_have_text("Reply added.")
    expect(side.locator("div.thread").filter(has_text=NOTE)).to_contain_text("Fixed, thanks.")
    expect(editor).to_contain_text("Mbeki Edmond")  # the unsaved edit is still there
    shot(page, "journey-reporter-editor")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".flash")).to_have_text("Saved.")
    page.get_by_role("link", name="← Back to the article").click()
    page.get_by_role("button", name="Resubmit").click()
    expect(state_of(page)).to_have_text("in review")
    log_out(page)

    # -- the editor sees only that change, resolves the comment, approves ------------------------------
    log_in(page, server, "ed")
    page.goto(article_url(server, article_id))
    page.get_by_role("link", name="What changed since I last looked").click()
    changes = page.locator("#review-changes")
    assert changes.locator("#diff-body ins").all_inner_texts() == ["Edmond"]
    assert changes.locator("#diff-body del").all_inner_texts() == ["edmond"]
    expect(changes.locator("#diff-headline ins, #diff-headline del")).to_have_count(0)
    expect(changes.locator("#diff-standfirst ins, #diff-standfirst del")).to_have_count(0)
    thread = page.locator("#comments div.thread").filter(has_text=NOTE)
    expect(thread.locator(".thread-quote")).to_have_text("Mbeki Edmond")  # it followed its words
    expect(thread).to_contain_text("Fixed, thanks.")
    thread.get_by_role("button", name="Resolve").click()
    expect(page.locator(".flash")).to_have_text("Comment resolved.")
    expect(page.locator("#ready-comments")).to_have_class("check ok")
    page.get_by_role("button", name="Approve").click()
    expect(state_of(page)).to_have_text("approved")

    # -- publishing is refused while the death-toll claim is unverified -----------------------------------
    # the seed's dozens of other leftovers and statements are set aside on the copy desk (as the flag panel
    # does), so that only the death-toll claim stands between the piece and publication
    assert server.dismiss_open_flags("ed", article_id, "Handled on the copy desk") > 10
    page.reload()
    expect(page.locator("#ready-claims")).to_contain_text(f"Claim “{CLAIM}” is unverified.")
    expect(page.locator("#ready-flags")).to_have_class("check ok")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".flash-error")).to_contain_text(f"Claim “{CLAIM}” is unverified.")
    expect(state_of(page)).to_have_text("approved")
    assert server.article(article_id)["state"] == "approved"
    log_out(page)

    # -- the fact-checker verifies it with a source -------------------------------------------------------
    log_in(page, server, "fay")
    page.goto(article_url(server, article_id))
    page.locator("#claims li.claim").filter(has_text=CLAIM).get_by_role("link", name=CLAIM).click()
    verify_with_a_source(page)
    log_out(page)

    # -- the editor publishes; the public page shows it with ClaimReview JSON-LD ---------------------------
    log_in(page, server, "ed")
    page.goto(article_url(server, article_id))
    expect(page.locator("#readiness")).to_contain_text("Nothing blocks publishing.")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".flash")).to_have_text("The article is now published.")
    page.get_by_role("link", name="Public page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(page.locator(".public-article .body")).to_contain_text("Mbeki Edmond")
    reviews = [json.loads(t) for t in page.locator('script[type="application/ld+json"]').all_text_contents()]
    [review] = [r for r in reviews if r.get("@type") == "ClaimReview"]
    assert review["claimReviewed"] == CLAIM
    assert review["reviewRating"]["alternateName"] == "True"
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert review["itemReviewed"]["appearance"]["url"] == canonical
    assert canonical.startswith(f"{server.url}/news/{article_id}-mali-cuts-diplomatic-ties")
    public_url = page.url
    shot(page, "journey-public")

    # -- a correction: the reporter fixes a word, the piece is reviewed again, published with a public note --
    page.goto(article_url(server, article_id))
    log_out(page)
    log_in(page, server, "rita")
    page.goto(article_url(server, article_id))
    page.get_by_role("link", name="Start a correction").click()
    editor = body_editor(page)
    expect(editor).to_contain_text("the junta shifted alliances")
    place_in_editor(page, "the junta shifted")
    page.keyboard.type("the transitional government shifted")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".flash")).to_have_text("Saved.")
    page.get_by_role("link", name="← Back to the article").click()
    expect(state_of(page)).to_have_text("in review")  # a published piece that changes is reviewed again
    log_out(page)
    log_in(page, server, "ed")  # a second person approves the correction
    page.goto(article_url(server, article_id))
    page.get_by_role("button", name="Approve").click()
    expect(state_of(page)).to_have_text("approved")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".flash-error")).to_contain_text("needs a public correction note")
    expect_refused(page, 422)
    page.get_by_label("Correction note (public)").fill(CORRECTION)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".flash")).to_have_text("The article is now published.")
    page.goto(public_url)
    expect(page.locator(".public-article .body")).to_contain_text("the transitional government shifted alliances")
    expect(page.locator("#corrections li")).to_contain_text(CORRECTION)
    shot(page, "journey-correction")
