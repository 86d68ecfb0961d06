"""The live checks' count reads as English: "1 error", not "1 errors"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_journey import article_url, body_editor, log_in

pytestmark = pytest.mark.browser


def test_the_live_count_says_one_error(live_server, page):
    live_server.make_user("rita", "reporter", name="Rita Reporter")
    article_id = live_server.make_article("rita", headline="Bridge", body_html="<p>The council voted to to close it</p>")
    log_in(page, live_server, "rita")
    page.goto(article_url(live_server, article_id, "/edit"))
    editor = body_editor(page)
    editor.click()
    page.keyboard.press("End")
    page.keyboard.type(" today")
    status = page.locator("#live-flags .live-status")
    expect(status).to_have_text(re.compile(r"^1 error, (1 warning|\d+ warnings), (1 note|\d+ notes) in the unsaved text$"))
