"""The JSON API under /api/v1: tokens, articles, revisions, transitions and JSON errors, as a client sees them."""

from __future__ import annotations

import html

import pytest

from editorial.database import db
from editorial.models import Article, Event, Notification, Revision
from editorial.services import people, transitions
from tests.conftest import PASSWORD, Api


def as_(client, username: str) -> Api:
    return Api(client).login(username)


def assert_error(response, status: int, code: str | None = None) -> dict:
    """A JSON error `{"error": {"code", "message"}}` with this status; returns the inner object."""
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    if code is not None:
        assert error["code"] == code, error
    return error


def fresh(article_id: int) -> Article:
    db.session.rollback()
    return db.session.get(Article, article_id)


def move(article, *steps):
    """Walk an article through the workflow with the services: ("rita", "in_review"), ..."""
    for user, target, *comment in steps:
        transitions.transition(user, article.id, target, *comment)
    return fresh(article.id)


# --- tokens -------------------------------------------------------------------------------------


def test_token_for_good_credentials(client, newsroom):
    response = client.post("/api/v1/tokens", json={"username": "rita", "password": PASSWORD, "name": "CMS sync"})
    assert response.status_code == 201
    data = response.get_json()
    assert data["token"].startswith("edt_") and data["name"] == "CMS sync"
    listed = client.get("/api/v1/articles", headers={"Authorization": f"Bearer {data['token']}"})
    assert listed.status_code == 200 and listed.get_json()["items"] == []


def test_user_name_is_not_case_sensitive_but_the_password_is(client, newsroom):
    assert client.post("/api/v1/tokens", json={"username": " Rita ", "password": PASSWORD}).status_code == 201
    assert_error(client.post("/api/v1/tokens", json={"username": "rita", "password": PASSWORD.upper()}), 401)


def test_wrong_password_and_unknown_user_get_the_same_401(client, newsroom):
    wrong_password = client.post("/api/v1/tokens", json={"username": "rita", "password": "not-her-password"})
    unknown_user = client.post("/api/v1/tokens", json={"username": "nobody", "password": "not-her-password"})
    a, b = assert_error(wrong_password, 401), assert_error(unknown_user, 401)
    assert a == b
    assert "token" not in wrong_password.get_json()
    assert Event.query.filter_by(kind="login_failed").count() == 2


def test_deactivated_person_gets_no_token(client, newsroom):
    people.deactivate(newsroom["rob"], actor=newsroom["ada"])
    response = client.post("/api/v1/tokens", json={"username": "rob", "password": PASSWORD})
    wrong = client.post("/api/v1/tokens", json={"username": "rita", "password": "not-her-password"})
    assert assert_error(response, 401) == assert_error(wrong, 401)


def test_token_requests_are_rate_limited_after_five_failures(client, newsroom):
    for i in range(5):
        assert_error(client.post("/api/v1/tokens", json={"username": "rita", "password": f"bad-{i}"}), 401)
    blocked = client.post("/api/v1/tokens", json={"username": "rita", "password": PASSWORD})
    error = assert_error(blocked, 429, "rate_limited")
    assert "Too many failed log-in attempts" in error["message"]
    assert "token" not in blocked.get_json()
    assert client.post("/api/v1/tokens", json={"username": "rob", "password": PASSWORD}).status_code == 201


@pytest.mark.parametrize(
    "body",
    [{"username": "rita"}, {"password": PASSWORD}, {"username": 1, "password": PASSWORD}, {"username": ["rita"], "password": 2}],
)
def test_token_request_with_bad_shape(client, newsroom, body):
    assert_error(client.post("/api/v1/tokens", json=body), 422)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": ""},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer garbage"},
        {"Authorization": "Bearer edt_not-a-real-token"},
        {"Authorization": "Basic cml0YTpjb3JyZWN0LWhvcnNlLWJhdHRlcnk="},
        {"Cookie": "session=whatever"},
    ],
    ids=["none", "empty", "no-secret", "garbage", "unknown", "basic", "cookie"],
)
def test_missing_or_bad_token_gets_401(client, newsroom, make_article, headers):
    article = make_article(newsroom["rita"])
    for method, path in (("GET", "/articles"), ("GET", f"/articles/{article.id}"), ("POST", "/articles")):
        response = client.open("/api/v1" + path, method=method, headers=headers, json={"headline": "x"})
        assert_error(response, 401, "unauthorized")
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert Article.query.count() == 1


