"""X-Forwarded-For/-Proto/-Host are believed only from the proxies TRUSTED_PROXIES says are in front (werkzeug's
ProxyFix): none by default, so a client cannot choose its address or claim HTTPS; behind deploy/nginx.conf
(TRUSTED_PROXIES=1) the address is the last entry, the one nginx adds, whatever the client sent before it."""

from __future__ import annotations

import pytest
from flask import jsonify, request

from editorial import create_app

FORWARDED = {"X-Forwarded-For": "203.0.113.66, 198.51.100.7", "X-Forwarded-Proto": "https",
             "X-Forwarded-Host": "news.example.org"}


def _client(tmp_path, monkeypatch, proxies: int):
    monkeypatch.setenv("EDITORIAL_INSTANCE", str(tmp_path / "instance"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "test", "TESTING": True,
                      "TRUSTED_PROXIES": proxies})
    app.add_url_rule("/_seen", view_func=lambda: jsonify(addr=request.remote_addr, secure=request.is_secure,
                                                           host=request.host))
    return app.test_client()


def test_forwarded_headers_are_ignored_unless_a_proxy_is_trusted(tmp_path, monkeypatch):
    seen = _client(tmp_path, monkeypatch, 0).get("/_seen", headers=FORWARDED).get_json()
    assert seen == {"addr": "127.0.0.1", "secure": False, "host": "localhost"}


def test_behind_one_trusted_proxy_the_address_is_the_one_it_added(tmp_path, monkeypatch):
    seen = _client(tmp_path, monkeypatch, 1).get("/_seen", headers=FORWARDED).get_json()
    assert seen == {"addr": "198.51.100.7", "secure": True, "host": "news.example.org"}


@pytest.mark.parametrize("value", ["one", "-1", "1.5"])
def test_trusted_proxies_must_be_a_number(tmp_path, monkeypatch, value):
    from editorial.config import ConfigError

    monkeypatch.setenv("EDITORIAL_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("TRUSTED_PROXIES", value)
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
