"""The public site around the article page: home, sections, Atom feed, sitemap, social meta tags.
Only live articles' published revisions appear anywhere; drafts and unpublished text never leak."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from editorial import syndication
from editorial.database import db
from editorial.models import Article
from editorial.services import articles, public, transitions
from tests import sitemaps

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BODY = "<p>Wagner fighters were ambushed near the border.</p>"


@pytest.fixture
def write(newsroom, make_article):
    """An article by Rita (or whoever), submitted for review."""

    def make(headline: str, author: str = "rita", **fields):
        fields.setdefault("standfirst", f"Standfirst of {headline}.")
        article = make_article(newsroom[author], headline=headline, body_html=BODY, **fields)
        transitions.transition(newsroom[author], article.id, "in_review")
        return db.session.get(Article, article.id)

    return make


@pytest.fixture
def publish(newsroom):
    def go(article):
        transitions.transition(newsroom["ed"], article.id, "approved")
        transitions.transition(newsroom["ed"], article.id, "published")
        return db.session.get(Article, article.id)

    return go


@pytest.fixture
def edit(newsroom):
    def go(article, **fields):
        # its author corrects it; the editor then approves (nobody approves their own revision)
        current = db.session.get(Article, article.id)
        return articles.save(current.authors[0], article.id, fields, base_version=current.version)

    return go


def _feed(client, path: str = "/news/feed.atom") -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    return ET.fromstring(response.data)


def _sitemap(client) -> dict[str, str | None]:
    return sitemaps.every_url(client)


def _every_public_text(client) -> str:
    """Everything a reader or a crawler can get from the lists, as text."""
    parts = [client.get("/news/").get_data(as_text=True), client.get("/news/feed.atom").get_data(as_text=True),
             sitemaps.every_text(client)]
    for section in ("africa", "europe", "sport"):
        for path in (f"/news/section/{section}", f"/news/section/{section}/feed.atom"):
            response = client.get(path)
            assert response.status_code in (200, 404)
            parts.append(response.get_data(as_text=True))
    return "\n".join(parts)


def test_home_lists_published_articles_newest_first_without_login(client, write, publish):
    older = publish(write("Older story", section="Africa"))
    newer = publish(write("Newer story", author="rob", section="Europe", byline=["rob", "rita"]))
    response = client.get("/news/")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    html = response.get_data(as_text=True)
    assert html.index("Newer story") < html.index("Older story")
    assert f'href="/news/{newer.id}-newer-story"' in html and f'href="/news/{older.id}-older-story"' in html
    assert "Standfirst of Newer story." in html and "By Rob Reporter, Rita Reporter" in html
    assert newer.published_at.strftime("%d %b %Y") in html
    assert 'href="/news/section/europe"' in html
    assert '<link rel="alternate" type="application/atom+xml"' in html and 'href="http://localhost/news/feed.atom"' in html
    assert client.get("/").status_code == 302  # the staff dashboard is still at the root, behind the login


def _older(page: str) -> str | None:
    """The "Older stories" link of a public list page (unescaped), or None."""
    found = re.search(r'<a rel="next" href="([^"]+)">Older stories', page)
    return html.unescape(found.group(1)) if found else None


def test_home_pages_by_cursor_through_stories_of_the_same_moment(client, app, write, publish):
    app.config["PUBLIC_PER_PAGE"] = 2
    stories = [publish(write(f"Story {n}")) for n in range(5)]
    same = stories[3].published_at  # stories 1–3 published in the same instant: the id orders them
    db.session.execute(sa.update(Article).where(Article.id.in_([s.id for s in stories[1:4]])).values(published_at=same))
    db.session.commit()
    seen, path, pages = [], "/news/", []
    while path:
        page = client.get(path)
        assert page.status_code == 200, path
        text = page.get_data(as_text=True)
        pages.append(text)
        seen += re.findall(r">(Story \d)</a>", text)
        path = _older(text)
        assert path is None or re.fullmatch(r"/news/\?after=[A-Za-z0-9_-]+", path), path
    assert seen == ["Story 4", "Story 3", "Story 2", "Story 1", "Story 0"]
    assert len(pages) == 3
    assert "Newest stories" not in pages[0] and '<link rel="canonical" href="http://localhost/news/">' in pages[0]
    for deep in pages[1:]:
        assert '<a href="/news/">← Newest stories</a>' in deep
        assert re.search(r'<link rel="canonical" href="http://localhost/news/\?after=[A-Za-z0-9_-]+">', deep)


def test_old_numbered_pages_still_answer_and_lead_on_by_cursor(client, app, write, publish):
    app.config["PUBLIC_PER_PAGE"] = 2
    for n in range(5):
        publish(write(f"Story {n}"))
    second = client.get("/news/?page=2").get_data(as_text=True)
    assert re.findall(r">(Story \d)</a>", second) == ["Story 2", "Story 1"]
    assert '<link rel="canonical" href="http://localhost/news/?page=2">' in second
    assert re.findall(r">(Story \d)</a>", client.get(_older(second)).get_data(as_text=True)) == ["Story 0"]
    assert "Story 0" in client.get("/news/?page=3").get_data(as_text=True)
    for page in ("4", "0", "-1", "x"):  # past the end, or not a page
        assert client.get(f"/news/?page={page}").status_code == 404, page
    beyond = client.get(f"/news/?page={public.MAX_NUMBERED_PAGE + 1}")
    assert beyond.status_code == 404 and "follow “Older stories” from the newest" in beyond.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/news/", "/news/section/africa"])
def test_a_damaged_older_stories_link_is_a_400_saying_so(client, write, publish, path):
    publish(write("Story", section="Africa"))
    for bad in ("x", "bm90IGEgY3Vyc29y", "A" * 200):
        response = client.get(f"{path}?after={bad}")
        assert response.status_code == 400, bad
        assert "This link to older articles is damaged" in response.get_data(as_text=True)


def test_section_pages_page_by_cursor_within_their_section(client, app, write, publish):
    app.config["PUBLIC_PER_PAGE"] = 2
    for n in range(5):
        publish(write(f"Africa {n}", section="Africa"))
        publish(write(f"Europe {n}", section="Europe"))
    seen, path = [], "/news/section/africa"
    while path:
        text = client.get(path).get_data(as_text=True)
        seen += re.findall(r">((?:Africa|Europe) \d)</a>", text)
        path = _older(text)
        assert path is None or path.startswith("/news/section/africa?after="), path
    assert seen == [f"Africa {n}" for n in range(4, -1, -1)]


def test_a_piece_moved_in_a_correction_keeps_its_published_section_page(client, newsroom, write, publish, edit):
    """The only piece of a section, moved to another in a correction still in review: its page stays listed under
    the published section, read again once the move sends it back to review (not from what was known before)."""
    moving = publish(write("Only Sahel story", section="Sahel"))
    assert "Only Sahel story" in client.get("/news/section/sahel").get_data(as_text=True)
    edit(moving, section="Europe")  # back in review; no current article has the section Sahel any more
    page = client.get("/news/section/sahel")
    assert page.status_code == 200 and "Only Sahel story" in page.get_data(as_text=True)
    assert client.get("/news/section/europe").status_code == 404  # the move is not published yet
    transitions.transition(newsroom["ed"], moving.id, "approved")
    transitions.transition(newsroom["ed"], moving.id, "published", correction_note="Moved to Europe.")
    assert client.get("/news/section/sahel").status_code == 404
    assert "Only Sahel story" in client.get("/news/section/europe").get_data(as_text=True)


def test_empty_site_has_a_home_feed_and_sitemap(client):
    assert "Nothing published here yet." in client.get("/news/").get_data(as_text=True)
    feed = _feed(client)
    assert feed.findall(f"{ATOM}entry") == [] and feed.findtext(f"{ATOM}updated")
    assert list(_sitemap(client)) == ["http://localhost/news/"]


def test_section_pages_list_only_their_published_articles(client, app, write, publish, edit):
    africa = publish(write("Sahel report", section="Africa"))
    europe = publish(write("Kyiv report", section="Europe"))
    moving = publish(write("Moving report", section="Africa"))
    edit(moving, section="Europe")  # the move is not published yet: it stays in Africa
    write("Draft in Africa", section="Africa")
    html = client.get("/news/section/africa").get_data(as_text=True)
    assert "<h1 class=\"page-title\">Africa</h1>" in html
    assert "Sahel report" in html and "Moving report" in html
    assert "Kyiv report" not in html and "Draft in Africa" not in html
    europe_html = client.get("/news/section/europe").get_data(as_text=True)
    assert "Kyiv report" in europe_html and "Moving report" not in europe_html and "Sahel" not in europe_html
    assert client.get("/news/section/sport").status_code == 404
    assert client.get("/news/section/nothing-here").status_code == 404
    article_html = client.get(f"/news/{africa.id}").get_data(as_text=True)
    assert 'href="/news/section/africa"' in article_html
    assert europe.id  # used above through its headline


def test_each_section_has_its_own_feed(client, write, publish, edit):
    publish(write("Sahel report", section="Africa"))
    publish(write("Kyiv report", section="Europe"))
    moving = publish(write("Moving report", section="Africa"))
    edit(moving, section="Europe")  # not published yet: still an Africa story
    feed = _feed(client, "/news/section/africa/feed.atom")
    assert feed.findtext(f"{ATOM}title") == "Africa · Editorial"
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == ["Moving report", "Sahel report"]
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://localhost/news/section/africa/feed.atom"
    assert feed.find(f"{ATOM}link[@rel='alternate']").get("href") == "http://localhost/news/section/africa"
    page = client.get("/news/section/africa").get_data(as_text=True)
    assert 'type="application/atom+xml" title="Africa · Editorial" href="http://localhost/news/section/africa/feed.atom"' in page
    assert client.get("/news/section/sport/feed.atom").status_code == 404


def test_robots_txt_opens_the_public_site_only(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert response.get_data(as_text=True).splitlines() == [
        "User-agent: *", "Allow: /news/", "Allow: /sitemap.xml", "Allow: /sitemap-", "Allow: /fact-checks.json",
        "Disallow: /", "Sitemap: http://localhost/sitemap.xml"]


def test_nothing_unpublished_leaks_into_lists_feed_or_sitemap(client, newsroom, write, publish, edit):
    ed, rita = newsroom["ed"], newsroom["rita"]
    live = publish(write("LIVE-ONE"))
    # A piece being corrected: its published text stays, its new text must not appear anywhere.
    corrected = publish(write("LIVE-CORRECTED", standfirst="Published standfirst."))
    edit(corrected, headline="LEAK-new-headline", standfirst="LEAK-new-standfirst", section="Sport",
         body_html="<p>LEAK-new-body</p>", byline=["rob"])
    assert db.session.get(Article, corrected.id).state.value == "in_review"
    changes = publish(write("LIVE-CHANGES-REQUESTED"))
    edit(changes, headline="LEAK-changes-requested")
    transitions.transition(ed, changes.id, "changes_requested", comment="Not yet")
    re_approved = publish(write("LIVE-REAPPROVED"))
    edit(re_approved, headline="LEAK-approved-correction")
    transitions.transition(ed, re_approved.id, "approved")

    make_draft = newsroom["rita"]
    from editorial.services import articles as article_service

    article_service.create(make_draft, {"headline": "LEAK-draft", "body_html": BODY, "section": "Africa"})
    write("LEAK-in-review")
    approved = write("LEAK-approved")
    transitions.transition(ed, approved.id, "approved")
    pulled = publish(write("LEAK-unpublished"))
    transitions.transition(ed, pulled.id, "unpublished", comment="Legal")
    redrafted = publish(write("LEAK-redrafted"))
    transitions.transition(ed, redrafted.id, "unpublished", comment="Legal")
    transitions.transition(ed, redrafted.id, "draft")
    transitions.transition(rita, redrafted.id, "in_review")  # in review again, but not live
    reapproved_after_pull = publish(write("LEAK-pulled-then-approved"))
    transitions.transition(ed, reapproved_after_pull.id, "unpublished", comment="Legal")
    transitions.transition(ed, reapproved_after_pull.id, "draft")
    transitions.transition(rita, reapproved_after_pull.id, "in_review")
    transitions.transition(ed, reapproved_after_pull.id, "approved")

    text = _every_public_text(client)
    assert "LEAK" not in text
    for headline in ("LIVE-ONE", "LIVE-CORRECTED", "LIVE-CHANGES-REQUESTED", "LIVE-REAPPROVED"):
        assert text.count(headline) >= 3, headline  # home, feed and the Africa section at least
    assert "Published standfirst." in text

    feed_ids = {e.findtext(f"{ATOM}id") for e in _feed(client).findall(f"{ATOM}entry")}
    live_ids = {live.id, corrected.id, changes.id, re_approved.id}
    assert feed_ids == {f"tag:localhost,2026:article/{i}" for i in live_ids}
    article_urls = {u for u in _sitemap(client) if re.search(r"/news/\d+", u)}
    assert {int(re.search(r"/news/(\d+)-", u).group(1)) for u in article_urls} == live_ids
    assert f"http://localhost/news/{corrected.id}-live-corrected" in article_urls
    assert client.get("/news/section/sport").status_code == 404  # the unpublished move to Sport

    home = client.get("/news/").get_data(as_text=True)
    corrected_item = home[home.index("LIVE-CORRECTED"):]
    assert corrected_item.index("By Rita Reporter") < corrected_item.index("</li>")  # the published byline

    transitions.transition(ed, corrected.id, "approved")
    transitions.transition(ed, corrected.id, "published", correction_note="Corrected.")  # now the correction is live
    text = _every_public_text(client)
    assert "LEAK-new-headline" in text and "LEAK-new-standfirst" in text and "LIVE-CORRECTED" not in text
    assert client.get("/news/section/sport").status_code == 200


def test_atom_feed_is_valid_and_escaped(client, newsroom, write, publish, edit):
    first = publish(write("Mali <b>cuts</b> ties & more", standfirst="Bamako <script>alert(1)</script> says"))
    second = publish(write("Second piece", author="rob", section="Europe"))
    for article, hours in ((first, 2), (second, 1)):  # published earlier than the correction below
        earlier = article.published_at - timedelta(hours=hours)
        db.session.execute(sa.update(Article).where(Article.id == article.id).values(published_at=earlier))
    db.session.commit()
    edit(second, body_html="<p>A corrected body.</p>")
    transitions.transition(newsroom["ed"], second.id, "approved")
    transitions.transition(newsroom["ed"], second.id, "published", correction_note="The body was corrected.")

    raw = client.get("/news/feed.atom").get_data(as_text=True)
    assert raw.startswith("<?xml version='1.0' encoding='utf-8'?>")
    assert "<b>" not in raw and "<script>" not in raw and "&lt;b&gt;cuts&lt;/b&gt; ties &amp; more" in raw
    feed = _feed(client)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == "tag:localhost,2026:feed"
    assert feed.findtext(f"{ATOM}title") == "Editorial"
    links = {link.get("rel"): link for link in feed.findall(f"{ATOM}link")}
    assert links["self"].get("href") == "http://localhost/news/feed.atom"
    assert links["self"].get("type") == "application/atom+xml"
    assert links["alternate"].get("href") == "http://localhost/news/"

    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Second piece", "Mali <b>cuts</b> ties & more"]
    for entry in entries:
        for tag in ("id", "title", "updated", "published", "summary"):
            assert entry.findtext(f"{ATOM}{tag}"), tag
        assert entry.find(f"{ATOM}author/{ATOM}name") is not None
        for tag in ("updated", "published"):
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry.findtext(f"{ATOM}{tag}"))
    newest, oldest = entries
    assert oldest.findtext(f"{ATOM}id") == f"tag:localhost,2026:article/{first.id}"
    assert oldest.find(f"{ATOM}link").get("href") == f"http://localhost/news/{first.id}-mali-b-cuts-b-ties-more"
    assert oldest.findtext(f"{ATOM}summary") == "Bamako <script>alert(1)</script> says"
    assert oldest.find(f"{ATOM}author/{ATOM}name").text == "Rita Reporter"
    assert newest.find(f"{ATOM}author/{ATOM}name").text == "Rob Reporter"
    assert newest.find(f"{ATOM}category").get("term") == "Europe"
    assert newest.findtext(f"{ATOM}updated") > newest.findtext(f"{ATOM}published")  # republished correction
    assert feed.findtext(f"{ATOM}updated") == max(e.findtext(f"{ATOM}updated") for e in entries)


def test_sitemap_lists_home_sections_and_articles_with_lastmod(client, write, publish):
    one = publish(write("First piece", section="Africa"))
    two = publish(write("Second piece", section="West Africa"))
    urls = _sitemap(client)
    expected = {
        "http://localhost/news/",
        "http://localhost/news/section/africa",
        "http://localhost/news/section/west-africa",
        f"http://localhost/news/{one.id}-first-piece",
        f"http://localhost/news/{two.id}-second-piece",
    }
    assert set(urls) == expected
    for loc, lastmod in urls.items():
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", lastmod), loc
    assert urls[f"http://localhost/news/{one.id}-first-piece"] == syndication.rfc3339(one.published_at)
    for loc in urls:  # every listed URL answers
        assert client.get(loc.removeprefix("http://localhost")).status_code == 200, loc


def test_article_page_has_open_graph_and_twitter_tags(client, write, publish):
    article = publish(write('Ambush "at" <the> border', standfirst="What happened & why."))
    html = client.get(f"/news/{article.id}").get_data(as_text=True)
    url = f"http://localhost/news/{article.id}-ambush-at-the-border"

    def meta(attribute: str, name: str) -> str:
        found = re.findall(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
        assert len(found) == 1, name
        return found[0]

    assert meta("property", "og:title") == "Ambush &#34;at&#34; &lt;the&gt; border"
    assert meta("property", "og:description") == "What happened &amp; why."
    assert meta("property", "og:type") == "article"
    assert meta("property", "og:url") == url
    assert meta("property", "article:published_time") == article.published_at.isoformat(timespec="seconds")
    assert meta("name", "twitter:card") == "summary"
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert "<the>" not in html


def test_lists_run_a_fixed_number_of_queries(client, app, newsroom, write, publish):
    def queries_for(path: str) -> int:
        statements: list[str] = []

        def count(conn, cursor, statement, *args) -> None:
            statements.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get(path).status_code == 200
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    publish(write("One", section="Africa"))
    few = {p: queries_for(p) for p in ("/news/", "/news/section/africa", "/news/feed.atom", "/sitemap.xml",
                                        "/sitemap-site.xml", "/sitemap-1.xml")}
    for n in range(4):
        publish(write(f"More {n}", author="rob" if n % 2 else "rita", section="Africa"))
    many = {p: queries_for(p) for p in few}
    assert many == few
    assert few["/news/"] <= 3 and few["/news/feed.atom"] <= 3 and few["/sitemap.xml"] <= 3
    assert few["/sitemap-site.xml"] <= 3 and few["/sitemap-1.xml"] <= 3


def test_syndication_drops_characters_xml_cannot_carry():
    when = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    entry = syndication.FeedEntry(id="http://x/news/1", title="Bad\x00 \x1bheadline", link="http://x/news/1-a",
                                  published=when, updated=when + timedelta(hours=1), summary="ok\x0b")
    feed = ET.fromstring(syndication.atom_feed(feed_id="http://x/f", title="T", self_url="http://x/f",
                                               site_url="http://x/", entries=[entry], updated=when))
    assert feed.find(f"{ATOM}entry/{ATOM}title").text == "Bad headline"
    assert feed.findtext(f"{ATOM}updated") == "2024-05-01T13:00:00Z"
    assert syndication.rfc3339(datetime(2024, 5, 1, 12, 0)) == "2024-05-01T12:00:00Z"
    assert syndication.rfc3339(datetime(2024, 5, 1, 14, 0, tzinfo=timezone_plus_two())) == "2024-05-01T12:00:00Z"


def timezone_plus_two():
    from datetime import timezone

    return timezone(timedelta(hours=2))