def test_revoked_token_stops_working(client, newsroom):
    created = client.post("/api/v1/tokens", json={"username": "rita", "password": PASSWORD}).get_json()
    other = as_(client, "rita")
    headers = {"Authorization": f"Bearer {created['token']}"}
    assert client.get("/api/v1/articles", headers=headers).status_code == 200
    assert other("DELETE", f"/tokens/{created['id']}").status_code == 204
    assert_error(client.get("/api/v1/articles", headers=headers), 401)
    assert other("GET", "/articles").status_code == 200  # only that token was revoked


def test_nobody_revokes_someone_elses_token(client, newsroom):
    rita = client.post("/api/v1/tokens", json={"username": "rita", "password": PASSWORD}).get_json()
    rob = as_(client, "rob")
    error = assert_error(rob("DELETE", f"/tokens/{rita['id']}"), 404)
    assert error == assert_error(rob("DELETE", "/tokens/999999"), 404)
    assert client.get("/api/v1/articles", headers={"Authorization": f"Bearer {rita['token']}"}).status_code == 200


def test_deactivation_stops_tokens_at_once_and_reactivation_does_not_revive_them(client, newsroom):
    rita = as_(client, "rita")
    assert rita("GET", "/articles").status_code == 200
    people.deactivate(newsroom["rita"], actor=newsroom["ada"])
    assert_error(rita("GET", "/articles"), 401)
    assert_error(rita("POST", "/articles", {"headline": "still here?"}), 401)
    people.reactivate(newsroom["rita"], actor=newsroom["ada"])
    assert_error(rita("GET", "/articles"), 401)
    assert as_(client, "rita")("GET", "/articles").status_code == 200  # a new log-in works again


# --- creating -----------------------------------------------------------------------------------

HOSTILE_BODY = (
    '<p>Wagner fighters were <strong>ambushed</strong>.<script>alert("x")</script></p>'
    '<p onclick="steal()">Read <a href="javascript:alert(1)">the report</a> and '
    '<a href="https://example.org/report">the source</a>.</p>'
    "<h2>Aftermath</h2><ul><li>one</li><li>two</li></ul>"
)


def test_create_sanitizes_the_body_and_derives_body_text(client, newsroom):
    rita = as_(client, "rita")
    response = rita("POST", "/articles", {"headline": "  Mali   cuts ties ", "body_html": HOSTILE_BODY, "tags": ["Mali", "mali", "Ukraine"]})
    assert response.status_code == 201
    a = response.get_json()
    assert a["state"] == "draft" and a["version"] == 1 and isinstance(a["id"], int)
    assert a["headline"] == "Mali cuts ties"
    assert a["tags"] == ["Mali", "Ukraine"]
    assert [p["username"] for p in a["byline"]] == ["rita"]
    lowered = a["body_html"].lower()
    for bad in ("<script", "alert", "javascript:", "onclick", "steal"):
        assert bad not in lowered, bad
    assert '<a href="https://example.org/report">the source</a>' in a["body_html"]
    assert "<strong>ambushed</strong>" in a["body_html"]
    assert a["body_text"] == "Wagner fighters were ambushed.\n\nRead the report and the source.\n\nAftermath\n\none\n\ntwo"
    stored = db.session.get(Article, a["id"])
    assert stored.body_html == a["body_html"] and stored.body_text == a["body_text"]
    assert [r.number for r in Revision.query.filter_by(article_id=a["id"])] == [1]


