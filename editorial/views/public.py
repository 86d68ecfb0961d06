"""The public site (no login): home, section pages, article pages with ClaimReview JSON-LD for their
verdicts, an Atom feed and the sitemap. Everything shown is a live article's published revision.

Routes carry their own "/news" prefix so that /sitemap.xml, which crawlers look for at the root, belongs
to this blueprint too (and is cacheable like every public page, see security.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from markupsafe import Markup

from editorial import syndication
from editorial.claimreview import claim_review, script_json, slug
from editorial.input_guard import page_cursor, page_number
from editorial.models import Article
from editorial.services import public

bp = Blueprint("public", __name__)

ATOM_TYPE = "application/atom+xml"


@bp.app_template_global()
def newsroom_name() -> str:
    return current_app.config.get("NEWSROOM_NAME", "Editorial")


@bp.app_template_global("public_absolute_url")
def absolute_url(endpoint: str, **values) -> str:
    """An absolute URL of the public site, on PUBLIC_BASE_URL: the Host header of a request never becomes part of
    a page, a feed or the sitemap (a cache in front would serve the forged host to everyone). Without the
    setting, development uses the request's host and production a relative URL."""
    path = url_for(endpoint, **values)
    base = _base_url()
    return base + path if base else path


def _base_url() -> str:
    base = current_app.config.get("PUBLIC_BASE_URL", "")
    if base or current_app.config.get("PRODUCTION"):
        return base.rstrip("/")
    return request.host_url.rstrip("/")  # development only


def _tag(specific: str) -> str:
    """A permanent Atom id (RFC 4151 tag: URI) that does not change when the site moves: from
    FEED_ID_AUTHORITY, else the host of PUBLIC_BASE_URL (with 2026)."""
    authority = current_app.config.get("FEED_ID_AUTHORITY", "")
    if not authority:
        host = urlsplit(_base_url()).hostname or "editorial.invalid"
        authority = f"{host},2026"
    return f"tag:{authority}:{specific}"


def _per_page() -> int:
    return current_app.config.get("PUBLIC_PER_PAGE", public.PER_PAGE)


@bp.get("/news/")
def home():
    listing = public.latest(page_number(), _per_page(), after=page_cursor())
    if not listing.items and listing.deep:
        abort(404)
    return render_template("public/home.html", listing=listing, newsroom=newsroom_name())


def _section_names(section_slug: str) -> list[str]:
    """The section names that share this slug (404 when none); the page or feed is a 404 too when none of their
    pieces is live (its teasers say so, without a read of every live article first)."""
    names = [name for name in public.section_names() if slug(name) == section_slug]
    if not names:
        abort(404)
    return names


@bp.get("/news/section/<string:section_slug>")
def section(section_slug: str):
    names = _section_names(section_slug)
    listing = public.latest(page_number(), _per_page(), sections=names, after=page_cursor())
    if not listing.items:
        abort(404)
    return render_template(
        "public/section.html", listing=listing, section_name=listing.items[0].revision.section,
        section_slug=section_slug,
        newsroom=newsroom_name(),
    )


@bp.get("/news/feed.atom")
def feed():
    return _feed(_tag("feed"), absolute_url("public.feed"), absolute_url("public.home"), newsroom_name(),
                 public.feed())


@bp.get("/news/section/<string:section_slug>/feed.atom")
def section_feed(section_slug: str):
    names = _section_names(section_slug)
    teasers = public.feed(sections=names)
    if not teasers:
        abort(404)
    return _feed(_tag(f"feed/section/{section_slug}"), absolute_url("public.section_feed", section_slug=section_slug),
                 absolute_url("public.section", section_slug=section_slug),
                 f"{teasers[0].revision.section} · {newsroom_name()}", teasers)


@bp.get("/robots.txt")
def robots():
    """Crawlers may read the public site and its sitemap; the newsroom's own pages are not for them."""
    lines = ["User-agent: *", "Allow: /news/", "Allow: /sitemap.xml", "Allow: /sitemap-", "Allow: /fact-checks.json",
             "Disallow: /",
             f"Sitemap: {absolute_url('public.sitemap')}", ""]
    return Response("\n".join(lines), mimetype="text/plain")


def _feed(feed_id: str, self_url: str, site_url: str, title: str, teasers) -> Response:
    entries = [
        syndication.FeedEntry(
            id=_tag(f"article/{t.article_id}"),
            title=t.revision.headline,
            link=_article_url(t.article_id, t.revision.headline),
            published=t.published_at,
            updated=t.last_modified,
            authors=[a.display_name for a in t.authors],
            summary=t.revision.standfirst,
            category=t.revision.section,
        )
        for t in teasers
    ]
    body = syndication.atom_feed(
        feed_id=feed_id,
        title=title,
        subtitle=f"The latest from {title}",
        self_url=self_url,
        site_url=site_url,
        entries=entries,
        updated=datetime.now(UTC),
    )
    return Response(body, mimetype=ATOM_TYPE)


def _sitemap_page_size() -> int:
    """Article ids per sitemap page: the setting, at most the sitemaps.org cap of 50,000 URLs to a file."""
    return max(1, min(current_app.config.get("SITEMAP_PAGE_SIZE", public.SITEMAP_PAGE_SIZE), public.SITEMAP_CAP))


@bp.get("/sitemap.xml")
def sitemap():
    """A sitemap index (sitemaps.org): the home and section pages, then the article pages that hold a live
    article, SITEMAP_PAGE_SIZE article ids to a page."""
    pages = public.sitemap_pages(_sitemap_page_size())
    locs = [absolute_url("public.sitemap_site")]
    locs += [absolute_url("public.sitemap_page", number=n) for n in pages]
    return _xml(syndication.sitemap_index(locs))


