"""Claim pages and forms: made from a selection, a quote or a claim flag; status with a reason, sources
(typed or reused from the library), orphans closed or re-attached, assignment; refusals keep what was typed."""

from __future__ import annotations

import re

from markupsafe import escape

from editorial.models import Claim, Source
from editorial.services import articles, claims, copydesk
from editorial.services.access import get_article

QUOTE = "ranges from 20 to 80"


def _span(article, words=QUOTE):
    start = article.body_text.index(words)
    return start, start + len(words)


def _claim_flag(article, words=QUOTE):
    return next(f for f in copydesk.article_flags(article) if f.flag.category == "claim" and words in f.flag.text)


def test_a_fact_checker_makes_a_claim_from_a_selection(piece, auth, client):
    auth.login("fay")
    start, end = _span(piece)
    response = client.post(f"/articles/{piece.id}/claims/new",
                           data={"start": str(start), "end": str(end), "exact": QUOTE, "version": str(piece.version),
                                 "summary": "Wagner lost 20 to 80 fighters"})
    claim = Claim.query.one()
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/articles/{piece.id}#claim-{claim.id}")
    assert (claim.exact, claim.summary, claim.created_by.username) == (QUOTE, "Wagner lost 20 to 80 fighters", "fay")

    page = client.get(f"/articles/{piece.id}").get_data(as_text=True)
    item = page[page.index(f'id="claim-{claim.id}"'):]
    item = item[: item.index("</li>")]
    assert 'class="claim-pill claim-unverified">Unverified<' in item
    assert f'data-start="{start}" data-end="{end}"' in item and f"“{QUOTE}”" in item
    assert "Wagner lost 20 to 80 fighters" in item
    assert "made <a href" in page and f"/claims/{claim.id}" in page  # the timeline tells it
    # the gate lists the new claim with a link to it on this page
    assert re.search(rf'<a href="#claim-{claim.id}">Claim “Wagner lost 20 to 80 fighters” is unverified\.</a>', page)


