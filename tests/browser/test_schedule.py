"""The readiness checklist, scheduling and publishing over open items with a reason, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_journey import article_url, log_in, state_of, timeline

pytestmark = pytest.mark.browser

FLAGGED = "<p>The council voted to to close the bridge.</p><p>Wagner lost between 20 and 80 fighters, officials said.</p>"


@pytest.fixture
def server(live_server):
    live_server.make_user("rita", "reporter", name="Rita Reporter")
    live_server.make_user("ed", "editor", name="Ed Editor")
    return live_server


def test_editor_sees_readiness_schedules_and_publishes_with_an_override(server, new_page):
    article_id = server.make_article("rita", headline="Council closes the bridge", body_html=FLAGGED)
    server.transition("rita", article_id, "in_review")
    server.transition("ed", article_id, "approved")

    page = new_page()
    log_in(page, server, "ed")
    page.goto(article_url(server, article_id))
    readiness = page.locator("#readiness")
    expect(readiness.locator("#ready-fields")).to_have_class(re.compile(r"\bok\b"))
    expect(readiness.locator("#ready-approved")).to_have_class(re.compile(r"\bok\b"))
    expect(readiness.locator("#ready-current")).to_have_class(re.compile(r"\bok\b"))
    expect(readiness.locator("#ready-flags")).to_have_class(re.compile(r"\bblocking\b"))
    expect(readiness.locator("#ready-claims")).to_have_class(re.compile(r"\bblocking\b"))
    flag_link = readiness.locator("#ready-flags .blockers a").first
    expect(flag_link).to_contain_text("to to")
    href = flag_link.get_attribute("href")
    assert href and href.startswith("#flag-")
    expect(page.locator(f'[id="{href[1:]}"]')).to_have_count(1)  # the link leads to the flag in the panel
    flag_link.click()
    assert page.url.endswith(href)
    expect(readiness.locator("#ready-claims .blockers a")).to_contain_text("Statement to check")

    # a publish time, in UTC, shown once set
    page.get_by_label("Publish at (UTC)").fill("2099-01-01T10:00")
    page.get_by_role("button", name="Schedule", exact=True).click()
    expect(page.locator(".flash")).to_have_text("Scheduled to publish at 2099-01-01 10:00 UTC.")
    expect(page.locator("#schedule-status")).to_contain_text("2099-01-01 10:00 UTC by Ed Editor")

    # publishing without a reason is refused and says an override is possible
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".flash")).to_contain_text("cannot be published yet")
    expect(page.get_by_label("Override reason")).to_be_visible()
    expect(state_of(page)).to_have_text("approved")

    page.get_by_label("Override reason").fill("Council confirmed the vote by phone")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".flash")).to_have_text("The article is now published.")
    expect(state_of(page)).to_have_text("published")
    expect(page.locator("#schedule-status")).to_have_count(0)  # publishing by hand ends the schedule
    override = [line for line in timeline(page) if "published over" in line]
    assert len(override) == 1, timeline(page)
    assert "published over 2 open items" in override[0]
    assert "Council confirmed the vote by phone" in override[0]
    assert "to to" in override[0]