def test_create_the_seed_article(client, newsroom, seed_text):
    """As ../shared/contract/run does: the scraped seed page, one paragraph per blank-line block."""
    paragraphs = [p.strip() for p in seed_text.split("\n\n") if p.strip()]
    body_html = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    response = as_(client, "rita")("POST", "/articles", {"headline": "Mali cuts ties with Ukraine", "body_html": body_html})
    assert response.status_code == 201
    a = response.get_json()
    assert a["state"] == "draft" and a["version"] == 1
    assert "ranges from 20 to 80" in a["body_text"]
    assert a["body_text"].split("\n\n") == [" ".join(p.split()) for p in paragraphs]


def test_create_with_nothing_makes_an_empty_draft(client, newsroom):
    a = as_(client, "rita")("POST", "/articles", {}).get_json()
    assert a["state"] == "draft" and a["headline"] == "" and a["body_text"] == ""


def test_fact_checker_and_admin_cannot_create(client, newsroom):
    for name in ("fay", "ada"):
        assert_error(as_(client, name)("POST", "/articles", {"headline": "Mine"}), 403, "forbidden")
    assert Article.query.count() == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"headline": "x", "colour": "red"}, None),
        ({"headline": 42}, "headline"),
        ({"headline": "x" * 301}, "headline"),
        ({"dateline_date": "4 August"}, "dateline_date"),
        ({"dateline_date": "2024-02-30"}, "dateline_date"),
        ({"tags": "a" * 41}, "tags"),
        ({"byline": ["nobody-by-that-name"]}, "byline"),
        ({"byline": None}, "byline"),  # the API takes what its document says: a list
        ({"byline": "rita"}, "byline"),
        ({"body_html": ["<p>x</p>"]}, "body_html"),
    ],
)
def test_create_refuses_bad_fields(client, newsroom, fields, field):
    error = assert_error(as_(client, "rita")("POST", "/articles", fields), 422, "invalid")
    assert error.get("field") == field
    if field is None:
        assert "colour" in error["message"]
    assert Article.query.count() == 0


# --- listing ------------------------------------------------------------------------------------


@pytest.fixture
def desk(newsroom, make_article):
    """rita's draft, rob's draft, rob's piece in review, rita's published piece."""
    rita, rob, ed = newsroom["rita"], newsroom["rob"], newsroom["ed"]
    desk = {
        "rita_draft": make_article(rita, headline="Rita draft on drought", section="Africa"),
        "rob_draft": make_article(rob, headline="Rob secret draft", section="Europe", body_html="<p>Kyiv 50% off</p>"),
        "rob_review": make_article(rob, headline="Rob in review", section="Europe"),
        "rita_published": make_article(rita, headline="Rita published", section="Africa"),
    }
    move(desk["rob_review"], (rob, "in_review"))
    move(desk["rita_published"], (rita, "in_review"), (ed, "approved"), (ed, "published"))
    return {k: v.id for k, v in desk.items()}


def headlines(response) -> set[str]:
    assert response.status_code == 200, response.get_json()
    return {a["headline"] for a in response.get_json()["items"]}


def test_list_shows_only_what_each_person_may_see(client, desk):
    assert headlines(as_(client, "rita")("GET", "/articles")) == {"Rita draft on drought", "Rita published"}
    assert headlines(as_(client, "rob")("GET", "/articles")) == {"Rob secret draft", "Rob in review", "Rita published"}
    assert headlines(as_(client, "fay")("GET", "/articles")) == {"Rob in review", "Rita published"}
    assert headlines(as_(client, "ed")("GET", "/articles")) == {
        "Rita draft on drought", "Rob secret draft", "Rob in review", "Rita published"}
    assert headlines(as_(client, "ada")("GET", "/articles")) == {"Rita published"}


