"""`flask --app editorial generate-data`: a made-up newsroom, consistent with the app's rules, that every page shows."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from editorial import claim_matching, fake_newsroom, text
from editorial.claimreview import slug
from editorial.database import db
from editorial.models import (
    Article,
    Assignment,
    Byline,
    Claim,
    ClaimMatch,
    ClaimSource,
    ClaimTerm,
    CommentThread,
    Event,
    Notification,
    Revision,
    User,
    UserRole,
)
from editorial.permissions import Role
from editorial.services import claim_memory, notifications
from editorial.statement_count import HEADER
from editorial.workflow import State
from tests.sitemaps import every_url

N = 50
PASSWORD = "generated-newsroom"


def count(model) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


@pytest.fixture
def generated(runner):
    result = runner.invoke(args=["generate-data", "--articles", str(N), "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert f"Made a newsroom of {N} articles" in result.output
    return result.output


def login(client, username: str) -> None:
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def test_counts_come_in_a_newsroom_s_proportions(generated):
    assert count(Article) == N
    per_article = {model.__tablename__: count(model) / N for model in (Revision, Claim, CommentThread, Event)}
    assert 2.3 <= per_article["revisions"] <= 3.5, per_article
    assert 1.0 <= per_article["claims"] <= 2.2, per_article
    assert 0.5 <= per_article["comment_threads"] <= 1.4, per_article
    assert 9 <= per_article["events"] <= 18, per_article
    assert count(ClaimSource) >= count(Claim)
    # authors, assignees and commenters get a row each; editors one review digest row per inbox reading, not
    # one per submission in the newsroom (fake_newsroom.review_digests)
    assert 4 * N <= count(Notification) <= 10 * N
    assert 6 <= count(ClaimTerm) / count(Claim) <= 12
    states = set(db.session.execute(sa.select(Article.state).distinct()).scalars())
    assert states == set(State)
    roles = set(db.session.execute(sa.text("SELECT DISTINCT role FROM user_roles")).scalars())
    assert roles == {"reporter", "editor", "fact_checker", "admin"}
    years = {d.year for d in db.session.execute(sa.select(Article.published_at).where(
        Article.published_at.is_not(None))).scalars()}
    assert len(years) >= 3, years


def test_bodies_and_anchors_agree_with_the_app_s_own_rules(generated):
    for html, plain in db.session.execute(sa.select(Revision.body_html, Revision.body_text)):
        assert text.body_text(html) == plain
    for article in db.session.execute(sa.select(Article)).scalars():
        assert text.body_text(article.body_html) == article.body_text
        assert article.version == db.session.execute(
            sa.select(sa.func.max(Revision.number)).where(Revision.article_id == article.id)).scalar_one()
        if article.state == State.PUBLISHED:
            assert article.published_revision_id is not None and article.published_at is not None
        if article.state == State.APPROVED:
            assert article.approved_revision_id is not None
    for claim in db.session.execute(sa.select(Claim)).scalars():
        article = db.session.get(Article, claim.article_id)
        if claim.anchor_state != "orphaned":
            assert article.body_text[claim.start:claim.end] == claim.exact
            assert claim.anchored_version == article.version


def _review_arrivals() -> list[Event]:
    """Events that put a piece in the review queue: submissions, resubmissions, edits after approval."""
    transitions = db.session.execute(sa.select(Event).where(Event.kind == "transition")).scalars()
    sent_back = db.session.execute(sa.select(Event).where(Event.kind == "sent_back_by_edit")).scalars()
    return [e for e in transitions if e.details.get("transition") in ("submit", "resubmit")] + list(sent_back)


def test_editors_hear_of_arrivals_through_review_digests(generated):
    """As services/notifications does it: an editor's digest rows gather every arrival they did not make and
    were not told of personally (assigned to the piece before it arrived, or its author when it came back);
    only the latest digest row may be unread."""
    editors = list(db.session.execute(sa.select(User).join(UserRole).where(
        UserRole.role == Role.EDITOR, User.active.is_(True))).scalars())
    arrivals = _review_arrivals()
    assert len(arrivals) >= N / 2
    for editor in editors:
        digests = list(db.session.execute(sa.select(Notification).where(
            Notification.user_id == editor.id, Notification.digest == fake_newsroom.REVIEW_DIGEST)
            .order_by(Notification.created_at)).scalars())
        expected = 0
        for event in arrivals:
            assigned = db.session.execute(sa.select(Assignment).where(
                Assignment.article_id == event.article_id, Assignment.user_id == editor.id,
                Assignment.created_at < event.created_at)).first()
            author = event.kind == "sent_back_by_edit" and db.session.get(Byline, (event.article_id, editor.id))
            expected += not (event.actor_id == editor.id or assigned or author)
        assert sum(row.updates for row in digests) == expected, editor.username
        assert all(row.read_at is not None for row in digests[:-1])
        assert all(row.read_at >= row.created_at for row in digests if row.read_at)
        assert notifications.unread_count(editor) == sum(1 for row in digests if row.read_at is None) + \
            db.session.execute(sa.select(sa.func.count()).select_from(Notification).where(
                Notification.user_id == editor.id, Notification.digest.is_(None), Notification.read_at.is_(None))
            ).scalar_one()
        # no row of its own for a submission the editor was not assigned to
        own = db.session.execute(sa.select(Notification.event_id).where(
            Notification.user_id == editor.id, Notification.digest.is_(None))).scalars()
        assert not {e.id for e in arrivals if e.kind == "transition" and e.details["transition"] == "submit"
                    and not db.session.execute(sa.select(Assignment).where(
                        Assignment.article_id == e.article_id, Assignment.user_id == editor.id)).first()} & set(own)
    assert any(row.updates > 1 for row in db.session.execute(sa.select(Notification).where(
        Notification.digest.is_not(None))).scalars())


def test_claims_are_in_claim_memory(generated):
    """Every claim's terms are what claim memory indexes, so a new claim finds generated ones; stored matches
    point at claims of other articles saying the same."""
    assert fake_newsroom.MATCHES_KEPT == claim_memory.KEPT
    for claim in db.session.execute(sa.select(Claim)).scalars():
        terms = set(db.session.execute(sa.select(ClaimTerm.term).where(ClaimTerm.claim_id == claim.id)).scalars())
        assert terms == set(claim_matching.index_terms(claim_matching.features(claim.exact)))
    for match in db.session.execute(sa.select(ClaimMatch)).scalars():
        mine, other = db.session.get(Claim, match.claim_id), db.session.get(Claim, match.match_id)
        assert mine.article_id != other.article_id and mine.exact == other.exact
        assert match.verdict == claim_matching.Verdict.SAME.value


def test_every_page_renders_for_generated_data(generated, app, client):
    in_review = db.session.execute(sa.select(Article).join(Claim).where(Article.state == State.IN_REVIEW)
                                   .order_by(Article.version.desc()).limit(1)).scalars().first()
    published = db.session.execute(sa.select(Article).where(Article.state == State.PUBLISHED)).scalars().first()
    claim = db.session.execute(sa.select(Claim).where(Claim.article_id == in_review.id)).scalars().first()
    assert in_review.version >= 2

    login(client, "editor1")
    pages = {
        "/": "Review queue", "/board": in_review.headline[:20], f"/articles/{in_review.id}": claim.summary[:30],
        f"/articles/{in_review.id}/compare?a=1&b={in_review.version}": "Body",
        f"/articles?q={fake_newsroom.COMMON_WORD}": "article", f"/articles?q={fake_newsroom.RARE_WORD}": "",
        f"/claims/{claim.id}": claim.summary[:30], "/inbox": "submitted",
    }
    for path, expected in pages.items():
        response = client.get(path)
        page = response.get_data(as_text=True)
        assert response.status_code == 200, path
        assert expected in page or expected in page.replace("&#39;", "'"), path
        assert HEADER not in response.headers  # the benchmark's statement count is off unless asked for
    client.post("/logout")
    for username in ("checker1", "reporter1", "admin1"):
        login(client, username)
        assert client.get("/").status_code == 200
        client.post("/logout")

    section = slug(published.section)
    for path in ("/news/", f"/news/section/{section}", "/news/feed.atom", f"/news/section/{section}/feed.atom",
                 "/sitemap.xml", "/sitemap-1.xml", f"/news/{published.id}"):
        response = client.get(path, follow_redirects=True)
        assert response.status_code == 200, path
    assert any(re.search(rf"/news/{published.id}(-|$)", url) for url in every_url(client))  # index, then pages

    token = client.post("/api/v1/tokens", json={"username": "editor1", "password": PASSWORD}).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    listing = client.get("/api/v1/articles?per_page=10", headers=headers)
    assert listing.status_code == 200 and len(listing.get_json()["items"]) == 10
    deeper = client.get(listing.get_json()["next_url"], headers=headers)  # the `after=` cursor
    assert deeper.status_code == 200 and len(deeper.get_json()["items"]) == 10
    item = client.get(f"/api/v1/articles/{in_review.id}", headers=headers)
    assert item.status_code == 200 and item.get_json()["headline"] == in_review.headline


def test_refuses_a_database_with_articles_unless_forced(generated, runner):
    again = runner.invoke(args=["generate-data", "--articles", "5"])
    assert again.exit_code == 1
    assert f"already has {N} articles" in again.output
    assert count(Article) == N
    people = count(User)
    forced = runner.invoke(args=["generate-data", "--articles", "5", "--force"])
    assert forced.exit_code == 0, forced.output
    assert count(Article) == N + 5
    assert count(User) > people  # a second staff under new user names: nobody's account is touched


def test_refused_in_production(app, runner):
    app.config["PRODUCTION"] = True
    result = runner.invoke(args=["generate-data", "--articles", "5"])
    assert result.exit_code == 1
    assert "refused in production" in result.output
    assert count(Article) == 0


@pytest.mark.parametrize("app_config", [{"BENCH_STATEMENTS": True}])
def test_the_bench_setting_counts_statements_per_request(app, client, generated):
    login(client, "editor1")
    counted = client.get("/board").headers.get(HEADER)
    assert counted is not None and int(counted) >= 3
    assert client.get("/robots.txt").headers[HEADER] == "0"


def test_the_bench_setting_is_ignored_in_production(monkeypatch, tmp_path):
    from editorial import config

    monkeypatch.setenv("EDITORIAL_BENCH_STATEMENTS", "1")
    monkeypatch.setenv("EDITORIAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 8 + "Q3v9Zp1Lw7Rt2Yx8Nc4Bm6Hd0Fg5Js")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://news.example.org")
    assert config.load(str(tmp_path))["BENCH_STATEMENTS"] is False
    monkeypatch.setenv("EDITORIAL_ENV", "development")
    assert config.load(str(tmp_path))["BENCH_STATEMENTS"] is True
