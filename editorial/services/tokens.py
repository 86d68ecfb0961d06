"""API bearer tokens: shown once at creation, stored only as a SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa

from editorial.database import utcnow
from editorial.extensions import db
from editorial.models import ApiToken, User
from editorial.services.audit import Kind, record
from editorial.services.errors import NotFound

PREFIX = "edt_"


def issue(user: User, name: str = "") -> tuple[ApiToken, str]:
    name = (name or "").strip()[:80] or "API token"
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=digest(secret), prefix=secret[:10])
    db.session.add(token)
    db.session.flush()
    record(Kind.TOKEN_CREATED, actor=user, subject_user=user, details={"token_id": token.id, "name": name})
    db.session.commit()
    return token, secret


def revoke(user: User, token_id: int) -> None:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound("No such token.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record(Kind.TOKEN_REVOKED, actor=user, subject_user=user, details={"token_id": token.id})
        db.session.commit()


def revoke_all_for(user: User) -> list[int]:
    """Inside a caller's transaction (no commit): revoke every live token of this person; their ids."""
    live = db.session.execute(
        sa.select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    ).scalars()
    now = utcnow()
    revoked = []
    for token in live:
        token.revoked_at = now
        revoked.append(token.id)
    return revoked


def list_for(user: User) -> list[ApiToken]:
    return list(
        db.session.execute(
            sa.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
        ).scalars()
    )


def user_for(secret: str, *, remote_addr: str | None = None) -> User | None:
    """The active person a live token belongs to, or None. When and from where it was last used is written
    at most once a minute (or when the address changes)."""
    if not secret or not secret.startswith(PREFIX):
        return None
    token = db.session.execute(sa.select(ApiToken).where(ApiToken.token_hash == digest(secret))).scalar_one_or_none()
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    now = utcnow()
    addr = (remote_addr or "")[:64] or None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60 or addr != token.last_used_addr:
        token.last_used_at, token.last_used_addr = now, addr
        db.session.commit()
    return token.user


def digest(secret: str) -> str:
    """How a bearer secret (API token, session key, invitation) is stored: its SHA-256, never the secret."""
    return hashlib.sha256(secret.encode()).hexdigest()