def test_filters_never_widen_what_is_visible(client, desk, newsroom):
    rita = as_(client, "rita")
    assert headlines(rita("GET", "/articles?q=secret")) == set()
    assert headlines(rita("GET", "/articles?state=draft")) == {"Rita draft on drought"}
    assert headlines(rita("GET", f"/articles?author={newsroom['rob'].id}")) == set()
    assert headlines(rita("GET", "/articles?section=Europe")) == set()
    assert headlines(as_(client, "fay")("GET", "/articles?state=draft")) == set()


def test_filters_and_search(client, desk, newsroom):
    ed = as_(client, "ed")
    assert headlines(ed("GET", "/articles?state=draft")) == {"Rita draft on drought", "Rob secret draft"}
    assert headlines(ed("GET", "/articles?state=in_review")) == {"Rob in review"}
    assert headlines(ed("GET", "/articles?section=Africa")) == {"Rita draft on drought", "Rita published"}
    assert headlines(ed("GET", f"/articles?author={newsroom['rob'].id}")) == {"Rob secret draft", "Rob in review"}
    assert headlines(ed("GET", f"/articles?author={newsroom['rob'].id}&state=draft")) == {"Rob secret draft"}
    assert headlines(ed("GET", "/articles?q=DROUGHT")) == {"Rita draft on drought"}  # headline, any case
    assert headlines(ed("GET", "/articles?q=kyiv")) == {"Rob secret draft"}  # body
    assert headlines(ed("GET", "/articles?q=50%25")) == {"Rob secret draft"}
    assert headlines(ed("GET", "/articles?q=%25")) == set()  # no word to search for, and no wildcard
    assert headlines(ed("GET", "/articles?q=_")) == set()


def test_pagination(client, desk):
    ed = as_(client, "ed")
    seen = []
    for page in (1, 2, 3):
        data = ed("GET", f"/articles?per_page=2&page={page}").get_json()
        assert (data["page"], data["per_page"], data["pages"], data["total"]) == (page, 2, 2, 4)
        seen += [a["id"] for a in data["items"]]
    assert sorted(seen) == sorted(desk.values())  # pages 1 and 2 hold all four, page 3 is empty
    assert ed("GET", "/articles?per_page=1000").get_json()["per_page"] == 100


@pytest.mark.parametrize("query", ["state=shredded", "page=0", "page=-1", "per_page=abc", "author=rob", "page=1.5"])
def test_bad_list_parameters_get_422(client, desk, query):
    error = assert_error(as_(client, "ed")("GET", f"/articles?{query}"), 422, "invalid")
    assert error["field"] == query.split("=")[0]


# --- reading one --------------------------------------------------------------------------------


def test_get_one(client, desk):
    a = as_(client, "rita")("GET", f"/articles/{desk['rita_draft']}").get_json()
    expected = {"id", "state", "version", "headline", "standfirst", "section", "tags", "dateline_date", "byline",
                "body_html", "body_text", "created_at", "updated_at", "published_at"}
    assert expected <= set(a)
    assert a["id"] == desk["rita_draft"] and a["state"] == "draft" and a["body_text"] == "Wagner fighters were ambushed."


def test_an_article_you_may_not_see_is_a_404_like_a_missing_one(client, desk):
    rob = as_(client, "rob")
    missing = assert_error(rob("GET", "/articles/999999"), 404, "not_found")
    assert assert_error(rob("GET", f"/articles/{desk['rita_draft']}"), 404) == missing
    fay = as_(client, "fay")
    assert assert_error(fay("GET", f"/articles/{desk['rita_draft']}"), 404) == missing
    assert fay("GET", f"/articles/{desk['rob_review']}").status_code == 200
    assert rob("GET", f"/articles/{desk['rita_published']}").status_code == 200  # published is public


# --- saving -------------------------------------------------------------------------------------


