"""The pure rules of sending things out: webhook URLs, reachable addresses, signatures, backoff."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editorial.delivery_rules import (
    address_allowed,
    next_attempt,
    sign,
    signature_matches,
    webhook_url_problem,
)


@pytest.mark.parametrize("url", ["https://hooks.slack.com/services/T0/B0/x", "http://hooks.example.org:8080/a?b=c",
                                 "https://8.8.8.8/x"])
def test_public_http_urls_are_accepted(url):
    assert webhook_url_problem(url, allow_private=False) == ""


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://x/", "javascript:alert(1)", "https://a:b@x.org/",
                                 "https://a@x.org/", "http://127.0.0.1/", "http://0.0.0.0/", "http://[::ffff:10.0.0.1]/",
                                 "http://192.168.1.1/", "http://foo.localhost/", "", "http://x.org/" + "a" * 2000])
def test_unsafe_urls_are_refused(url):
    assert webhook_url_problem(url, allow_private=False) != ""


def test_private_addresses_pass_when_allowed_but_credentials_never_do():
    assert webhook_url_problem("http://127.0.0.1:9000/x", allow_private=True) == ""
    assert webhook_url_problem("http://localhost/x", allow_private=True) == ""
    assert webhook_url_problem("http://u:p@127.0.0.1/", allow_private=True) != ""


@pytest.mark.parametrize(("address", "allowed"), [("8.8.8.8", True), ("2606:4700::1111", True), ("10.0.0.1", False),
                                                  ("127.0.0.1", False), ("169.254.169.254", False), ("::1", False),
                                                  ("::ffff:127.0.0.1", False), ("100.64.0.1", False),
                                                  ("224.0.0.1", False), ("fd00::1", False)])
def test_only_global_addresses_without_the_setting(address, allowed):
    assert address_allowed(ipaddress.ip_address(address), allow_private=False) is allowed


@given(st.binary(max_size=500), st.text(min_size=1, max_size=50))
def test_the_signature_is_hmac_sha256_of_the_body(body, secret):
    header = sign(secret, body)
    assert header == "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert signature_matches(secret, body, header)
    assert not signature_matches(secret + "x", body, header)
    assert not signature_matches(secret, body + b"x", header)


def test_backoff_doubles_and_is_capped_at_a_day():
    now = datetime(2026, 12, 7, tzinfo=UTC)
    delays = [next_attempt(now, n, base_seconds=60) - now for n in range(1, 13)]
    assert delays[:4] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4), timedelta(minutes=8)]
    assert delays[-1] == timedelta(days=1) and all(a <= b for a, b in zip(delays, delays[1:], strict=False))
