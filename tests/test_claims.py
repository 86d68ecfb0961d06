"""Claims through the services: anchoring through edits, needs_recheck, sources, the gate, permissions."""

from __future__ import annotations

import pytest

from editorial.claims import ClaimStatus
from editorial.models import Claim, Event, Source
from editorial.services import articles, claims, gate, transitions
from editorial.services.errors import Conflict, Forbidden, Invalid, NotFound

BODY = ("<p>While exact figures remain undisclosed, estimates indicate Wagner's death toll ranges from 20 to 80, "
        "marking their heaviest losses in Mali.</p>"
        "<p>Tuareg separatists claimed to have killed 84 Wagner mercenaries and 47 Malian soldiers.</p>")
RANGE = "ranges from 20 to 80"


@pytest.fixture
def article(newsroom, make_article):
    a = make_article(newsroom["rita"], body_html=BODY)
    transitions.transition(newsroom["rita"], a.id, "in_review")
    return a


def _span(article, words):
    start = article.body_text.index(words)
    return start, start + len(words)


def test_create_from_a_selection(newsroom, article):
    start, end = _span(article, RANGE)
    claim = claims.create(newsroom["fay"], article.id, start=start, end=end)
    assert (claim.status, claim.summary, claim.exact, claim.anchor_state) == (ClaimStatus.UNVERIFIED, RANGE, RANGE, "anchored")
    assert claim.prefix.endswith("death toll ") and claim.suffix.startswith(", marking")
    assert Event.query.filter_by(kind="claim_created").one().details["text"] == RANGE


def test_create_from_a_quote_and_from_a_flag(newsroom, article):
    by_quote = claims.create(newsroom["fay"], article.id, exact="84 Wagner mercenaries", summary="Tuareg toll")
    assert article.body_text[by_quote.start:by_quote.end] == "84 Wagner mercenaries"
    from editorial.services import copydesk

    flag = next(f for f in copydesk.article_flags(article) if f.flag.category == "claim" and "Tuareg" in f.flag.text)
    from_flag = claims.create(newsroom["ed"], article.id, flag_key=flag.key)
    assert from_flag.flag_rule == flag.flag.rule and from_flag.exact == flag.flag.text


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"start": 5, "end": 5}, Invalid, "not in the text"),
        ({"start": 0, "end": 10_000}, Invalid, "not in the text"),
        ({"start": "1", "end": 4}, Invalid, "whole numbers"),
        ({"exact": "not in the article"}, Invalid, "not in the text"),
        ({"exact": "Wagner"}, Invalid, "more than once"),
        ({}, Invalid, "say which words"),
        ({"flag_key": "body-nope-1-2"}, NotFound, "no longer there"),
    ],
)
def test_bad_spans_are_refused_clearly(newsroom, article, kwargs, error, message):
    with pytest.raises(error, match=message):
        claims.create(newsroom["fay"], article.id, **kwargs)
    assert Claim.query.count() == 0


def test_who_works_on_claims(newsroom, article, make_article):
    start, end = _span(article, RANGE)
    with pytest.raises(Forbidden):
        claims.create(newsroom["rita"], article.id, start=start, end=end)
    draft = make_article(newsroom["rita"], body_html=BODY)
    with pytest.raises(NotFound):  # a fact-checker does not see private drafts
        claims.create(newsroom["fay"], draft.id, start=start, end=end)
    claim = claims.create(newsroom["fay"], article.id, start=start, end=end)
    with pytest.raises(Conflict, match="already a claim"):
        claims.create(newsroom["ed"], article.id, start=start, end=end)
    with pytest.raises(NotFound):
        claims.get(newsroom["rob"], claim.id)


def test_status_changes_are_audited(newsroom, article):
    start, end = _span(article, RANGE)
    claim = claims.create(newsroom["fay"], article.id, start=start, end=end)
    claims.update(newsroom["fay"], claim.id, status="verified", comment="Two independent tallies", notes="See sources")
    assert claim.status == ClaimStatus.VERIFIED and claim.verified_exact == RANGE and claim.notes == "See sources"
    event = Event.query.filter_by(kind="claim_status").one()
    assert (event.from_state, event.to_state, event.comment) == ("unverified", "verified", "Two independent tallies")
    with pytest.raises(Invalid, match="set by the app"):
        claims.update(newsroom["fay"], claim.id, status="needs_recheck")
    with pytest.raises(Invalid, match="not a claim status"):
        claims.update(newsroom["fay"], claim.id, status="maybe")


