"""Login sessions on the server: opened at log-in, looked up on every request, ended by logging out, by
"log out everywhere else", by a password change or reset, or by deactivation. The session cookie and the
remember cookie carry only the session's random key, so ending the row ends every copy of both."""

from __future__ import annotations

import logging
import re
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from editorial.database import utcnow
from editorial.extensions import db
from editorial.models import LoginSession, User
from editorial.services.audit import Kind, record
from editorial.services.errors import Invalid, NotFound
from editorial.services.tokens import digest

logger = logging.getLogger(__name__)
SEEN_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often: not a write per request


def start(user: User, *, remember: bool, remote_addr: str | None, user_agent: str) -> User:
    """Open a login session for someone who just proved who they are; the user, ready for login_user()."""
    key = secrets.token_urlsafe(32)
    row = LoginSession(key_hash=digest(key), user_id=user.id, remember=bool(remember),
                       remote_addr=(remote_addr or "")[:64] or None, user_agent=summarize_user_agent(user_agent))
    db.session.add(row)
    db.session.commit()
    user.session_key, user.login_session_id = key, row.id
    return user


def load(key: str) -> User | None:
    """The person whose live login session this key opens, or None (ended, expired, deactivated, unknown)."""
    if not key or "." in key:  # "<id>.<epoch>" cookies from before login sessions existed
        return None
    row = db.session.execute(
        sa.select(LoginSession).where(LoginSession.key_hash == digest(key))
        .options(sa.orm.joinedload(LoginSession.user).joinedload(User.role_rows))  # every page asks for the roles
    ).unique().scalar_one_or_none()
    now = utcnow()
    if row is None or row.ended_at is not None or not row.user.active or now >= _expires_at(row):
        return None
    if now - row.last_seen_at >= SEEN_EVERY:
        row.last_seen_at = now
        db.session.commit()
    user = row.user
    user.session_key, user.login_session_id = key, row.id
    return user


def logout(user: User) -> None:
    """End the session this request came with: its cookies stop working, copies included."""
    _end(sa.select(LoginSession).where(LoginSession.id == user.login_session_id))
    record(Kind.LOGOUT, actor=user)
    db.session.commit()


def active_for(user: User) -> list[LoginSession]:
    now = utcnow()
    rows = db.session.execute(
        sa.select(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
        .order_by(LoginSession.last_seen_at.desc())
    ).scalars()
    return [row for row in rows if now < _expires_at(row)]


def end_others(user: User) -> int:
    """"Log out everywhere else": every session of this person but the one asking. How many ended."""
    count = end_all_for(user, keep=user.login_session_id)
    record(Kind.SESSIONS_ENDED, actor=user, subject_user=user, details={"count": count, "reason": "asked"})
    db.session.commit()
    logger.info("user=%s ended %d other sessions", user.username, count)
    return count


def end_one(user: User, session_id: int) -> None:
    """End one of this person's other sessions (their own current one ends by logging out)."""
    row = db.session.get(LoginSession, session_id)
    if row is None or row.user_id != user.id or row.ended_at is not None:
        raise NotFound("No such session: it may have ended already.")
    if row.id == user.login_session_id:
        raise Invalid("That is this session: log out instead.")
    row.ended_at = utcnow()
    record(Kind.SESSIONS_ENDED, actor=user, subject_user=user, details={"count": 1, "reason": "asked"})
    db.session.commit()


def end_all_for(user: User, *, keep: int | None = None) -> int:
    """Inside a caller's transaction (no commit): end every live session of this person but `keep`."""
    query = sa.select(LoginSession).where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
    if keep is not None:
        query = query.where(LoginSession.id != keep)
    return _end(query)


def summarize_user_agent(user_agent: str) -> str:
    """"Firefox on Linux": enough for a person to recognise their own devices, nothing to fingerprint."""
    ua = user_agent or ""
    browser = next((name for pattern, name in _BROWSERS if re.search(pattern, ua)), "")
    system = next((name for pattern, name in _SYSTEMS if re.search(pattern, ua)), "")
    if not browser:
        return ua[:40] or "unknown"
    return f"{browser} on {system}" if system else browser


_BROWSERS = [(r"Edg/", "Edge"), (r"OPR/", "Opera"), (r"Firefox/", "Firefox"), (r"Chrom(e|ium)/", "Chrome"),
             (r"Safari/", "Safari"), (r"^curl/", "curl"), (r"^python", "Python")]
_SYSTEMS = [(r"Android", "Android"), (r"iPhone|iPad", "iOS"), (r"Windows", "Windows"), (r"Mac OS X", "macOS"),
            (r"CrOS", "ChromeOS"), (r"Linux", "Linux")]


def _end(query) -> int:
    now = utcnow()
    rows = list(db.session.execute(query).scalars())
    for row in rows:
        row.ended_at = now
    return len(rows)


def _expires_at(row: LoginSession):
    """A remembered session lives as long as its cookie; any other ends after that long idle, and none outlives
    the remember-cookie lifetime."""
    config = current_app.config
    absolute = row.created_at + config["REMEMBER_COOKIE_DURATION"]
    if row.remember:
        return absolute
    return min(absolute, row.last_seen_at + config["PERMANENT_SESSION_LIFETIME"])
