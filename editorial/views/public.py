"""The public site (no login): a published article's page, with ClaimReview JSON-LD for its verdicts."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from markupsafe import Markup

from editorial.claimreview import claim_review, script_json, slug
from editorial.models import Article
from editorial.services import public

bp = Blueprint("public", __name__, url_prefix="/news")


@bp.get("/<int:article_id>")
@bp.get("/<int:article_id>-<string:given_slug>")
def article(article_id: int, given_slug: str | None = None):
    page = public.published(article_id)
    canonical_slug = slug(page.revision.headline)
    if given_slug is not None and given_slug != canonical_slug:
        return redirect(url_for("public.article", article_id=article_id, given_slug=canonical_slug), 301)
    url = url_for("public.article", article_id=article_id, given_slug=canonical_slug, _external=True)
    newsroom = current_app.config.get("NEWSROOM_NAME", "Editorial")
    reviews = [
        claim_review(
            claim_id=c.claim.id,
            claim_reviewed=c.claim.summary or c.claim.exact,
            status=c.status,
            article_url=url,
            headline=page.revision.headline,
            newsroom=newsroom,
            site_url=request.url_root,
            date_published=page.published_at,
        )
        for c in page.claims
    ]
    return render_template(
        "public/article.html",
        page=page,
        canonical_url=url,
        newsroom=newsroom,
        json_ld=[Markup(script_json(review)) for review in reviews],  # escaped for <script> by script_json
    )


@bp.app_template_global()
def public_url(article: Article) -> str | None:
    """The public page of an article whose published revision is live, for links from the app."""
    if not public.is_live(article):
        return None
    return url_for("public.article", article_id=article.id)