def test_claim_follows_its_words_and_needs_recheck_when_they_change(newsroom, article):
    rita, fay = newsroom["rita"], newsroom["fay"]
    start, end = _span(article, RANGE)
    claim = claims.create(fay, article.id, start=start, end=end)
    claims.update(fay, claim.id, status="verified")

    # an edit elsewhere: the claim moves with its words and stays verified
    articles.save(rita, article.id, {"body_html": "<p>A new first paragraph.</p>" + BODY}, base_version=1)
    assert claim.anchor_state == "moved" and claim.exact == RANGE and claim.status == ClaimStatus.VERIFIED
    assert article.body_text[claim.start:claim.end] == RANGE

    # its own words edited: changed, needs_recheck, old and new wording kept
    edited = ("<p>A new first paragraph.</p>" + BODY).replace("20 to 80", "20 to 90")
    articles.save(rita, article.id, {"body_html": edited}, base_version=2)
    assert claim.anchor_state == "changed" and claim.status == ClaimStatus.NEEDS_RECHECK
    assert (claim.previous_exact, claim.exact) == (RANGE, "ranges from 20 to 90")
    assert claim.verified_exact == RANGE
    assert Event.query.filter_by(kind="claim_status", to_state="needs_recheck").count() == 1

    # the words deleted: orphaned, never attached elsewhere; the stored anchor is kept
    articles.save(rita, article.id, {"body_html": "<p>A new first paragraph.</p><p>Nothing else.</p>"}, base_version=3)
    assert claim.anchor_state == "orphaned" and claim.exact == "ranges from 20 to 90"
    blockers = {b.code for b in gate.blockers(article)}
    assert "claim_orphaned" in blockers
    claims.close(fay, claim.id, "The figure was cut from the piece")
    assert "claim_orphaned" not in {b.code for b in gate.blockers(article)}


def test_a_repeated_name_claim_stays_on_its_own_occurrence(newsroom, make_article):
    body = "<p>Wagner said one thing.</p><p>Later Wagner said another.</p><p>Wagner said a third.</p>"
    article = make_article(newsroom["rita"], body_html=body)
    transitions.transition(newsroom["rita"], article.id, "in_review")
    second = article.body_text.index("Later Wagner") + len("Later ")
    claim = claims.create(newsroom["fay"], article.id, start=second, end=second + len("Wagner"))
    articles.save(newsroom["rita"], article.id, {"body_html": "<p>Intro.</p>" + body}, base_version=1)
    assert article.body_text[claim.start - len("Later "):claim.end] == "Later Wagner"


def test_sources_are_stored_once_per_url(newsroom, article):
    fay = newsroom["fay"]
    a = claims.create(fay, article.id, exact="ranges from 20 to 80")
    b = claims.create(fay, article.id, exact="84 Wagner mercenaries")
    claims.attach_source(fay, a.id, url="HTTPS://Example.org:443/report#p2", title="Casualty report",
                         publisher="Example", excerpt="between 20 and 80", stance="supports", kind="primary")
    link = claims.attach_source(fay, b.id, url="https://example.org/report", stance="contradicts")
    assert Source.query.count() == 1 and link.source.url == "https://example.org/report"
    assert link.source.title == "Casualty report"  # the library keeps what it knows
    with pytest.raises(Conflict, match="already attached"):
        claims.attach_source(fay, a.id, url="https://example.org/report")
    for bad in ("javascript:alert(1)", "ftp://example.org/x", "example.org", "https://user:pw@example.org/"):
        with pytest.raises(Invalid):
            claims.attach_source(fay, a.id, url=bad)
    with pytest.raises(Invalid, match="not a stance"):
        claims.attach_source(fay, a.id, url="https://other.example/x", stance="agrees")
    assert [s.url for s in claims.search_sources("casualty")] == ["https://example.org/report"]


def test_the_gate_waits_for_claims_and_claim_flags(newsroom, article):
    fay, ed = newsroom["fay"], newsroom["ed"]
    transitions.transition(ed, article.id, "approved")
    codes = [b.code for b in gate.blockers(article)]
    assert codes.count("claim_flag") >= 2  # both statements are unchecked
    for flag_blocker in [b for b in gate.blockers(article) if b.code == "claim_flag"]:
        claims.create(fay, article.id, flag_key=flag_blocker.field.removeprefix("flag-"))
    # 20 to 80 vs 84 Wagner deaths: each figure is attributed ("estimates indicate", "Tuareg separatists
    # claimed"), so the conflict is a note that the sources differ, not an open flag blocking publication.
    assert {b.code for b in gate.blockers(article)} == {"claim_open"}
    for claim in claims.for_article(article):
        claims.update(fay, claim.id, status="verified")
    assert gate.blockers(article) == []
    transitions.transition(ed, article.id, "published")
    assert article.state.value == "published"


def test_assignment_and_recheck_notify_the_checkers(newsroom, article, make_user):
    from editorial.models import Notification
    from editorial.services import assignments

    fay, ed, rita = newsroom["fay"], newsroom["ed"], newsroom["rita"]
    other = make_user("faye", "fact_checker", name="Faye Other")
    assignments.assign(ed, article.id, other.id)
    claim = claims.create(fay, article.id, exact=RANGE)
    claims.assign(ed, claim.id, fay.id)
    assert "gave you a claim to check" in Notification.query.filter_by(user_id=fay.id).one().message
    with pytest.raises(Invalid):
        claims.assign(ed, claim.id, rita.id)
    claims.update(fay, claim.id, status="verified")
    articles.save(rita, article.id, {"body_html": BODY.replace("20 to 80", "20 to 90")}, base_version=1)
    for person in (fay, other):
        messages = [n.message for n in Notification.query.filter_by(user_id=person.id)]
        assert any("needs a recheck" in m for m in messages), person.username
