"""The article page as a workspace, on the demo newsroom's seed article (flags, a claim, comments): on a wide
screen the cards are tabs in a margin beside the text that stays in view, cards and their words lead to each
other; on a phone the tabs are a bar at the bottom of the window that opens the cards in a sheet; without
JavaScript every section is simply shown. `make screenshots` also saves the README's pictures in docs/."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_claims import select_with_mouse
from tests.browser.test_journey import SHOTS, assert_no_horizontal_scroll

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[2] / "docs"
PANELS = ("flags", "claims", "comments", "activity")
SELECTED, CURRENT = re.compile(r"\bselected\b"), re.compile(r"\bcurrent\b")


@pytest.fixture
def demo(live_server):
    from editorial.commands.demo import populate

    live_server.run(populate)
    return live_server


def _log_in(page, url: str, username: str) -> None:
    page.goto(url + "/login")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password", exact=True).fill(f"demo-{username}-pass")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs you")


def _open_seed(page, demo, username: str = "ed") -> None:
    _log_in(page, demo.url, username)
    page.goto(demo.url + "/articles/1")
    expect(page.locator("mark.claim-mark")).not_to_have_count(0)  # the scripts have marked the text


def _to_the_text(page) -> None:
    """Scrolls so that the article's top is just under the publish bar, as when reading."""
    page.evaluate("""() => {
        const bar = document.getElementById('publish-bar').offsetHeight;
        window.scrollTo(0, document.querySelector('.article-view').getBoundingClientRect().top + scrollY - bar - 12);
    }""")


def _scroll_y(page) -> float:
    return page.evaluate("window.scrollY")


def test_wide_screen_margin_beside_the_text_with_tabs_and_linked_cards(demo, new_page):
    page = new_page(1280, 900)
    _open_seed(page, demo)
    text, margin = page.locator("#article-body"), page.locator("#workspace-cards")

    # side by side, and the margin stays beside the text while reading down the article
    for y in (None, 2500):
        if y is not None:
            page.evaluate(f"window.scrollTo(0, {y})")
        body_box, margin_box = text.bounding_box(), margin.bounding_box()
        assert margin_box["x"] >= body_box["x"] + body_box["width"], (body_box, margin_box)
        assert margin_box["width"] >= 320
        assert body_box["y"] < margin_box["y"] + margin_box["height"] and margin_box["y"] < body_box["y"] + body_box["height"]
    margin_box, bar_box = margin.bounding_box(), page.locator("#publish-bar").bounding_box()
    assert bar_box["y"] + bar_box["height"] <= margin_box["y"], "under the publish bar"
    assert margin_box["y"] + margin_box["height"] <= 900, "all of it in the window: it scrolls on its own"
    expect(page.locator("#publish-button")).to_be_in_viewport()  # the publish bar is still there, above

    # tabs with counts; the keyboard moves between them (WAI-ARIA tabs)
    tabs = page.get_by_role("tab")
    open_flags = page.locator("#flags li.flag:not(.dismissed)").count()  # the tab counts what its list holds
    assert open_flags > 20
    expect(tabs).to_have_text([f"Flags {open_flags} open, some block publishing", "Claims 1 open, some block publishing",
                               "Comments 3 open, some block publishing", "Activity"])
    flags_tab = page.get_by_role("tab", name="Flags")
    expect(flags_tab).to_have_attribute("aria-selected", "true")  # the first tab with something that blocks
    expect(page.locator("#flags")).to_be_visible()
    flags_tab.focus()
    page.keyboard.press("ArrowRight")
    claims_tab = page.get_by_role("tab", name="Claims")
    expect(claims_tab).to_be_focused()
    expect(claims_tab).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("tabpanel")).to_have_attribute("id", "claims")
    expect(page.locator("#flags")).to_be_hidden()
    page.keyboard.press("End")
    expect(page.get_by_role("tab", name="Activity")).to_be_focused()
    expect(page.locator("#activity")).to_be_visible()
    expect(page.locator("#activity")).to_contain_text("Timeline")
    page.keyboard.press("ArrowRight")  # wraps round
    expect(flags_tab).to_be_focused()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Home")
    expect(flags_tab).to_have_attribute("aria-selected", "true")

    # a card leads to its words: the text scrolls to them and marks them
    page.evaluate("window.scrollTo(0, 0)")
    page.get_by_role("tab", name="Comments").click()
    thread = page.locator("div.thread", has_text="These are the rebels' own figures")
    thread.locator(".comment-body").click()
    words = page.locator(f'mark.comment-mark[data-thread="{thread.get_attribute("data-thread")}"]')
    expect(words.first).to_be_in_viewport()
    expect(words.first).to_have_class(SELECTED)
    expect(thread).to_have_class(CURRENT)

    # and words lead to their card: its tab opens, the margin scrolls to it, the text does not move
    claim_words = page.locator("mark.claim-mark").first
    claim_words.scroll_into_view_if_needed()
    before = _scroll_y(page)
    claim_words.click()
    expect(claims_tab).to_have_attribute("aria-selected", "true")
    claim = page.locator("#claims li.claim").first
    expect(claim).to_be_focused()
    expect(claim).to_be_in_viewport()
    expect(claim_words).to_have_class(SELECTED)
    expect(claim).to_have_class(CURRENT)
    assert abs(_scroll_y(page) - before) < 2, "the text jumped"

    # a flag's words: the Flags tab, its card in view inside the margin
    flag_words = page.locator("mark.flag-mark", has_text="Tinzaouaten").first
    flag_words.scroll_into_view_if_needed()
    flag_words.click()
    expect(flags_tab).to_have_attribute("aria-selected", "true")
    flag = page.locator(f'#flags li.flag[data-key="{flag_words.get_attribute("data-key")}"]')
    expect(flag).to_be_focused()
    expect(flag).to_be_in_viewport()
    _wait_until_inside(page, flag, margin)  # the margin scrolls smoothly: it may still be moving

    # the checklist's links open the card in its tab too
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("#readiness a", has_text="Blocking comment").click()
    expect(page.get_by_role("tab", name="Comments")).to_have_attribute("aria-selected", "true")
    expect(page.locator("div.thread.blocking")).to_be_focused()


