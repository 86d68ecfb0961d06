"""The public site on a phone in a real Chromium: from the home page to an article, whose OpenGraph tags
describe its published revision; no console error and no Content-Security-Policy violation."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

BODY = "<p>Wagner fighters were ambushed near the border.</p><p>The convoy was attacked at dawn.</p>"
SCREENSHOTS = os.environ.get("EDITORIAL_SCREENSHOTS")  # a folder: keep phone screenshots to look at


def _publish(live_server, headline: str, standfirst: str, section: str) -> int:
    article_id = live_server.make_article("rita", headline=headline, standfirst=standfirst, body_html=BODY,
                                          section=section)
    live_server.transition("rita", article_id, "in_review")
    live_server.transition("ed", article_id, "approved")
    live_server.transition("ed", article_id, "published")
    return article_id


def _shot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def test_reader_goes_from_home_to_an_article_with_open_graph_tags(live_server, new_page):
    live_server.make_user("rita", "reporter", name="Rita Reporter")
    live_server.make_user("ed", "editor")
    _publish(live_server, "Older piece about the harvest", "Rain came late this year.", "Business")
    article_id = _publish(live_server, "Mali cuts ties with <Ukraine> over Wagner ambush",
                          "Bamako says Kyiv backed the rebels who ambushed its troops & Wagner fighters.", "Africa")
    live_server.save("ed", article_id, headline="Unreviewed new headline")  # back in review: not shown

    page = new_page(width=390, height=844)  # a phone, and no log-in
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page.goto(f"{live_server.url}/news/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Latest news")
    headlines = page.locator(".teaser h2")
    expect(headlines).to_have_text(["Mali cuts ties with <Ukraine> over Wagner ambush", "Older piece about the harvest"])
    expect(page.get_by_text("Unreviewed new headline")).to_have_count(0)
    feed = page.locator('link[rel="alternate"][type="application/atom+xml"]')
    expect(feed).to_have_attribute("href", f"{live_server.url}/news/feed.atom")
    no_sideways_scroll = "document.documentElement.scrollWidth <= window.innerWidth"
    assert page.evaluate(no_sideways_scroll)
    _shot(page, "home-390")

    page.get_by_role("link", name="Mali cuts ties with <Ukraine> over Wagner ambush").click()
    url = f"{live_server.url}/news/{article_id}-mali-cuts-ties-with-ukraine-over-wagner-ambush"
    expect(page).to_have_url(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mali cuts ties with <Ukraine> over Wagner ambush")

    def meta(selector: str):
        return page.locator(f"head meta[{selector}]")

    expect(meta('property="og:title"')).to_have_attribute("content", "Mali cuts ties with <Ukraine> over Wagner ambush")
    expect(meta('property="og:description"')).to_have_attribute(
        "content", "Bamako says Kyiv backed the rebels who ambushed its troops & Wagner fighters."
    )
    expect(meta('property="og:type"')).to_have_attribute("content", "article")
    expect(meta('property="og:url"')).to_have_attribute("content", url)
    published = meta('property="article:published_time"').get_attribute("content")
    assert published and published.startswith("20") and "T" in published
    expect(meta('name="twitter:card"')).to_have_attribute("content", "summary")
    assert page.evaluate(no_sideways_scroll)
    _shot(page, "article-390")

    page.get_by_role("link", name="Africa").click()
    expect(page).to_have_url(f"{live_server.url}/news/section/africa")
    expect(page.locator(".teaser h2")).to_have_text(["Mali cuts ties with <Ukraine> over Wagner ambush"])
    _shot(page, "section-390")

    assert page.evaluate("window.__csp") == []
    assert page.console_errors == []  # checked again by the fixture at the end, with any late arrivals
