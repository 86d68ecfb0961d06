"""Flask-Login wiring: who is logged in, and how a session stops working at once."""

from __future__ import annotations

from flask import Flask

from editorial.extensions import db, login_manager


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_user)


def load_user(session_id: str):
    """Sessions and remember cookies carry "<user id>.<session epoch>": a deactivated person, or one whose
    password changed since, is logged out on their next request."""
    from editorial.models import User

    user_id, _, epoch = session_id.partition(".")
    if not (user_id.isdigit() and epoch.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_epoch != int(epoch):
        return None
    return user
