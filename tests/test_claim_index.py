"""`db upgrade` rebuilds claim memory's terms when the matcher changed (services/claim_index.py): claims indexed
by an older matcher are found by the claims made after the upgrade, and an upgrade with the same matcher touches
nothing."""

from __future__ import annotations

import sqlalchemy as sa

from editorial import claim_matching
from editorial.database import db
from editorial.models import ClaimTerm, HouseSetting
from editorial.services import claim_index, claim_memory
from tests.test_claim_memory import REWORDED, TOLL, _article, _claim


def _terms(claim_id: int) -> set[str]:
    return set(db.session.execute(sa.select(ClaimTerm.term).where(ClaimTerm.claim_id == claim_id)).scalars())


def _as_if_an_older_matcher_built(claim_id: int) -> None:
    """Terms another matcher would have made (stems it no longer makes), and its version on record."""
    db.session.execute(sa.delete(ClaimTerm).where(ClaimTerm.claim_id == claim_id))
    db.session.add_all(ClaimTerm(claim_id=claim_id, term=t) for t in ("w:tolls", "w:rangez"))
    row = db.session.get(HouseSetting, claim_index.SETTING) or HouseSetting(key=claim_index.SETTING)
    row.value = "older-matcher"
    db.session.add(row)
    db.session.commit()


def test_db_upgrade_rebuilds_terms_an_older_matcher_made_and_the_claim_is_found_again(
        newsroom, make_article, runner):
    fay = newsroom["fay"]
    first = _claim(fay, _article(make_article, newsroom["rita"], TOLL), TOLL)
    expected = _terms(first.id)
    _as_if_an_older_matcher_built(first.id)
    assert not claim_index.current()

    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "the terms of 1 open claim(s) rebuilt" in result.output
    db.session.expire_all()
    assert _terms(first.id) == expected
    assert db.session.get(HouseSetting, claim_index.SETTING).value == claim_matching.version()

    follow_up = _claim(fay, _article(make_article, newsroom["rob"], REWORDED), REWORDED)
    assert [r.match_id for r in claim_memory.matches(fay, follow_up.id)] == [first.id]


def test_an_upgrade_with_the_same_matcher_rebuilds_nothing(newsroom, make_article, runner):
    fay = newsroom["fay"]
    claim = _claim(fay, _article(make_article, newsroom["rita"], TOLL), TOLL)
    assert claim_index.bring_up_to_date(lambda _: None) == 0  # terms already as this matcher makes them
    assert claim_index.current()
    db.session.execute(sa.delete(ClaimTerm).where(ClaimTerm.claim_id == claim.id))  # would be rebuilt if read
    db.session.commit()
    again = runner.invoke(args=["db", "upgrade"])
    assert again.exit_code == 0 and "rebuilt" not in again.output
    assert _terms(claim.id) == set()
    assert claim_index.bring_up_to_date(lambda _: None, force=True) == 1
    assert _terms(claim.id)


def test_the_version_follows_the_matcher_source(monkeypatch):
    before = claim_matching.version()
    claim_matching.version.cache_clear()
    monkeypatch.setattr(claim_matching, "MATCHER_LIBRARIES", ("snowballstemmer", "lemminflect", "a-new-lexicon"))
    try:
        assert claim_matching.version() != before
    finally:
        claim_matching.version.cache_clear()
