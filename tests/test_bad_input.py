"""Bad input gets a clear 4xx, never a 500, on SQLite and PostgreSQL alike: ids and page numbers beyond the
INTEGER columns, deeply nested JSON, lone surrogates, NUL and other control characters (editorial/inputs.py,
applied once to every request by editorial/input_guard.py)."""

from __future__ import annotations

import pytest

from editorial import input_guard
from editorial.database import db
from editorial.models import Article
from editorial.services import transitions
from tests.conftest import PASSWORD, Api

TOO_BIG = ["2147483648", "788337209551040282624", "99999999999999999999"]


@pytest.fixture
def published(newsroom, make_article):
    article = make_article(newsroom["rita"], headline="Ambush at the border")
    for who, state in (("rita", "in_review"), ("ed", "approved"), ("ed", "published")):
        transitions.transition(newsroom[who], article.id, state)
    return article


# --- ids and numbers beyond the database's integer range ----------------------------------------------

@pytest.mark.parametrize("number", TOO_BIG)
def test_ids_beyond_the_integer_columns_are_404_public_staff_and_api(client, auth, newsroom, number):
    for path in (f"/news/{number}", f"/news/{number}-some-slug"):
        assert client.get(path).status_code == 404, path
    ed = Api(client).login("ed")
    for method, path in (("GET", f"/articles/{number}"), ("PATCH", f"/articles/{number}"),
                         ("GET", f"/articles/1/revisions/{number}"), ("POST", f"/articles/{number}/comments"),
                         ("GET", f"/claims/{number}"), ("DELETE", f"/tokens/{number}")):
        response = ed(method, path, {"version": 1})
        assert response.status_code == 404, (method, path)
        assert response.get_json()["error"]["code"] == "not_found"
    auth.login("ed")
    for path in (f"/articles/{number}", f"/articles/{number}/history", f"/claims/{number}"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/articles/{number}/transition", data={"to": "approved"}).status_code == 404


@pytest.mark.parametrize("name", ["page", "per_page", "author"])
@pytest.mark.parametrize("value", [*TOO_BIG, "0", "-1", "1.5", "²", "abc"])
def test_api_list_numbers_out_of_range_are_422_naming_the_parameter(client, newsroom, name, value):
    response = Api(client).login("ed")("GET", f"/articles?{name}={value}")
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == name


@pytest.mark.parametrize("value", [*TOO_BIG, "²", "0"])
def test_html_lists_answer_404_for_a_page_that_cannot_exist(client, auth, newsroom, published, value):
    assert client.get(f"/news/?page={value}").status_code == 404
    assert client.get(f"/news/section/africa?page={value}").status_code == 404
    auth.login("ed")
    for path in (f"/articles?page={value}", f"/inbox?page={value}", f"/articles?author={value}"):
        assert client.get(path).status_code == 404, path


def test_ids_inside_json_bodies_beyond_the_range_name_no_one(client, newsroom):
    rita = Api(client).login("rita")
    for byline in ([2**31], [788337209551040282624], ["99999999999999999999"], [{"id": 2**40}]):
        response = rita("POST", "/articles", {"headline": "Byline", "byline": byline})
        assert response.status_code == 422, byline
        assert response.get_json()["error"]["field"] == "byline"


def test_offsets_beyond_the_range_in_forms_are_refused_not_500(client, auth, newsroom, piece):
    auth.login("fay")
    response = client.post(f"/articles/{piece.id}/claims/new",
                           data={"start": "99999999999999999999", "end": "²", "exact": "", "summary": ""})
    assert response.status_code < 500


# --- deeply nested JSON ---------------------------------------------------------------------------------

@pytest.mark.parametrize("document", ["[" * 1000 + "]" * 1000, '{"a":' * 1000 + "1" + "}" * 1000,
                                      "[" * 100_000])
def test_deeply_nested_json_is_400_even_before_login(client, newsroom, document):
    response = client.post("/api/v1/tokens", data=document, content_type="application/json")
    assert response.status_code == 400
    assert "nested" in response.get_json()["error"]["message"]
    response = client.post("/api/v1/articles", data=document, content_type="application/json",
                           headers={"Authorization": f"Bearer {Api(client).login('rita').token}"})
    assert response.status_code == 400


def test_json_nested_to_the_limit_is_still_read(client, newsroom):
    nested = "[" * 31 + "]" * 31  # 32 levels with the object around it
    document = f'{{"username": "rita", "password": "{PASSWORD}", "name": "deep", "x": {nested}}}'
    assert client.post("/api/v1/tokens", data=document, content_type="application/json").status_code == 201
    document = document.replace("[" * 31, "[" * 32).replace("]" * 31, "]" * 32)
    assert client.post("/api/v1/tokens", data=document, content_type="application/json").status_code == 400


# --- lone surrogates ------------------------------------------------------------------------------------

@pytest.mark.parametrize("field", ["headline", "standfirst", "section", "body_html"])
def test_a_lone_surrogate_in_any_text_field_is_422_naming_it(client, newsroom, field):
    token = Api(client).login("rita").token
    raw = f'{{"{field}": "Mali \\ud800 cuts ties"}}'
    response = client.post("/api/v1/articles", data=raw, content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == field
    assert db.session.query(Article).count() == 0


def test_a_lone_surrogate_in_a_list_or_the_log_in_body_names_its_place(client, newsroom):
    response = client.post("/api/v1/tokens", data='{"username": "rita", "password": "\\udfff"}',
                           content_type="application/json")
    assert response.status_code == 422 and response.get_json()["error"]["field"] == "password"
    token = Api(client).login("rita").token
    response = client.post("/api/v1/articles", data='{"headline": "x", "tags": ["ok", "\\udc80"]}',
                           content_type="application/json", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422 and response.get_json()["error"]["field"] == "tags[1]"


# --- NUL and other control characters: removed, the same on both databases ------------------------------

def test_nul_and_controls_are_removed_from_api_text_fields(client, newsroom):
    rita = Api(client).login("rita")
    response = rita("POST", "/articles", {"headline": "Mali\x00 cuts\x1b ties\x85", "standfirst": "One\x00\ntwo",
                                          "tags": ["war\x00"], "body_html": "<p>Wagner\x00 lost\x07 84</p>"})
    assert response.status_code == 201
    article = response.get_json()
    assert article["headline"] == "Mali cuts ties"
    assert article["standfirst"] == "One\ntwo" and article["tags"] == ["war"]
    assert article["body_html"] == "<p>Wagner lost 84</p>"
    thread = rita("POST", f"/articles/{article['id']}/comments", {"body": "Check\x00 this\x0c please"})
    assert thread.status_code == 201 and thread.get_json()["comments"][0]["body"] == "Check this please"


def test_nul_in_query_strings_is_harmless(client, auth, newsroom, published):
    ed = Api(client).login("ed")
    assert ed("GET", "/articles?q=Ambush%00").get_json()["total"] == 1
    assert ed("GET", "/sources?q=%00x").status_code == 200
    assert ed("GET", "/articles?section=Africa%00").status_code == 200
    auth.login("ed")
    assert client.get("/articles?q=Ambush%00&section=%00").status_code == 200
    assert client.get("/news/section/afri%00ca").status_code == 200  # the slug without its NUL


def test_nul_in_the_log_in_form_is_a_wrong_password_not_a_500(client, newsroom):
    response = client.post("/login", data={"username": "rita\x00", "password": PASSWORD + "\x00"})
    assert response.status_code == 302  # the NUL is removed: "rita" with her password logs in
    assert client.get("/").status_code == 200
    client.post("/logout")
    response = client.post("/login", data={"username": "\x00", "password": "\x00"})  # empty once cleaned
    assert response.status_code == 422 and "Log in" in response.get_data(as_text=True)


def test_controls_typed_in_forms_never_reach_the_public_page(client, auth, newsroom):
    auth.login("rita")
    response = client.post("/articles/new", data={"headline": "Ambush\x00 at\x0b the\x9b border",
                                                  "standfirst": "Stand\x01first", "body_html": "<p>Body\x00</p>",
                                                  "section": "Africa\x00"})
    assert response.status_code == 302
    article = db.session.query(Article).one()
    assert (article.headline, article.standfirst, article.section, article.body_html) == (
        "Ambush at the border", "Standfirst", "Africa", "<p>Body</p>")
    for who, state in (("rita", "in_review"), ("ed", "approved"), ("ed", "published")):
        transitions.transition(newsroom[who], article.id, state)
    page = client.get(f"/news/{article.id}", follow_redirects=True).get_data(as_text=True)
    assert not any(ord(c) < 32 and c not in "\t\n\r" or 0x7F <= ord(c) <= 0x9F for c in page)


def test_byline_ids_beyond_the_range_in_the_form_are_refused(client, auth, newsroom):
    auth.login("rita")
    response = client.post("/articles/new", data={"headline": "Byline", "byline": ["99999999999999999999"]})
    assert response.status_code == 422
    assert db.session.query(Article).count() == 0


def test_refused_deep_json_is_logged_for_operators(client, caplog, monkeypatch):
    # Alembic's fileConfig (migrations/env.py, run by the fixtures) disables loggers that exist before it
    monkeypatch.setattr(input_guard.logger, "disabled", False)
    with caplog.at_level("WARNING", logger="editorial.input_guard"):
        assert client.post("/api/v1/tokens", data="[" * 1000, content_type="application/json").status_code == 400
    assert "nested deeper than 32 levels: POST /api/v1/tokens" in caplog.text
