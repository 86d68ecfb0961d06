"""Copy-desk flags are computed once per revision and stored with it (RevisionFlags): later views read them
back; a dictionary word, a house-style change or a new revision makes the next read compute them again; what
depends on other rows (dismissals, conflicts with published pieces) is never stored."""

from __future__ import annotations

import json
import threading
import time

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from editorial.checks import Flag, check_text, fingerprint
from editorial.checks.document import Document
from editorial.database import db
from editorial.models import Article, Revision, RevisionFlags
from editorial.services import articles, claims, copydesk, gate, transitions
from tests.test_claim_memory_pages import OTHER_TOLL, SOURCE, TOLL, _article, _claim

BODY = "<p>Colonel Assimi Goïta spoke in Bamako.</p><p>The programme will organize a colour festival.</p>"


@pytest.fixture
def runs(monkeypatch) -> list[str]:
    """Each run of the checks engine by the copy desk, by the body it checked."""
    seen: list[str] = []

    def counted(text, **kwargs):
        seen.append(text)
        return check_text(text, **kwargs)

    monkeypatch.setattr(copydesk, "check_text", counted)
    return seen


def _stored(article_id: int) -> dict[int, RevisionFlags]:
    """The stored rows of an article's revisions, by revision number, as committed."""
    db.session.rollback()
    rows = db.session.execute(
        sa.select(Revision.number, RevisionFlags).join(RevisionFlags, RevisionFlags.revision_id == Revision.id)
        .where(Revision.article_id == article_id)
    ).all()
    return {number: row for number, row in rows}