def test_a_claim_from_quoted_words_and_a_refused_quote_keeps_what_was_typed(piece, auth, client):
    auth.login("fay")
    response = client.post(f"/articles/{piece.id}/claims/new",
                           data={"exact": "84 Wagner mercenaries", "summary": ""})
    assert response.status_code == 302
    assert Claim.query.one().summary == "84 Wagner mercenaries"  # the quote is the default summary

    response = client.post(f"/articles/{piece.id}/claims/new",
                           data={"exact": "a million Wagner mercenaries", "summary": "Huge losses"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Those words are not in the text" in page
    assert "a million Wagner mercenaries</textarea>" in page and 'value="Huge losses"' in page
    assert Claim.query.count() == 1


def test_the_same_words_twice_are_refused_with_the_reason(piece, auth, client):
    auth.login("fay")
    start, end = _span(piece)
    data = {"start": str(start), "end": str(end), "exact": QUOTE, "version": str(piece.version), "summary": ""}
    client.post(f"/articles/{piece.id}/claims/new", data=data)
    response = client.post(f"/articles/{piece.id}/claims/new", data=data)
    assert response.status_code == 409
    assert "There is already a claim on these words" in response.get_data(as_text=True)


def test_a_reporter_cannot_make_claims_and_sees_no_claim_forms(piece, auth, client):
    auth.login("rita")
    page = client.get(f"/articles/{piece.id}").get_data(as_text=True)
    assert 'id="claims"' in page and 'id="new-claim"' not in page and "Make it a claim" not in page
    start, end = _span(piece)
    response = client.post(f"/articles/{piece.id}/claims/new", data={"start": str(start), "end": str(end),
                                                                       "exact": QUOTE, "version": str(piece.version)})
    assert response.status_code == 403
    assert "Only fact-checkers and editors work on claims." in response.get_data(as_text=True)
    assert Claim.query.count() == 0


def test_make_it_a_claim_from_a_claim_flag(piece, auth, client):
    auth.login("ed")
    flag = _claim_flag(piece)
    page = client.get(f"/articles/{piece.id}").get_data(as_text=True)
    item = page[page.index(f'id="flag-{flag.key}"'):]
    item = item[: item.index("</li>")]
    assert f'name="flag_key" value="{flag.key}"' in item and "Make it a claim" in item

    assert f'name="exact" value="{escape(flag.flag.text)}"' in item and f'name="version" value="{piece.version}"' in item
    response = client.post(f"/articles/{piece.id}/claims/new",
                           data={"flag_key": flag.key, "exact": flag.flag.text, "version": str(piece.version)})
    assert response.status_code == 302
    claim = Claim.query.one()
    assert claim.flag_rule == flag.flag.rule and (claim.start, claim.end) == (flag.flag.start, flag.flag.end)
    page = client.get(f"/articles/{piece.id}").get_data(as_text=True)
    item = page[page.index(f'id="flag-{flag.key}"'):]
    item = item[: item.index("</li>")]
    # the form stays in the page, hidden, for the triage's undo to show again
    assert "A claim covers these words." in item and 'class="inline make-claim" hidden>' in item
    assert '<p class="claimed" hidden>' not in item
    assert "from a copy-desk flag" in page


def test_a_flag_that_is_gone_is_refused_clearly(piece, auth, client):
    auth.login("ed")
    response = client.post(f"/articles/{piece.id}/claims/new",
                           data={"flag_key": "no-such-flag", "exact": "x", "version": str(piece.version)})
    assert response.status_code == 404
    assert "That flag is no longer there" in response.get_data(as_text=True)


def _claim(piece, newsroom, words=QUOTE):
    start, end = _span(piece, words)
    return claims.create(newsroom["fay"], piece.id, start=start, end=end)


def test_status_change_with_a_reason_is_in_the_history(piece, newsroom, auth, client):
    claim = _claim(piece, newsroom)
    auth.login("fay")
    response = client.post(f"/claims/{claim.id}/status", data={
        "status": "verified", "notes": "Two agencies give the same range.", "comment": "Checked AFP and Reuters"})
    assert response.status_code == 302
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "The claim is now verified, rated “True”." in page
    assert 'class="claim-pill claim-verified">Verified<' in page and "Two agencies give the same range." in page
    history = page[page.index("<h2>History</h2>"):]
    assert "marked <a" in history and "verified (was unverified)" in history
    assert "<blockquote>Checked AFP and Reuters</blockquote>" in history
    assert f"Claim “{QUOTE}” is" not in client.get(f"/articles/{piece.id}").get_data(as_text=True)


def test_needs_recheck_cannot_be_chosen_and_the_form_keeps_its_text(piece, newsroom, auth, client):
    claim = _claim(piece, newsroom)
    auth.login("fay")
    response = client.post(f"/claims/{claim.id}/status",
                           data={"status": "needs_recheck", "notes": "my notes", "comment": "why"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Not a valid choice" in page and "my notes</textarea>" in page
    assert claims.get(newsroom["fay"], claim.id).status.value == "unverified"


def test_a_claim_to_recheck_preselects_no_verdict(piece, newsroom, auth, client):
    claim = _claim(piece, newsroom)
    claims.update(newsroom["fay"], claim.id, status="verified")
    edited = piece.body_html.replace("ranges from 20 to 80", "ranges from 20 to 90")
    articles.save(newsroom["rita"], piece.id, {"body_html": edited}, base_version=piece.version)
    assert claims.get(newsroom["fay"], claim.id).status.value == "needs_recheck"
    auth.login("fay")
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert '<option selected value="">Choose a new verdict…</option>' in page
    assert 'selected value="in_progress"' not in page
    untouched = client.post(f"/claims/{claim.id}/status", data={"status": "", "notes": "", "comment": ""})
    assert untouched.status_code == 302 and claims.get(newsroom["fay"], claim.id).status.value == "needs_recheck"
    done = client.post(f"/claims/{claim.id}/status", data={"status": "verified", "notes": "", "comment": "90 is right"})
    assert done.status_code == 302 and claims.get(newsroom["fay"], claim.id).status.value == "verified"


def test_summary_is_edited_and_an_empty_one_refused(piece, newsroom, auth, client):
    claim = _claim(piece, newsroom)
    auth.login("ed")
    assert client.post(f"/claims/{claim.id}/summary", data={"summary": "Death toll 20–80"}).status_code == 302
    assert "Death toll 20–80" in client.get(f"/articles/{piece.id}").get_data(as_text=True)
    response = client.post(f"/claims/{claim.id}/summary", data={"summary": "   "})
    assert response.status_code == 422 and "This field is required." in response.get_data(as_text=True)


def test_a_source_is_attached_and_a_bad_address_refused_with_everything_kept(piece, newsroom, auth, client):
    claim = _claim(piece, newsroom)
    auth.login("fay")
    typed = {"url": "ftp://example.org/report", "title": "UN panel report", "publisher": "United Nations",
             "author": "Panel of Experts", "date_published": "2024-07-30", "date_accessed": "2024-08-02",
             "excerpt": "between 20 and 80 fighters", "stance": "supports", "kind": "primary"}
    response = client.post(f"/claims/{claim.id}/sources", data=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "A source needs a web address starting with http:// or https://." in page
    for value in ("ftp://example.org/report", "UN panel report", "United Nations", "Panel of Experts", "2024-07-30"):
        assert f'value="{value}"' in page
    assert "between 20 and 80 fighters</textarea>" in page
    assert re.search(r'<option selected value="primary">|<option value="primary" selected>', page)

    response = client.post(f"/claims/{claim.id}/sources", data={**typed, "url": "https://UN.org/report#p4"})
    assert response.status_code == 302
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "https://un.org/report" in page and "accessed 2024-08-02" in page and "published 2024-07-30" in page
    article_page = client.get(f"/articles/{piece.id}").get_data(as_text=True)
    assert 'class="stance stance-supports">supports<' in article_page and "UN panel report" in article_page
    assert "attached a source to" in article_page


def test_a_library_source_is_found_and_reused(piece, newsroom, auth, client):
    first = _claim(piece, newsroom)
    second = _claim(piece, newsroom, "84 Wagner mercenaries")
    claims.attach_source(newsroom["fay"], first.id, url="https://www.reuters.com/world/africa/mali-wagner",
                         title="Wagner suffers heavy losses", publisher="Reuters")
    auth.login("fay")
    page = client.get(f"/claims/{second.id}?q=heavy+losses").get_data(as_text=True)
    source = Source.query.one()
    assert "Wagner suffers heavy losses" in page and f"use={source.id}" in page
    page = client.get(f"/claims/{second.id}?q=heavy+losses&use={source.id}").get_data(as_text=True)
    assert 'value="https://www.reuters.com/world/africa/mali-wagner"' in page and 'value="Reuters"' in page
    assert "Nothing in the library matches" in client.get(f"/claims/{second.id}?q=zzz").get_data(as_text=True)

    response = client.post(f"/claims/{second.id}/sources", data={
        "url": source.url, "stance": "contradicts", "kind": "news"})
    assert response.status_code == 302
    assert Source.query.count() == 1  # one URL, stored once
    assert [link.stance.value for link in claims.get(newsroom["fay"], second.id).links] == ["contradicts"]


def test_an_orphan_is_shown_with_its_old_words_and_closed_with_a_reason(piece, newsroom, auth, client):
    claim = _claim(piece, newsroom)
    body = piece.body_html.replace("death toll ranges from 20 to 80, marking their heaviest losses", "sadness")
    assert body != piece.body_html
    articles.save(newsroom["rita"], piece.id, {"body_html": body}, base_version=piece.version)
    assert claims.get(newsroom["fay"], claim.id).anchor_state == "orphaned"

    auth.login("fay")
    page = client.get(f"/articles/{piece.id}").get_data(as_text=True)
    item = page[page.index(f'id="claim-{claim.id}"'):]
    item = item[: item.index("</li>")]
    assert "Lost its words" in item and f"Last seen as “{QUOTE}”" in item
    assert "Re-attach to the selected words" in item and "Close claim" in item

    response = client.post(f"/claims/{claim.id}/close", data={"reason": ""})
    assert response.status_code == 422 and "Say why the claim is closed." in response.get_data(as_text=True)
    response = client.post(f"/claims/{claim.id}/close", data={"reason": "The sentence was cut"})
    assert response.status_code == 302
    page = client.get(f"/articles/{piece.id}").get_data(as_text=True)
    assert "Closed claims" in page and "The sentence was cut" in page
    assert "lost its words in an edit" in page  # the timeline says what happened to it


def test_an_orphan_is_reattached_to_a_selection(piece, newsroom, auth, client):
    claim = _claim(piece, newsroom)
    body = piece.body_html.replace("ranges from 20 to 80", "is unknown")
    articles.save(newsroom["rita"], piece.id, {"body_html": body}, base_version=piece.version)
    auth.login("fay")
    response = client.post(f"/claims/{claim.id}/reattach", data={"start": "", "end": ""})
    assert response.status_code == 302
    assert "Select the words in the article first" in client.get(f"/articles/{piece.id}").get_data(as_text=True)

    current = get_article(newsroom["fay"], piece.id)
    start = current.body_text.index("is unknown")
    response = client.post(f"/claims/{claim.id}/reattach", data={"start": str(start), "end": str(start + 10),
                                                                 "exact": "is unknown", "version": str(current.version)})
    assert response.status_code == 302
    reattached = claims.get(newsroom["fay"], claim.id)
    assert reattached.exact == "is unknown" and reattached.anchor_state == "anchored"
    assert "re-attached <a" in client.get(f"/articles/{piece.id}").get_data(as_text=True)


def test_a_claim_is_given_to_a_fact_checker(piece, newsroom, auth, client):
    claim = _claim(piece, newsroom)
    auth.login("ed")
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Fay Checker" in page and "Rita Reporter" not in page.split('id="user_id"')[1].split("</select>")[0]
    response = client.post(f"/claims/{claim.id}/assign", data={"user_id": str(newsroom["fay"].id)})
    assert response.status_code == 302
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Assigned to Fay Checker." in page and "gave <a" in page
    response = client.post(f"/claims/{claim.id}/assign", data={"user_id": str(newsroom["rita"].id)})
    assert response.status_code == 422


def test_claims_of_an_article_you_cannot_see_answer_404(newsroom, auth, client, make_article):
    draft = make_article(newsroom["rita"], body_html="<p>Wagner lost 80 fighters.</p>")
    claim = claims.create(newsroom["ed"], draft.id, exact="80 fighters")
    auth.login("fay")  # a draft is the reporter's own until submitted
    assert client.get(f"/claims/{claim.id}").status_code == 404
    assert client.post(f"/claims/{claim.id}/status", data={"status": "verified"}).status_code == 404
    assert client.post(f"/articles/{draft.id}/claims/new", data={"exact": "80 fighters"}).status_code == 404
