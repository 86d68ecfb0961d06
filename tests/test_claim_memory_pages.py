"""Claim memory for people: "Checked before" on the claim page and the article page, "Reuse verdict and
sources", the conflict flag against published pieces, the claim archive, the queue count, the matches API and
the public fact-check feed."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from editorial.claims import ClaimStatus
from editorial.database import db
from editorial.models import Article, Claim, ClaimSource, Event
from editorial.services import claims, copydesk, transitions

TOLL = "Wagner's death toll ranges from 20 to 80"
REWORDED = "Between 20 and 80 Wagner fighters died in the ambush"
OTHER_TOLL = "84 Wagner fighters were killed"
UNRELATED = "The central bank in Bamako raised interest rates to 5.25%"
SOURCE = "https://example.org/army-statement"


def _article(make_article, author, sentence, headline="Mali cuts ties with Ukraine"):
    a = make_article(author, headline=headline, body_html=f"<p>{sentence}.</p><p>{UNRELATED}.</p>")
    transitions.transition(author, a.id, "in_review")
    return a


def _claim(actor, article, words):
    start = article.body_text.index(words)
    return claims.create(actor, article.id, start=start, end=start + len(words), version=article.version)


@pytest.fixture
def checked(newsroom, make_article):
    """Rita's piece with the toll verified by Fay (one source), published by Ed."""
    fay, ed = newsroom["fay"], newsroom["ed"]
    first = _article(make_article, newsroom["rita"], TOLL, headline="Wagner's heaviest losses in Mali")
    claim = _claim(fay, first, TOLL)
    claims.attach_source(fay, claim.id, url=SOURCE, title="Army statement", publisher="Ministry of Defence")
    claims.update(fay, claim.id, rating="mostly_true", notes="Two counts agree.", comment="checked")
    for target in ("approved", "published"):
        transitions.transition(ed, first.id, target, override_reason="test" if target == "published" else "")
    return db.session.get(Claim, claim.id)


@pytest.fixture
def follow_up(newsroom, make_article, checked):
    """Rob's follow-up words the toll differently; Fay makes a claim of it."""
    article = _article(make_article, newsroom["rob"], REWORDED, headline="After the ambush")
    return _claim(newsroom["fay"], article, REWORDED)


# -- the claim page --------------------------------------------------------------------------------------


def test_the_claim_page_shows_the_claim_checked_before_with_verdict_checker_and_sources(auth, client, checked,
                                                                                        follow_up):
    auth.login("fay")
    page = client.get(f"/claims/{follow_up.id}").get_data(as_text=True)
    section = page[page.index('id="checked-before"'):page.index('id="sources"')]
    assert f"/claims/{checked.id}" in section and TOLL.replace("'", "&#39;") in section
    assert "Wagner&#39;s heaviest losses in Mali" in section
    assert "Mostly true" in section and "checked by Fay Checker" in section
    assert SOURCE in section and "Army statement" in section
    assert "Reuse verdict and sources" in section


def test_reuse_links_the_sources_records_the_link_and_only_proposes_the_verdict(auth, client, checked, follow_up):
    auth.login("fay")
    response = client.post(f"/claims/{follow_up.id}/reuse", data={"earlier": str(checked.id)})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/claims/{follow_up.id}#verdict")
    claim = db.session.get(Claim, follow_up.id)
    assert claim.reused_from_id == checked.id
    assert claim.status == ClaimStatus.UNVERIFIED  # nothing is verified automatically
    assert [link.source_id for link in claim.links] == [link.source_id for link in checked.links]
    event = db.session.execute(sa.select(Event).where(Event.kind == "claim_reused")).scalar_one()
    assert event.details["reused_from"] == checked.id and event.details["claim"] == claim.id
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    form = page[page.index('id="verdict"'):]
    assert '<option selected value="verified">' in form and '<option selected value="mostly_true">' in form
    assert f"Checked before as claim {checked.id}. Two counts agree." in form
    assert "reused the sources of" in page  # the claim's history tells it

    # one more click confirms it
    client.post(f"/claims/{claim.id}/status", data={"status": "verified", "rating": "mostly_true",
                                                    "notes": "Checked before.", "comment": "confirmed"})
    assert db.session.get(Claim, claim.id).status == ClaimStatus.VERIFIED

    again = client.post(f"/claims/{claim.id}/reuse", data={"earlier": str(checked.id)}, follow_redirects=True)
    assert "no new source" in again.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ClaimSource)
                             .where(ClaimSource.claim_id == claim.id)) == 1


