"""Static URLs carry a hash of the file's content (`?v=…`), and a request with the current hash may be cached
for a year: a changed file gets a new URL, so a long cache lifetime never serves an old copy."""

from __future__ import annotations

import hashlib
import re

from flask import url_for

from editorial import resources, static_files
from editorial.static_files import FOREVER


def _hash(name: str) -> str:
    return hashlib.sha256((resources.path("static") / name).read_bytes()).hexdigest()[:12]


def test_url_for_static_adds_the_content_hash(app):
    with app.test_request_context():
        assert url_for("static", filename="css/app.css") == f"/static/css/app.css?v={_hash('css/app.css')}"
        assert url_for("static", filename="no/such.css") == "/static/no/such.css"  # nothing to hash
        assert url_for("static", filename="../pyproject.toml").startswith("/static/../pyproject.toml")
        assert "v=" not in url_for("static", filename="../pyproject.toml")  # never hashes outside static/


def test_every_static_link_on_a_page_is_versioned_and_cached_for_a_year(client):
    page = client.get("/login").get_data(as_text=True)
    links = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert links, page
    for link in links:
        assert re.search(r"\?v=[0-9a-f]{12}$", link), link
        with client.get(link) as response:
            assert response.status_code == 200
            assert response.headers["Cache-Control"] == FOREVER


def test_a_wrong_or_missing_hash_is_revalidated_not_kept(client):
    for link in ("/static/css/app.css?v=000000000000", "/static/css/app.css"):
        with client.get(link) as response:
            assert response.status_code == 200 and response.headers["Cache-Control"] == "no-cache"
    assert client.get("/static/no/such.css?v=000000000000").status_code == 404


def test_a_conditional_request_with_the_hash_keeps_the_long_lifetime(client):
    link = f"/static/css/app.css?v={_hash('css/app.css')}"
    with client.get(link) as first:
        etag = first.headers["ETag"]
    with client.get(link, headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304 and again.headers["Cache-Control"] == FOREVER


def test_a_changed_file_gets_a_new_hash_at_once(app, tmp_path):
    (tmp_path / "site.css").write_text("body { color: black }")
    app.static_folder = str(tmp_path)
    with app.test_request_context():
        first = static_files.version("site.css")
        (tmp_path / "site.css").write_text("body { color: navy; }")  # another size: another cache key
        second = static_files.version("site.css")
    assert first != second
    assert second == hashlib.sha256(b"body { color: navy; }").hexdigest()[:12]