def test_patch_a_subset_bumps_the_version_and_makes_a_revision(client, desk):
    rita = as_(client, "rita")
    path = f"/articles/{desk['rita_draft']}"
    before = rita("GET", path).get_json()
    response = rita("PATCH", path, {"headline": "Drought in the Sahel", "version": 1})
    assert response.status_code == 200
    after = response.get_json()
    assert after["version"] == 2 and after["headline"] == "Drought in the Sahel"
    for name in ("standfirst", "section", "tags", "body_html", "body_text", "byline", "state"):
        assert after[name] == before[name], name
    revisions = rita("GET", path + "/revisions").get_json()["items"]
    assert [(r["number"], r["headline"]) for r in revisions] == [
        (2, "Drought in the Sahel"), (1, "Rita draft on drought")]
    assert revisions[0]["author"]["username"] == "rita"


def test_put_with_another_subset_and_a_date(client, desk):
    rita = as_(client, "rita")
    path = f"/articles/{desk['rita_draft']}"
    response = rita("PUT", path, {"section": "World", "dateline_date": "2024-08-04", "version": 1})
    assert response.status_code == 200
    a = response.get_json()
    assert (a["version"], a["section"], a["dateline_date"], a["headline"]) == (2, "World", "2024-08-04", "Rita draft on drought")
    a = rita("PUT", path, {"body_html": "<p>One</p><p>Two</p>", "dateline_date": None, "version": 2}).get_json()
    assert (a["version"], a["body_text"], a["dateline_date"]) == (3, "One\n\nTwo", None)


def test_what_a_client_read_can_be_sent_back(client, desk):
    """GET, change a field, PUT the whole object back: read-only fields and the byline as read are accepted."""
    rita = as_(client, "rita")
    path = f"/articles/{desk['rita_draft']}"
    article = rita("GET", path).get_json()
    article["headline"] = "Round trip"
    response = rita("PUT", path, article)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["headline"] == "Round trip" and response.get_json()["version"] == 2


def test_a_save_that_changes_nothing_makes_no_revision(client, desk):
    rita = as_(client, "rita")
    path = f"/articles/{desk['rita_draft']}"
    assert rita("PATCH", path, {"headline": "Rita draft on drought", "version": 1}).get_json()["version"] == 1
    assert len(rita("GET", path + "/revisions").get_json()["items"]) == 1


def test_stale_version_gets_409_and_changes_nothing(client, desk):
    rita, ed = as_(client, "rita"), as_(client, "ed")
    path = f"/articles/{desk['rita_draft']}"
    assert ed("PATCH", path, {"standfirst": "Editor's dek", "version": 1}).status_code == 200
    error = assert_error(rita("PATCH", path, {"headline": "Lost update?", "version": 1}), 409, "stale_version")
    assert error["current_version"] == 2
    a = rita("GET", path).get_json()
    assert (a["headline"], a["standfirst"], a["version"]) == ("Rita draft on drought", "Editor's dek", 2)
    assert_error(rita("PATCH", path, {"headline": "From the future", "version": 7}), 409, "stale_version")
    assert rita("PATCH", path, {"headline": "Rebased", "version": 2}).get_json()["version"] == 3


@pytest.mark.parametrize("version", [None, "1", 1.0, True, [1]])
def test_missing_or_malformed_version_gets_422(client, desk, version):
    body = {"headline": "No version"} if version is None else {"headline": "No version", "version": version}
    error = assert_error(as_(client, "rita")("PATCH", f"/articles/{desk['rita_draft']}", body), 422, "invalid")
    assert error["field"] == "version"
    assert fresh(desk["rita_draft"]).version == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"colour": "red"}, None),
        ({"dateline_date": "2024-13-01"}, "dateline_date"),
        ({"dateline_date": 20240804}, "dateline_date"),
        ({"byline": []}, "byline"),
        ({"byline": [999999]}, "byline"),
        ({"tags": {"a": 1}}, "tags"),
        ({"standfirst": "x" * 1001}, "standfirst"),
    ],
)
def test_bad_fields_get_422_naming_the_field_and_change_nothing(client, desk, fields, field):
    rita = as_(client, "rita")
    path = f"/articles/{desk['rita_draft']}"
    error = assert_error(rita("PATCH", path, {**fields, "headline": "Changed?", "version": 1}), 422, "invalid")
    assert error.get("field") == field
    if field == "dateline_date":
        assert "YYYY-MM-DD" in error["message"]
    if field is None:
        assert "colour" in error["message"]
    a = rita("GET", path).get_json()
    assert (a["version"], a["headline"]) == (1, "Rita draft on drought")
    assert Revision.query.filter_by(article_id=desk["rita_draft"]).count() == 1