def test_reuse_is_for_fact_checkers_and_editors_only(auth, client, newsroom, checked, follow_up):
    auth.login("rob")  # the follow-up's author reads its claims but does not work them
    response = client.post(f"/claims/{follow_up.id}/reuse", data={"earlier": str(checked.id)})
    assert response.status_code == 403
    assert db.session.get(Claim, follow_up.id).reused_from_id is None
    assert "Reuse verdict and sources" not in client.get(f"/claims/{follow_up.id}").get_data(as_text=True)


def test_reuse_refuses_a_claim_that_is_not_a_match_and_a_contradiction(auth, client, newsroom, make_article, checked,
                                                                       follow_up):
    auth.login("fay")
    stranger = _claim(newsroom["fay"], _article(make_article, newsroom["rita"], UNRELATED), UNRELATED)
    response = client.post(f"/claims/{follow_up.id}/reuse", data={"earlier": str(stranger.id)})
    assert response.status_code == 422 and "not among the claims checked before" in response.get_data(as_text=True)
    other = _claim(newsroom["fay"], _article(make_article, newsroom["rob"], OTHER_TOLL), OTHER_TOLL)
    response = client.post(f"/claims/{other.id}/reuse", data={"earlier": str(checked.id)})
    assert response.status_code == 409 and "another figure" in response.get_data(as_text=True)
    assert db.session.get(Claim, other.id).reused_from_id is None


def test_reuse_needs_the_csrf_token(app, auth, client, checked, follow_up):
    auth.login("fay")
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(f"/claims/{follow_up.id}/reuse", data={"earlier": str(checked.id)})
    assert response.status_code in (400, 422) and response.status_code != 302
    assert db.session.get(Claim, follow_up.id).reused_from_id is None


def test_reuse_of_an_unreadable_claim_is_a_404(auth, client, newsroom, make_article, checked, follow_up, make_user):
    make_user("roy", "reporter")
    auth.login("roy")  # not an author of either piece
    assert client.post(f"/claims/{follow_up.id}/reuse", data={"earlier": str(checked.id)}).status_code == 404
    assert client.get("/claims/999999").status_code == 404


def test_an_earlier_claim_in_a_piece_the_reader_may_not_read_is_not_shown(auth, client, newsroom, make_article):
    fay = newsroom["fay"]
    draftish = make_article(newsroom["rita"], body_html=f"<p>{TOLL}.</p>")  # Rita's: Rob may not read it
    transitions.transition(newsroom["rita"], draftish.id, "in_review")
    earlier = _claim(fay, draftish, TOLL)
    claims.update(fay, earlier.id, status="verified", comment="ok")
    mine = _claim(fay, _article(make_article, newsroom["rob"], REWORDED), REWORDED)
    auth.login("rob")  # reads his own claim, not Rita's piece
    page = client.get(f"/claims/{mine.id}").get_data(as_text=True)
    assert 'id="checked-before"' not in page and f"/claims/{earlier.id}" not in page


# -- the article page -------------------------------------------------------------------------------------


def test_the_article_page_notes_checked_before_beside_the_claim_and_the_statement_flag(auth, client, newsroom,
                                                                                       make_article, checked,
                                                                                       follow_up):
    auth.login("fay")
    page = client.get(f"/articles/{follow_up.article_id}").get_data(as_text=True)
    item = page[page.index(f'id="claim-{follow_up.id}"'):]
    item = item[:item.index("</li>")]
    assert f'href="/claims/{follow_up.id}#checked-before">Checked before: 1 match</a>' in item

    # a statement flag nobody has made a claim of yet: a note with a link
    fresh = _article(make_article, newsroom["rita"], REWORDED, headline="Another follow-up")
    page = client.get(f"/articles/{fresh.id}").get_data(as_text=True)
    flags = page[page.index('id="flags"'):]
    assert "Checked before:" in flags and f'href="/claims/{checked.id}">Mostly true, claim {checked.id}</a>' in flags


# -- conflicts with published pieces ----------------------------------------------------------------------


