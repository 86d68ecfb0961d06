"""Full-text search: articles on the staff list and the API, claims and sources; both databases."""

from __future__ import annotations

import pytest

from editorial.search_query import parse
from editorial.services import queues


def _found(user, q, **filters):
    page = queues.search(user, queues.Filters(q=q, **filters), page=1, per_page=50)
    return [a.headline for a in page.items], page


def test_smoke(newsroom, make_article):
    ed = newsroom["ed"]
    make_article(newsroom["rita"], headline="Wagner's death toll rises", body_html="<p>Colonel Assimi Goïta spoke.</p>")
    make_article(newsroom["rita"], headline="Unrelated", body_html="<p>Nothing here.</p>")
    found, page = _found(ed, "Goita")
    assert found == ["Wagner's death toll rises"]
    assert page.total == 1
    h = page.highlights[page.items[0].id]
    print(h)
    assert "<mark>Goïta</mark>" in h.passage
    found, page = _found(ed, "Wagner death tolls")
    assert found == ["Wagner's death toll rises"]
    found, page = _found(ed, '"death toll"')
    assert found == ["Wagner's death toll rises"]
    found, page = _found(ed, '"toll death"')
    assert found == []
