"""The import's review step in the browser's forms (works without JavaScript): the page's proposals, each kept
or not, the set-aside lines put back or not, then the draft."""

from __future__ import annotations

from datetime import date

import pytest

from editorial.database import db
from editorial.models import Article

HEADLINE = "Mali cuts Diplomatic Ties with Ukraine Over Wagner Ambush Allegations and middling"


@pytest.fixture
def reviewed(client, auth, newsroom, seed_text):
    """Rita pastes the seed and asks for the review: the page, and the form fields it carries."""
    auth.login("rita")
    page = client.post("/articles/import", data={"text": seed_text, "action": "review"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    form = {"text": seed_text, "filename": "", "headline": HEADLINE, "use_headline": "y", "standfirst": "",
            "use_standfirst": "y", "byline": "Mbeki edmond", "use_byline": "y", "dateline": "2024-08-04",
            "use_dateline": "y", "section": "Africa", "use_section": "y"}
    return html, form


def _set_aside_index(html: str, text: str) -> str:
    before = html[: html.index(f'{text} <span class="meta">')]  # the set-aside list, not the hidden page
    return before[before.rindex('value="') + 7:].split('"', 1)[0]


def _draft() -> Article:
    db.session.rollback()
    return db.session.execute(db.select(Article).order_by(Article.id.desc())).scalars().first()


def test_the_review_page_shows_the_proposals_and_what_is_taken_out(reviewed):
    html, _ = reviewed
    assert f'value="{HEADLINE}"' in html and 'value="Mbeki edmond"' in html and 'value="2024-08-04"' in html
    assert 'value="Africa"' in html
    for line, reason in (("top of page", "page furniture"), ("profile photo.webp", "image file name"),
                         ("| Foreign Relations", "section/breadcrumb")):
        assert f"{line} <span class=\"meta\">({reason})</span>" in html
    assert Article.query.count() == 0  # a review saves nothing


def test_accepting_the_proposals_makes_a_clean_draft(client, reviewed):
    _, form = reviewed
    response = client.post("/articles/import/review", data=form)
    assert response.status_code == 302
    draft = _draft()
    assert (draft.headline, draft.section, draft.dateline_date) == (HEADLINE, "Africa", date(2024, 8, 4))
    assert draft.body_text.startswith("By Mbeki edmond\n\nMali has announced")  # nobody here by that name
    for leftover in ("top of page", "profile photo.webp", "| Foreign Relations", "bottom of page", HEADLINE):
        assert leftover not in draft.body_text
    assert "Tuareg separatists claimed to have killed 84 Wagner mercenaries" in draft.body_text
    assert "<h2>Background and Clashes</h2>" in draft.body_html


def test_a_field_not_kept_stays_in_the_body_and_a_line_put_back_returns(client, reviewed):
    html, form = reviewed
    form.pop("use_section")
    response = client.post("/articles/import/review",
                           data={**form, "put_back": [_set_aside_index(html, "profile photo.webp")]})
    assert response.status_code == 302
    draft = _draft()
    assert draft.section == ""
    assert "Africa" in draft.body_text.split("\n\n")
    assert "profile photo.webp" in draft.body_text and "top of page" not in draft.body_text


def test_byline_names_of_people_here_go_on_the_byline(client, reviewed, newsroom):
    _, form = reviewed
    assert client.post("/articles/import/review", data={**form, "byline": "Rob Reporter and Mbeki edmond"}
                       ).status_code == 302
    draft = _draft()
    assert [u.username for u in draft.authors] == ["rob"]
    assert draft.body_text.startswith("By Mbeki edmond\n\n")


def test_a_bad_field_shows_the_review_again_with_what_was_chosen(client, reviewed):
    html, form = reviewed
    index = _set_aside_index(html, "profile photo.webp")
    response = client.post("/articles/import/review", data={**form, "headline": "x" * 301, "put_back": [index]})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and Article.query.count() == 0
    assert f'value="{index}" id="put-back-{index}" checked' in page and 'value="Africa"' in page


def test_import_as_is_keeps_every_line(client, auth, newsroom, seed_text):
    auth.login("rita")
    assert client.post("/articles/import", data={"text": seed_text, "action": "as_is"}).status_code == 302
    draft = _draft()
    assert draft.headline == "top of page" and "profile photo.webp" in draft.body_text
