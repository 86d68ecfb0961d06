"""Logging in and out: fresh sessions, one answer for every wrong case, rate limits, deactivation."""

from __future__ import annotations

from editorial.models import Event
from editorial.services import people
from tests.conftest import PASSWORD


def test_login_lands_on_the_queue(client, auth, newsroom):
    response = auth.login("rita")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/")
    assert b"Your drafts" in page.data and b"Rita Reporter" in page.data


def test_pages_need_a_login(client):
    response = client.get("/articles")
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]


def test_same_answer_for_wrong_user_and_wrong_password(client, auth, newsroom):
    wrong_password = auth.login("rita", "not-her-password")
    wrong_user = auth.login("nobody-here", "whatever-password")
    assert wrong_password.status_code == wrong_user.status_code == 401
    assert b"Wrong user name or password." in wrong_password.data
    assert wrong_password.data.replace(b"rita", b"") .count(b"Wrong user name") == wrong_user.data.count(b"Wrong user name")


def test_login_failures_are_audited(app, auth, newsroom):
    auth.login("rita", "bad-password-1")
    event = Event.query.filter_by(kind="login_failed").one()
    assert event.username_tried == "rita" and event.remote_addr == "127.0.0.1"


def test_rate_limited_after_five_failures_even_with_the_right_password(client, auth, newsroom):
    for i in range(5):
        assert auth.login("rita", f"bad-password-{i}").status_code == 401
    blocked = auth.login("rita", PASSWORD)
    assert blocked.status_code == 429 and b"Too many failed log-in attempts" in blocked.data
    assert auth.login("rob").status_code == 302  # another person is not locked out


def test_fresh_session_at_login(client, auth, newsroom):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    auth.login("rita")
    with client.session_transaction() as session:
        assert "planted" not in session


def test_open_redirect_is_refused(client, auth, newsroom):
    response = client.post("/login?next=//evil.example/x", data={"username": "rita", "password": PASSWORD})
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = client.post("/login?next=/articles", data={"username": "rob", "password": PASSWORD})
    assert response.headers["Location"] == "/articles"


def test_logout(client, auth, newsroom):
    auth.login("rita")
    assert auth.logout().status_code == 302
    assert client.get("/").status_code == 302


def test_deactivation_ends_sessions_and_remember_cookies_at_once(app, newsroom):
    rita_browser, admin_browser = app.test_client(), app.test_client()
    rita_browser.post("/login", data={"username": "rita", "password": PASSWORD, "remember": "y"})
    assert rita_browser.get("/").status_code == 200
    cookie_names = {c.key for c in rita_browser._cookies.values()}
    assert "remember_token" in cookie_names
    admin_browser.post("/login", data={"username": "ada", "password": PASSWORD})
    admin_browser.post(f"/admin/people/{newsroom['rita'].id}/deactivate")
    assert rita_browser.get("/").status_code == 302
    # dropping the session cookie and relying on the remember cookie does not help either
    rita_browser.delete_cookie("session")
    assert rita_browser.get("/").status_code == 302
    assert Event.query.filter_by(kind="user_deactivated").count() == 1


def test_password_change_logs_out_other_sessions(app, newsroom):
    laptop, phone = app.test_client(), app.test_client()
    for browser in (laptop, phone):
        browser.post("/login", data={"username": "rita", "password": PASSWORD})
    response = laptop.post("/profile/password", data={
        "current_password": PASSWORD, "password": "a-new-long-password", "confirm": "a-new-long-password"})
    assert response.status_code == 302
    assert laptop.get("/").status_code == 200
    assert phone.get("/").status_code == 302
    assert people.authenticate("rita", "a-new-long-password", remote_addr=None).username == "rita"


def test_wrong_current_password_is_refused(client, auth, newsroom):
    auth.login("rita")
    response = client.post("/profile/password", data={
        "current_password": "nope-nope-nope", "password": "a-new-long-password", "confirm": "a-new-long-password"})
    assert response.status_code == 422 and b"Your current password is wrong." in response.data


def test_invitation_sets_a_password(client, app, newsroom):
    user, invite = people.create_user("nina", roles=["reporter"], actor=newsroom["ada"])
    assert user.password_hash is None and invite
    page = client.get(f"/invite/{invite}")
    assert b"Welcome, nina" in page.data
    response = client.post(f"/invite/{invite}", data={"password": "nina-long-password", "confirm": "nina-long-password"})
    assert response.status_code == 302
    assert client.get(f"/invite/{invite}").status_code == 404  # used up
    assert people.authenticate("nina", "nina-long-password", remote_addr=None)
