"""Absolute links to the app's pages for what leaves it (e-mails, webhook bodies), which have no request to
take a host from: built on PUBLIC_BASE_URL, the same setting the public site's absolute URLs use."""

from __future__ import annotations

from flask import current_app

DEVELOPMENT_BASE = "http://127.0.0.1:5000"  # `make run`: production refuses to start without PUBLIC_BASE_URL


def base_url() -> str:
    return (current_app.config.get("PUBLIC_BASE_URL") or DEVELOPMENT_BASE).rstrip("/")


def absolute(endpoint: str, **values) -> str:
    path = current_app.url_map.bind("localhost").build(endpoint, values)  # a path: the host is ours to give
    return base_url() + path


def article_url(article_id: int, anchor: str = "") -> str:
    return absolute("articles.show", article_id=article_id) + (f"#{anchor}" if anchor else "")