def test_words_selected_for_a_claim_open_the_claims_tab_and_the_text_stays(demo, new_page):
    page = new_page(1280, 900)
    _open_seed(page, demo, "fay")
    select_with_mouse(page, "Subsequently, the junta shifted alliances")
    page.evaluate("window.scrollBy(0, 150)")  # reading on, the selection still in view
    before = _scroll_y(page)
    page.get_by_role("button", name="Create claim from selection").click()
    expect(page.get_by_role("tab", name="Claims")).to_have_attribute("aria-selected", "true")
    summary = page.get_by_label("What is claimed (one line)")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(page.get_by_label("Words of the claim")).to_have_value("Subsequently, the junta shifted alliances")
    assert _scroll_y(page) == before, "the text jumped"


def test_phone_cards_open_from_a_bar_at_the_bottom(demo, new_page):
    page = new_page(390, 844)
    _open_seed(page, demo)
    bar = page.locator("#workspace-tabs")

    def at_the_bottom() -> None:
        box = bar.bounding_box()
        assert abs(box["y"] + box["height"] - 844) <= 1 and box["x"] == 0 and box["width"] == 390, box

    at_the_bottom()
    for y in (1500, 4000):  # reading down the article: the bar stays
        page.evaluate(f"window.scrollTo(0, {y})")
        assert _scroll_y(page) > 1000
        at_the_bottom()
    expect(page.locator("#comments")).to_be_hidden()
    assert_no_horizontal_scroll(page)

    comments_tab = page.get_by_role("tab", name="Comments")
    comments_tab.click()
    expect(comments_tab).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#comments")).to_be_visible()
    expect(page.locator("#comments div.thread").first).to_be_in_viewport()
    at_the_bottom()
    page.keyboard.press("Escape")
    expect(page.locator("#comments")).to_be_hidden()
    expect(comments_tab).to_be_focused()
    expect(comments_tab).to_have_attribute("aria-expanded", "false")

    page.get_by_role("tab", name="Claims").click()
    expect(page.locator("#claims li.claim")).to_be_visible()
    page.get_by_role("button", name="Close", exact=True).click()
    expect(page.locator("#claims")).to_be_hidden()
    expect(page.get_by_role("tab", name="Claims")).to_be_focused()

    # a highlighted word opens its card; "Show in text" goes back to the words
    page.locator("mark.comment-mark", has_text="84 Wagner mercenaries").first.click()
    thread = page.locator("div.thread", has_text="These are the rebels' own figures")
    expect(thread).to_be_focused()
    expect(thread).to_be_in_viewport()
    thread.get_by_role("button", name="Show in text").click()
    expect(page.locator("#comments")).to_be_hidden()
    expect(page.locator("mark.comment-mark", has_text="84 Wagner mercenaries").first).to_be_in_viewport()

    # the workflow's buttons are not in a sheet: they follow the text
    approve = page.get_by_role("button", name="Approve")
    approve.scroll_into_view_if_needed()
    expect(approve).to_be_in_viewport()


