"""Each key page runs a small number of SQL statements, and the same number in a larger newsroom: the same
URLs are counted in a generated newsroom, then again after four times as many articles (with their people,
claims, notifications and claim memory) were added. A page whose statements grow with the data (a query per
row, per match, per notification) fails here before it fails at 100,000 articles (bench/bench_pages.py)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from editorial.claimreview import slug
from editorial.database import db
from editorial.models import Article, Claim
from editorial.statement_count import HEADER
from editorial.workflow import State

PASSWORD = "generated-newsroom"

# The most statements each page may run (issue 12: at most 15 a page); a page above its ceiling, or whose count
# changes with the data, fails. The staff article page is the one exception: a dozen panels (flags with claim
# memory, claims, comments, timeline, corrections, edit lock, triage presets…), each still its own query.
CEILING = {name: 15 for name in (
    "editor queue", "fact-checker queue", "reporter home", "board", "compare revisions", "search", "claim page",
    "inbox", "/news/", "section page", "feed", "section feed", "sitemap", "sitemap page", "public article",
    "API list", "API item",
)} | {"article page": 18}


def _generate(runner, articles: int, *extra: str) -> None:
    result = runner.invoke(args=["generate-data", "--articles", str(articles), "--seed", "11", *extra])
    assert result.exit_code == 0, result.output


def _pages() -> dict[str, tuple[str, str]]:
    """name → (who asks, path), for records that exist in the small newsroom."""
    article = db.session.execute(sa.select(Article).join(Claim).where(Article.state == State.IN_REVIEW)
                                 .order_by(Article.id).limit(1)).scalars().first()
    claim = db.session.execute(sa.select(Claim).where(Claim.article_id == article.id)
                               .order_by(Claim.id)).scalars().first()
    published = db.session.execute(sa.select(Article).where(Article.state == State.PUBLISHED)
                                   .order_by(Article.id)).scalars().first()
    section = slug(published.section)
    return {
        "editor queue": ("editor1", "/"), "fact-checker queue": ("checker1", "/"),
        "reporter home": ("reporter1", "/"), "board": ("editor1", "/board"),
        "article page": ("editor1", f"/articles/{article.id}"),
        "compare revisions": ("editor1", f"/articles/{article.id}/compare?a=1&b={article.version}"),
        "search": ("editor1", "/articles?q=minister"), "claim page": ("checker1", f"/claims/{claim.id}"),
        "inbox": ("editor1", "/inbox"), "/news/": (None, "/news/"),
        "section page": (None, f"/news/section/{section}"), "feed": (None, "/news/feed.atom"),
        "section feed": (None, f"/news/section/{section}/feed.atom"), "sitemap": (None, "/sitemap.xml"),
        "sitemap page": (None, "/sitemap-1.xml"), "public article": (None, f"/news/{published.id}"),
        "API list": ("api", "/api/v1/articles?per_page=20"), "API item": ("api", f"/api/v1/articles/{article.id}"),
    }


def _counts(app, pages) -> dict[str, int]:
    counted = {}
    for who in ("editor1", "checker1", "reporter1", None, "api"):
        client = app.test_client()
        headers = {}
        if who == "api":
            token = client.post("/api/v1/tokens", json={"username": "editor1", "password": PASSWORD})
            headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
        elif who:
            assert client.post("/login", data={"username": who, "password": PASSWORD}).status_code == 302
        for name, (asker, path) in pages.items():
            if asker != who:
                continue
            client.get(path, headers=headers)  # the first view may compute and store (flags, matches)
            response = client.get(path, headers=headers, follow_redirects=False)
            assert response.status_code == 200, (name, path, response.status_code)
            counted[name] = int(response.headers[HEADER])
    return counted


@pytest.mark.parametrize("app_config", [{"BENCH_STATEMENTS": True}])
def test_key_pages_run_few_statements_and_as_many_in_a_larger_newsroom(app, runner):
    _generate(runner, 25)
    pages = _pages()
    small = _counts(app, pages)
    _generate(runner, 100, "--force")
    large = _counts(app, pages)
    assert set(small) == set(CEILING)
    over = {name: n for name, n in large.items() if n > CEILING[name]}
    assert not over, f"over the ceiling: {over}"
    grew = {name: (small[name], large[name]) for name in small if large[name] != small[name]}
    assert not grew, f"statements changed with the data (small, large): {grew}"
