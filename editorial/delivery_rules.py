"""Rules of sending things out, as pure functions: which webhook URLs are acceptable, which addresses a
webhook may reach, how a body is signed, when a failed send is tried again."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from datetime import datetime, timedelta
from urllib.parse import urlsplit

URL_MAX = 2000
RETRY_CAP = timedelta(days=1)
SIGNATURE_HEADER = "X-Editorial-Signature"


def webhook_url_problem(url: str, *, allow_private: bool) -> str:
    """Why this URL cannot be a webhook endpoint, or "" when it can. Checks what the URL says; the address a
    name resolves to is checked again at each delivery (`address_allowed`)."""
    if not url:
        return "Give the endpoint's URL."
    if len(url) > URL_MAX:
        return f"A webhook URL is at most {URL_MAX} characters."
    if any(c.isspace() or ord(c) < 32 for c in url):
        return "A webhook URL has no spaces or control characters."
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "That is not a URL we can call: check the host and the port."
    if parts.scheme not in ("http", "https"):
        return "A webhook URL starts with https:// (or http://)."
    if not parts.hostname:
        return "A webhook URL names a host, as in https://hooks.example.org/editorial."
    if parts.username is not None or parts.password is not None:
        return "Put no user name or password in the URL: the signature (the secret) proves the call is ours."
    if port == 0:
        return "Port 0 cannot be called."
    if not allow_private:
        host = parts.hostname.rstrip(".").lower()
        if host == "localhost" or host.endswith(".localhost"):
            return "Webhooks may not call this server or its network (localhost)."
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return ""
        if not address_allowed(address, allow_private=False):
            return f"Webhooks may not call private or reserved addresses ({address})."
    return ""


def address_allowed(address: ipaddress.IPv4Address | ipaddress.IPv6Address, *, allow_private: bool) -> bool:
    """May a webhook connect there? Only to the public internet, unless private networks are allowed."""
    if allow_private:
        return not address.is_multicast and not address.is_unspecified
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def sign(secret: str, body: bytes) -> str:
    """The X-Editorial-Signature value: HMAC-SHA256 of the exact body, keyed with the endpoint's secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_matches(secret: str, body: bytes, header: str) -> bool:
    return hmac.compare_digest(sign(secret, body), header or "")


def next_attempt(now: datetime, attempts: int, *, base_seconds: int) -> datetime:
    """After the `attempts`-th failed try: base, then twice as long each time, never more than a day."""
    delay = timedelta(seconds=base_seconds) * (2 ** max(attempts - 1, 0))
    return now + min(delay, RETRY_CAP)