def test_without_javascript_every_section_is_shown(demo, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    try:
        page = context.new_page()
        _log_in(page, demo.url, "ed")
        page.goto(demo.url + "/articles/1")
        expect(page.locator("#workspace-tabs")).to_be_hidden()
        for panel in PANELS:
            expect(page.locator(f"#{panel}")).to_be_visible()
        expect(page.get_by_role("tab")).to_have_count(0)
        page.evaluate("window.scrollTo(0, 3000)")  # one long column of cards, still beside the text (CSS only)
        cards, text = page.locator("#workspace-cards").bounding_box(), page.locator("#article-body").bounding_box()
        assert cards["x"] >= text["x"] + text["width"] and 0 <= cards["y"] < 200, (cards, text)
        assert text["y"] < 0 < text["y"] + text["height"] - 900  # the text goes on below, the cards beside it
    finally:
        context.close()


def test_workspace_screenshots(demo, browser):
    """Pictures of the workspace for the README: in docs/ with EDITORIAL_DOCS_SCREENSHOTS=1 (make screenshots),
    else in /tmp/shots. The phone's is two screens side by side: reading with the bar, and a sheet open."""
    out = DOCS if os.environ.get("EDITORIAL_DOCS_SCREENSHOTS") == "1" else SHOTS
    out.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 960}, reduced_motion="reduce")
    try:
        page = context.new_page()
        _open_seed(page, demo)
        _to_the_text(page)
        page.locator("mark.comment-mark", has_text="Mbeki edmond").first.click()
        page.mouse.move(0, 0)
        page.screenshot(path=str(out / "workspace-1280.png"))

        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(demo.url + "/articles/1")
        expect(page.locator("mark.claim-mark")).not_to_have_count(0)
        page.evaluate("window.scrollTo(0, document.querySelector('mark.claim-mark').getBoundingClientRect().top + scrollY - 300)")
        reading = page.screenshot()
        page.locator("mark.claim-mark").first.click()
        expect(page.locator("#claims li.claim").first).to_be_in_viewport()
        sheet = page.screenshot()
        page.set_viewport_size({"width": 2 * 390 + 48, "height": 844 + 24})
        page.goto("about:blank")  # away from the app's CSP, which refuses inline styles
        page.set_content(_side_by_side(reading, sheet))
        page.screenshot(path=str(out / "workspace-390.png"))
    finally:
        context.close()
    assert (out / "workspace-1280.png").stat().st_size < 400_000
    assert (out / "workspace-390.png").stat().st_size < 400_000


def _side_by_side(*pngs: bytes) -> str:
    import base64

    images = "".join(f'<img src="data:image/png;base64,{base64.b64encode(p).decode()}" alt="">' for p in pngs)
    return ("<!doctype html><style>body{margin:0;padding:12px;background:#5b5f66;display:flex;gap:24px}"
            f"img{{width:390px;height:844px;border-radius:10px}}</style>{images}")


def _wait_until_inside(page, card, margin, seconds: float = 5.0) -> None:
    """The card wholly inside the margin's box, within `seconds` (a smooth scroll takes a moment under load)."""
    deadline = time.monotonic() + seconds
    while True:
        margin_box, card_box = margin.bounding_box(), card.bounding_box()
        inside = margin_box["y"] <= card_box["y"] and card_box["y"] + card_box["height"] <= margin_box["y"] + margin_box["height"]
        if inside or time.monotonic() > deadline:
            break
        page.wait_for_timeout(100)
    assert inside, (margin_box, card_box)