def test_reporter_editing_someone_elses_draft_gets_404(client, desk):
    rob = as_(client, "rob")
    missing = assert_error(rob("PATCH", "/articles/999999", {"headline": "x", "version": 1}), 404)
    for method in ("PATCH", "PUT"):
        error = assert_error(rob(method, f"/articles/{desk['rita_draft']}", {"headline": "Rob was here", "version": 1}), 404)
        assert error == missing
    assert fresh(desk["rita_draft"]).headline == "Rita draft on drought"


def test_a_published_piece_is_corrected_by_its_author_or_an_editor_through_review(client, desk):
    path = f"/articles/{desk['rita_published']}"
    rita = as_(client, "rita")
    version = rita("GET", path).get_json()["version"]
    # another reporter may read the published piece but not touch it
    assert_error(as_(client, "rob")("PATCH", path, {"headline": "Quiet fix", "version": version}), 403, "forbidden")
    a = rita("GET", path).get_json()
    assert (a["state"], a["version"], a["headline"]) == ("published", version, "Rita published")
    # its author starts a correction: no quiet fix, it goes back to review
    a = rita("PATCH", path, {"headline": "Correction", "version": version}).get_json()
    assert (a["state"], a["version"]) == ("in_review", version + 1)
    assert a["published_at"] is not None  # the published revision stays live until the next one is published
    a = as_(client, "ed")("PATCH", path, {"headline": "Correction by the desk", "version": version + 1}).get_json()
    assert (a["state"], a["version"]) == ("in_review", version + 2)


def test_editing_an_approved_piece_sends_it_back_to_review(client, desk, newsroom):
    article = move(fresh(desk["rob_review"]), (newsroom["ed"], "approved"))
    assert article.state == "approved"
    a = as_(client, "rob")("PATCH", f"/articles/{article.id}", {"body_html": "<p>New facts</p>", "version": 1}).get_json()
    assert (a["state"], a["version"], a["body_text"]) == ("in_review", 2, "New facts")


def test_fact_checker_may_read_but_not_edit_a_piece_in_review(client, desk):
    fay = as_(client, "fay")
    assert_error(fay("PATCH", f"/articles/{desk['rob_review']}", {"headline": "x", "version": 1}), 403)
    assert fresh(desk["rob_review"]).version == 1


# --- revisions ----------------------------------------------------------------------------------


def test_revisions_and_one_revision(client, desk):
    rita = as_(client, "rita")
    path = f"/articles/{desk['rita_draft']}"
    rita("PATCH", path, {"body_html": "<p>Second text</p>", "version": 1})
    items = rita("GET", path + "/revisions").get_json()["items"]
    assert [(r["number"], r["body_text"]) for r in items] == [(2, "Second text"), (1, "Wagner fighters were ambushed.")]
    first = rita("GET", path + "/revisions/1").get_json()
    assert first["number"] == 1 and first["body_text"] == "Wagner fighters were ambushed."
    assert_error(rita("GET", path + "/revisions/3"), 404, "not_found")


def test_revisions_of_an_article_you_may_not_see_are_404(client, desk):
    rob = as_(client, "rob")
    for suffix in ("/revisions", "/revisions/1"):
        assert_error(rob("GET", f"/articles/{desk['rita_draft']}{suffix}"), 404, "not_found")