def _page(client, article_id: int) -> str:
    response = client.get(f"/articles/{article_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_second_view_of_the_article_page_does_not_run_the_checks(auth, client, piece, runs):
    auth.login("ed")
    first = _page(client, piece.id)
    assert runs == [piece.body_text]  # the first view computes the flags of revision 1 ...
    assert list(_stored(piece.id)) == [1]  # ... and commits them with the revision
    second = _page(client, piece.id)
    assert runs == [piece.body_text]  # the second reads them back
    for page in (first, second):
        assert "Mbeki edmond" in page and "profile photo.webp" in page and "ranges from 20 to 80" in page
    # the gate reads the same stored row
    assert "open_flag" in [b.code for b in gate.blockers(db.session.get(Article, piece.id))]
    assert len(runs) == 1


def test_the_api_flags_answer_is_stored_and_read_back(api, seeded, runs):
    api.login("ed")
    first = api("GET", f"/articles/{seeded['id']}/flags").get_json()
    second = api("GET", f"/articles/{seeded['id']}/flags").get_json()
    assert len(runs) == 1 and first == second and first["blocking"] > 0


def test_a_dictionary_word_added_recomputes_the_flags_on_the_next_view(auth, client, newsroom, make_article, runs):
    article = make_article(newsroom["rita"], body_html=BODY)
    auth.login("ed")
    assert "Verify the spelling of the name “Goïta”" in _page(client, article.id)
    before = _stored(article.id)[1].checks_key
    count = len(runs)
    copydesk.add_word(newsroom["ed"], "Goïta")
    _page(client, article.id)
    assert len(runs) == count + 1  # the key changed: computed again once ...
    row = _stored(article.id)[1]
    assert row.checks_key != before and "Goïta" not in {f["text"] for f in row.flags}  # ... and stored
    assert "Goïta" not in _flagged(article.id)
    assert "Verify the spelling of the name “Goïta”" not in _page(client, article.id)
    assert len(runs) == count + 1  # then read back again


def test_the_house_spelling_changed_recomputes_the_flags_on_the_next_view(auth, client, newsroom, make_article,
                                                                         runs):
    article = make_article(newsroom["rita"], body_html=BODY)
    auth.login("ed")
    _page(client, article.id)
    assert _mixed(article.id) == ["organize"]  # either spelling: the article's majority (British) decides
    count = len(runs)
    copydesk.set_spelling_variety(newsroom["ada"], "american")
    _page(client, article.id)
    assert len(runs) == count + 1
    assert _mixed(article.id) == ["programme", "colour"]
    copydesk.add_style_rule(newsroom["ada"], kind="banned", phrase="festival", reason="Say what it is.")
    page = _page(client, article.id)
    assert len(runs) == count + 2 and "Say what it is." in page


def _flagged(article_id: int) -> set[str]:
    return {f.flag.text for f in copydesk.article_flags(db.session.get(Article, article_id))}


def _mixed(article_id: int) -> list[str]:
    return [f["text"] for f in _stored(article_id)[1].flags if f["rule"] == "consistency.uk-us-mix"]


def test_a_save_makes_a_revision_whose_flags_the_next_view_stores(auth, client, newsroom, make_article, runs):
    """Lazily: the save does not run the checks (its transaction holds SQLite's write lock); the first view of
    the new revision does, once, and keeps them with that revision. The old revision's row goes: only the
    current text is ever checked."""
    rita = newsroom["rita"]
    article = make_article(rita, body_html="<p>The army said the the convoy was attacked.</p>")
    auth.login("ed")
    _page(client, article.id)
    stored = _stored(article.id)
    assert [f["text"] for f in stored[1].flags if f["rule"] == "repetition.repeated-word"] == ["the the"]
    articles.save(rita, article.id, {"body_html": "<p>The army said the convoy was attacked twice twice.</p>"},
                  base_version=1)
    count = len(runs)
    page = _page(client, article.id)
    assert len(runs) == count + 1 and "twice twice" in page
    stored = _stored(article.id)
    assert list(stored) == [2]
    assert [f["text"] for f in stored[2].flags if f["rule"] == "repetition.repeated-word"] == ["twice twice"]
    _page(client, article.id)
    assert len(runs) == count + 1


def test_stored_flags_are_the_flags_a_fresh_check_gives(piece, newsroom):
    """The seed article: what is read back from the database equals what the engine computes now, flag for
    flag (with suggestions, reasons and offsets), and so do the flags a page shows with their dismissals."""
    fresh = copydesk.check(piece.body_text, headline=piece.headline, dateline=piece.dateline_date)
    first = copydesk.shown_flags(piece)  # computed and stored
    db.session.expire_all()
    article = db.session.get(Article, piece.id)
    assert copydesk.revision_flags(article) == fresh
    stored = _stored(piece.id)[1]
    text = piece.body_text
    figures = [[s.start, s.end] for s in Document(text).sentences if any(c.isdigit() for c in text[s.start:s.end])]
    assert figures and stored.figure_sentences == figures
    again = copydesk.shown_flags(article)  # read back
    assert [f.to_dict() for f in again] == [f.to_dict() for f in first]
    assert any(f.flag.suggestions for f in again) and any(f.flag.reasons for f in again)


@given(st.lists(st.sampled_from(["Mbeki edmond", "the the", "Goverment", "colour", "organize", "20 to 80 people",
                                 "said on Tuesday", "top of page", "in order to", "Goïta", "“quoted”", "."]),
                max_size=12))
def test_a_flag_read_back_from_json_is_the_flag_that_was_stored(words):
    text = " ".join(words) + "."
    flags = check_text(text, headline="Mali cuts ties", suggestions=True)
    assert [Flag.from_record(json.loads(json.dumps(f.to_record()))) for f in flags] == flags


def test_a_new_version_of_the_checks_recomputes(piece, runs, monkeypatch):
    copydesk.shown_flags(piece)
    assert len(runs) == 1
    copydesk.shown_flags(piece)
    assert len(runs) == 1
    monkeypatch.setattr(fingerprint, "checks_version", lambda: "a rule changed")
    copydesk.shown_flags(piece)
    assert len(runs) == 2


def test_text_that_is_not_the_revisions_is_never_answered_from_its_row(piece, runs):
    """The key covers the checked text: an article whose fields differ from its revision row (a bulk import, a
    hand edit) gets its own flags, not the row's."""
    copydesk.shown_flags(piece)
    db.session.execute(sa.update(Article).where(Article.id == piece.id).values(
        body_text="A new text with a typo: teh.", version=Article.version))
    db.session.commit()
    flags = copydesk.revision_flags(db.session.get(Article, piece.id))
    assert len(runs) == 2 and [f.text for f in flags if f.rule == "spelling.unknown-word"] == ["teh"]


def test_readers_racing_after_a_change_each_write_without_error(piece):
    """Two readers computed the same revision's flags under different keys: the later upsert replaces the
    row (no unique-key error), and the next read compares keys again."""
    revision_id = db.session.execute(sa.select(Revision.id).where(Revision.article_id == piece.id)).scalar_one()
    flag = Flag("x.rule", "spelling", "error", 0, 1, "A", "m")
    assert copydesk._remember(revision_id, "a" * 64, copydesk.Checked([flag], [(0, 1)]))
    assert copydesk._remember(revision_id, "b" * 64, copydesk.Checked([], []))
    db.session.commit()
    row = db.session.get(RevisionFlags, revision_id)
    assert (row.checks_key, row.flags, row.figure_sentences) == ("b" * 64, [], [])
    flags = copydesk.revision_flags(db.session.get(Article, piece.id))  # a stale key: computed again
    assert flags == copydesk.check(piece.body_text, headline=piece.headline, dateline=piece.dateline_date)


def test_dismissals_and_conflicts_with_published_pieces_are_never_stored(newsroom, make_article, runs):
    """Both depend on other rows: a dismissal or a publication elsewhere changes them with no new revision and
    no check run, and the stored row never holds them."""
    fay, ed = newsroom["fay"], newsroom["ed"]
    first = _article(make_article, newsroom["rita"], TOLL, headline="Wagner's heaviest losses in Mali")
    claim = _claim(fay, first, TOLL)
    claims.attach_source(fay, claim.id, url=SOURCE, title="Army statement", publisher="Ministry of Defence")
    claims.update(fay, claim.id, rating="mostly_true", notes="Two counts agree.", comment="checked")
    article = _article(make_article, newsroom["rob"], OTHER_TOLL, headline="Rebels' count")
    copydesk.shown_flags(article)
    assert runs.count(article.body_text) == 1
    assert not _conflicts(article.id)  # the other piece is not public yet
    for target in ("approved", "published"):
        transitions.transition(ed, first.id, target, override_reason="test" if target == "published" else "")
    [conflict] = _conflicts(article.id)
    assert conflict.dismissal is None
    copydesk.dismiss(ed, article.id, key=conflict.key, reason="The rebels' count, attributed",
                     version=article.version, exact=conflict.flag.text)
    [conflict] = _conflicts(article.id)
    assert conflict.dismissal is not None and conflict.dismissal.reason == "The rebels' count, attributed"
    transitions.transition(ed, first.id, "unpublished", comment="Legal")
    assert not _conflicts(article.id)
    assert runs.count(article.body_text) == 1  # none of this ran the checks on it again
    stored = _stored(article.id)[1]
    assert copydesk.CONFLICT_RULE not in {f["rule"] for f in stored.flags}
    assert all(set(f) == set(Flag.__slots__) for f in stored.flags)  # a flag's own fields: no dismissal in it


def _conflicts(article_id: int):
    return [f for f in copydesk.article_flags(db.session.get(Article, article_id))
            if f.flag.rule == copydesk.CONFLICT_RULE]


def test_a_reader_storing_while_another_holds_the_row_waits_and_both_answer(app, piece, caplog):
    """A burst of readers after a dictionary change: one has written the row and not yet committed; another
    reader, on its own connection, computes the same flags, waits for the row (PostgreSQL) or the write lock
    (SQLite), then writes them too. Nobody gets an error; the row holds the current key."""
    article = db.session.get(Article, piece.id)
    revision_id = db.session.execute(sa.select(Revision.id).where(Revision.article_id == piece.id)).scalar_one()
    fresh = copydesk.check(piece.body_text, headline=piece.headline, dateline=piece.dateline_date)
    assert copydesk._remember(revision_id, "stale" + "0" * 59, copydesk.Checked([], []))  # held, uncommitted
    answers: list = []

    def other_reader() -> None:
        with app.app_context():
            answers.append([f.flag for f in copydesk.shown_flags(db.session.get(Article, piece.id))])
            db.session.remove()

    reader = threading.Thread(target=other_reader)
    reader.start()
    time.sleep(0.5)
    assert reader.is_alive()  # waiting for this transaction
    db.session.commit()
    reader.join(timeout=20)
    assert not reader.is_alive() and answers == [fresh]
    assert "not stored" not in caplog.text
    db.session.expire_all()
    assert copydesk._checked(db.session.get(Article, article.id)) == (copydesk.Checked(fresh, _figures(piece)), False)


def _figures(piece) -> list[tuple[int, int]]:
    text = piece.body_text
    return [(s.start, s.end) for s in Document(text).sentences if any(c.isdigit() for c in text[s.start:s.end])]


def test_a_page_storing_flags_never_commits_a_change_its_caller_left_pending(piece):
    article = db.session.get(Article, piece.id)
    article.section = "Not saved"
    copydesk.shown_flags(article)  # computes and stores the flags, but must not commit the section with them
    db.session.rollback()
    assert db.session.get(Article, piece.id).section == "Africa" and not _stored(piece.id)
