"""The one HTML sanitizer: every article body passes through `clean_html` before it is stored.

Callers only know `clean_html`; swapping bleach for another sanitizer touches this module alone.
"""

from __future__ import annotations

import re

import bleach

from editorial.inputs import strip_controls

ALLOWED_TAGS = frozenset(
    {"p", "h2", "h3", "h4", "strong", "em", "b", "i", "a", "blockquote", "ul", "ol", "li", "br"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

# Elements whose content is code or chrome, not text a person wrote: dropped with their content
# (bleach's strip=True would keep "alert(1)" as text). bleach still runs afterwards, so an unclosed
# <script> that this misses is escaped, never executed.
_DROP_WITH_CONTENT = re.compile(
    r"<(script|style|template|noscript|iframe|object|svg|math)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)

# Containers with a block meaning become paragraphs so their text is not glued to its neighbours when
# bleach unwraps them; headings outside the allowed levels are brought into range.
_RENAMES = (
    (re.compile(r"<(/?)(?:div|section|article|header|footer|main|aside|figure|figcaption|pre|address)\b", re.I), r"<\1p"),
    (re.compile(r"<(/?)h1\b", re.I), r"<\1h2"),
    (re.compile(r"<(/?)h[56]\b", re.I), r"<\1h4"),
)

_cleaner = bleach.sanitizer.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


def clean_html(html: str) -> str:
    """Return `html` reduced to the allow-list: unknown tags unwrapped, unsafe URLs and attributes gone."""
    html = _DROP_WITH_CONTENT.sub("", strip_controls(html or ""))  # same rule as every text field (inputs.py)
    for pattern, replacement in _RENAMES:
        html = pattern.sub(replacement, html)
    return _cleaner.clean(html).strip()