# --- transitions --------------------------------------------------------------------------------


def transition(api, article_id, to, comment=None):
    body = {"to": to} if comment is None else {"to": to, "comment": comment}
    return api("POST", f"/articles/{article_id}/transitions", body)


def test_author_submits(client, desk):
    response = transition(as_(client, "rita"), desk["rita_draft"], "in_review", "ready")
    assert response.status_code == 200 and response.get_json()["state"] == "in_review"
    event = Event.query.filter_by(kind="transition", article_id=desk["rita_draft"]).one()
    assert (event.from_state, event.to_state, event.comment) == ("draft", "in_review", "ready")


def test_reporter_may_not_approve_their_own_piece(client, desk):
    rob = as_(client, "rob")
    error = assert_error(transition(rob, desk["rob_review"], "approved"), 403, "forbidden")
    assert "editor" in error["message"]
    assert fresh(desk["rob_review"]).state == "in_review"


def test_fact_checker_may_not_move_a_piece(client, desk):
    assert_error(transition(as_(client, "fay"), desk["rob_review"], "changes_requested", "check this"), 403)
    assert fresh(desk["rob_review"]).state == "in_review"


@pytest.mark.parametrize("to", ["shredded", "", None, 3, "IN_REVIEW"])
def test_unknown_state_gets_422(client, desk, to):
    error = assert_error(transition(as_(client, "rita"), desk["rita_draft"], to), 422, "invalid")
    assert error["field"] == "to"
    assert fresh(desk["rita_draft"]).state == "draft"


def test_transition_without_to_gets_422(client, desk):
    assert_error(as_(client, "rita")("POST", f"/articles/{desk['rita_draft']}/transitions", {}), 422)


def test_move_that_does_not_exist_from_the_state_gets_409(client, desk):
    ed = as_(client, "ed")
    error = assert_error(transition(ed, desk["rita_draft"], "approved"), 409, "conflict")
    assert "draft" in error["message"]
    assert_error(transition(ed, desk["rita_draft"], "draft"), 409)
    assert_error(transition(ed, desk["rita_published"], "approved"), 409)
    assert fresh(desk["rita_draft"]).state == "draft" and fresh(desk["rita_published"]).state == "published"


@pytest.mark.parametrize("comment", [None, "", "   \n "])
def test_request_changes_without_a_comment_gets_422_and_nothing_changes(client, desk, comment):
    notifications_before = Notification.query.count()
    error = assert_error(transition(as_(client, "ed"), desk["rob_review"], "changes_requested", comment), 422, "invalid")
    assert error["field"] == "comment"
    assert fresh(desk["rob_review"]).state == "in_review"
    assert Event.query.filter_by(kind="transition", to_state="changes_requested").count() == 0
    assert Notification.query.count() == notifications_before


def test_request_changes_with_a_comment(client, desk):
    response = transition(as_(client, "ed"), desk["rob_review"], "changes_requested", "Source the casualty figure.")
    assert response.status_code == 200 and response.get_json()["state"] == "changes_requested"
    assert transition(as_(client, "rob"), desk["rob_review"], "in_review").get_json()["state"] == "in_review"


def test_comment_must_be_text(client, desk):
    error = assert_error(transition(as_(client, "ed"), desk["rob_review"], "changes_requested", ["why"]), 422)
    assert error["field"] == "comment"


def test_publish_with_a_missing_section_gets_409_with_blockers(client, newsroom, make_article):
    article = make_article(newsroom["rita"], section="")
    move(article, (newsroom["rita"], "in_review"), (newsroom["ed"], "approved"))
    error = assert_error(transition(as_(client, "ed"), article.id, "published"), 409, "gate_blocked")
    assert {"code": "missing_section", "message": "No section is chosen.", "field": "section"} in error["blockers"]
    assert "section" in error["message"]
    a = fresh(article.id)
    assert a.state == "approved" and a.published_at is None


