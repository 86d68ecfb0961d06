"""Security defaults: headers, cookies, CSRF, production configuration, and per-record authorization."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient

from editorial import create_app
from editorial.config import ConfigError
from editorial.database import db
from editorial.models import ApiToken, Article, Assignment, EditLock, Event, User
from editorial.services import people, transitions
from tests.conftest import PASSWORD, Api

HTTPS = "https://localhost"


def fresh(model, pk):
    db.session.rollback()
    return db.session.get(model, pk)


# --- headers ------------------------------------------------------------------------------------


def csp(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        assert name not in directives, f"{name} twice"
        directives[name] = values
    return directives


def assert_hardened(response) -> None:
    policy = csp(response)
    assert policy["default-src"] == ["'self'"]
    assert "'self'" in policy["script-src"]
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"):
        assert unsafe not in policy["script-src"], unsafe
    assert "'unsafe-inline'" not in policy.get("style-src", [])
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/login", 200),
        ("/no-such-page", 404),
        ("/articles", 302),
        ("/static/favicon.svg", 200),
        ("/api/v1/openapi.json", 200),
        ("/api/v1/articles", 401),
        ("/api/v1/no-such-route", 404),
    ],
)
def test_security_headers_on_pages_and_api_responses(client, path, status):
    with client.get(path) as response:
        assert response.status_code == status
        assert_hardened(response)
        assert "Strict-Transport-Security" not in response.headers  # plain HTTP in development


def test_security_headers_for_logged_in_pages_and_api_calls(client, auth, newsroom, make_article):
    article = make_article(newsroom["rita"])
    auth.login("rita")
    for path in ("/", f"/articles/{article.id}", f"/articles/{article.id}/edit"):
        response = client.get(path)
        assert response.status_code == 200
        assert_hardened(response)
        assert response.headers["Cache-Control"] == "private, no-store"
    api = Api(client).login("rita")
    for response in (api("GET", f"/articles/{article.id}"), api("POST", "/articles", {"headline": "New"}),
                     api("GET", "/articles/999999")):
        assert_hardened(response)
        assert response.headers["Cache-Control"] == "private, no-store"


def test_hsts_over_https(client):
    response = client.get("/login", base_url=HTTPS)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert_hardened(response)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_nothing_inline(page: str, where: str) -> None:
    """What the CSP would block: inline scripts, event-handler attributes, style attributes and elements."""
    parser = _Tags()
    parser.feed(page)
    assert parser.tags, where
    for tag, attrs in parser.tags:
        assert not (tag == "script" and not attrs.get("src")), f"inline <script> on {where}"
        assert tag != "style", f"<style> on {where}"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{tag} {name}= on {where}"
            assert name != "style", f"{tag} style= on {where}"
            assert not (value or "").strip().lower().startswith("javascript:"), f"{tag} {name}={value} on {where}"


def test_pages_have_nothing_the_csp_would_block(client, auth, newsroom, make_article):
    assert_nothing_inline(client.get("/login").get_data(as_text=True), "/login")
    hostile = '<p onclick="x()" style="color:red">Text <img src=x onerror=alert(1)><a href="javascript:x()">l</a></p>'
    article = make_article(newsroom["rita"], body_html=hostile)
    transitions.transition(newsroom["rita"], article.id, "in_review")
    auth.login("ed")
    client.post(f"/articles/{article.id}/edit", data={"headline": "Edited", "body_html": "<p>Two</p>", "version": "1"})
    paths = ["/", "/board", "/articles", "/articles?q=text", f"/articles/{article.id}", f"/articles/{article.id}/edit",
             f"/articles/{article.id}/history", f"/articles/{article.id}/compare?a=1&b=2", "/profile", "/inbox",
             "/articles/new", "/articles/import", "/no-such-page"]
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert_nothing_inline(response.get_data(as_text=True), path)
    auth.logout()
    auth.login("ada")
    for path in ("/admin/people", "/admin/people/new", f"/admin/people/{newsroom['rob'].id}"):
        assert_nothing_inline(client.get(path).get_data(as_text=True), path)


# --- cookies ------------------------------------------------------------------------------------


def cookie(response, name: str) -> dict[str, str | bool]:
    """The attributes of the Set-Cookie for `name`, lower-cased: {"httponly": True, "samesite": "lax", ...}."""
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(name + "="):
            attributes: dict[str, str | bool] = {}
            for part in header.split(";")[1:]:
                key, sep, value = part.strip().partition("=")
                attributes[key.lower()] = value.lower() if sep else True
            return attributes
    raise AssertionError(f"no {name} cookie in {response.headers.getlist('Set-Cookie')}")


def login(client, username="rita", remember=True, **kwargs):
    data = {"username": username, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data, **kwargs)
    assert response.status_code == 302
    return response


def test_cookies_httponly_lax_and_not_secure_on_plain_http(client, newsroom):
    response = login(client)
    for name in ("session", "remember_token"):
        attributes = cookie(response, name)
        assert attributes.get("httponly") is True, name
        assert attributes.get("samesite") == "lax", name
        assert "secure" not in attributes, name  # development over http://: the cookie must still be sent
    assert client.get("/").status_code == 200


def test_cookies_secure_over_https(client, newsroom):
    response = login(client, base_url=HTTPS)
    for name in ("session", "remember_token"):
        attributes = cookie(response, name)
        assert attributes.get("secure") is True, name
        assert attributes.get("httponly") is True and attributes.get("samesite") == "lax", name
    assert client.get("/", base_url=HTTPS).status_code == 200


# --- production configuration -------------------------------------------------------------------


@pytest.fixture
def environment(monkeypatch, tmp_path):
    monkeypatch.setenv("EDITORIAL_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    return monkeypatch


@pytest.mark.parametrize("key", [None, "", "   "])
def test_production_refuses_to_start_without_a_secret_key(environment, tmp_path, key):
    environment.setenv("EDITORIAL_ENV", "production")
    if key is not None:
        environment.setenv("SECRET_KEY", key)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()
    assert not (tmp_path / "instance" / "secret_key").exists()  # no key was made up either


def test_development_keeps_one_private_random_key(environment, tmp_path):
    environment.setenv("EDITORIAL_ENV", "development")
    first, second = create_app(), create_app()
    key_file = tmp_path / "instance" / "secret_key"
    assert first.secret_key == second.secret_key == key_file.read_text().strip()
    assert len(first.secret_key) >= 32 and key_file.stat().st_mode & 0o077 == 0
    assert first.config["SESSION_COOKIE_SECURE"] is False


@pytest.fixture
def production_client(environment, database_url):
    environment.setenv("EDITORIAL_ENV", "production")
    environment.setenv("SECRET_KEY", "3f9c2b7e1d4a6058c9b1e2f3a4d5c6b7")
    environment.setenv("PUBLIC_BASE_URL", "https://news.example.org")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "WTF_CSRF_ENABLED": False,
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    app.test_client_class = FlaskClient
    with app.app_context():
        people.create_user("rita", roles=["reporter"], password=PASSWORD)
        db.session.remove()
    yield app.test_client()
    with app.app_context():
        db.engine.dispose()


def test_production_makes_cookies_secure_even_behind_a_plain_http_proxy(production_client):
    response = login(production_client)
    assert production_client.application.secret_key == "3f9c2b7e1d4a6058c9b1e2f3a4d5c6b7"
    for name in ("session", "remember_token"):
        attributes = cookie(response, name)
        assert attributes.get("secure") is True and attributes.get("httponly") is True, name
        assert attributes.get("samesite") == "lax", name


# --- CSRF ---------------------------------------------------------------------------------------


def csrf_token(client, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, path
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True))
    assert match, f"no csrf_token on {path}"
    return match.group(1)


def csrf_login(client, username: str) -> None:
    response = client.post("/login", data={"username": username, "password": PASSWORD,
                                           "csrf_token": csrf_token(client, "/login")})
    assert response.status_code == 302 and client.get("/").status_code == 200


class TestCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_login_without_the_token_is_refused(self, client, newsroom):
        response = client.post("/login", data={"username": "rita", "password": PASSWORD})
        assert response.status_code == 400
        assert client.get("/").status_code == 302  # not logged in
        assert Event.query.filter(Event.kind.in_(["login", "login_failed"])).count() == 0
        csrf_login(client, "rita")  # the same log-in with the token works

    def test_a_token_from_another_browser_is_refused(self, app, client, newsroom):
        other = app.test_client()
        token = csrf_token(other, "/login")
        csrf_token(client, "/login")
        response = client.post("/login", data={"username": "rita", "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 400 and client.get("/").status_code == 302

    def test_logout_without_the_token_is_refused(self, client, newsroom):
        csrf_login(client, "rita")
        assert client.post("/logout").status_code == 400
        assert client.get("/").status_code == 200  # still logged in
        assert client.post("/logout", data={"csrf_token": csrf_token(client, "/")}).status_code == 302
        assert client.get("/").status_code == 302

    def test_transition_without_the_token_is_refused(self, client, newsroom, make_article):
        article = make_article(newsroom["rita"])
        transitions.transition(newsroom["rita"], article.id, "in_review")
        csrf_login(client, "ed")
        assert client.post(f"/articles/{article.id}/transition", data={"to": "approved"}).status_code == 400
        assert fresh(Article, article.id).state == "in_review"
        token = csrf_token(client, f"/articles/{article.id}")
        response = client.post(f"/articles/{article.id}/transition", data={"to": "approved", "csrf_token": token})
        assert response.status_code == 302 and fresh(Article, article.id).state == "approved"

    def test_save_without_the_token_is_refused(self, client, newsroom, make_article):
        article = make_article(newsroom["rita"])
        csrf_login(client, "rita")
        form = {"headline": "Forged headline", "body_html": "<p>Forged</p>", "section": "Africa", "version": "1",
                "byline": str(newsroom["rita"].id)}
        assert client.post(f"/articles/{article.id}/edit", data=form).status_code == 400
        saved = fresh(Article, article.id)
        assert (saved.version, saved.headline) == (1, "Mali cuts ties with Ukraine")
        form["csrf_token"] = csrf_token(client, f"/articles/{article.id}/edit")
        assert client.post(f"/articles/{article.id}/edit", data=form).status_code == 302
        saved = fresh(Article, article.id)
        assert (saved.version, saved.headline) == (2, "Forged headline")

    def test_edit_lock_heartbeat_needs_the_token_header(self, client, newsroom, make_article):
        article = make_article(newsroom["rita"])
        csrf_login(client, "rita")
        token = csrf_token(client, f"/articles/{article.id}/edit")
        db.session.rollback()
        EditLock.query.delete()
        db.session.commit()
        assert client.post(f"/articles/{article.id}/lock").status_code == 400
        assert EditLock.query.count() == 0
        response = client.post(f"/articles/{article.id}/lock", headers={"X-CSRFToken": token})
        assert response.status_code == 200 and response.get_json()["holder"] is None
        assert EditLock.query.one().user_id == newsroom["rita"].id

    def test_taking_over_an_edit_lock_needs_the_token(self, client, newsroom, make_article):
        from editorial.services import locks

        article = make_article(newsroom["rita"])
        locks.acquire(article, newsroom["rita"])
        csrf_login(client, "ed")
        token = csrf_token(client, f"/articles/{article.id}/edit")
        assert client.post(f"/articles/{article.id}/lock/take-over").status_code == 400
        assert locks.holder(article).user.username == "rita"
        client.post(f"/articles/{article.id}/lock/take-over", data={"csrf_token": token})
        assert locks.holder(article).user.username == "ed"

    def test_triage_routes_need_the_token_and_fetch_sends_it_in_the_header(self, client, newsroom, piece):
        from editorial.models import Claim, FlagDismissal
        from editorial.services import claims, copydesk
        from editorial.services.access import get_article

        fay = newsroom["fay"]
        statements = [f for f in copydesk.article_flags(get_article(fay, piece.id)) if f.flag.category == "claim"]
        first, second, third = statements[:3]
        dismissal_id = copydesk.dismiss(fay, piece.id, key=third.key, reason="opinion").id
        claim_id = claims.create(fay, piece.id, flag_key=second.key, exact=second.flag.text, version=piece.version).id
        csrf_login(client, "fay")
        token = csrf_token(client, f"/articles/{piece.id}")
        one = {"key": first.key, "exact": first.flag.text, "version": str(piece.version), "reason": "opinion"}
        json = {"Accept": "application/json"}
        forged = [
            (f"/articles/{piece.id}/flags/dismiss", one),
            (f"/articles/{piece.id}/flags/dismiss-group", one),
            (f"/articles/{piece.id}/flags/undo-dismissal", {"dismissal": str(dismissal_id)}),
            (f"/articles/{piece.id}/claims/{claim_id}/undo", {}),
            (f"/articles/{piece.id}/claims/new", {"flag_key": first.key, "exact": first.flag.text,
                                                  "version": str(piece.version)}),
        ]
        for url, data in forged:
            refused = client.post(url, data=data, headers=json)
            assert refused.status_code == 400, url
            assert refused.get_json()["error"]["code"] == "csrf", url
        db.session.rollback()
        assert FlagDismissal.query.count() == 1 and Claim.query.filter(Claim.closed_at.is_(None)).count() == 1
        # what triage.js sends: the token in the X-CSRFToken header (and in the form)
        answer = client.post(forged[0][0], data={**one, "csrf_token": token}, headers={**json, "X-CSRFToken": token})
        assert answer.status_code == 200
        undone = client.post(forged[3][0], data={"csrf_token": token}, headers={**json, "X-CSRFToken": token})
        assert undone.status_code == 200

    def test_setting_the_dismissal_presets_needs_the_token(self, client, newsroom):
        from editorial.services import triage

        csrf_login(client, "ada")
        token = csrf_token(client, "/admin/style")
        assert client.post("/admin/style/presets", data={"presets": "forged"}).status_code == 400
        assert "forged" not in triage.presets()
        assert client.post("/admin/style/presets", data={"presets": "satire", "csrf_token": token}).status_code == 302
        db.session.rollback()
        assert triage.presets() == ("satire",)

    def test_admin_deactivate_without_the_token_is_refused(self, client, newsroom):
        rob_id = newsroom["rob"].id
        csrf_login(client, "ada")
        assert client.post(f"/admin/people/{rob_id}/deactivate").status_code == 400
        assert fresh(User, rob_id).active
        token = csrf_token(client, f"/admin/people/{rob_id}")
        assert client.post(f"/admin/people/{rob_id}/deactivate", data={"csrf_token": token}).status_code == 302
        assert not fresh(User, rob_id).active

    def test_admin_roles_and_token_creation_without_the_token_are_refused(self, client, newsroom):
        rob_id = newsroom["rob"].id
        csrf_login(client, "ada")
        assert client.post(f"/admin/people/{rob_id}/roles", data={"roles": ["admin"]}).status_code == 400
        assert client.post("/profile/tokens", data={"name": "forged"}).status_code == 400
        assert client.post("/admin/people/new", data={"username": "mallory", "roles": ["admin"],
                                                       "password": "mallory-password"}).status_code == 400
        assert fresh(User, rob_id).roles == {"reporter"}
        assert ApiToken.query.count() == 0 and User.query.filter_by(username="mallory").count() == 0

    def test_the_api_is_csrf_exempt_with_a_bearer_token(self, client, newsroom):
        api = Api(client).login("rita")
        created = api("POST", "/articles", {"headline": "No CSRF needed"})
        assert created.status_code == 201
        aid = created.get_json()["id"]
        assert api("PATCH", f"/articles/{aid}", {"headline": "Still none", "version": 1}).status_code == 200
        assert api("POST", f"/articles/{aid}/transitions", {"to": "in_review"}).get_json()["state"] == "in_review"

    def test_a_session_cookie_alone_does_not_authenticate_the_api(self, client, newsroom, make_article):
        article = make_article(newsroom["rita"])
        csrf_login(client, "rita")
        assert client.get("/api/v1/articles").status_code == 401
        assert client.get(f"/api/v1/articles/{article.id}").status_code == 401
        response = client.post("/api/v1/articles", json={"headline": "Via cookie"})
        assert response.status_code == 401 and response.get_json()["error"]["code"] == "unauthorized"
        response = client.post(f"/api/v1/articles/{article.id}/transitions", json={"to": "in_review"})
        assert response.status_code == 401
        assert Article.query.count() == 1 and fresh(Article, article.id).state == "draft"


# --- authorization per record -------------------------------------------------------------------

ARTICLE_ROUTES = [
    ("GET", "/articles/{id}", None),
    ("GET", "/articles/{id}/edit", None),
    ("POST", "/articles/{id}/edit", {"headline": "Rob was here", "body_html": "<p>x</p>", "version": "1"}),
    ("GET", "/articles/{id}/history", None),
    ("GET", "/articles/{id}/compare?a=1&b=1", None),
    ("POST", "/articles/{id}/lock", None),
    ("POST", "/articles/{id}/unlock", None),
    ("POST", "/articles/{id}/lock/take-over", None),
    ("POST", "/articles/{id}/lock/ask", None),
    ("POST", "/articles/{id}/lock/hand-over", {"to": "{ed}"}),
    ("POST", "/articles/{id}/lock/keep", {"to": "{ed}"}),
    ("POST", "/articles/{id}/transition", {"to": "in_review"}),
    ("POST", "/articles/{id}/assign", {"user_id": "{ed}"}),
    ("POST", "/articles/{id}/unassign/{ed}", None),
    ("POST", "/articles/{id}/revisions/1/restore", {"version": "1"}),
]


@pytest.mark.parametrize(("method", "path", "data"), ARTICLE_ROUTES, ids=[f"{m} {p}" for m, p, _ in ARTICLE_ROUTES])
def test_every_article_route_answers_404_for_an_article_you_may_not_see(client, auth, newsroom, make_article,
                                                                         method, path, data):
    article = make_article(newsroom["rita"], headline="Rita's secret scoop")
    ed = newsroom["ed"]
    db.session.add(Assignment(article_id=article.id, user_id=ed.id, assigned_by_id=ed.id))
    db.session.commit()

    def fill(text: str, article_id: int) -> str:
        return text.replace("{id}", str(article_id)).replace("{ed}", str(ed.id))

    form = {k: fill(v, article.id) for k, v in (data or {}).items()}
    answers = []
    for who in ("rob", "fay"):
        auth.login(who)
        for target in (article.id, 999999):  # rita's draft, and one that does not exist: the same answer
            response = client.open(fill(path, target), method=method, data=form)
            assert response.status_code == 404, (who, target, response.status_code)
            assert "secret scoop" not in response.get_data(as_text=True)
            # the same page either way; only the log-out form's CSRF token (signed with a timestamp) may differ
            answers.append(re.sub(r'name="csrf_token" value="[^"]*"', "", response.get_data(as_text=True)))
        auth.logout()
    assert answers[0] == answers[1]
    saved = fresh(Article, article.id)
    assert (saved.state, saved.version, saved.headline) == ("draft", 1, "Rita's secret scoop")
    assert EditLock.query.count() == 0
    assert Assignment.query.count() == 1
    auth.login("rita")  # the author reaches the same route (no 404 for her)
    assert client.open(fill(path, article.id), method=method, data=form).status_code != 404


ADMIN_ROUTES = [
    ("GET", "/admin/people", None),
    ("GET", "/admin/people/new", None),
    ("POST", "/admin/people/new", {"username": "mallory", "roles": ["admin"], "password": "mallory-password"}),
    ("GET", "/admin/people/{rob}", None),
    ("POST", "/admin/people/{rob}/roles", {"roles": ["admin"]}),
    ("POST", "/admin/people/{rob}/deactivate", {}),
    ("POST", "/admin/people/{rob}/reactivate", {}),
    ("POST", "/admin/people/{rob}/invite", {}),
]


@pytest.mark.parametrize(("method", "path", "data"), ADMIN_ROUTES, ids=[f"{m} {p}" for m, p, _ in ADMIN_ROUTES])
def test_admin_pages_are_for_admins_only(client, auth, newsroom, method, path, data):
    rob = newsroom["rob"]
    url = path.replace("{rob}", str(rob.id))
    assert client.open(url, method=method, data=data).status_code == 302  # anonymous: to the log-in page
    for who in ("rita", "ed", "fay"):
        auth.login(who)
        assert client.open(url, method=method, data=data).status_code == 403, who
        auth.logout()
    saved = fresh(User, rob.id)
    assert saved.active and saved.roles == {"reporter"} and saved.invite_token_hash is None
    assert User.query.filter_by(username="mallory").count() == 0
    auth.login("ada")
    assert client.open(url, method=method, data=data).status_code in (200, 302)


# --- the review record of a published piece: its people, editors and admins only ---------------------------

REVIEW_ROUTES = [
    # method, path, data, what someone who may read only the published piece gets
    ("GET", "/articles/{id}/history", None, 403),
    ("GET", "/articles/{id}/compare?a=1&b=2", None, 403),
    ("GET", "/articles/{id}/claims/new", None, 403),
    ("POST", "/articles/{id}/lock", None, 403),
    ("GET", "/claims/{claim}", None, 404),
    ("POST", "/comments/{thread}/replies", {"body": "Rob was here"}, 404),
    ("POST", "/comments/{thread}/resolve", {}, 404),
    ("GET", "/api/v1/articles/{id}/comments", None, 403),
    ("GET", "/api/v1/comments/{thread}", None, 404),
    ("GET", "/api/v1/articles/{id}/revisions", None, 403),
    ("GET", "/api/v1/articles/{id}/revisions/1", None, 403),
    ("GET", "/api/v1/articles/{id}/claims", None, 403),
    ("GET", "/api/v1/claims/{claim}", None, 404),
    ("GET", "/api/v1/articles/{id}/flags", None, 403),
]


@pytest.fixture
def argued_over(newsroom, make_article):
    """Rita's piece, published after an internal comment, a claim with working notes and a rewrite."""
    from editorial.services import articles, claims, comments

    rita, ed, fay = newsroom["rita"], newsroom["ed"], newsroom["fay"]
    article = make_article(rita, body_html="<p>PRE-PUBLICATION wording about 84 Wagner fighters.</p>")
    articles.save(rita, article.id, {"body_html": "<p>About 84 Wagner fighters were ambushed.</p>"}, base_version=1)
    transitions.transition(rita, article.id, "in_review")
    thread = comments.start_thread(ed, article.id, general=True, body="INTERNAL-REMARK: is the source any good?")
    claim = claims.create(fay, article.id, exact="84 Wagner fighters", summary="84 fighters were ambushed")
    claims.update(fay, claim.id, notes="INTERNAL-NOTES: the rebels' own count", comment="Checking")
    transitions.transition(ed, article.id, "approved")
    transitions.transition(ed, article.id, "published", override_reason="Checked by hand.")
    db.session.commit()
    return {"id": article.id, "thread": thread.id, "claim": claim.id}


