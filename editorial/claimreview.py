"""schema.org ClaimReview for the public page, and JSON that is safe inside an HTML <script> element.

Pure: plain values in, plain data out; no Flask, no database.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime

from editorial.claims import BEST_RATING, WORST_RATING, Rating


def claim_review(
    *,
    claim_id: int,
    claim_reviewed: str,
    rating: Rating,
    article_url: str,
    headline: str,
    newsroom: str,
    site_url: str,
    date_published: datetime,
    date_modified: datetime | None = None,
) -> dict:
    """One ClaimReview: the claim as it appears in the article, our verdict, who gave it and where.

    The claim's words appear in our own article, so the article is the claim's appearance; we do not
    record who first made a claim, so `itemReviewed` names no author beyond that appearance."""
    newsroom_org = {"@type": "Organization", "name": newsroom, "url": site_url}
    appearance = {"@type": "NewsArticle", "url": article_url, "headline": headline, "publisher": newsroom_org}
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{article_url}#claim-{claim_id}",
        "claimReviewed": claim_reviewed,
        "datePublished": date_published.date().isoformat(),
        "author": newsroom_org,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating.value,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": rating.label,
        },
        "itemReviewed": {
            "@type": "Claim",
            "datePublished": date_published.date().isoformat(),
            "appearance": appearance,
            "firstAppearance": appearance,
        },
    }
    if date_modified is not None:  # the verdict changed after publication
        review["dateModified"] = date_modified.date().isoformat()
    return review


_UNSAFE_IN_SCRIPT = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data) -> str:
    """JSON for the inside of <script type="application/ld+json">: no "</script>", "<!--" or "&" survives
    as such (each is written as a \\u escape, which JSON parsers read back as the same character)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _UNSAFE_IN_SCRIPT[m.group()], text)


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(headline: str, limit: int = 80) -> str:
    """A readable URL part: "Mali cuts ties — with Ukraine!" → "mali-cuts-ties-with-ukraine"."""
    ascii_text = headline if headline.isascii() else (
        unicodedata.normalize("NFKD", headline).encode("ascii", "ignore").decode())  # ASCII is its own NFKD form
    words = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    return words[:limit].rstrip("-") or "article"
