"""Logging in and out, and accepting an invitation."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from editorial.services import people, sessions
from editorial.services.errors import BadCredentials, NotFound, RateLimited, ServiceError
from editorial.views.forms import LoginForm, SetPasswordForm

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.home"))
    form = LoginForm()
    status, headers = 200, {}
    if form.validate_on_submit():
        try:
            user = people.authenticate(form.username.data, form.password.data, remote_addr=request.remote_addr)
        except (BadCredentials, RateLimited) as e:
            flash(e.message, "error")
            status = e.status
            if getattr(e, "retry_after", None):
                headers["Retry-After"] = str(e.retry_after)
        else:
            target = _safe_next(request.args.get("next"))
            session.clear()  # a fresh session at login: nothing from before survives (no fixation)
            login_user(_open_session(user, remember=form.remember.data), remember=form.remember.data)
            return redirect(target or url_for("dashboard.home"))
    elif request.method == "POST":
        status = 422
    return render_template("auth/login.html", form=form), status, headers


@bp.post("/logout")
@login_required
def logout():
    sessions.logout(current_user)  # on the server: copies of the session and remember cookies stop working
    logout_user()
    session.clear()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invite(token: str):
    try:
        invited = people.user_for_invite(token)
    except NotFound as e:
        return render_template("error.html", status=404, message=e.message), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = people.accept_invite(token, form.password.data)
        except ServiceError as e:
            flash(e.message, "error")
        else:
            session.clear()
            login_user(_open_session(user, remember=False))
            flash("Welcome! Your password is set. Any other session of yours was logged out.", "success")
            return redirect(url_for("dashboard.home"))
    return render_template("auth/invite.html", form=form, invited=invited)


def _open_session(user, *, remember: bool):
    return sessions.start(user, remember=remember, remote_addr=request.remote_addr,
                          user_agent=request.user_agent.string)


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: never an absolute or scheme-relative URL (open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target