def test_whole_workflow_over_the_api(client, desk):
    rita, ed = as_(client, "rita"), as_(client, "ed")
    aid = desk["rita_draft"]
    assert transition(rita, aid, "in_review").get_json()["state"] == "in_review"
    assert transition(ed, aid, "approved").get_json()["state"] == "approved"
    published = transition(ed, aid, "published").get_json()
    assert published["state"] == "published" and published["published_at"]
    assert_error(transition(ed, aid, "unpublished"), 422)
    assert transition(ed, aid, "unpublished", "Legal asked").get_json()["state"] == "unpublished"
    assert transition(ed, aid, "draft").get_json()["state"] == "draft"


def test_transition_on_an_article_you_may_not_see_is_404(client, desk):
    assert_error(transition(as_(client, "rob"), desk["rita_draft"], "in_review"), 404, "not_found")
    assert_error(transition(as_(client, "rob"), 999999, "in_review"), 404, "not_found")
    assert fresh(desk["rita_draft"]).state == "draft"


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/articles/abc", "/api/v1/articles/1/nope", "/api/v1/", "/api/v1"])
@pytest.mark.parametrize("logged_in", [False, True])
def test_unknown_api_routes_get_json_404(client, newsroom, path, logged_in):
    headers = {"Authorization": f"Bearer {as_(client, 'ed').token}"} if logged_in else {}
    assert_error(client.get(path, headers=headers), 404, "not_found")


@pytest.mark.parametrize(
    ("method", "path"),
    [("DELETE", "/articles/1"), ("POST", "/articles/1"), ("PUT", "/articles"), ("GET", "/tokens"),
     ("POST", "/openapi.json"), ("GET", "/articles/1/transitions"), ("DELETE", "/articles/1/revisions")],
)
def test_wrong_method_gets_json_405(client, newsroom, make_article, method, path):
    make_article(newsroom["rita"])
    rita = as_(client, "rita")
    response = rita(method, path, {"headline": "x"})
    assert_error(response, 405, "method_not_allowed")
    assert response.headers["Allow"]
    assert Article.query.count() == 1


def test_body_that_is_not_a_json_object_gets_400(client, desk):
    rita = as_(client, "rita")
    auth = {"Authorization": f"Bearer {rita.token}"}
    path = f"/api/v1/articles/{desk['rita_draft']}"
    cases = [
        ("POST", "/api/v1/articles", {"data": "headline=x"}),
        ("POST", "/api/v1/articles", {"data": "{not json", "content_type": "application/json"}),
        ("POST", "/api/v1/articles", {"json": ["headline", "x"]}),
        ("POST", "/api/v1/articles", {"json": "headline"}),
        ("PATCH", path, {"data": "version=1&headline=x"}),
        ("POST", path + "/transitions", {"data": "to=in_review"}),
        ("POST", "/api/v1/tokens", {"data": f"username=rita&password={PASSWORD}"}),
    ]
    for method, url, kwargs in cases:
        response = client.open(url, method=method, headers=auth, **kwargs)
        error = assert_error(response, 400, "bad_request")
        assert "JSON" in error["message"], (method, url)
    assert Article.query.count() == len(desk)
    assert fresh(desk["rita_draft"]).state == "draft"


def test_too_large_body_gets_json_413(client, newsroom):
    rita = as_(client, "rita")
    big = {"headline": "x", "body_html": "<p>" + "a" * (6 * 1024 * 1024) + "</p>"}
    assert_error(rita("POST", "/articles", big), 413)
    assert Article.query.count() == 0


def test_an_unexpected_failure_is_a_json_500_that_reveals_nothing(app, client, newsroom, monkeypatch):
    from editorial.services import queues

    def broken(*args, **kwargs):
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(queues, "search", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = as_(client, "rita")("GET", "/articles")
    error = assert_error(response, 500, "internal_server_error")
    assert "hunter2" not in response.get_data(as_text=True) and "RuntimeError" not in error["message"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
