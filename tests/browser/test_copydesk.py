"""The copy desk in a real browser: flags highlighted on the article, dismissed with a reason, the
dictionary from a flag, and live checks in the editor that fix a typo with a suggestion."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_journey import article_url, body_editor, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def seeded(live_server, seed_text):
    live_server.make_user("rita", "reporter", name="Rita Reporter")
    live_server.make_user("ed", "editor", name="Ed Editor")

    return live_server, live_server.import_seed("rita", seed_text)


def test_flags_are_highlighted_and_dismissed_with_a_reason(seeded, new_page):
    server, article_id = seeded
    page = new_page()
    log_in(page, server, "ed")
    page.goto(article_url(server, article_id))
    name_mark = page.locator("mark.flag-mark.sev-error", has_text="Mbeki edmond")
    expect(name_mark).to_have_count(1)
    expect(page.locator("mark.flag-mark.sev-error", has_text="top of page")).to_have_count(1)
    expect(page.locator("#readiness .blockers li")).not_to_have_count(0)

    name_mark.click()  # the text leads to its flag in the panel
    item = page.locator("li.flag", has_text="Mbeki edmond").first
    expect(item).to_be_focused()
    item.get_by_text("Dismiss…").click()
    item.get_by_label("Why can this stay?").fill("Checked with the desk: keep as the agency wrote it")
    item.get_by_role("button", name="Dismiss", exact=True).click()
    expect(page.locator(".flash")).to_have_text("Flag dismissed; the reason is kept with it.")
    dismissed = page.locator("li.flag.dismissed", has_text="Mbeki edmond")
    expect(dismissed).to_contain_text("Dismissed by Ed Editor: Checked with the desk")
    expect(page.locator("#readiness")).not_to_contain_text("Mbeki edmond")
    expect(page.locator(".timeline")).to_contain_text("flag dismissed")


def test_an_editor_adds_a_name_to_the_dictionary_from_its_flag(seeded, new_page):
    server, article_id = seeded
    page = new_page()
    log_in(page, server, "ed")
    page.goto(article_url(server, article_id))
    page.locator("#flags summary", has_text="Spelling").click()  # a group with nothing blocking starts closed
    add = page.get_by_role("button", name="Add “Tinzaouaten” to dictionary")
    add.click()
    expect(page.locator(".flash")).to_have_text("“Tinzaouaten” is in the newsroom dictionary now.")
    expect(page.get_by_role("button", name="Add “Tinzaouaten” to dictionary")).to_have_count(0)


def test_live_checks_in_the_editor_fix_a_typo_with_a_suggestion(seeded, new_page):
    server, article_id = seeded
    page = new_page()
    log_in(page, server, "rita")
    page.goto(article_url(server, article_id, "/edit"))
    editor = body_editor(page)
    panel = page.locator("#live-flags")
    expect(panel.locator("li.flag", has_text="top of page").first).to_be_visible()

    # the browser's text map agrees with the server's body_text, character for character
    js_text = page.evaluate(
        "EditorialTextMap.build(RichEditor.get(document.querySelector('textarea[data-rich-editor]')).element).text"
    )
    assert js_text == server.body_text(article_id)

    # putting the caret on flagged text points at its flag in the list
    page.locator(".rich-editor__area p", has_text="top of page").first.click()
    expect(panel.locator("li.flag.current", has_text="top of page")).to_have_count(1)

    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" The the army denied it.")
    repeated = panel.locator("li.flag", has_text="Repeated word")
    expect(repeated).to_have_count(1, timeout=8000)
    repeated.get_by_role("button", name="Use “The” instead of “The the”").click()
    expect(panel.locator("li.flag", has_text="Repeated word")).to_have_count(0, timeout=8000)
    expect(editor).to_contain_text("bottom of page The army denied it.")


def test_flag_highlights_stay_on_their_words_after_astral_characters(live_server, new_page):
    """Offsets are code points; the DOM counts UTF-16: an emoji before a flag must not shift its mark."""
    live_server.make_user("ed", "editor", name="Ed Editor")
    article_id = live_server.make_article(
        "ed", body_html="<p>Fans cheered 🎉🎉 in 𝔐ali.</p><p>The army said the the convoy was attacked.</p>")
    page = new_page()
    log_in(page, live_server, "ed")
    page.goto(article_url(live_server, article_id))
    expect(page.locator("mark.flag-mark.sev-error")).to_have_text(["the the"])


def test_editor_side_list_is_grouped_and_adds_a_name_to_the_dictionary(seeded, new_page):
    server, article_id = seeded
    page = new_page()
    log_in(page, server, "ed")
    page.goto(article_url(server, article_id, "/edit"))
    body_editor(page)
    panel = page.locator("#live-flags")
    spelling = panel.locator("li.live-group", has=page.get_by_role("heading", name="Spelling"))
    expect(spelling.locator("li.flag", has_text="Tinzaouaten")).to_have_count(1)
    count = int(spelling.locator("h3 .count").text_content())
    assert count == spelling.locator("li.flag").count()
    spelling.get_by_role("button", name="Add to dictionary: “Tinzaouaten”").click()
    expect(panel.locator(".live-status")).to_contain_text("errors")  # re-checked after the word was added
    names = panel.locator("li.flag", has_text="Verify the spelling of the name “Tinzaouaten”")
    expect(names).to_have_count(0)
