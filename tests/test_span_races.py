"""Claims created while saves commit, by real concurrent processes on the same database (SQLite file or
PostgreSQL): each lands on the words selected, none is orphaned or on other words (issue 10, part 3).

Without the writers' lock a claim could take its offsets from text a save had just superseded, and the
save's re-anchoring (which only sees committed claims) would miss it: "2 of 10 came out orphaned and one
landed on 'h 8 says 80 pe'"."""

from __future__ import annotations

import multiprocessing

from editorial.database import db
from editorial.models import Article, Claim
from editorial.services import articles, transitions
from editorial.services.access import get_article

SENTENCES = [f"Witness {n} said {10 * n + 7} fighters crossed the river at dawn." for n in range(1, 31)]
BODY = "".join(f"<p>{s}</p>" for s in SENTENCES)
CHECKERS = 2


def _app(url: str):
    from editorial import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "race", "TESTING": True})


def _save_loop(url: str, article_id: int, go, stop, out) -> None:
    """Rita keeps adding a paragraph above everything until the claims are in: every offset moves each time."""
    from editorial.services import people

    app = _app(url)
    with app.app_context():
        rita = people.by_username("rita")
        go.wait(30)
        saved = 0
        while not stop.is_set() and saved < 500:
            n = saved
            current = get_article(rita, article_id)
            body = f"<p>Update {n}: more witnesses came forward today.</p>" + current.body_html
            articles.save(rita, article_id, {"body_html": body}, base_version=current.version)
            saved += 1
        out.put(("saves", saved))


def _claim_loop(url: str, article_id: int, selections: list[dict], go, out) -> None:
    """A fact-checker sends selections all taken at version 1 while the saves go on."""
    from editorial.services import claims, people

    app = _app(url)
    with app.app_context():
        fay = people.by_username("fay")
        go.wait(30)
        for chosen in selections:
            try:
                claim = claims.create(fay, article_id, **chosen)
                out.put(("created", claim.id, chosen["exact"]))
            except Exception as e:  # reported to the test, which fails on any
                out.put(("error", repr(e), chosen["exact"]))


def test_claims_created_while_saves_commit_land_on_the_selected_words(app, newsroom, make_article, database_url):
    article = make_article(newsroom["rita"], body_html=BODY)
    transitions.transition(newsroom["rita"], article.id, "in_review")
    article_id, text, version = article.id, article.body_text, article.version
    selections = []
    for sentence in SENTENCES:
        words = sentence.split(" said ")[1].removesuffix(".")  # "17 fighters crossed the river at dawn"
        start = text.index(words)
        selections.append({"start": start, "end": start + len(words), "exact": words, "version": version})
    db.session.commit()
    db.session.close()  # nothing held open by the test while the processes work,
    db.engine.dispose()  # and no connection shared with them

    spawn = multiprocessing.get_context("fork")
    go, stop, out = spawn.Event(), spawn.Event(), spawn.Queue()
    workers = [spawn.Process(target=_save_loop, args=(database_url, article_id, go, stop, out))]
    workers += [spawn.Process(target=_claim_loop, args=(database_url, article_id, selections[i::CHECKERS], go, out))
                for i in range(CHECKERS)]
    for w in workers:
        w.start()
    go.set()
    reports = [out.get(timeout=120) for _ in range(len(selections))]
    stop.set()
    reports.append(out.get(timeout=60))
    for w in workers:
        w.join(60)
        assert w.exitcode == 0

    assert [r for r in reports if r[0] == "error"] == []
    saves = reports[-1][1]
    final = db.session.get(Article, article_id)
    assert saves > 0 and final.version == version + saves
    created = Claim.query.all()
    assert len(created) == len(selections)
    for claim in created:
        assert claim.anchor_state != "orphaned", claim.exact
        assert final.body_text[claim.start:claim.end] == claim.exact
    assert sorted(c.exact for c in created) == sorted(s["exact"] for s in selections)
