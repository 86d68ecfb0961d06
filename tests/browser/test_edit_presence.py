"""The edit warning both ways, in two browsers: the first sees who joined; the second takes over."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_journey import article_url, body_editor, log_in

pytestmark = pytest.mark.browser


def test_both_see_each_other_and_one_takes_over(live_server, new_page):
    live_server.make_user("rita", "reporter", name="Rita Reporter")
    live_server.make_user("ed", "editor", name="Ed Editor")
    article_id = live_server.make_article("rita", headline="Bridge", body_html="<p>The council voted.</p>")
    rita, ed = new_page(), new_page()
    log_in(rita, live_server, "rita")
    log_in(ed, live_server, "ed")
    rita.goto(article_url(live_server, article_id, "/edit"))
    body_editor(rita)
    expect(rita.locator("#lock-banner")).to_be_hidden()

    ed.goto(article_url(live_server, article_id, "/edit"))
    expect(ed.locator("#lock-banner")).to_contain_text("Rita Reporter is editing this article too")

    # Her heartbeat would tell her within 30 s; a second tab shows it now. (A reload would do too since each
    # page has its own lock token: the old page's late unlock beacon no longer frees the new page's lock.)
    rita_again = rita.context.new_page()
    rita_again.goto(article_url(live_server, article_id, "/edit"))
    expect(rita_again.locator("#joined-banner")).to_be_visible()
    expect(rita_again.locator("#joined-banner")).to_contain_text("Ed Editor opened this article in the editor too")

    ed.get_by_role("button", name="Take over", exact=True).click()
    expect(ed.locator(".flash")).to_have_text("You took over editing from Rita Reporter; they are told so.")
    expect(ed.locator("#lock-banner")).to_be_hidden()
    expect(ed.locator("#joined-banner")).to_contain_text("Rita Reporter opened this article in the editor too")

    rita.reload()
    expect(rita.locator("#lock-banner")).to_contain_text("Ed Editor is editing this article too")


def _two_in_the_editor(live_server, new_page):
    """Rita holds her draft's lock; Ed opened it behind her. Heartbeats every second, so each side's banners
    change within the test's patience, without a reload."""
    live_server.app.config["EDIT_LOCK_HEARTBEAT_SECONDS"] = 1
    live_server.make_user("rita", "reporter", name="Rita Reporter")
    live_server.make_user("ed", "editor", name="Ed Editor")
    article_id = live_server.make_article("rita", headline="Bridge", body_html="<p>The council voted.</p>")
    rita, ed = new_page(), new_page()
    log_in(rita, live_server, "rita")
    log_in(ed, live_server, "ed")
    rita.goto(article_url(live_server, article_id, "/edit"))
    body_editor(rita)
    ed.goto(article_url(live_server, article_id, "/edit"))
    body_editor(ed)
    expect(ed.locator("#lock-banner")).to_contain_text("Rita Reporter is editing this article too")
    return article_id, rita, ed


def test_ask_then_save_and_hand_over_both_sides_told_without_reload(live_server, new_page):
    article_id, rita, ed = _two_in_the_editor(live_server, new_page)
    ed_editor_url = ed.url

    ed.get_by_role("button", name="Ask to take over").click()
    expect(ed.locator("#asked-message")).to_have_text("You asked Rita Reporter to hand over; their answer shows here.")
    assert ed.url == ed_editor_url  # asked in place: nothing he typed would be lost

    request = rita.locator("#request-banner")
    expect(request).to_contain_text("Ed Editor asks to take over.")
    expect(rita.locator("#request-unsaved")).to_be_hidden()
    rita.get_by_label("Headline").fill("Bridge vote passes")
    expect(rita.locator("#request-unsaved")).to_be_visible()  # she is told "Hand over" alone would not save it
    request.get_by_role("button", name="Save and hand over").click()
    expect(rita.locator(".flash")).to_have_text("Saved, and handed over to Ed Editor; they are told so.")
    assert rita.url == article_url(live_server, article_id)
    assert live_server.article(article_id)["headline"] == "Bridge vote passes"

    expect(ed.locator("#asked-banner")).to_contain_text("Rita Reporter handed over: you now hold the lock.")
    expect(ed.locator("#lock-banner")).to_be_hidden()
    expect(ed.get_by_role("link", name="Reload to edit their latest save")).to_be_visible()  # she saved first
    assert ed.url == ed_editor_url


def test_ask_then_keep_editing_both_sides_told_without_reload(live_server, new_page):
    article_id, rita, ed = _two_in_the_editor(live_server, new_page)
    rita.get_by_label("Headline").fill("Typed, not saved")

    ed.get_by_role("button", name="Ask to take over").click()
    request = rita.locator("#request-banner")
    expect(request).to_contain_text("Ed Editor asks to take over.")
    request.get_by_role("button", name="Keep editing").click()
    expect(request).to_be_hidden()
    expect(rita.get_by_label("Headline")).to_have_value("Typed, not saved")  # she stayed on her page

    expect(ed.locator("#asked-message")).to_have_text("Rita Reporter wants to keep editing. Ask again later, or take over.")
    expect(ed.locator("#lock-banner")).to_contain_text("Rita Reporter is editing this article too")
