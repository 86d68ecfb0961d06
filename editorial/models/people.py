"""People, their roles and their API tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editorial.database import UTCDateTime, db, enum_column, utcnow
from editorial.permissions import Role


class EmailDelivery(StrEnum):
    """How a person hears about their notifications by e-mail (besides the in-app inbox, always)."""

    IMMEDIATE = "immediate"  # one e-mail per notification, within a minute
    DAILY = "daily"  # one digest a day of what is still unread
    NONE = "none"


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(120))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    active: Mapped[bool] = mapped_column(default=True)
    invite_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    invite_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Immediate by default: a newsroom runs on "a piece waits for you" being heard at once (README).
    email_delivery: Mapped[EmailDelivery] = mapped_column(
        enum_column(EmailDelivery, "email_delivery"), default=EmailDelivery.IMMEDIATE,
        server_default=EmailDelivery.IMMEDIATE.value)
    last_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the digest window starts here

    # Loaded when asked for (the signed-in person's, once a request), not with every query that reads people:
    # a page reads bylines, assignees, claim makers and timeline actors in a dozen queries and needs none of
    # their roles. Lists that show or test everyone's roles load them at once (people.list_people).
    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="select"
    )

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(r.role for r in self.role_rows)

    # Flask-Login protocol
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    # The login session (models/sessions.py) this object was loaded for; services/sessions.py sets both.
    # Flask-Login keeps get_id() in the session and the remember cookie: the session's key, never the
    # user id, so ending that one row on the server ends every copy of both cookies.
    session_key = None
    login_session_id = None

    def get_id(self) -> str:
        if not self.session_key:
            raise RuntimeError("log in through services.sessions.start, which opens a login session")
        return self.session_key

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class UserRole(db.Model):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"), primary_key=True)

    user: Mapped[User] = relationship(back_populates="role_rows")


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_addr: Mapped[str | None] = mapped_column(sa.String(64))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
