"""Articles over JSON: the same services as the browser, the same field names in and out."""

from __future__ import annotations

from flask import current_app, g, request, url_for

from editorial.api import body, bp
from editorial.input_guard import query_cursor, query_number
from editorial.models import Article, Revision
from editorial.services import articles, queues, schedule, transitions
from editorial.services.access import get_article, get_review_material
from editorial.services.errors import Invalid
from editorial.workflow import State

# Read-only fields a client may echo back in a PUT/PATCH (publish_at: PUT …/schedule); any other unknown
# field is refused (services/fields.py).
READ_ONLY = ("id", "state", "body_text", "created_at", "updated_at", "published_at", "publish_at")


JSON_TYPES = {"string": (str,), "array": (list,), "boolean": (bool,)}
TYPE_WORDS = {"string": "text", "array": "a list", "boolean": "true or false"}


def check_types(data: dict) -> dict:
    """An article payload's fields have the JSON types the OpenAPI document gives them (null only where it
    says nullable), or 422 naming the field. The forms are laxer (a byline or tags typed as one string); the
    API says what it takes and takes only that."""
    from editorial.api.openapi import ARTICLE_FIELDS  # the document imports this module

    for name, value in data.items():
        spec = ARTICLE_FIELDS.get(name)
        if spec is None or (value is None and spec.get("nullable")):
            continue
        if not isinstance(value, JSON_TYPES[spec["type"]]):
            words = "a date written YYYY-MM-DD" if spec.get("format") == "date" else TYPE_WORDS[spec["type"]]
            raise Invalid(f"`{name}` must be {words}.", field=name)
    return data


def person(user) -> dict:
    return {"id": user.id, "username": user.username, "display_name": user.display_name}


def article_json(article: Article) -> dict:
    return {
        "id": article.id,
        "state": article.state.value,
        "version": article.version,
        "headline": article.headline,
        "standfirst": article.standfirst,
        "section": article.section,
        "tags": list(article.tags or []),
        "dateline_date": article.dateline_date.isoformat() if article.dateline_date else None,
        "byline": [person(u) for u in article.authors],
        "body_html": article.body_html,
        "body_text": article.body_text,
        "show_sources": article.show_sources,
        "created_at": article.created_at.isoformat(),
        "updated_at": article.updated_at.isoformat(),
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "publish_at": article.publish_at.isoformat() if article.publish_at else None,
    }


def revision_json(rev: Revision) -> dict:
    return {
        "number": rev.number,
        "version": rev.number,
        "author": person(rev.author),
        "created_at": rev.created_at.isoformat(),
        "note": rev.note,
        "restored_from": rev.restored_from,
        "headline": rev.headline,
        "standfirst": rev.standfirst,
        "section": rev.section,
        "tags": list(rev.tags or []),
        "dateline_date": rev.dateline_date.isoformat() if rev.dateline_date else None,
        "byline": list(rev.byline or []),
        "body_html": rev.body_html,
        "body_text": rev.body_text,
    }


@bp.get("/articles")
def list_articles():
    state = request.args.get("state", "")
    if state and state not in State._value2member_map_:
        raise Invalid(f"Unknown state “{state}”.", field="state")
    filters = queues.Filters(
        q=request.args.get("q", "")[:200],
        section=request.args.get("section", "")[:80],
        author_id=query_number("author", 0) or None,
        state=State(state) if state else None,
    )
    per_page = min(query_number("per_page", current_app.config["PAGE_SIZE"]), 100)
    after = query_cursor("after")
    if after is not None:
        return _keyset_page(filters, after, per_page)
    page = queues.search(g.api_user, filters, page=query_number("page", 1), per_page=per_page)
    # Numbered pages (kept for clients written before cursors) carry the cursor of the page after this one
    # too, so a client can switch to `after` at any point.
    following = queues.cursor_after(page.items[-1]) if page.has_next and page.items and not filters.q else None
    return {
        "items": [article_json(a) for a in page.items],
        "page": page.page,
        "per_page": page.per_page,
        "pages": page.pages,
        "total": page.total,
        "total_capped": page.capped,
        **_next(following, filters, per_page),
    }


def _keyset_page(filters: queues.Filters, after, per_page: int) -> dict:
    """Newest first from `after`: every page costs the same however deep (no count, no OFFSET)."""
    if filters.q:
        raise Invalid("`after` pages the list newest first; search results (`q`) are paged with `page`.",
                      field="after")
    page = queues.newest(g.api_user, filters, after=after, per_page=per_page, with_bodies=True)
    return {"items": [article_json(a) for a in page.items], "per_page": per_page,
            **_next(page.next_after, filters, per_page)}


def _next(cursor: str | None, filters: queues.Filters, per_page: int) -> dict:
    if cursor is None:
        return {"next": None, "next_url": None}
    params = {"state": filters.state.value if filters.state else None, "section": filters.section or None,
              "author": filters.author_id, "per_page": per_page, "after": cursor}
    return {"next": cursor,
            "next_url": url_for("api.list_articles", **{k: v for k, v in params.items() if v is not None})}


@bp.post("/articles")
def create_article():
    article = articles.create(g.api_user, check_types(body()))
    return article_json(article), 201


@bp.get("/articles/<int:article_id>")
def get_article_(article_id: int):
    return article_json(get_article(g.api_user, article_id))


@bp.route("/articles/<int:article_id>", methods=["PUT", "PATCH"])
def update_article(article_id: int):
    data = dict(body())
    version = data.pop("version", None)
    if not isinstance(version, int) or isinstance(version, bool):
        raise Invalid("Send the `version` your change is based on (from the article you read).", field="version")
    for name in READ_ONLY:
        data.pop(name, None)
    article = articles.save(g.api_user, article_id, check_types(data), base_version=version)
    return article_json(article)


@bp.get("/articles/<int:article_id>/revisions")
def list_revisions(article_id: int):
    article = get_review_material(g.api_user, article_id)
    return {"items": [revision_json(r) for r in articles.revisions(article)]}


@bp.get("/articles/<int:article_id>/revisions/<int:number>")
def get_revision(article_id: int, number: int):
    article = get_review_material(g.api_user, article_id)
    return revision_json(articles.revision(article, number))


@bp.post("/articles/<int:article_id>/transitions")
def create_transition(article_id: int):
    data = body()
    comment = data.get("comment", "")
    if not isinstance(comment, str):
        raise Invalid("`comment` must be text.", field="comment")
    public_reason = data.get("public_reason", False)
    if not isinstance(public_reason, bool):
        raise Invalid("`public_reason` must be true or false.", field="public_reason")
    article = transitions.transition(
        g.api_user, article_id, data.get("to"), comment, override_reason=data.get("override_reason", ""),
        correction_note=data.get("correction_note", ""), public_reason=public_reason,
    )
    return article_json(article)


@bp.put("/articles/<int:article_id>/schedule")
def set_schedule(article_id: int):
    data = body()
    if "publish_at" not in data:
        raise Invalid("Send `publish_at`: an ISO 8601 date-time (UTC unless it says otherwise), or null to clear.",
                      field="publish_at")
    article = schedule.set_publish_time(g.api_user, article_id, schedule.parse_time(data["publish_at"]),
                                        correction_note=data.get("correction_note", ""))
    return article_json(article)