@bp.get("/sitemap-site.xml")
def sitemap_site():
    sections, newest = public.site_sections()
    urls = [syndication.SitemapUrl(absolute_url("public.home"), newest)]
    urls += [
        syndication.SitemapUrl(absolute_url("public.section", section_slug=slug(s.name)), s.last_modified)
        for s in sections
    ]
    return _xml(syndication.sitemap(urls), newest)


@bp.get("/sitemap-<int:number>.xml")
def sitemap_page(number: int):
    """One page of article URLs; a page without a live article (never listed by the index) is a 404."""
    articles = public.sitemap_entries(number, _sitemap_page_size())
    if not articles:
        abort(404)
    article_url = _article_url_maker()
    urls = [syndication.SitemapUrl(article_url(a.article_id, a.headline), a.last_modified) for a in articles]
    return _xml(syndication.sitemap(urls), max(a.last_modified for a in articles))


def _xml(body: bytes, last_modified: datetime | None = None) -> Response:
    """A sitemap document with validators, so a crawler (or a cache in front) can ask "changed since?" and be
    told 304 (Cache-Control comes from security.py, like every public page)."""
    response = Response(body, mimetype="application/xml")
    if last_modified is not None:
        response.last_modified = last_modified
    response.add_etag()
    return response.make_conditional(request)


def _article_url(article_id: int, headline: str) -> str:
    return absolute_url("public.article", article_id=article_id, given_slug=slug(headline))


_ID_MARK, _SLUG_MARK = 2_000_000_001, "slug-mark"


def _article_url_maker():
    """_article_url for 50,000 articles at a time: the route is built once and filled in (ids are digits and slugs
    are [a-z0-9-], which the route never escapes), since building each URL was most of a sitemap page's time."""
    head, _, tail = _article_url(_ID_MARK, _SLUG_MARK).partition(f"{_ID_MARK}-{_SLUG_MARK}")
    return lambda article_id, headline: f"{head}{article_id}-{slug(headline)}{tail}"


@bp.app_template_global()
def public_article_url(article_id: int, headline: str) -> str:
    """A teaser's link: the canonical (slugged) page, relative."""
    return url_for("public.article", article_id=article_id, given_slug=slug(headline))


@bp.app_template_global()
def public_section_url(name: str) -> str:
    return url_for("public.section", section_slug=slug(name))


@bp.get("/news/<int:article_id>")
@bp.get("/news/<int:article_id>-<string:given_slug>")
def article(article_id: int, given_slug: str | None = None):
    notice = public.retraction(article_id)
    if notice is not None:  # it was public: say it was withdrawn (410 Gone) rather than that it never existed
        return render_template("public/retracted.html", notice=notice, newsroom=newsroom_name()), 410
    page = public.published(article_id)
    canonical_slug = slug(page.revision.headline)
    if given_slug is not None and given_slug != canonical_slug:
        return redirect(url_for("public.article", article_id=article_id, given_slug=canonical_slug), 301)
    url = _article_url(article_id, page.revision.headline)
    newsroom = newsroom_name()
    reviews = [review for _, review in _claim_reviews(page, url)]
    return render_template(
        "public/article.html",
        page=page,
        canonical_url=url,
        newsroom=newsroom,
        json_ld=[Markup(script_json(review)) for review in reviews],  # escaped for <script> by script_json
    )


def _claim_reviews(page: public.PublicArticle, url: str) -> list[tuple[public.PublicClaim, dict]]:
    """The ClaimReview of each reviewed claim of a public page: one place for the page's JSON-LD and the feed."""
    return [
        (c, claim_review(
            claim_id=c.claim.id,
            claim_reviewed=c.claim.summary or c.claim.exact,
            rating=c.rating,
            article_url=url,
            headline=page.revision.headline,
            newsroom=newsroom_name(),
            site_url=_base_url() + "/",
            date_published=page.published_at,
            date_modified=c.updated_at,
        ))
        for c in page.claims
    ]


JSON_FEED_TYPE = "application/feed+json"


@bp.get("/fact-checks.json")
def fact_checks():
    """JSON Feed 1.1 (jsonfeed.org/version/1.1): one item per reviewed claim of a live piece, its schema.org
    ClaimReview in the `_claimreview` extension object, for fact-check aggregators."""
    items = []
    for page in public.fact_checked():
        url = _article_url(page.article.id, page.revision.headline)
        for c, review in _claim_reviews(page, url):
            item = {
                "id": review["url"],
                "url": review["url"],
                "title": f"{c.rating.label}: {c.claim.summary or c.claim.exact}",
                "content_text": c.claim.summary or c.claim.exact,
                "date_published": page.published_at.isoformat(),
                "tags": [c.rating.label],
                "_claimreview": review,
            }
            if c.updated_at is not None:
                item["date_modified"] = c.updated_at.isoformat()
            if c.sources:
                item["_claimreview_sources"] = [{"url": link.source.url, "title": link.source.title}
                                                for link in c.sources]
            items.append(item)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{newsroom_name()} fact checks",
        "home_page_url": absolute_url("public.home"),
        "feed_url": absolute_url("public.fact_checks"),
        "description": "Every claim our fact-checkers gave a verdict in a published article, as schema.org "
                       "ClaimReview (the _claimreview object of each item).",
        "language": "en",
        "items": items,
    }
    return Response(json.dumps(feed, ensure_ascii=False), mimetype=JSON_FEED_TYPE)


@bp.app_template_global()
def public_url(article: Article) -> str | None:
    """The public page of an article whose published revision is live, for links from the app."""
    if not public.is_live(article):
        return None
    return url_for("public.article", article_id=article.id)
