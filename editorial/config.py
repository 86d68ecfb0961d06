"""Configuration from the environment, with safe development defaults and refusals for production."""

from __future__ import annotations

import ipaddress
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import click
from flask.helpers import get_debug_flag

from editorial.claims import DEFAULT_RATINGS, Rating, rating_scale


class ConfigError(click.ClickException, RuntimeError):
    """A setting the app refuses to start with. A ClickException, so `flask --app editorial …` prints the one
    line "Error: …" and exits 1 instead of a traceback; wsgi.py does the same for gunicorn."""


ENVIRONMENTS = ("development", "production")
SECRET_KEY_MIN = 32
# Words of the example keys in READMEs, tutorials and .env templates ("changeme", "secret", "dev"…): a key made
# with `secrets` never contains them, a key someone typed from an example does.
WELL_KNOWN_WORDS = ("changeme", "change-me", "change_me", "secret", "example", "insecure", "password", "replace",
                    "your-key", "dev-key", "devkey", "test-key", "testkey")


def database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{Path(instance_path) / 'editorial.sqlite3'}"
    # psycopg 3 is the driver; accept the common spellings of a PostgreSQL URL.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def environment() -> str:
    """EDITORIAL_ENV, refused unless it is a name we know: a misspelt "prodution" must not run as development."""
    name = os.environ.get("EDITORIAL_ENV", "").strip() or "development"
    if name not in ENVIRONMENTS:
        raise ConfigError(f"EDITORIAL_ENV={name!r} is not an environment: use one of {', '.join(ENVIRONMENTS)}.")
    return name


def weak_key_reason(key: str) -> str:
    """Why this SECRET_KEY is unfit for production, or "" when it will do."""
    if len(key) < SECRET_KEY_MIN:
        return f"it is {len(key)} characters long, and needs at least {SECRET_KEY_MIN} random ones"
    lowered = key.lower()
    known = next((word for word in WELL_KNOWN_WORDS if word in lowered), None)
    if known:
        return f"it contains “{known}”, like the example keys everyone has seen"
    if len(set(key)) < 10:
        return "it repeats a handful of characters"
    return ""


KEY_ADVICE = "make one with: python -c 'import secrets; print(secrets.token_hex(32))'"


def secret_key(instance_path: str, production: bool) -> str:
    key = os.environ.get("SECRET_KEY", "").strip()
    if production:
        if not key:
            raise ConfigError(f"SECRET_KEY must be set in production (EDITORIAL_ENV=production); {KEY_ADVICE}.")
        reason = weak_key_reason(key)
        if reason:
            raise ConfigError(f"SECRET_KEY is refused in production: {reason} ({KEY_ADVICE}).")
    if key:
        return key
    # Development: one random key per checkout, kept in instance/ (never committed).
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def public_base_url(production: bool = False) -> str:
    """PUBLIC_BASE_URL: the scheme and host every absolute URL of the public site is built on (sitemap,
    feeds, canonical and og:url, JSON-LD), never the request's Host header. Required in production (a sitemap
    needs absolute URLs); "" when unset in development, which then uses the request's host."""
    value = os.environ.get("PUBLIC_BASE_URL", "").strip().rstrip("/")
    if not value:
        if production:
            raise ConfigError("PUBLIC_BASE_URL must be set in production: the public site's scheme and host, "
                              "such as https://news.example.org (absolute URLs never come from the Host header).")
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query or parts.fragment:
        raise ConfigError(f"PUBLIC_BASE_URL must be a scheme and host such as https://news.example.org, not {value!r}.")
    return value


def flag(name: str) -> bool:
    """An on/off setting: on only for 1, true, yes or on (any case); anything else, or unset, is off."""
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def trusted_proxies() -> int:
    value = os.environ.get("TRUSTED_PROXIES", "").strip() or "0"
    if not value.isdigit():
        raise ConfigError(f"TRUSTED_PROXIES={value!r} is not a number: how many proxies set X-Forwarded-* (0 = none).")
    return int(value)


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")
METRICS_TOKEN_MIN = 16


def log_level() -> str:
    level = (os.environ.get("LOG_LEVEL", "").strip() or "INFO").upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL={level!r} is not a level: use one of {', '.join(LOG_LEVELS)}.")
    return level


