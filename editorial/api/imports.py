"""Import previews over JSON: what a scraped page would become, without saving anything."""

from __future__ import annotations

import logging

from flask import g

from editorial.api import body, bp
from editorial.import_structure import propose
from editorial.importer import ImportError_
from editorial.permissions import can_create_article
from editorial.services.errors import Forbidden, Invalid

TEXT_MAX = 1_000_000
log = logging.getLogger(__name__)


@bp.post("/imports")
def preview_import():
    if not can_create_article(g.api_user.roles):
        raise Forbidden("Only reporters and editors can import articles.")
    data = body()
    given = [name for name in ("text", "html") if data.get(name) is not None]
    if len(given) != 1:
        raise Invalid("Send the page as `text` or as `html` (one of them).", field="text")
    name = given[0]
    page = data[name]
    if not isinstance(page, str):
        raise Invalid(f"`{name}` must be text.", field=name)
    if len(page) > TEXT_MAX:
        raise Invalid("The page is too long (1,000,000 characters at most).", field=name)
    try:
        proposal = propose(page, filename="page.html" if name == "html" else "page.txt")
    except ImportError_ as e:
        raise Invalid(str(e), field=name) from e
    log.info("Import preview by %s: %d lines set aside", g.api_user.username, len(proposal.set_aside))
    return proposal.to_dict()
