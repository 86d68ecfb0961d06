"""The publish box: Publish and what blocks it are in the first viewport and stay there while reading."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_journey import article_url, assert_no_horizontal_scroll, log_in, shot

pytestmark = pytest.mark.browser

LONG = "<p>The council voted to to close the bridge.</p>" + "".join(
    "<p>The council met again on the matter after a long debate in the chamber.</p>" for _ in range(40))


@pytest.fixture
def blocked(live_server):
    live_server.make_user("rita", "reporter", name="Rita Reporter")
    live_server.make_user("ed", "editor", name="Ed Editor")
    article_id = live_server.make_article("rita", headline="Council closes the bridge", body_html=LONG, section="")
    live_server.transition("rita", article_id, "in_review")
    live_server.transition("ed", article_id, "approved")
    return live_server, article_id


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] and box["x"] + box["width"] <= size["width"]


def test_publish_and_its_blockers_are_in_the_first_viewport_and_stay(blocked, new_page):
    server, article_id = blocked
    page = new_page(1280, 800)
    log_in(page, server, "ed")
    page.goto(article_url(server, article_id))
    assert page.evaluate("window.scrollY") == 0
    publish = page.locator("#publish-button")
    expect(publish).to_be_disabled()
    assert _in_viewport(page, publish)
    reasons = page.locator("#readiness .blockers a")
    expect(reasons.first).to_be_visible()
    assert reasons.count() >= 2
    for i in range(reasons.count()):
        assert _in_viewport(page, reasons.nth(i)), reasons.nth(i).inner_text()
    expect(page.locator("#readiness")).to_contain_text("No section is chosen.")
    shot(page, "publish-box-1280", full_page=False)

    page.locator("#article-body p").last.scroll_into_view_if_needed()  # reading further down: the box stays
    assert page.evaluate("window.scrollY") > 1000
    assert _in_viewport(page, publish)
    expect(page.locator("#publish-bar")).to_contain_text("Blocked by 3 items")
    assert page.locator("#publish-bar").bounding_box()["height"] < 800 / 8  # a bar, not a wall over the text
    shot(page, "publish-box-1280-scrolled", full_page=False)


def test_on_a_phone_the_box_is_a_compact_bar(blocked, new_page):
    server, article_id = blocked
    page = new_page(390, 844)
    log_in(page, server, "ed")
    page.goto(article_url(server, article_id))
    expect(page.locator("#readiness-details")).not_to_have_attribute("open", "")
    bar = page.locator("#publish-bar").bounding_box()
    assert bar["height"] < 844 / 8, bar  # one compact bar, not a wall over the text
    assert _in_viewport(page, page.locator("#publish-button"))
    assert_no_horizontal_scroll(page)
    shot(page, "publish-box-390", full_page=False)
    page.locator("#article-body p").last.scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 1000 and _in_viewport(page, page.locator("#publish-button"))
    shot(page, "publish-box-390-scrolled", full_page=False)
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("#readiness-summary").click()  # the reasons are one tap away
    expect(page.locator("#readiness .blockers a").first).to_be_visible()
    shot(page, "publish-box-390-open", full_page=False)


def test_over_open_flags_publish_asks_for_the_reason_in_the_bar(live_server, new_page):
    live_server.make_user("rita", "reporter", name="Rita Reporter")
    live_server.make_user("ed", "editor", name="Ed Editor")
    article_id = live_server.make_article("rita", headline="Council closes the bridge", body_html=LONG)
    live_server.transition("rita", article_id, "in_review")
    live_server.transition("ed", article_id, "approved")
    page = new_page(1280, 800)
    log_in(page, live_server, "ed")
    page.goto(article_url(live_server, article_id))
    publish = page.get_by_role("button", name="Publish over 2 open items…", exact=True)
    reason = page.locator("#publish-bar").get_by_label("Override reason")
    assert _in_viewport(page, publish) and _in_viewport(page, reason)
    shot(page, "publish-box-1280-override", full_page=False)
    reason.fill("Teaser repeats are the layout's; the council confirmed by phone")
    publish.click()
    expect(page.locator(".flash")).to_have_text("The article is now published.")
    expect(page.locator("#publish-button")).to_have_count(0)  # nothing left to publish
