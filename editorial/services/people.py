"""People: creating, inviting, roles, deactivation, passwords, logging in."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterable
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from editorial.database import utcnow
from editorial.extensions import db
from editorial.models import User, UserRole
from editorial.permissions import Role, parse_roles
from editorial.services import login_throttle, sessions, tokens
from editorial.services.audit import Kind, record
from editorial.services.errors import BadCredentials, Invalid, NotFound

logger = logging.getLogger(__name__)

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
PASSWORD_MIN = 10
INVITE_LIFETIME = timedelta(days=7)
WRONG_CREDENTIALS = "Wrong user name or password."
# Checked against when the user name is unknown, so a wrong name costs the same time as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def normalize_username(username: str) -> str:
    return (username or "").strip().lower()


def validate_password(password: str) -> None:
    if len(password or "") < PASSWORD_MIN:
        raise Invalid(f"The password must have at least {PASSWORD_MIN} characters.", field="password")
    if len(password) > 1024:
        raise Invalid("The password is too long (1,024 characters at most).", field="password")


def by_username(username: str) -> User | None:
    return db.session.execute(
        sa.select(User).where(User.username == normalize_username(username))
    ).scalar_one_or_none()


def get(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such person.")
    return user


def list_people(*, include_inactive: bool = True) -> list[User]:
    query = sa.select(User).order_by(User.display_name).options(sa.orm.joinedload(User.role_rows))  # roles tested
    if not include_inactive:
        query = query.where(User.active.is_(True))
    return list(db.session.execute(query).unique().scalars())


def create_user(
    username: str,
    *,
    roles: Iterable[str],
    password: str | None = None,
    display_name: str = "",
    email: str = "",
    actor: User | None = None,
) -> tuple[User, str | None]:
    """Create a person. Without a password an invite link token is returned (shown once)."""
    username = normalize_username(username)
    if not USERNAME.match(username):
        raise Invalid(
            "A user name is 2–64 characters: lower-case letters, digits, dots, dashes or underscores.",
            field="username",
        )
    if by_username(username):
        raise Invalid(f"The user name “{username}” is taken.", field="username")
    parsed = _roles(roles)
    user = User(username=username, display_name=display_name.strip() or username, email=email.strip() or None)
    invite = None
    if password:
        validate_password(password)
        user.password_hash = _hash(password)
    else:
        invite = secrets.token_urlsafe(24)
        user.invite_token_hash = tokens.digest(invite)
        user.invite_expires_at = utcnow() + INVITE_LIFETIME
    user.role_rows = [UserRole(role=r) for r in sorted(parsed)]
    db.session.add(user)
    db.session.flush()
    record(Kind.USER_CREATED, actor=actor, subject_user=user, details={"roles": sorted(parsed)})
    db.session.commit()
    return user, invite


def set_roles(user: User, roles: Iterable[str], *, actor: User) -> None:
    parsed = _roles(roles)
    before = user.roles
    if parsed == before:
        return
    if Role.ADMIN in before and Role.ADMIN not in parsed:
        _refuse_removing_last_admin(user)
    user.role_rows = [UserRole(role=r) for r in sorted(parsed)]
    record(
        Kind.ROLES_CHANGED,
        actor=actor,
        subject_user=user,
        details={"from": sorted(before), "to": sorted(parsed)},
    )
    db.session.commit()


def deactivate(user: User, *, actor: User | None) -> None:
    """`actor` None: an admin at the command line (`flask --app editorial deactivate USERNAME`)."""
    if actor is not None and user.id == actor.id:
        raise Invalid("You cannot deactivate yourself; ask another admin.")
    if not user.active:
        return
    if Role.ADMIN in user.roles:
        _refuse_removing_last_admin(user)
    user.active = False
    ended = sessions.end_all_for(user)  # every session and remember cookie stops working now
    revoked = tokens.revoke_all_for(user)  # tokens are checked against user.active too; revoke them anyway
    record(Kind.USER_DEACTIVATED, actor=actor, subject_user=user,
           details={"sessions_ended": ended, "tokens_revoked": revoked})
    db.session.commit()


def reactivate(user: User, *, actor: User) -> None:
    if user.active:
        return
    user.active = True
    record(Kind.USER_REACTIVATED, actor=actor, subject_user=user)
    db.session.commit()


def update_profile(user: User, *, display_name: str, email: str) -> None:
    if not display_name.strip():
        raise Invalid("Your name cannot be empty.", field="display_name")
    user.display_name = display_name.strip()[:120]
    user.email = email.strip() or None
    db.session.commit()


def change_password(user: User, *, current: str, new: str, revoke_tokens: bool = False) -> int:
    """Every other session of this person ends (a lost laptop); their API tokens too if they ask.
    How many sessions ended."""
    if not user.password_hash or not check_password_hash(user.password_hash, current or ""):
        raise Invalid("Your current password is wrong.", field="current_password")
    validate_password(new)
    user.password_hash = _hash(new)
    ended = sessions.end_all_for(user, keep=user.login_session_id)
    revoked = tokens.revoke_all_for(user) if revoke_tokens else []
    record(Kind.PASSWORD_CHANGED, actor=user, subject_user=user,
           details={"sessions_ended": ended, "tokens_revoked": revoked})
    db.session.commit()
    logger.info("user=%s changed their password: %d other sessions ended, %d tokens revoked",
                user.username, ended, len(revoked))
    return ended


def reset_password(user: User, new: str, *, actor: User | None) -> None:
    """Set a person's password without their old one (an admin at the command line: `actor` None). Like a
    deactivation it ends their sessions and revokes their API tokens: a reset is for an account at risk."""
    ended, revoked = _set_password_for_an_account_at_risk(user, new)
    record(Kind.PASSWORD_CHANGED, actor=actor, subject_user=user, comment="password reset by an admin",
           details={"sessions_ended": ended, "tokens_revoked": revoked})
    db.session.commit()
    logger.info("user=%s had their password reset by %s: %d sessions ended, %d tokens revoked",
                user.username, actor.username if actor else "the command line", ended, len(revoked))


def _set_password_for_an_account_at_risk(user: User, password: str) -> tuple[int, list]:
    """A password set without the old one (a reset, an invitation link): the link is spent, every session ends
    and every API token is revoked. How many sessions ended, and the tokens revoked."""
    validate_password(password)
    user.password_hash = _hash(password)
    user.invite_token_hash, user.invite_expires_at = None, None
    return sessions.end_all_for(user), tokens.revoke_all_for(user)


def user_for_invite(token: str) -> User:
    user = db.session.execute(
        sa.select(User).where(User.invite_token_hash == tokens.digest(token or ""))
    ).scalar_one_or_none()
    if user is None or not user.active or user.invite_expires_at is None or user.invite_expires_at < utcnow():
        raise NotFound("This invitation link is not valid any more. Ask an admin for a new one.")
    return user


def accept_invite(token: str, password: str) -> User:
    """Set the password from an admin's invitation or reset link. Whoever knew the old password is out: every
    session ends and every API token is revoked (the admin issued the link; nobody else may keep access)."""
    user = user_for_invite(token)
    ended, revoked = _set_password_for_an_account_at_risk(user, password)
    record(Kind.INVITE_ACCEPTED, actor=user, subject_user=user,
           details={"sessions_ended": ended, "tokens_revoked": revoked})
    db.session.commit()
    logger.info("user=%s set a password from a link: %d sessions ended, %d tokens revoked",
                user.username, ended, len(revoked))
    return user


def new_invite(user: User, *, actor: User) -> str:
    invite = secrets.token_urlsafe(24)
    user.invite_token_hash = tokens.digest(invite)
    user.invite_expires_at = utcnow() + INVITE_LIFETIME
    record(Kind.USER_CREATED, actor=actor, subject_user=user, comment="new invitation link")
    db.session.commit()
    return invite


def authenticate(username: str, password: str, *, remote_addr: str | None) -> User:
    """The person these credentials name, or BadCredentials with one message for every wrong case.

    Two transactions by necessity: the attempt is counted and committed before the password is checked
    (login_throttle: RateLimited when its pair or address must wait), so parallel guesses cannot all pass
    the count; then the outcome is recorded. Failures are audit events and warning log lines."""
    tried = normalize_username(username)[:64]
    login_throttle.count_attempt(tried, remote_addr)
    user = by_username(tried) if tried else None
    password_ok = check_password_hash(user.password_hash if user and user.password_hash else _DUMMY_HASH, password or "")
    if user is None or not user.active or not user.password_hash or not password_ok:
        record(Kind.LOGIN_FAILED, username_tried=tried, remote_addr=remote_addr, subject_user=user)
        db.session.commit()
        logger.warning("login failed for user=%s from=%s", login_throttle.loggable(tried),
                       login_throttle.loggable(remote_addr))
        raise BadCredentials(WRONG_CREDENTIALS)
    login_throttle.forget_failures(tried, remote_addr)
    user.last_login_at = utcnow()
    record(Kind.LOGIN, actor=user, remote_addr=remote_addr)
    db.session.commit()
    logger.info("login for user=%s from=%s", user.username, login_throttle.loggable(remote_addr))
    return user


def _roles(roles: Iterable[str]) -> frozenset[Role]:
    try:
        parsed = parse_roles(roles)
    except ValueError as e:
        raise Invalid(str(e), field="roles") from e
    if not parsed:
        raise Invalid("Give the person at least one role.", field="roles")
    return parsed


def _refuse_removing_last_admin(user: User) -> None:
    admins = db.session.execute(
        sa.select(sa.func.count(UserRole.user_id))
        .join(User)
        .where(UserRole.role == Role.ADMIN, User.active.is_(True), User.id != user.id)
    ).scalar_one()
    if admins == 0:
        raise Invalid("This is the last active admin: make someone else an admin first.")


def _hash(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])
