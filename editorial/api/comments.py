"""Review comments over JSON: threads on words or on the piece, replies, resolve/reopen, blocking."""

from __future__ import annotations

from flask import g

from editorial.api import body, bp, span_fields, text_field
from editorial.models import CommentThread
from editorial.services import comments
from editorial.services.access import get_review_material
from editorial.services.errors import Invalid


def thread_json(thread: CommentThread) -> dict:
    return {
        "id": thread.id,
        "article_id": thread.article_id,
        "on_text": thread.on_text,
        "anchor": ({"start": thread.start, "end": thread.end, "exact": thread.exact, "prefix": thread.prefix,
                    "suffix": thread.suffix} if thread.on_text else None),
        "anchor_state": thread.anchor_state if thread.on_text else None,
        "blocking": thread.blocking,
        "resolved": not thread.is_open,
        "resolved_by": thread.resolved_by.username if thread.resolved_by else None,
        "created_by": thread.created_by.username,
        "created_version": thread.created_version,
        "created_at": thread.created_at.isoformat(),
        "comments": [
            {"id": c.id, "author": c.author.username, "body": c.body, "mentions": list(c.mentions or []),
             "created_at": c.created_at.isoformat()}
            for c in thread.comments
        ],
    }


@bp.get("/articles/<int:article_id>/comments")
def list_comments(article_id: int):
    article = get_review_material(g.api_user, article_id)
    return {"threads": [thread_json(t) for t in comments.for_article(article)]}


@bp.post("/articles/<int:article_id>/comments")
def create_comment(article_id: int):
    data = body()
    thread = comments.start_thread(
        g.api_user, article_id, body=text_field(data, "body"), **span_fields(data),
        general=not any(data.get(k) not in (None, "") for k in ("start", "end", "exact")),
        blocking=_flag(data, "blocking"),
    )
    return thread_json(thread), 201


@bp.get("/comments/<int:thread_id>")
def get_comment(thread_id: int):
    return thread_json(comments.get(g.api_user, thread_id))


@bp.post("/comments/<int:thread_id>/replies")
def reply_to_comment(thread_id: int):
    return thread_json(comments.reply(g.api_user, thread_id, text_field(body(), "body"))), 201


@bp.patch("/comments/<int:thread_id>")
def update_comment(thread_id: int):
    data = body()
    unknown = set(data) - {"resolved", "blocking"}
    if unknown or not data:
        raise Invalid("A comment thread takes `resolved` and/or `blocking` (true or false).")
    thread = comments.get(g.api_user, thread_id)
    if "blocking" in data:
        thread = comments.set_blocking(g.api_user, thread_id, _flag(data, "blocking"))
    if "resolved" in data and _flag(data, "resolved") == thread.is_open:
        thread = (comments.resolve if _flag(data, "resolved") else comments.reopen)(g.api_user, thread_id)
    return thread_json(thread)


def _flag(data: dict, name: str) -> bool:
    value = data.get(name, False)
    if not isinstance(value, bool):
        raise Invalid(f"`{name}` must be true or false.", field=name)
    return value