def log_format() -> str:
    fmt = os.environ.get("LOG_FORMAT", "").strip().lower() or "text"
    if fmt not in LOG_FORMATS:
        raise ConfigError(f"LOG_FORMAT={fmt!r} is not a format: use text or json.")
    return fmt


def metrics_token() -> str:
    """METRICS_TOKEN: the bearer token Prometheus sends to /metrics; unset, no token opens it."""
    token = os.environ.get("METRICS_TOKEN", "").strip()
    if token and (len(token) < METRICS_TOKEN_MIN or any(c.isspace() for c in token)):
        raise ConfigError(f"METRICS_TOKEN must be at least {METRICS_TOKEN_MIN} characters without spaces; "
                          f"{KEY_ADVICE}.")
    return token


def metrics_allow_from(value=None) -> tuple:
    """METRICS_ALLOW_FROM: addresses or networks (comma or space separated) allowed to read /metrics; also
    takes a list (instance/config.py) or networks already parsed."""
    value = os.environ.get("METRICS_ALLOW_FROM", "") if value is None else value
    entries = value.replace(",", " ").split() if isinstance(value, str) else list(value)
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(str(entry), strict=False))
        except ValueError:
            raise ConfigError(f"METRICS_ALLOW_FROM: {entry!r} is not an address or a network such as "
                              "10.0.0.0/8.") from None
    return tuple(networks)


def prometheus_multiproc_dir() -> str:
    """PROMETHEUS_MULTIPROC_DIR, read by prometheus_client itself: every metric would fail to write without it."""
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip()
    if path and not (os.path.isdir(path) and os.access(path, os.W_OK)):
        raise ConfigError(f"PROMETHEUS_MULTIPROC_DIR={path!r} is not a directory this process can write to: "
                          "create it (empty) or unset it.")
    return path


def refuse_debug(production: bool, debug: bool = False) -> None:
    """The Werkzeug debugger runs any code typed into an error page: never in production."""
    if production and (debug or get_debug_flag()):
        raise ConfigError("FLASK_DEBUG (the interactive debugger) is refused in production: unset it.")


def ratings(entries) -> tuple[Rating, ...]:
    """RATING_SCALE as the app uses it, or one line saying what is wrong with it."""
    try:
        return rating_scale(entries)
    except ValueError as e:
        raise ConfigError(f"RATING_SCALE: {e}.") from None


