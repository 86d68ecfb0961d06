"""Lists at newsroom scale: teasers and cards never load a body; keyset (`?after=`) pages for the API and the
staff article list; the sitemap as an index of pages, each article on exactly one."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from editorial import cursors
from editorial.database import db
from editorial.models import Article
from editorial.services import transitions
from tests import sitemaps
from tests.conftest import Api
from tests.sql_capture import statements

BODY = "<p>Wagner fighters were ambushed near the border.</p>"


def _statements(client, path: str) -> list[str]:
    return statements(client, path)[1]


def _selects_a_body(statement: str) -> bool:
    """A SELECT whose column list names body_html or body_text (of articles or revisions)."""
    head = re.match(r"SELECT (.*?) FROM ", statement)
    return bool(head and re.search(r"\bbody_(html|text)\b", head.group(1)))


@pytest.fixture
def site(newsroom, make_article):
    """Two live pieces, one of them edited and back in review (its published revision still up), a draft."""
    rita, rob, ed = newsroom["rita"], newsroom["rob"], newsroom["ed"]
    made = []
    for author, headline in ((rita, "Ambush at the border"), (rob, "Talks in Kyiv")):
        article = make_article(author, headline=headline, body_html=BODY, standfirst=f"About {headline}.")
        for who, to in ((author, "in_review"), (ed, "approved"), (ed, "published")):
            transitions.transition(who, article.id, to)
        made.append(article)
    make_article(rita, headline="Draft")
    return made


LIST_PAGES = ["/news/", "/news/section/africa", "/news/feed.atom", "/news/section/africa/feed.atom"]
STAFF_PAGES = ["/", "/board", "/articles", "/articles?state=published"]


def test_public_lists_and_feeds_never_select_a_body(client, site):
    for path in LIST_PAGES:
        statements = _statements(client, path)
        assert any("FROM revisions" in s for s in statements), path  # the teasers were read…
        assert not [s for s in statements if _selects_a_body(s)], path  # …without their bodies
    feed = client.get("/news/feed.atom").get_data(as_text=True)
    assert "<summary type=\"text\">About Ambush at the border.</summary>" in feed  # the standfirst summarises
    assert "Wagner fighters" not in feed


@pytest.mark.parametrize("who", ["ed", "rita", "fay"])
def test_queues_board_and_article_list_never_select_a_body(client, auth, site, who):
    auth.login(who)
    for path in STAFF_PAGES:
        statements = _statements(client, path)
        assert any("FROM articles" in s for s in statements), path
        assert not [s for s in statements if _selects_a_body(s)], path


def test_the_body_check_sees_a_body_when_one_is_selected(client, auth, site):
    """The check above would notice: the article page does read its body."""
    auth.login("ed")
    assert any(_selects_a_body(s) for s in _statements(client, f"/articles/{site[0].id}"))


# ---- keyset pages ------------------------------------------------------------------------------------------


@pytest.fixture
def many(newsroom, make_article):
    """Seven drafts by Rita, updated a minute apart, two of them at the very same moment (a tie the cursor's
    id must break)."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    ids = []
    for n in range(7):
        article = make_article(newsroom["rita"], headline=f"Piece {n}")
        moment = start + timedelta(minutes=min(n, 5))  # pieces 5 and 6 share a moment
        db.session.execute(sa.update(Article).where(Article.id == article.id)
                           .values(updated_at=moment))
        ids.append(article.id)
    db.session.commit()
    # newest first; the same moment by id, highest first
    return sorted(ids, key=lambda i: (min(ids.index(i), 5), i), reverse=True)


def test_api_pages_by_cursor_through_every_article_once(client, many):
    ed = Api(client).login("ed")
    seen, path, pages = [], "/articles?per_page=3", 0
    while path:
        data = ed("GET", path).get_json()
        pages += 1
        seen += [a["id"] for a in data["items"]]
        assert ("total" in data) == (pages == 1)  # numbered answer first, keyset after
        path = data["next_url"] and data["next_url"].removeprefix("/api/v1")
        assert data["next"] is None or path.endswith(f"after={data['next']}")
    assert seen == many and pages == 3


def test_api_cursor_keeps_the_filters_and_numbered_pages_still_work(client, many, make_article, newsroom):
    other = make_article(newsroom["rob"], headline="Rob's", section="Europe")
    ed = Api(client).login("ed")
    first = ed("GET", "/articles?per_page=2&section=Africa").get_json()
    assert "section=Africa" in first["next_url"] and first["page"] == 1 and first["total"] == 7
    second = ed("GET", first["next_url"].removeprefix("/api/v1")).get_json()
    assert [a["id"] for a in first["items"] + second["items"]] == many[:4]
    assert other.id not in [a["id"] for a in second["items"]]
    numbered = ed("GET", "/articles?per_page=2&page=2&section=Africa").get_json()
    assert [a["id"] for a in numbered["items"]] == many[2:4] and numbered["pages"] == 4
    assert numbered["next"] == second["next"]  # a numbered page offers the cursor of the one after it


@pytest.mark.parametrize("cursor", ["nonsense", "x" * 101, cursors.encode(datetime.now(UTC), 1)[:-2] + "!!",
                                    "MjAyNi0wMS0wMVQwMDowMDowMHwx",  # a time without its zone
                                    "MjAyNi0wMS0wMVQwMDowMDowMCswMDowMHww",  # id 0
                                    "OTk5OS0xMi0zMVQyMzo1OTo1OS0yMzowMHwx"])  # past the last year Python has
def test_a_bad_cursor_is_a_422_naming_after_in_the_api(client, many, cursor):
    response = Api(client).login("ed")("GET", f"/articles?after={cursor}")
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "after"


