"""Configuration from the environment, with safe development defaults and refusals for production."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit


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


def public_base_url() -> str:
    """PUBLIC_BASE_URL: the scheme and host every absolute URL of the public site is built on (sitemap,
    feeds, canonical and og:url, JSON-LD), never the request's Host header. "" when unset."""
    value = os.environ.get("PUBLIC_BASE_URL", "").strip().rstrip("/")
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query or parts.fragment:
        raise ConfigError(f"PUBLIC_BASE_URL must be a scheme and host such as https://news.example.org, not {value!r}.")
    return value


def flag(name: str) -> bool:
    """An on/off setting: on only for 1, true, yes or on (any case); anything else, or unset, is off."""
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def load(instance_path: str) -> dict:
    production = os.environ.get("EDITORIAL_ENV", "development") == "production"
    base_url = public_base_url()
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
        # Absolute URLs of the public site; unset, development derives them from the request and production
        # writes relative ones (never trusting the Host header). See views/public.py.
        "PUBLIC_BASE_URL": base_url,
        # `domain,year` of the Atom feeds' tag: ids (RFC 4151), e.g. "news.example.org,2026": set it once and keep
        # it when the site moves. Unset: the host of PUBLIC_BASE_URL, with 2026.
        "FEED_ID_AUTHORITY": os.environ.get("FEED_ID_AUTHORITY", "").strip(),
        # Cache-Control of public pages (seconds a cache in front may keep them).
        "PUBLIC_MAX_AGE": 300,
        # May an editor approve a piece they alone wrote? Off unless the newsroom says so.
        "ALLOW_SELF_APPROVAL": flag("ALLOW_SELF_APPROVAL"),
    }
