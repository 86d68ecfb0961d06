"""Articles: revisions, restore, stale saves refused, edits that send a piece back to review."""

from __future__ import annotations

import pytest

from editorial.models import Event, Revision
from editorial.services import articles, transitions
from editorial.services.errors import Forbidden, Invalid, NotFound, StaleVersion
from editorial.workflow import State


def test_create_makes_revision_one(newsroom, make_article):
    article = make_article(newsroom["rita"], body_html="<p>One <script>x()</script></p><p>Two</p>")
    assert article.version == 1 and article.state == State.DRAFT
    assert article.body_html == "<p>One </p><p>Two</p>"
    assert article.body_text == "One\n\nTwo"
    assert [a.username for a in article.authors] == ["rita"]
    (rev,) = articles.revisions(article)
    assert (rev.number, rev.headline, rev.body_text, rev.author.username) == (1, article.headline, "One\n\nTwo", "rita")
    assert Event.query.filter_by(kind="article_created", article_id=article.id).count() == 1


def test_every_save_is_an_immutable_revision(newsroom, make_article):
    rita = newsroom["rita"]
    article = make_article(rita)
    articles.save(rita, article.id, {"headline": "Second"}, base_version=1)
    articles.save(rita, article.id, {"body_html": "<p>Third body</p>"}, base_version=2, note="rewrote")
    assert article.version == 3
    numbers = [(r.number, r.headline, r.body_text, r.note) for r in articles.revisions(article)]
    assert numbers == [
        (3, "Second", "Third body", "rewrote"),
        (2, "Second", "Wagner fighters were ambushed.", ""),
        (1, "Mali cuts ties with Ukraine", "Wagner fighters were ambushed.", ""),
    ]


def test_saving_nothing_new_makes_no_revision(newsroom, make_article):
    article = make_article(newsroom["rita"])
    articles.save(newsroom["rita"], article.id, {"headline": article.headline}, base_version=1)
    assert article.version == 1 and len(articles.revisions(article)) == 1


def test_stale_save_is_refused_and_changes_nothing(newsroom, make_article):
    rita, ed = newsroom["rita"], newsroom["ed"]
    article = make_article(rita)
    articles.save(ed, article.id, {"headline": "Editor's headline"}, base_version=1)
    with pytest.raises(StaleVersion) as refused:
        articles.save(rita, article.id, {"headline": "Rita's headline"}, base_version=1)
    assert refused.value.current.version == 2 and refused.value.status == 409
    article = articles.revision(article, 2)
    assert article.headline == "Editor's headline"
    assert Revision.query.count() == 2


def test_restore_makes_a_new_revision(newsroom, make_article):
    rita = newsroom["rita"]
    article = make_article(rita, tags=["Mali", "Wagner"])
    articles.save(rita, article.id, {"headline": "Changed", "tags": []}, base_version=1)
    articles.restore(rita, article.id, 1, base_version=2)
    assert article.version == 3 and article.headline == "Mali cuts ties with Ukraine" and article.tags == ["Mali", "Wagner"]
    newest = articles.revisions(article)[0]
    assert newest.restored_from == 1 and newest.note == "Restored revision 1"
    with pytest.raises(StaleVersion):
        articles.restore(rita, article.id, 1, base_version=2)
    with pytest.raises(NotFound):
        articles.restore(rita, article.id, 99, base_version=3)


def test_editing_an_approved_piece_sends_it_back_to_review(newsroom, make_article):
    rita, ed = newsroom["rita"], newsroom["ed"]
    article = make_article(rita)
    transitions.transition(rita, article.id, "in_review")
    transitions.transition(ed, article.id, "approved")
    assert article.approved_revision_id is not None
    articles.save(rita, article.id, {"body_html": "<p>Changed after approval</p>"}, base_version=1)
    assert article.state == State.IN_REVIEW and article.approved_revision_id is None
    event = Event.query.filter_by(kind="sent_back_by_edit").one()
    assert (event.from_state, event.to_state) == ("approved", "in_review")


def test_published_piece_keeps_its_live_revision_while_the_edit_is_reviewed(newsroom, make_article):
    rita, ed = newsroom["rita"], newsroom["ed"]
    article = make_article(rita)
    for actor, target in ((rita, "in_review"), (ed, "approved"), (ed, "published")):
        transitions.transition(actor, article.id, target)
    live = article.published_revision_id
    with pytest.raises(Forbidden):  # another reporter cannot touch it
        articles.save(newsroom["rob"], article.id, {"headline": "x"}, base_version=1)
    articles.save(rita, article.id, {"headline": "Corrected"}, base_version=1)  # its author starts a correction
    assert article.state == State.IN_REVIEW and article.published_revision_id == live


def test_who_may_edit(newsroom, make_article):
    article = make_article(newsroom["rita"])
    with pytest.raises(NotFound):  # rob cannot even see rita's draft
        articles.save(newsroom["rob"], article.id, {"headline": "x"}, base_version=1)
    with pytest.raises(NotFound):
        articles.save(newsroom["fay"], article.id, {"headline": "x"}, base_version=1)
    articles.save(newsroom["ed"], article.id, {"headline": "Editor may"}, base_version=1)


def test_only_writers_create(newsroom):
    with pytest.raises(Forbidden):
        articles.create(newsroom["fay"], {"headline": "x"})


@pytest.mark.parametrize(
    ("raw", "field", "message"),
    [
        ({"dateline_date": "4 Aug 2024"}, "dateline_date", "YYYY-MM-DD"),
        ({"headline": "x" * 301}, "headline", "too long"),
        ({"tags": ["ok", "y" * 41]}, "tags", "too long"),
        ({"byline": ["nobody"]}, "byline", "No person"),
        ({"byline": []}, "byline", "at least one"),
        ({"colour": "red"}, None, "Unknown field colour"),
        ({"body_html": 42}, "body_html", "HTML text"),
    ],
)
def test_bad_input_names_the_field(newsroom, make_article, raw, field, message):
    article = make_article(newsroom["rita"])
    with pytest.raises(Invalid, match=message) as refused:
        articles.save(newsroom["rita"], article.id, raw, base_version=1)
    assert refused.value.field == field
    assert article.version == 1


def test_byline_by_username_and_tags_deduplicated(newsroom, make_article):
    article = make_article(newsroom["rita"], byline=["rita", "rob"], tags="Mali, wagner, Wagner , ")
    assert [a.username for a in article.authors] == ["rita", "rob"]
    assert article.tags == ["Mali", "wagner"]
    assert article.is_author(newsroom["rob"])


def test_import_keeps_the_seed_as_given(newsroom, seed_text):
    article = articles.import_draft(newsroom["rita"], seed_text)
    assert article.headline == "top of page"
    assert "Mbeki edmond" in article.body_text and "profile photo.webp" in article.body_text
    assert "ranges from 20 to 80" in article.body_text
    with pytest.raises(Invalid, match="no text"):
        articles.import_draft(newsroom["rita"], "   ")
