"""The public site does not trust the Host header: absolute URLs come from PUBLIC_BASE_URL, Atom ids from
FEED_ID_AUTHORITY (they survive a move); public pages may be cached by a cache in front, staff pages and the
API never."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from editorial import config
from editorial.claims import ClaimStatus
from editorial.database import db
from editorial.models import Article
from editorial.services import claims, transitions
from tests import sitemaps
from tests.conftest import Api

BASE = "https://news.example.org"
EVIL = {"Host": "evil.example"}
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def app_config():
    return {"PUBLIC_BASE_URL": BASE, "FEED_ID_AUTHORITY": "news.example.org,2026"}


@pytest.fixture
def live(newsroom, make_article):
    """A published piece in Africa with a verified claim (so its page carries ClaimReview JSON-LD)."""
    rita, ed, fay = newsroom["rita"], newsroom["ed"], newsroom["fay"]
    article = make_article(rita, headline="Ambush at the border", standfirst="What happened.",
                           body_html="<p>Wagner fighters were ambushed near the border.</p>")
    transitions.transition(rita, article.id, "in_review")
    claim = claims.create(fay, article.id, exact="Wagner fighters were ambushed", summary="The ambush")
    claims.update(fay, claim.id, status=ClaimStatus.VERIFIED.value, comment="checked")
    transitions.transition(ed, article.id, "approved")
    transitions.transition(ed, article.id, "published")
    return db.session.get(Article, article.id)


def _public_paths(article) -> list[str]:
    return ["/news/", "/news/?page=1", "/news/section/africa", "/news/feed.atom", "/news/section/africa/feed.atom",
            "/sitemap.xml", "/sitemap-site.xml", "/sitemap-1.xml", "/robots.txt",
            f"/news/{article.id}-ambush-at-the-border"]


def test_a_forged_host_never_appears_on_a_public_page_feed_or_sitemap(client, live):
    for path in _public_paths(live):
        response = client.get(path, headers=EVIL)
        assert response.status_code == 200, path
        text = response.get_data(as_text=True)
        assert "evil.example" not in text, path
    page = client.get(f"/news/{live.id}-ambush-at-the-border", headers=EVIL).get_data(as_text=True)
    url = f"{BASE}/news/{live.id}-ambush-at-the-border"
    assert f'<link rel="canonical" href="{url}">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    (review,) = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]
    assert review["url"].startswith(f"{url}#claim-")
    assert review["author"]["url"] == f"{BASE}/"
    assert sitemaps.index_locs(client, EVIL) == [f"{BASE}/sitemap-site.xml", f"{BASE}/sitemap-1.xml"]
    assert set(sitemaps.every_url(client, EVIL)) == {f"{BASE}/news/", f"{BASE}/news/section/africa", url}
    assert f"Sitemap: {BASE}/sitemap.xml" in client.get("/robots.txt", headers=EVIL).get_data(as_text=True)


def test_atom_ids_are_tag_uris_that_survive_a_move(app, client, live):
    def feed():
        root = ET.fromstring(client.get("/news/feed.atom", headers=EVIL).data)
        (entry,) = root.findall(f"{ATOM}entry")
        return root.findtext(f"{ATOM}id"), entry.findtext(f"{ATOM}id"), entry.find(f"{ATOM}link").get("href")

    feed_id, entry_id, link = feed()
    assert (feed_id, entry_id) == ("tag:news.example.org,2026:feed", f"tag:news.example.org,2026:article/{live.id}")
    assert link == f"{BASE}/news/{live.id}-ambush-at-the-border"
    app.config["PUBLIC_BASE_URL"] = "https://moved.example.com"  # the site moves; the ids do not
    assert feed() == (feed_id, entry_id, f"https://moved.example.com/news/{live.id}-ambush-at-the-border")
    section = ET.fromstring(client.get("/news/section/africa/feed.atom").data)
    assert section.findtext(f"{ATOM}id") == "tag:news.example.org,2026:feed/section/africa"


def test_atom_id_authority_defaults_to_the_host_of_the_base_url(app, client, live):
    app.config["FEED_ID_AUTHORITY"] = ""
    root = ET.fromstring(client.get("/news/feed.atom", headers=EVIL).data)
    assert root.findtext(f"{ATOM}id") == "tag:news.example.org,2026:feed"


def test_production_without_a_base_url_writes_relative_urls_never_the_host(app, client, live):
    app.config.update(PRODUCTION=True, PUBLIC_BASE_URL="", FEED_ID_AUTHORITY="")
    for path in _public_paths(live):
        assert "evil.example" not in client.get(path, headers=EVIL).get_data(as_text=True), path
    assert sitemaps.index_locs(client, EVIL) == ["/sitemap-site.xml", "/sitemap-1.xml"]
    assert all(loc.startswith("/news/") for loc in sitemaps.every_url(client, EVIL))


def test_development_without_a_base_url_uses_the_request_host(app, client, live):
    app.config.update(PUBLIC_BASE_URL="")
    assert "http://localhost/sitemap-site.xml" in client.get("/sitemap.xml").get_data(as_text=True)
    assert "http://localhost/news/" in client.get("/sitemap-site.xml").get_data(as_text=True)


@pytest.mark.parametrize("value", ["news.example.org", "ftp://news.example.org", "https://news.example.org/site",
                                   "https://news.example.org/?x=1", "https://"])
def test_a_base_url_that_is_not_a_scheme_and_host_is_refused(monkeypatch, value):
    monkeypatch.setenv("PUBLIC_BASE_URL", value)
    with pytest.raises(config.ConfigError, match="PUBLIC_BASE_URL"):
        config.public_base_url()


def test_base_url_setting_is_read_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://news.example.org/")
    monkeypatch.setenv("FEED_ID_AUTHORITY", "example.org,2019")
    settings = config.load(str(tmp_path))
    assert (settings["PUBLIC_BASE_URL"], settings["FEED_ID_AUTHORITY"]) == ("https://news.example.org",
                                                                            "example.org,2019")


# --- Cache-Control --------------------------------------------------------------------------------------

def test_public_pages_may_be_kept_by_a_cache_in_front(client, live):
    for path in _public_paths(live):
        response = client.get(path)
        assert "Set-Cookie" not in response.headers, path
        assert response.headers["Cache-Control"] == "public, max-age=300", path


def test_public_pages_and_feeds_revalidate_with_etags_for_a_cdn(client, newsroom, make_article, live):
    """A CDN (or nginx's proxy cache) in front of /news/ keeps a page max-age seconds, then asks again with
    If-None-Match: an unchanged page is a 304 with no body; a changed one is sent whole with a new ETag. The
    answer varies with the session cookie, so a cache that honours Vary never gives staff the anonymous copy."""
    for path in [*_public_paths(live), "/fact-checks.json"]:
        first = client.get(path)
        assert first.status_code == 200, path
        etag = first.headers.get("ETag")
        assert etag, path
        assert "Cookie" in first.headers["Vary"], path
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304, path
        assert again.data == b"" and again.headers["Cache-Control"] == "public, max-age=300", path
    home = client.get("/news/")
    rita, ed = newsroom["rita"], newsroom["ed"]
    article = make_article(rita, headline="Second piece", body_html="<p>Another story.</p>")
    transitions.transition(rita, article.id, "in_review")
    transitions.transition(ed, article.id, "approved")
    transitions.transition(ed, article.id, "published")
    changed = client.get("/news/", headers={"If-None-Match": home.headers["ETag"]})
    assert changed.status_code == 200 and "Second piece" in changed.get_data(as_text=True)
    assert changed.headers["ETag"] != home.headers["ETag"]


def test_the_public_site_is_not_cached_for_someone_logged_in(client, auth, newsroom, live):
    """Whoever has just corrected or withdrawn a piece must see what the site says now."""
    auth.login("ed")
    for path in _public_paths(live):
        assert client.get(path).headers["Cache-Control"] == "private, no-store", path


def test_staff_pages_login_and_api_are_never_stored(client, auth, newsroom, live):
    for path in ("/login", "/"):
        assert client.get(path).headers["Cache-Control"] == "private, no-store", path
    auth.login("ed")
    for path in ("/", f"/articles/{live.id}", "/articles", "/inbox", "/board"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "private, no-store", path
    api = Api(client).login("ed")
    for response in (api("GET", f"/articles/{live.id}"), client.get("/api/v1/openapi.json"),
                     client.post("/api/v1/tokens", json={"username": "ed", "password": "wrong"})):
        assert response.headers["Cache-Control"] == "private, no-store"


def test_a_public_page_that_sets_a_cookie_is_not_cacheable(app, client, live):
    @app.after_request
    def set_cookie(response):  # e.g. a refreshed session cookie of someone logged in
        response.set_cookie("probe", "1")
        return response

    response = client.get("/news/")
    assert response.headers["Cache-Control"] == "private, no-store"
