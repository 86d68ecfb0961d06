"""Login sessions end when they should (OWASP ASVS 7.4): logout ends copies of both cookies, a password change
or reset ends the other sessions, the profile lists sessions and logs out everywhere else."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from editorial.database import db, utcnow
from editorial.models import Event
from tests.conftest import PASSWORD

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
NEW_PASSWORD = "a-new-long-password"


def browser(app, addr="127.0.0.1", user_agent=FIREFOX):
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR=addr, HTTP_USER_AGENT=user_agent)
    return client


def log_in(client, username="rita", remember=False):
    data = {"username": username, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/", response.data
    return client


def copy_cookies(source, target, *names):
    for name in names:
        target.set_cookie(name, source.get_cookie(name).value)
    return target


def staff_page(client) -> int:
    return client.get("/").status_code


def api_token(client, username="rita") -> str:
    response = client.post("/api/v1/tokens", json={"username": username, "password": PASSWORD})
    assert response.status_code == 201
    return response.get_json()["token"]


def token_works(client, token) -> bool:
    response = client.get("/api/v1/articles", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code in (200, 401)
    return response.status_code == 200


def sessions_of(username):
    from editorial.models import LoginSession

    db.session.rollback()
    return list(db.session.execute(
        sa.select(LoginSession).join(LoginSession.user).where(LoginSession.user.has(username=username))
    ).scalars())


def test_a_copied_session_cookie_stops_working_at_logout(app, newsroom):
    rita = log_in(browser(app))
    thief = copy_cookies(rita, browser(app), "session")
    assert staff_page(thief) == 200  # the copy works while the session lives
    rita.post("/logout")
    response = thief.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_copied_remember_cookie_stops_working_at_logout(app, newsroom):
    rita = log_in(browser(app), remember=True)
    thief = copy_cookies(rita, browser(app), "remember_token")
    assert staff_page(thief) == 200  # the remember cookie alone opens staff pages…
    rita.post("/logout")
    thief.delete_cookie("session")
    assert staff_page(thief) == 302  # …until the session it belongs to ends
    [row] = sessions_of("rita")
    assert row.ended_at is not None


def test_a_remember_cookie_expires_on_the_server_too(app, newsroom):
    rita = log_in(browser(app), remember=True)
    thief = copy_cookies(rita, browser(app), "remember_token")
    assert staff_page(thief) == 200
    [row] = sessions_of("rita")
    row.created_at = utcnow() - app.config["REMEMBER_COOKIE_DURATION"] - timedelta(minutes=1)
    db.session.commit()
    assert staff_page(copy_cookies(rita, browser(app), "remember_token")) == 302


def test_the_session_key_is_new_at_every_login_and_is_not_the_user_id(app, newsroom):
    first, second = log_in(browser(app)), log_in(browser(app))
    keys = []
    for client in (first, second):
        with client.session_transaction() as session:
            keys.append(session["_user_id"])
    assert keys[0] != keys[1] and str(newsroom["rita"].id) not in {k.partition(".")[0] for k in keys}
    assert len(keys[0]) >= 40


def test_password_change_ends_other_sessions_and_their_remember_cookies(app, newsroom):
    laptop, phone = log_in(browser(app)), log_in(browser(app, "198.51.100.7"), remember=True)
    stolen_remember = copy_cookies(phone, browser(app), "remember_token")
    token = api_token(laptop)
    response = laptop.post("/profile/password", data={
        "current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert staff_page(laptop) == 200
    assert staff_page(phone) == 302 and staff_page(stolen_remember) == 302
    assert token_works(laptop, token)  # not asked to revoke tokens: they keep working
    event = Event.query.filter_by(kind="password_changed").one()
    assert event.details == {"sessions_ended": 1, "tokens_revoked": []}


def test_password_change_can_revoke_the_api_tokens(app, newsroom):
    laptop = log_in(browser(app))
    page = laptop.get("/profile")
    assert b"Also revoke my API tokens" in page.data
    token = api_token(laptop)
    assert token_works(laptop, token)
    response = laptop.post("/profile/password", data={
        "current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "revoke_tokens": "y"})
    assert response.status_code == 302
    assert not token_works(laptop, token)
    assert staff_page(laptop) == 200
    assert Event.query.filter_by(kind="password_changed").one().details["tokens_revoked"] != []


def test_setting_a_password_from_an_admin_reset_link_ends_every_session_and_revokes_tokens(app, newsroom):
    old_laptop = log_in(browser(app), remember=True)
    token = api_token(old_laptop)
    admin = log_in(browser(app), "ada")
    page = admin.post(f"/admin/people/{newsroom['rita'].id}/invite")
    link = page.data.decode().split("/invite/")[1].split('"')[0]
    rita = browser(app, "198.51.100.7")
    response = rita.post(f"/invite/{link}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert staff_page(rita) == 200  # the new session, opened by the link
    assert staff_page(old_laptop) == 302
    old_laptop.delete_cookie("session")
    assert staff_page(old_laptop) == 302  # the remember cookie too
    assert not token_works(rita, token)
    assert [s.remote_addr for s in sessions_of("rita") if s.ended_at is None] == ["198.51.100.7"]


def test_profile_lists_the_sessions_and_logs_out_everywhere_else(app, newsroom):
    laptop = log_in(browser(app, "203.0.113.5"))
    phone = log_in(browser(app, "198.51.100.7", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) "
                                               "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/604.1"))
    others = log_in(browser(app, "192.0.2.1"), "rob")
    page = laptop.get("/profile").data.decode()
    assert "Firefox on Linux" in page and "Safari on iOS" in page
    assert "203.0.113.5" in page and "198.51.100.7" in page and "192.0.2.1" not in page  # only her own
    assert page.count("this session") == 1 and "Log out everywhere else" in page
    response = laptop.post("/profile/sessions/end-others")
    assert response.status_code == 302
    assert staff_page(phone) == 302 and staff_page(laptop) == 200 and staff_page(others) == 200
    page = laptop.get("/profile").data.decode()
    assert "198.51.100.7" not in page and "Log out everywhere else" not in page
    event = Event.query.filter_by(kind="sessions_ended").one()
    assert event.details == {"count": 1, "reason": "asked"}


def test_one_session_can_be_logged_out_from_the_profile_but_not_another_persons(app, newsroom):
    laptop, phone = log_in(browser(app)), log_in(browser(app, "198.51.100.7"))
    rob = log_in(browser(app), "rob")
    phone_session = next(s.id for s in sessions_of("rita") if s.remote_addr == "198.51.100.7")
    assert rob.post(f"/profile/sessions/{phone_session}/end").status_code == 302
    assert staff_page(phone) == 200  # rob cannot end rita's session
    assert b"No such session" in rob.get("/profile").data
    laptop.post(f"/profile/sessions/{phone_session}/end")
    assert staff_page(phone) == 302 and staff_page(laptop) == 200


def test_last_seen_is_written_at_most_once_a_minute(app, newsroom):
    rita = log_in(browser(app))
    [row] = sessions_of("rita")
    seen = row.last_seen_at
    rita.get("/")
    assert sessions_of("rita")[0].last_seen_at == seen
    [row] = sessions_of("rita")
    row.last_seen_at = seen = utcnow() - timedelta(minutes=2)
    db.session.commit()
    rita.get("/")
    assert sessions_of("rita")[0].last_seen_at > seen


def test_an_idle_session_ends_on_the_server(app, newsroom):
    rita = log_in(browser(app))
    [row] = sessions_of("rita")
    row.last_seen_at = utcnow() - app.config["PERMANENT_SESSION_LIFETIME"] - timedelta(minutes=1)
    db.session.commit()
    assert staff_page(rita) == 302