def _number(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ConfigError(f"{name}={value!r} is not a whole number.")
    return int(value)


def notify_settings() -> dict:
    """E-mail (off while SMTP_HOST is unset) and webhook delivery; README "Email and webhooks"."""
    host = os.environ.get("SMTP_HOST", "").strip()
    ssl = flag("SMTP_SSL")
    # STARTTLS unless said otherwise: a password must not cross the network in clear by default.
    starttls = not ssl and os.environ.get("SMTP_STARTTLS", "").strip().lower() not in ("0", "false", "no", "off")
    mail_from = os.environ.get("MAIL_FROM", "").strip()
    if host and not mail_from:
        raise ConfigError("MAIL_FROM must be set when SMTP_HOST is: the sender of the app's e-mails, such as "
                          "\"Editorial <editorial@news.example.org>\".")
    if ssl and flag("SMTP_STARTTLS"):
        raise ConfigError("SMTP_SSL and SMTP_STARTTLS are exclusive: SSL from the first byte (port 465) or "
                          "STARTTLS on a plain connection (port 587).")
    return {
        "SMTP_HOST": host,
        "SMTP_PORT": _number("SMTP_PORT", 465 if ssl else 587 if starttls else 25),
        "SMTP_USERNAME": os.environ.get("SMTP_USERNAME", "").strip(),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD", ""),
        "SMTP_SSL": ssl,
        "SMTP_STARTTLS": starttls,
        "SMTP_TIMEOUT": _number("SMTP_TIMEOUT", 10),
        "MAIL_FROM": mail_from,
        # Webhook calls to loopback, private, link-local or reserved addresses are refused unless this is on
        # (a webhook must not become a way into the newsroom's own network).
        "WEBHOOK_ALLOW_PRIVATE": flag("WEBHOOK_ALLOW_PRIVATE"),
        "WEBHOOK_TIMEOUT": _number("WEBHOOK_TIMEOUT", 5),
        # Failed sends are tried again after OUTBOX_RETRY_SECONDS, doubling each time (capped at a day), up to
        # OUTBOX_MAX_ATTEMPTS tries in all; then the message is marked failed.
        "OUTBOX_MAX_ATTEMPTS": _number("OUTBOX_MAX_ATTEMPTS", 8),
        "OUTBOX_RETRY_SECONDS": _number("OUTBOX_RETRY_SECONDS", 60),
        # Try a request's messages at once in a background thread after its commit; `flask deliver` (every
        # minute) sends whatever that missed and the retries either way.
        "DELIVER_AFTER_COMMIT": os.environ.get("DELIVER_AFTER_COMMIT", "").strip().lower() not in
        ("0", "false", "no", "off"),
        "OUTBOX_KEEP_DAYS": _number("OUTBOX_KEEP_DAYS", 30),  # sent and failed messages are kept this long
    }


def load(instance_path: str) -> dict:
    env = environment()
    production = env == "production"
    refuse_debug(production)
    key = secret_key(instance_path, production)
    base_url = public_base_url(production)
    return {
        "ENVIRONMENT": env,
        "PRODUCTION": production,
        "SECRET_KEY": key,
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
        "TRUSTED_PROXIES": trusted_proxies(),
        # Log-in attempts per (user name, address) pair and per address within LOGIN_FAILURE_WINDOW; past
        # them that pair or address waits one window, then twice as long each time, up to LOGIN_MAX_BLOCK.
        # The account itself is never locked: its owner from another address still logs in.
        "LOGIN_MAX_FAILURES": 5,
        "LOGIN_MAX_FAILURES_PER_ADDRESS": 20,
        "LOGIN_FAILURE_WINDOW": timedelta(minutes=15),
        "LOGIN_MAX_BLOCK": timedelta(hours=24),
        "EDIT_LOCK_SECONDS": 120,
        # How often an open editor tells the server it is still there (its heartbeat); well under the above.
        "EDIT_LOCK_HEARTBEAT_SECONDS": 30,
        "PAGE_SIZE": 20,
        "PASSWORD_HASH_METHOD": "scrypt",
        # The publisher named on the public site and in its schema.org ClaimReview data.
        "NEWSROOM_NAME": os.environ.get("NEWSROOM_NAME", "").strip() or "Editorial",
        # The rating scale readers see for verdicts (claims.DEFAULT_RATINGS); set a newsroom's own in
        # instance/config.py as RATING_SCALE = [{"key", "label", "value", "status"}, …] (checked at start).
        "RATING_SCALE": DEFAULT_RATINGS,
        # Absolute URLs of the public site; unset, development derives them from the request and production
        # writes relative ones (never trusting the Host header). See views/public.py.
        "PUBLIC_BASE_URL": base_url,
        # `domain,year` of the Atom feeds' tag: ids (RFC 4151), e.g. "news.example.org,2026": set it once and keep
        # it when the site moves. Unset: the host of PUBLIC_BASE_URL, with 2026.
        "FEED_ID_AUTHORITY": os.environ.get("FEED_ID_AUTHORITY", "").strip(),
        # Cache-Control of public pages (seconds a cache in front may keep them).
        "PUBLIC_MAX_AGE": 300,
        # Logging (editorial/logs.py): level, and "text" lines or "json" objects, one per line on stderr.
        "LOG_LEVEL": log_level(),
        "LOG_FORMAT": log_format(),
        # /metrics (editorial/views/metrics.py): off (404) unless a token or an address list is set; both set,
        # both are required. PROMETHEUS_MULTIPROC_DIR: where gunicorn workers and publish-due runs keep theirs.
        "METRICS_TOKEN": metrics_token(),
        "METRICS_ALLOW_FROM": metrics_allow_from(),
        "PROMETHEUS_MULTIPROC_DIR": prometheus_multiproc_dir(),
        # Article ids per sitemap page (/sitemap-<n>.xml, listed by the index at /sitemap.xml), so at most this many
        # URLs: 5,000 take about 40 ms; sitemaps.org allows 50,000 at most (larger is capped).
        "SITEMAP_PAGE_SIZE": 2_000,
        # May an editor approve a piece they alone wrote? Off unless the newsroom says so.
        "ALLOW_SELF_APPROVAL": flag("ALLOW_SELF_APPROVAL"),
        **notify_settings(),
        # bench/bench_pages.py: an X-SQL-Statements header on every response (editorial/statement_count.py).
        "BENCH_STATEMENTS": flag("EDITORIAL_BENCH_STATEMENTS") and not production,
    }
