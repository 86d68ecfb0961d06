"""Static files that caches may keep for a year: `url_for('static', filename=…)` adds `?v=<hash of the file's
content>`, and a request carrying the file's current hash is answered with `Cache-Control: public,
max-age=31536000, immutable`. A changed file gets a new URL, so no browser or proxy serves an old copy after an
upgrade. Without `v`, or with a hash that is no longer the file's, Flask's revalidated response stands
(`no-cache`): an old page asking for an old hash gets today's file, never kept.

The hash is computed once per file version (keyed by path, size and modification time: a file edited under
`make run` gets a new hash at once) and cached in the process."""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache

from flask import Flask, Response, current_app, request
from werkzeug.security import safe_join

FOREVER = "public, max-age=31536000, immutable"
HASH_LENGTH = 12


def init_app(app: Flask) -> None:
    app.url_defaults(_add_version)
    app.after_request(_cache_versioned)


def version(filename: str) -> str | None:
    """The short content hash of static/`filename`, or None for a file that does not exist."""
    path = safe_join(current_app.static_folder, filename)
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return _digest(path, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=2048)
def _digest(path: str, size: int, mtime_ns: int) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()[:HASH_LENGTH]


def _add_version(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "v" not in values and "filename" in values:
        digest = version(values["filename"])
        if digest:
            values["v"] = digest


def _cache_versioned(response: Response) -> Response:
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    asked = request.args.get("v")
    filename = (request.view_args or {}).get("filename", "")
    if asked and asked == version(filename):
        response.headers["Cache-Control"] = FOREVER
    else:
        response.headers["Cache-Control"] = "no-cache"
    return response
