"""Flask-Login wiring: who is logged in, and how a session stops working at once."""

from __future__ import annotations

from flask import Flask

from editorial.extensions import login_manager


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_user)


def load_user(session_key: str):
    """Sessions and remember cookies carry a login session's key (services/sessions.py): logging out,
    a password change or reset, or deactivation ends the session on the server, and with it every copy of
    both cookies, on the next request."""
    from editorial.services import sessions

    return sessions.load(session_key)
