"""The public page of a published article in a real Chromium: ClaimReview JSON-LD read from the DOM parses
and says what was checked; the page loads with no console error and no Content-Security-Policy violation."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

BODY = "<p>Wagner fighters were ambushed near the border.</p><p>The convoy was attacked at dawn.</p>"


def _published_with_a_verified_claim(live_server) -> tuple[int, int]:
    for name, role in (("rita", "reporter"), ("ed", "editor"), ("fay", "fact_checker")):
        live_server.make_user(name, role)
    article_id = live_server.make_article("rita", headline="Ambush <at> the border", body_html=BODY)
    live_server.transition("rita", article_id, "in_review")

    def verify() -> int:
        from editorial.services import claims, people

        fay = people.by_username("fay")
        claim = claims.create(fay, article_id, exact="Wagner fighters were ambushed", summary="Wagner fighters were ambushed")
        claims.attach_source(fay, claim.id, url="https://example.org/statement", title="Army statement",
                             publisher="Ministry of Defence")
        claims.update(fay, claim.id, status="verified", comment="Two sources agree")
        other = claims.create(fay, article_id, exact="attacked at dawn")
        claims.update(fay, other.id, status="not_checkable", comment="Timing only")
        return claim.id

    claim_id = live_server.run(verify)
    live_server.transition("ed", article_id, "approved")
    live_server.transition("ed", article_id, "published")
    live_server.save("ed", article_id, show_sources=True)
    return article_id, claim_id


def test_public_page_carries_claim_review_json_ld_without_csp_violations(live_server, new_page):
    article_id, claim_id = _published_with_a_verified_claim(live_server)
    page = new_page(width=390, height=844)  # a phone, and no log-in
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page.goto(f"{live_server.url}/news/{article_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ambush <at> the border")
    expect(page.locator(f"#claim-{claim_id} a")).to_have_attribute("rel", "nofollow noopener")

    blocks = page.locator('script[type="application/ld+json"]')
    expect(blocks).to_have_count(1)  # the not-checkable claim has no verdict
    review = json.loads(blocks.first.text_content())
    url = f"{live_server.url}/news/{article_id}-ambush-at-the-border"
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "Wagner fighters were ambushed"
    assert review["url"] == f"{url}#claim-{claim_id}"
    assert review["reviewRating"] == {
        "@type": "Rating", "ratingValue": 5, "bestRating": 5, "worstRating": 1, "alternateName": "True",
    }
    assert review["itemReviewed"]["@type"] == "Claim" and review["itemReviewed"]["appearance"]["url"] == url
    assert review["author"] == {"@type": "Organization", "name": "Editorial", "url": live_server.url + "/"}
    assert len(review["datePublished"]) == 10

    assert page.evaluate("window.__csp") == []
    assert page.console_errors == []  # checked again by the fixture at the end, with any late arrivals
