"""Spans sent by clients (claims, comments, dismissals; API and browser forms) say which version of the text
they were taken from and carry the selected words: a selection made before an edit lands on the same words,
or is refused with 409 and the current text; never created on other words (issue 10, part 3)."""

from __future__ import annotations

import pytest

from editorial.models import Claim, CommentThread, FlagDismissal
from editorial.services import articles, copydesk, transitions
from editorial.services.access import get_article
from tests.conftest import Api

BODY = ("<p>Rebels attacked the convoy near Kidal on Tuesday, local officials said.</p>"
        "<p>Hospital officials said 40 people were hurt in the attack, and the the road stayed closed.</p>")
WORDS = "40 people were hurt"
ABOVE = "<p>Update: the army confirmed the attack in a statement on Wednesday evening.</p>"


@pytest.fixture
def story(newsroom, make_article):
    article = make_article(newsroom["rita"], body_html=BODY)
    transitions.transition(newsroom["rita"], article.id, "in_review")
    return article


def _selection(article, words=WORDS) -> dict:
    """What a client holds after selecting `words` on the article as it is now."""
    start = article.body_text.index(words)
    return {"start": start, "end": start + len(words), "exact": words, "version": article.version}


def _edit(newsroom, article, body_html):
    """Rita saves an edit; returns the article as it is afterwards."""
    current = get_article(newsroom["rita"], article.id)
    articles.save(newsroom["rita"], article.id, {"body_html": body_html}, base_version=current.version)
    return get_article(newsroom["rita"], article.id)


def _repeated_flag(article):
    return next(f for f in copydesk.article_flags(article) if f.flag.rule == "repetition.repeated-word")


# -- through the API -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("user", "kind", "extra"), [("fay", "claims", {}), ("ed", "comments", {"body": "Source?"})])
def test_api_span_selected_before_an_edit_above_lands_on_the_same_words(client, newsroom, story, user, kind, extra):
    chosen = _selection(story)
    after = _edit(newsroom, story, ABOVE + BODY)
    assert after.body_text[chosen["start"]:chosen["end"]] != WORDS  # the old offsets now hold other words
    response = Api(client).login(user)("POST", f"/articles/{story.id}/{kind}", {**chosen, **extra})
    assert response.status_code == 201, response.get_json()
    anchor = response.get_json()["anchor"]
    assert anchor["exact"] == WORDS and after.body_text[anchor["start"]:anchor["end"]] == WORDS


@pytest.mark.parametrize(("user", "kind", "extra", "model"),
                         [("fay", "claims", {}, Claim), ("ed", "comments", {"body": "Source?"}, CommentThread)])
def test_api_span_on_words_edited_since_is_refused_with_the_current_text(client, newsroom, story, user, kind, extra,
                                                                          model):
    chosen = _selection(story)
    after = _edit(newsroom, story, ABOVE + BODY.replace("40 people were hurt", "48 people were injured"))
    response = Api(client).login(user)("POST", f"/articles/{story.id}/{kind}", {**chosen, **extra})
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "text_changed" and WORDS in error["message"]
    assert error["version"] == after.version and error["body_text"] == after.body_text
    assert model.query.count() == 0


def test_api_offsets_that_do_not_hold_the_words_find_the_words_or_are_refused(client, newsroom, story):
    fay = Api(client).login("fay")
    wrong = {**_selection(story), "start": 0, "end": len(WORDS)}  # current version, offsets of other words
    found = fay("POST", f"/articles/{story.id}/claims", wrong)
    assert found.status_code == 201 and found.get_json()["anchor"]["exact"] == WORDS
    twice = {"start": 0, "end": len("officials said"), "exact": "officials said", "version": story.version}
    twice["start"] = story.body_text.index("officials said") + 1  # off by one, and the words are there twice
    twice["end"] = twice["start"] + len("officials said")
    refused = fay("POST", f"/articles/{story.id}/claims", twice)
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "text_changed"
    assert Claim.query.count() == 1


def test_api_dismissal_with_a_key_from_before_an_edit(client, newsroom, story):
    flag = _repeated_flag(story)
    ed = Api(client).login("ed")
    shown = {"reason": "Quoting verbatim", "version": story.version, "exact": flag.flag.text}
    assert ed("POST", f"/articles/{story.id}/flags/{flag.key}/dismissal",
              {"reason": "Quoting verbatim"}).get_json()["error"]["field"] == "version"
    after = _edit(newsroom, story, ABOVE + BODY)
    response = ed("POST", f"/articles/{story.id}/flags/{flag.key}/dismissal", shown)
    assert response.status_code == 201, response.get_json()
    assert _repeated_flag(after).dismissal is not None and response.get_json()["text"] == flag.flag.text
    listed = ed("GET", f"/articles/{story.id}/flags").get_json()
    assert listed["version"] == after.version  # what a client sends back with a key