def test_another_figure_than_a_published_piece_is_flagged_with_a_link(auth, client, newsroom, make_article, checked):
    article = _article(make_article, newsroom["rob"], OTHER_TOLL, headline="Rebels' count")
    conflict = [f for f in copydesk.article_flags(article) if f.flag.rule == copydesk.CONFLICT_RULE]
    assert len(conflict) == 1
    f = conflict[0]
    assert f.flag.severity == "warning" and f.flag.text.startswith(OTHER_TOLL)
    assert "Wagner's heaviest losses in Mali" in f.flag.message and "84 here, from 20 to 80 there" in f.flag.message
    assert (f.related.article_id, f.related.claim_id) == (checked.article_id, checked.id)
    auth.login("fay")
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    card = page[page.index(f'id="flag-{f.key}"'):]
    card = card[:card.index("</li>")]
    assert f'href="/articles/{checked.article_id}">Wagner&#39;s heaviest losses in Mali</a>' in card
    # an unpublished piece giving another figure is no conflict with the public record
    transitions.transition(newsroom["ed"], checked.article_id, "unpublished", comment="Legal")
    assert not [f for f in copydesk.article_flags(db.session.get(Article, article.id))
                if f.flag.rule == copydesk.CONFLICT_RULE]


def test_the_same_figure_is_no_conflict(newsroom, make_article, checked):
    article = _article(make_article, newsroom["rob"], REWORDED)
    assert not [f for f in copydesk.article_flags(article) if f.flag.rule == copydesk.CONFLICT_RULE]


def test_the_conflict_flag_blocks_until_dismissed(newsroom, make_article, checked):
    from editorial.services import gate

    article = _article(make_article, newsroom["rob"], OTHER_TOLL)
    f = next(f for f in copydesk.article_flags(article) if f.flag.rule == copydesk.CONFLICT_RULE)
    assert f"flag-{f.key}" in [b.field for b in gate.readiness(article).blockers]
    copydesk.dismiss(newsroom["ed"], article.id, key=f.key, reason="The rebels' count, attributed",
                     version=article.version, exact=f.flag.text)
    assert f"flag-{f.key}" not in [b.field for b in gate.readiness(db.session.get(Article, article.id)).blockers]


# -- the archive and the queue ----------------------------------------------------------------------------


def test_the_archive_lists_checked_claims_with_filters(auth, client, newsroom, checked, follow_up):
    claims.reuse(newsroom["fay"], follow_up.id, checked.id)
    claims.update(newsroom["ed"], follow_up.id, status="verified", comment="confirmed")
    auth.login("fay")
    page = client.get("/claims/archive").get_data(as_text=True)
    assert f'id="archive-claim-{checked.id}"' in page and f'id="archive-claim-{follow_up.id}"' in page
    assert f"reused from <a href=\"/claims/{checked.id}\">" in page
    by_fay = client.get(f"/claims/archive?checker={newsroom['fay'].id}").get_data(as_text=True)
    assert f'id="archive-claim-{checked.id}"' in by_fay and f'id="archive-claim-{follow_up.id}"' not in by_fay
    assert "archive-claim-" not in client.get("/claims/archive?verdict=false").get_data(as_text=True)
    assert "archive-claim-" not in client.get("/claims/archive?since=2999-01-01").get_data(as_text=True)
    assert f'id="archive-claim-{checked.id}"' in client.get("/claims/archive?section=Africa").get_data(as_text=True)
    # words: the claims' full-text index, the claim's own words or its source's (after the reuse, both have it)
    notes = client.get("/claims/archive?q=counts+agree").get_data(as_text=True)  # the checked one's notes
    assert f'id="archive-claim-{checked.id}"' in notes and f'id="archive-claim-{follow_up.id}"' not in notes
    by_source = client.get("/claims/archive?q=ministry+defence").get_data(as_text=True)
    assert f'id="archive-claim-{checked.id}"' in by_source and f'id="archive-claim-{follow_up.id}"' in by_source
    assert "archive-claim-" not in client.get("/claims/archive?q=helicopter").get_data(as_text=True)
    assert "archive-claim-" not in client.get("/claims/archive?q=%22%22").get_data(as_text=True)  # no word at all
    bad = client.get("/claims/archive?since=yesterday")
    assert bad.status_code == 422 and f'id="archive-claim-{checked.id}"' in bad.get_data(as_text=True)