def _fill(path: str, ids: dict) -> str:
    return path.format(**ids)


def _call(client, who: str, method: str, path: str, data):
    if path.startswith("/api/v1"):
        headers = {"Authorization": f"Bearer {Api(client).login(who).token}"}
        return client.open(path, method=method, json=data, headers=headers)
    return client.open(path, method=method, data=data)


@pytest.mark.parametrize(("method", "path", "data", "refused"), REVIEW_ROUTES,
                         ids=[f"{m} {p}" for m, p, _, _ in REVIEW_ROUTES])
def test_another_reporter_cannot_read_the_review_record_of_a_published_piece(
        client, auth, newsroom, argued_over, method, path, data, refused):
    url = _fill(path, argued_over)
    auth.login("rob")
    response = _call(client, "rob", method, url, data)
    assert response.status_code == refused, response.get_data(as_text=True)[:300]
    text = response.get_data(as_text=True)
    for secret in ("INTERNAL-REMARK", "INTERNAL-NOTES", "PRE-PUBLICATION", "Rob was here"):
        assert secret not in text
    assert EditLock.query.count() == 0 and Event.query.filter_by(kind="comment_replied").count() == 0
    auth.logout()
    for who in ("rita", "ed", "fay", "ada"):  # its author, an editor, a fact-checker, an admin
        if method == "POST" and who != "rita":
            continue  # writing is can_comment's question, tested with comments
        auth.login(who)
        assert _call(client, who, method, url, data).status_code not in (403, 404), who
        auth.logout()


def test_the_staff_page_of_a_published_piece_sends_another_reporter_to_the_public_page(client, auth, argued_over):
    auth.login("rob")
    response = client.get(f"/articles/{argued_over['id']}")
    assert response.status_code == 302 and response.headers["Location"].startswith(f"/news/{argued_over['id']}")
    public = client.get(response.headers["Location"], follow_redirects=True)
    assert public.status_code == 200 and "About 84 Wagner fighters were ambushed." in public.get_data(as_text=True)
    assert "INTERNAL-REMARK" not in public.get_data(as_text=True)
    api = Api(client).login("rob")  # the published piece itself stays readable over the API
    assert api("GET", f"/articles/{argued_over['id']}").status_code == 200
    auth.logout()
    auth.login("ada")
    page = client.get(f"/articles/{argued_over['id']}").get_data(as_text=True)
    assert "INTERNAL-REMARK" in page  # admins read the record
