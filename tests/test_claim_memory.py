"""Claim memory (services/claim_memory.py): matches found and stored as a claim is made, read back with access
checks; the term index."""

from __future__ import annotations

import sqlalchemy as sa

from editorial.database import db
from editorial.models import ClaimMatch, ClaimTerm
from editorial.services import claim_index, claim_memory, claims, transitions

TOLL = "Wagner's death toll in the Tinzaouaten ambush ranges from 20 to 80"
REWORDED = "Between twenty and eighty Wagner fighters died in the Tinzaouaten ambush"
OTHER_TOLL = "Separatists say they killed 84 Wagner fighters in the Tinzaouaten ambush"
UNRELATED = "The central bank in Bamako raised interest rates to 5.25%"


def _article(make_article, author, sentence):
    a = make_article(author, body_html=f"<p>{sentence}.</p><p>{UNRELATED}.</p>")
    transitions.transition(author, a.id, "in_review")
    return a


def _claim(actor, article, words):
    start = article.body_text.index(words)
    return claims.create(actor, article.id, start=start, end=start + len(words), version=article.version)


def test_a_reworded_claim_in_another_article_is_stored_as_the_same_claim(newsroom, make_article):
    fay = newsroom["fay"]
    first = _claim(fay, _article(make_article, newsroom["rita"], TOLL), TOLL)
    follow_up = _claim(fay, _article(make_article, newsroom["rob"], REWORDED), REWORDED)
    rows = claim_memory.matches(fay, follow_up.id)
    assert [(r.match_id, r.verdict) for r in rows] == [(first.id, "same")]
    assert "figures agree" in rows[0].reasons


def test_another_toll_is_stored_as_a_contradiction(newsroom, make_article):
    fay = newsroom["fay"]
    first = _claim(fay, _article(make_article, newsroom["rita"], TOLL), TOLL)
    other = _claim(fay, _article(make_article, newsroom["rob"], OTHER_TOLL), OTHER_TOLL)
    rows = claim_memory.matches(fay, other.id)
    assert [(r.match_id, r.verdict) for r in rows] == [(first.id, "contradiction")]
    assert rows[0].reasons.startswith("other figure: 84 / from 20 to 80")


def test_claims_of_the_same_article_and_different_claims_are_not_matches(newsroom, make_article):
    fay = newsroom["fay"]
    article = _article(make_article, newsroom["rita"], TOLL)
    _claim(fay, article, TOLL)
    same_article = _claim(fay, article, UNRELATED)
    elsewhere = _claim(fay, _article(make_article, newsroom["rob"], TOLL), UNRELATED)
    assert claim_memory.matches(fay, same_article.id) == []
    # the other article's rate claim matches the first article's rate claim, not its toll
    assert [r.match.exact for r in claim_memory.matches(fay, elsewhere.id)] == [UNRELATED]


def test_the_term_index_is_written_with_the_claim(newsroom, make_article):
    claim = _claim(newsroom["fay"], _article(make_article, newsroom["rita"], TOLL), TOLL)
    terms = set(db.session.execute(sa.select(ClaimTerm.term).where(ClaimTerm.claim_id == claim.id)).scalars())
    assert {"n:wagner", "n:tinzaouaten"} <= terms


def test_a_match_in_an_article_the_reader_may_not_read_is_left_out(newsroom, make_article):
    fay, rob = newsroom["fay"], newsroom["rob"]
    _claim(fay, _article(make_article, newsroom["rita"], TOLL), TOLL)  # Rita's piece: Rob may not read it
    robs = _claim(fay, _article(make_article, rob, REWORDED), REWORDED)
    assert len(db.session.execute(sa.select(ClaimMatch).where(ClaimMatch.claim_id == robs.id)).all()) == 1
    assert claim_memory.matches(fay, robs.id) != []
    assert claim_memory.matches(rob, robs.id) == []


def test_claims_made_before_claim_memory_are_indexed_by_the_upgrade_and_found(newsroom, make_article):
    """A database from before claim memory has claims without terms: `db upgrade` (services/claim_index.py)
    indexes them, and a claim made after finds them."""
    fay = newsroom["fay"]
    first = _claim(fay, _article(make_article, newsroom["rita"], TOLL), TOLL)
    db.session.execute(sa.delete(ClaimMatch))
    db.session.execute(sa.delete(ClaimTerm))
    db.session.commit()
    assert claim_index.bring_up_to_date(lambda _: None) == 1
    second = _claim(fay, _article(make_article, newsroom["rob"], REWORDED), REWORDED)
    assert [r.match_id for r in claim_memory.matches(fay, second.id)] == [first.id]
