"""The Atom feed and the sitemap of the public site, built as XML trees from plain values.

Pure: no Flask, no database. Text goes into the tree as text (xml.etree escapes it on output); characters
XML 1.0 cannot carry at all (most control characters) are dropped first, so a stray one in a headline
cannot make the whole feed unreadable.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from xml.sax.saxutils import escape

ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FeedEntry:
    id: str  # a permanent IRI: the article's slug-less URL, which survives a headline change
    title: str
    link: str  # the canonical page
    published: datetime
    updated: datetime
    authors: list[str] = field(default_factory=list)
    summary: str = ""
    category: str = ""


@dataclass(frozen=True)
class SitemapUrl:
    loc: str
    last_modified: datetime | None = None


def rfc3339(value: datetime) -> str:
    """Atom and sitemap dates: UTC, seconds, with a "Z" (naive values are taken to be UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_feed(
    *,
    feed_id: str,
    title: str,
    self_url: str,
    site_url: str,
    entries: Iterable[FeedEntry],
    updated: datetime,
    subtitle: str = "",
) -> bytes:
    """An Atom 1.0 document (RFC 4287). `updated` is the feed's, used when there is no entry to date it."""
    entries = list(entries)
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    _text(feed, "id", feed_id)
    _text(feed, "title", title)
    if subtitle:
        _text(feed, "subtitle", subtitle)
    _text(feed, "updated", rfc3339(max((e.updated for e in entries), default=updated)))
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": self_url})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": site_url})
    # Atom wants an author on the feed or on every entry: the newsroom stands behind every piece.
    _text(ET.SubElement(feed, "author"), "name", title)
    for entry in entries:
        element = ET.SubElement(feed, "entry")
        _text(element, "id", entry.id)
        _text(element, "title", entry.title, {"type": "text"})
        _text(element, "updated", rfc3339(entry.updated))
        _text(element, "published", rfc3339(entry.published))
        for name in entry.authors:
            _text(ET.SubElement(element, "author"), "name", name)
        ET.SubElement(element, "link", {"rel": "alternate", "type": "text/html", "href": entry.link})
        if entry.category:
            ET.SubElement(element, "category", {"term": _clean(entry.category)})
        if entry.summary:
            _text(element, "summary", entry.summary, {"type": "text"})
    return _document(feed)


def sitemap(urls: Iterable[SitemapUrl]) -> bytes:
    """A sitemaps.org 0.9 urlset. Written as text (escaped) rather than through an element tree, and with dates
    from isoformat rather than strftime: a page holds thousands of URLs, and both cost more than reading them
    from the database."""
    parts = [f"<?xml version='1.0' encoding='utf-8'?>\n<urlset xmlns=\"{SITEMAP_NS}\">"]
    append = parts.append
    for url in urls:
        if url.last_modified is None:
            append(f"<url><loc>{escape(url.loc)}</loc></url>")
        else:
            append(f"<url><loc>{escape(url.loc)}</loc><lastmod>{_utc_seconds(url.last_modified)}</lastmod></url>")
    parts.append("</urlset>")
    return _clean("".join(parts)).encode("utf-8")  # one pass over the document for characters XML cannot carry


def _utc_seconds(value: datetime) -> str:
    """rfc3339, faster: the same text for every datetime."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="seconds") + "Z"


def sitemap_index(locs: Iterable[str]) -> bytes:
    """A sitemaps.org 0.9 sitemapindex: where the sitemap's pages are."""
    index = ET.Element("sitemapindex", {"xmlns": SITEMAP_NS})
    for loc in locs:
        _text(ET.SubElement(index, "sitemap"), "loc", loc)
    return _document(index)


def _text(parent: ET.Element, tag: str, text: str, attrib: dict[str, str] | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib or {})
    element.text = _clean(text)
    return element


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _document(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
