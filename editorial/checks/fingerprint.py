"""What a check's result depends on, as one key: equal keys, equal flags. The app stores each revision's flags
with this key and reads them back while the key still matches (services/copydesk.py)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from editorial.checks.style import StyleRules

# The stored form of a flag (Flag.to_record). Bump it when that form changes; a change to any rule needs no bump:
# the rules' own source is part of checks_version().
CHECKS_VERSION = 1
# Libraries whose word lists and scores the rules read: a new release can change what is flagged.
LIBRARIES = ("pyspellchecker", "wordfreq", "rapidfuzz")


@lru_cache(maxsize=1)
def checks_version() -> str:
    """CHECKS_VERSION, a digest of this package's modules and the versions of the libraries the rules read:
    any deploy that changes a rule changes it, so stored flags are recomputed without anyone remembering to
    bump a number."""
    digest = hashlib.sha256(f"{CHECKS_VERSION}\n".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}\n".encode())
    return f"{CHECKS_VERSION}:{digest.hexdigest()[:16]}"


def result_key(body_text: str, *, headline: str | None, dateline: date | None, dictionary: Iterable[str],
               style: StyleRules) -> str:
    """The key of `check_text(body_text, headline=…, dateline=…, dictionary=…, style=…)` (with suggestions):
    the checks' version, the newsroom dictionary and house style, and the checked text itself, so a stored
    result is never read back for other text even if an article and its revision row ever disagreed."""
    parts = [checks_version(), sorted(dictionary), [list(p) for p in style.preferred],
             [list(b) for b in style.banned], style.spelling, headline or "",
             dateline.isoformat() if dateline else "", body_text]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()
