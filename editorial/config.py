"""Configuration from the environment, with safe development defaults and refusals for production."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


class ConfigError(RuntimeError):
    pass


def database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{Path(instance_path) / 'editorial.sqlite3'}"
    # psycopg 3 is the driver; accept the common spellings of a PostgreSQL URL.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def secret_key(instance_path: str, production: bool) -> str:
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    if production:
        raise ConfigError("SECRET_KEY must be set in production (EDITORIAL_ENV=production).")
    # Development: one random key per checkout, kept in instance/ (never committed).
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def flag(name: str) -> bool:
    """An on/off setting: on only for 1, true, yes or on (any case); anything else, or unset, is off."""
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def load(instance_path: str) -> dict:
    production = os.environ.get("EDITORIAL_ENV", "development") == "production"
    return {
        "PRODUCTION": production,
        "SECRET_KEY": secret_key(instance_path, production),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Cookies: HttpOnly and SameSite=Lax always; Secure always in production, and on any HTTPS
        # request in development (security.py adds it per response).
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_DURATION": timedelta(days=14),
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,  # tied to the session instead: a long edit must not lose its save
        # Proxies in front of gunicorn whose X-Forwarded-* headers are trusted (0 = none).
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        # Log-in attempts per (user name, address) pair and per address within LOGIN_FAILURE_WINDOW; past
        # them that pair or address waits one window, then twice as long each time, up to LOGIN_MAX_BLOCK.
        # The account itself is never locked: its owner from another address still logs in.
        "LOGIN_MAX_FAILURES": 5,
        "LOGIN_MAX_FAILURES_PER_ADDRESS": 20,
        "LOGIN_FAILURE_WINDOW": timedelta(minutes=15),
        "LOGIN_MAX_BLOCK": timedelta(hours=24),
        "EDIT_LOCK_SECONDS": 120,
        "PAGE_SIZE": 20,
        "PASSWORD_HASH_METHOD": "scrypt",
        # The publisher named on the public site and in its schema.org ClaimReview data.
        "NEWSROOM_NAME": os.environ.get("NEWSROOM_NAME", "").strip() or "Editorial",
        # May an editor approve a piece they alone wrote? Off unless the newsroom says so.
        "ALLOW_SELF_APPROVAL": flag("ALLOW_SELF_APPROVAL"),
    }