def test_api_dismissal_of_words_edited_since_is_refused(client, newsroom, story):
    flag, shown = _repeated_flag(story), {"reason": "x", "version": story.version}
    _edit(newsroom, story, ABOVE + BODY.replace("the the road", "the tarmac road"))
    response = Api(client).login("ed")("POST", f"/articles/{story.id}/flags/{flag.key}/dismissal",
                                       {**shown, "exact": flag.flag.text})
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "text_changed"
    assert FlagDismissal.query.count() == 0


# -- through the browser forms ---------------------------------------------------------------------------


def _form(chosen: dict, **more) -> dict:
    return {**{k: str(v) for k, v in chosen.items()}, **more}


def test_claim_form_selected_before_an_edit_above_lands_on_the_same_words(client, auth, newsroom, story):
    chosen = _selection(story)
    after = _edit(newsroom, story, ABOVE + BODY)
    auth.login("fay")
    response = client.post(f"/articles/{story.id}/claims/new", data=_form(chosen, summary="Toll"))
    assert response.status_code == 302
    claim = Claim.query.one()
    assert claim.exact == WORDS and after.body_text[claim.start:claim.end] == WORDS


def test_claim_form_on_edited_words_is_shown_again_with_what_was_typed(client, auth, newsroom, story):
    chosen = _selection(story)
    _edit(newsroom, story, ABOVE + BODY.replace("40 people were hurt", "48 people were injured"))
    auth.login("fay")
    response = client.post(f"/articles/{story.id}/claims/new", data=_form(chosen, summary="Hospital toll"))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "were edited since version 1" in page and 'value="Hospital toll"' in page and f"{WORDS}</textarea>" in page
    assert Claim.query.count() == 0


def test_claim_form_without_a_version_is_refused_keeping_what_was_typed(client, auth, story):
    auth.login("fay")
    chosen = _selection(story)
    del chosen["version"]
    response = client.post(f"/articles/{story.id}/claims/new", data=_form(chosen, summary="Hospital toll"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "did not say which version" in page and 'value="Hospital toll"' in page
    assert Claim.query.count() == 0


def test_comment_form_before_an_edit_lands_on_the_same_words_or_is_refused(client, auth, newsroom, story):
    chosen = _selection(story)
    after = _edit(newsroom, story, ABOVE + BODY)
    auth.login("ed")
    response = client.post(f"/articles/{story.id}/comments", data=_form(chosen, body="Which hospital?", next="show"))
    assert response.status_code == 302
    thread = CommentThread.query.one()
    assert thread.exact == WORDS and after.body_text[thread.start:thread.end] == WORDS

    chosen = _selection(after, "local officials said")
    _edit(newsroom, after, ABOVE + BODY.replace("local officials said", "a spokesman said"))
    response = client.post(f"/articles/{story.id}/comments", data=_form(chosen, body="Name them?", next="show"))
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "were edited since version" in page and "Name them?</textarea>" in page
    assert CommentThread.query.count() == 1


def test_dismissal_form_with_a_key_from_before_an_edit(client, auth, newsroom, story):
    flag = _repeated_flag(story)
    page_data = {"key": flag.key, "exact": flag.flag.text, "version": str(story.version), "reason": "Verbatim"}
    after = _edit(newsroom, story, ABOVE + BODY)
    auth.login("ed")
    assert client.post(f"/articles/{story.id}/flags/dismiss", data=page_data).status_code == 302
    assert _repeated_flag(after).dismissal is not None

    flag = _repeated_flag(after)
    FlagDismissal.query.delete()
    from editorial.database import db
    db.session.commit()
    page_data = {"key": flag.key, "exact": flag.flag.text, "version": str(after.version), "reason": "Verbatim quote"}
    _edit(newsroom, after, ABOVE + BODY.replace("the the road", "the tarmac road"))
    client.post(f"/articles/{story.id}/flags/dismiss", data=page_data)
    page = client.get(f"/articles/{story.id}").get_data(as_text=True)
    assert "were edited since version" in page and "Your reason was: “Verbatim quote”" in page
    assert FlagDismissal.query.count() == 0
