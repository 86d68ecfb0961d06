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

    # Her heartbeat would tell her within 30 s; a second tab shows it now. (A reload would not do: the old
    # page's unlock beacon may land after the new page's heartbeat and free the lock, racing the take-over.)
    rita_again = rita.context.new_page()
    rita_again.goto(article_url(live_server, article_id, "/edit"))
    expect(rita_again.locator("#joined-banner")).to_be_visible()
    expect(rita_again.locator("#joined-banner")).to_contain_text("Ed Editor opened this article in the editor too")

    ed.get_by_role("button", name="Take over").click()
    expect(ed.locator(".flash")).to_have_text("You took over editing from Rita Reporter; they are told so.")
    expect(ed.locator("#lock-banner")).to_be_hidden()
    expect(ed.locator("#joined-banner")).to_contain_text("Rita Reporter opened this article in the editor too")

    rita.reload()
    expect(rita.locator("#lock-banner")).to_contain_text("Ed Editor is editing this article too")
