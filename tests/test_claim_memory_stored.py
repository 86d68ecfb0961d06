"""Claim memory stored per revision: the article page reads each revision's stored answers ("checked before",
conflicts with published pieces) while the claim memory stamp has not moved, and never shows a stale one: a claim
checked, a piece published or unpublished elsewhere moves the stamp in the same transaction, and the next view
recomputes."""

from __future__ import annotations

import sqlalchemy as sa

from editorial.database import db, utcnow
from editorial.models import Article, ClaimMemoryStamp, Revision, RevisionFlags
from editorial.services import claims, copydesk, memory_stamp, transitions
from tests.sql_capture import statements
from tests.test_claim_memory_pages import OTHER_TOLL, REWORDED, TOLL, _article, _claim


def _statements(client, path: str) -> tuple[str, list[str]]:
    response, seen = statements(client, path)
    return response.get_data(as_text=True), seen


def _stamp() -> int:
    return db.session.execute(sa.select(ClaimMemoryStamp.stamp)).scalar_one()


def _stored(article_id: int) -> RevisionFlags:
    db.session.expire_all()
    article = db.session.get(Article, article_id)
    return db.session.execute(
        sa.select(RevisionFlags).join(Revision, Revision.id == RevisionFlags.revision_id)
        .where(Revision.article_id == article.id, Revision.number == article.version)).scalar_one()


def _flags_tab(page: str) -> str:
    return page[page.index('id="flags"'):]


def test_a_second_view_reads_the_stored_answers_without_matching_again(auth, client, newsroom, make_article):
    earlier = _article(make_article, newsroom["rita"], TOLL, headline="Wagner's heaviest losses in Mali")
    claim = _claim(newsroom["fay"], earlier, TOLL)
    claims.update(newsroom["fay"], claim.id, rating="mostly_true", comment="checked")
    fresh = _article(make_article, newsroom["rob"], REWORDED, headline="After the ambush")
    auth.login("fay")
    first, ran = _statements(client, f"/articles/{fresh.id}")
    assert any("claim_terms" in s for s in ran)  # matched once…
    assert f'href="/claims/{claim.id}">Mostly true, claim {claim.id}</a>' in _flags_tab(first)
    stored = _stored(fresh.id)
    assert stored.memory_stamp == _stamp() and any(stored.memory.values())
    again, ran = _statements(client, f"/articles/{fresh.id}")
    assert not any("claim_terms" in s for s in ran)  # …then read back
    assert not any(s.startswith(("UPDATE", "INSERT")) for s in ran)
    assert f'href="/claims/{claim.id}">Mostly true, claim {claim.id}</a>' in _flags_tab(again)


def test_a_claim_checked_elsewhere_shows_as_checked_before_on_the_next_view(auth, client, newsroom, make_article):
    earlier = _article(make_article, newsroom["rita"], TOLL, headline="Wagner's heaviest losses in Mali")
    claim = _claim(newsroom["fay"], earlier, TOLL)  # not checked yet: nothing to show
    fresh = _article(make_article, newsroom["rob"], REWORDED, headline="After the ambush")
    auth.login("fay")
    page, _ = _statements(client, f"/articles/{fresh.id}")
    assert "Checked before:" not in _flags_tab(page)
    before = _stamp()
    claims.update(newsroom["fay"], claim.id, rating="mostly_true", comment="checked")
    assert _stamp() > before  # moved with the verdict, in its transaction
    page, ran = _statements(client, f"/articles/{fresh.id}")
    assert any("claim_terms" in s for s in ran)  # recomputed, once
    assert f'href="/claims/{claim.id}">Mostly true, claim {claim.id}</a>' in _flags_tab(page)
    assert _stored(fresh.id).memory_stamp == _stamp()


def test_a_newly_published_conflicting_figure_is_flagged_on_the_next_view_and_unpublished_it_goes(
        auth, client, newsroom, make_article):
    ed = newsroom["ed"]
    earlier = _article(make_article, newsroom["rita"], TOLL, headline="Wagner's heaviest losses in Mali")
    _claim(newsroom["fay"], earlier, TOLL)
    article = _article(make_article, newsroom["rob"], OTHER_TOLL, headline="Rebels' count")
    auth.login("fay")
    page, _ = _statements(client, f"/articles/{article.id}")
    assert "Wagner&#39;s heaviest losses in Mali" not in page  # not public: no conflict yet
    for target in ("approved", "published"):
        transitions.transition(ed, earlier.id, target, override_reason="test" if target == "published" else "")
    page, _ = _statements(client, f"/articles/{article.id}")
    assert f'href="/articles/{earlier.id}">Wagner&#39;s heaviest losses in Mali</a>' in page
    transitions.transition(ed, earlier.id, "unpublished", comment="Legal")
    page, _ = _statements(client, f"/articles/{article.id}")
    assert f'href="/articles/{earlier.id}">Wagner&#39;s heaviest losses in Mali</a>' not in page


def test_moves_that_change_nothing_claim_memory_reads_leave_the_stamp(newsroom, make_article):
    rita = newsroom["rita"]
    article = _article(make_article, rita, REWORDED)  # a piece never published going into review
    stamp = _stamp()
    transitions.transition(newsroom["ed"], article.id, "changes_requested", comment="More")
    assert _stamp() == stamp
    claim = _claim(newsroom["fay"], article, REWORDED)  # a claim made: the term index changed
    assert _stamp() == stamp + 1
    claims.update(newsroom["fay"], claim.id, summary="The toll")  # its summary is not matched
    assert _stamp() == stamp + 1


def test_a_rolled_back_change_moves_nothing_and_leaves_nothing_pending(newsroom, make_article):
    article = _article(make_article, newsroom["rita"], TOLL)
    claim = _claim(newsroom["fay"], article, TOLL)
    stamp = _stamp()
    db.session.get(type(claim), claim.id).exact = "changed"
    db.session.flush()
    assert memory_stamp.changed(db.session())
    db.session.rollback()
    assert not memory_stamp.changed(db.session())
    db.session.commit()
    assert _stamp() == stamp


def test_in_a_transaction_that_changed_claims_the_answers_are_computed_from_its_own_changes(newsroom,
                                                                                           make_article):
    """A service that checks a piece after changing claims in the same transaction (the gate on publish) never
    reads answers stored before its own change."""
    earlier = _article(make_article, newsroom["rita"], TOLL, headline="Wagner's heaviest losses in Mali")
    claim = _claim(newsroom["fay"], earlier, TOLL)
    article = _article(make_article, newsroom["rob"], OTHER_TOLL, headline="Rebels' count")
    for target in ("approved", "published"):
        transitions.transition(newsroom["ed"], earlier.id, target, override_reason="test" if target == "published" else "")
    assert [f for f in copydesk.shown_flags(article) if f.flag.rule == copydesk.CONFLICT_RULE]  # stored
    db.session.get(type(claim), claim.id).closed_at = utcnow()  # closed, not committed
    db.session.flush()
    assert not [f for f in copydesk.article_flags(db.session.get(Article, article.id))
                if f.flag.rule == copydesk.CONFLICT_RULE]
    db.session.rollback()