def test_the_archive_pages_by_claim_id(auth, client, checked, follow_up, newsroom, monkeypatch):
    from editorial.services import claim_archive

    claims.update(newsroom["fay"], follow_up.id, status="verified", comment="ok")
    monkeypatch.setattr(claim_archive, "PER_PAGE", 1)
    auth.login("fay")
    first = client.get("/claims/archive").get_data(as_text=True)
    assert f'id="archive-claim-{follow_up.id}"' in first and f'id="archive-claim-{checked.id}"' not in first
    assert f'href="/claims/archive?before={follow_up.id}"' in first
    second = client.get(f"/claims/archive?before={follow_up.id}").get_data(as_text=True)
    assert f'id="archive-claim-{checked.id}"' in second


def test_the_archive_is_for_staff_who_work_claims(auth, client, checked):
    auth.login("rita")
    assert client.get("/claims/archive").status_code == 403
    auth.logout()
    assert client.get("/claims/archive").status_code == 302  # to the login page


def test_the_fact_checker_queue_counts_open_claims_checked_before(auth, client, newsroom, checked, follow_up):
    auth.login("fay")
    page = client.get("/").get_data(as_text=True)
    assert "1 open claim checked before" in page


# -- the API ----------------------------------------------------------------------------------------------


def test_the_matches_api(api, newsroom, checked, follow_up, make_user):
    api.login("fay")
    body = api("GET", f"/claims/{follow_up.id}/matches").get_json()
    assert body["matches"] == [{
        "kind": "same", "score": pytest.approx(body["matches"][0]["score"]), "reasons": ["figures agree"],
        "claim": {"id": checked.id, "article_id": checked.article_id, "text": TOLL, "status": "verified",
                  "verdict": "Mostly true"},
    }]
    make_user("roy", "reporter")
    assert api.login("roy")("GET", f"/claims/{follow_up.id}/matches").status_code == 404
    assert api("GET", "/claims/999999/matches").status_code == 404


# -- the public feed --------------------------------------------------------------------------------------


def test_the_fact_check_feed_is_json_feed_with_claimreview(client, checked, follow_up):
    response = client.get("/fact-checks.json")
    assert response.status_code == 200 and response.mimetype == "application/feed+json"
    assert response.headers["Cache-Control"].startswith("public, max-age=")
    feed = json.loads(response.get_data(as_text=True))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    [item] = feed["items"]  # the follow-up is not published: only the checked, published claim
    review = item["_claimreview"]
    assert review["@type"] == "ClaimReview" and review["reviewRating"]["alternateName"] == "Mostly true"
    assert item["id"] == review["url"] and review["url"].endswith(f"#claim-{checked.id}")
    assert item["title"].startswith("Mostly true: ")
    home = client.get("/news/").get_data(as_text=True) if client.get("/news/").status_code == 200 else \
        client.get(f"/news/{checked.article_id}", follow_redirects=True).get_data(as_text=True)
    assert '<link rel="alternate" type="application/feed+json"' in home


def test_another_figure_checked_before_is_shown_apart_and_cannot_be_reused(auth, client, newsroom, make_article,
                                                                          checked):
    other = _claim(newsroom["fay"], _article(make_article, newsroom["rob"], OTHER_TOLL), OTHER_TOLL)
    auth.login("fay")
    page = client.get(f"/claims/{other.id}").get_data(as_text=True)
    section = page[page.index('id="checked-before"'):page.index('id="sources"')]
    assert 'class="memory-item memory-contradiction"' in section
    assert "Another figure: 84 vs from 20 to 80" in section
    assert "Reuse verdict and sources" not in section  # another figure's verdict does not carry over
    article_page = client.get(f"/articles/{other.article_id}").get_data(as_text=True)
    assert "Checked before: 1 match</a> (another figure)" in article_page


def test_the_conflict_flag_names_the_piece_as_published_not_a_revision_in_review(newsroom, make_article, checked):
    from editorial.services import articles

    published = db.session.get(Article, checked.article_id)
    articles.save(newsroom["rita"], published.id, {"headline": "Secret new headline", "body_html": published.body_html},
                  base_version=published.version)  # back in review; the published revision stays live
    article = _article(make_article, newsroom["rob"], OTHER_TOLL)
    [f] = [f for f in copydesk.article_flags(article) if f.flag.rule == copydesk.CONFLICT_RULE]
    assert "Wagner's heaviest losses in Mali" in f.flag.message and "Secret" not in f.flag.message
    assert f.related.headline == "Wagner's heaviest losses in Mali"
