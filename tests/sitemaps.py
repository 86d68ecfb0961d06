"""Reading the public sitemap as a crawler does: the index at /sitemap.xml, then every page it lists."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def index_locs(client, headers=None) -> list[str]:
    response = client.get("/sitemap.xml", headers=headers or {})
    assert response.status_code == 200 and response.mimetype == "application/xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{SITEMAP}sitemapindex"
    return [s.findtext(f"{SITEMAP}loc") for s in root.findall(f"{SITEMAP}sitemap")]


def page_urls(client, loc: str, headers=None) -> list[tuple[str, str | None]]:
    """(loc, lastmod) of one page, in order; its URL may be absolute or relative."""
    response = client.get(urlsplit(loc).path, headers=headers or {})
    assert response.status_code == 200 and response.mimetype == "application/xml", loc
    root = ET.fromstring(response.data)
    assert root.tag == f"{SITEMAP}urlset"
    return [(u.findtext(f"{SITEMAP}loc"), u.findtext(f"{SITEMAP}lastmod")) for u in root.findall(f"{SITEMAP}url")]


def every_url(client, headers=None) -> dict[str, str | None]:
    """Every URL of every page the index lists (asserting none is listed twice) → its lastmod."""
    found: dict[str, str | None] = {}
    for loc in index_locs(client, headers):
        for url, lastmod in page_urls(client, loc, headers):
            assert url not in found, f"{url} listed twice"
            found[url] = lastmod
    return found


def every_text(client, headers=None) -> str:
    """The index and every page, as text."""
    parts = [client.get("/sitemap.xml", headers=headers or {}).get_data(as_text=True)]
    parts += [client.get(urlsplit(loc).path, headers=headers or {}).get_data(as_text=True)
              for loc in index_locs(client, headers)]
    return "\n".join(parts)