def test_after_with_a_search_is_refused_by_name(client, many):
    response = Api(client).login("ed")("GET", f"/articles?q=piece&after={cursors.encode(datetime.now(UTC), 5)}")
    assert response.status_code == 422 and response.get_json()["error"]["field"] == "after"


def test_staff_list_has_older_links_by_cursor(client, auth, app, many):
    app.config["PAGE_SIZE"] = 3
    auth.login("rita")
    seen, path = [], "/articles"
    while path:
        html = client.get(path).get_data(as_text=True)
        seen += [int(i) for i in re.findall(r'<a href="/articles/(\d+)">', html)]
        older = re.search(r'<a rel="next" href="([^"]+)">Older →</a>', html)
        path = older and older.group(1).replace("&amp;", "&")
        if path:
            assert "after=" in path and "page=" not in path
    assert seen == many
    deep = client.get(f"/articles?state=draft&after={cursors.encode(datetime(2026, 1, 1, 0, 3, tzinfo=UTC), 1)}")
    assert '<a href="/articles?state=draft">← Newest</a>' in deep.get_data(as_text=True)


def test_a_bad_cursor_in_the_browser_is_a_clear_400(client, auth, many):
    auth.login("rita")
    response = client.get("/articles?after=tampered")
    assert response.status_code == 400
    assert "This link to older articles is damaged or out of date" in response.get_data(as_text=True)


def test_cursor_round_trip_and_refusals():
    moment = datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=UTC)
    assert cursors.decode(cursors.encode(moment, 42)) == (moment, 42)
    for bad in ("", "a", "=" * 4, cursors.encode(moment, 42) + "A"):
        with pytest.raises(cursors.BadCursor):
            cursors.decode(bad)


# ---- the sitemap index ---------------------------------------------------------------------------------------


@pytest.fixture
def app_config():
    return {"SITEMAP_PAGE_SIZE": 3}


def test_sitemap_index_lists_pages_holding_every_live_article_exactly_once(client, newsroom, make_article, site):
    ed = newsroom["ed"]
    live = [a.id for a in site]
    for n in range(6):  # more live pieces, a draft and a withdrawn one in between
        article = make_article(newsroom["rita"], headline=f"Live {n}", body_html=BODY)
        for who, to in ((newsroom["rita"], "in_review"), (ed, "approved"), (ed, "published")):
            transitions.transition(who, article.id, to)
        live.append(article.id)
        if n == 2:
            make_article(newsroom["rob"], headline="Not yet")
        if n == 4:
            transitions.transition(ed, article.id, "unpublished", comment="Gone", public_reason=True)
            live.remove(article.id)
    for _ in range(5):  # a block of 3 ids without a live piece: no page for it (an empty urlset is not valid)
        make_article(newsroom["rob"], headline="Draft")
    last = make_article(newsroom["rita"], headline="Last", body_html=BODY)
    for who, to in ((newsroom["rita"], "in_review"), (ed, "approved"), (ed, "published")):
        transitions.transition(who, last.id, to)
    live.append(last.id)
    blocks = sorted({-(-i // 3) for i in live})
    assert set(range(1, blocks[-1] + 1)) - set(blocks), "the test needs a block without a live piece"
    locs = sitemaps.index_locs(client)
    assert locs == ["http://localhost/sitemap-site.xml"] + [f"http://localhost/sitemap-{n}.xml" for n in blocks]
    listed = []
    for loc in locs[1:]:
        urls = sitemaps.page_urls(client, loc)
        assert 1 <= len(urls) <= 3, loc
        listed += [int(re.search(r"/news/(\d+)-", url).group(1)) for url, _ in urls]
    assert sorted(listed) == sorted(live) and len(listed) == len(set(listed))
    for empty in sorted(set(range(1, blocks[-1] + 2)) - set(blocks)):
        assert client.get(f"/sitemap-{empty}.xml").status_code == 404, empty


def test_sitemap_pages_are_cacheable_and_answer_304_when_unchanged(client, site):
    first = client.get("/sitemap-1.xml")
    assert first.headers["Cache-Control"] == "public, max-age=300"
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    again = client.get("/sitemap-1.xml", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    index = client.get("/sitemap.xml")
    assert index.headers["Cache-Control"] == "public, max-age=300" and index.headers["ETag"]


def test_sitemap_escapes_urls(client, newsroom, make_article, app):
    app.config["PUBLIC_BASE_URL"] = "http://localhost/a&b"
    article = make_article(newsroom["rita"], headline="Ambush & fire <at> the border", body_html=BODY)
    for who, to in ((newsroom["rita"], "in_review"), (newsroom["ed"], "approved"), (newsroom["ed"], "published")):
        transitions.transition(who, article.id, to)
    index = client.get("/sitemap.xml").get_data(as_text=True)
    assert "<loc>http://localhost/a&amp;b/sitemap-1.xml</loc>" in index
    urls = sitemaps.page_urls(client, "/sitemap-1.xml")
    assert urls[0][0] == f"http://localhost/a&b/news/{article.id}-ambush-fire-at-the-border"


def test_the_filters_list_only_sections_one_may_see(newsroom, make_article, site):
    from editorial.services import queues

    make_article(newsroom["rob"], headline="Rob's secret", section="Secret desk")
    make_article(newsroom["rita"], headline="Rita's own", section="Rita desk")
    assert queues.sections(newsroom["ed"]) == ["Africa", "Rita desk", "Secret desk"]
    assert queues.sections(newsroom["rita"]) == ["Africa", "Rita desk"]
