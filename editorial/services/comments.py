"""Review comments: threads on words of the body or on the whole piece, replies, @mentions, resolve and
reopen, blocking threads for the publish gate. Inline threads are re-anchored on every revision, like claims:
they follow their words and become orphaned rather than misplaced."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm

from editorial import comments as rules
from editorial.anchoring import AnchorState, Revision
from editorial.database import db, utcnow
from editorial.models import Article, Comment, CommentThread, User
from editorial.permissions import can_comment, can_mark_blocking, can_resolve_comment
from editorial.services import notifications, people, spans
from editorial.services.access import can_view, get_article, get_review_material
from editorial.services.audit import Kind, record
from editorial.services.errors import Conflict, Forbidden, Invalid, NotFound

NOT_FOUND = "No such comment, or you do not have access to it."


# -- reading ---------------------------------------------------------------------------------------------


def for_article(article: Article) -> list[CommentThread]:
    """Threads on the text in text order (orphans after them), then general ones, oldest first."""
    rows = db.session.execute(  # with their comments, in the same statement
        sa.select(CommentThread).where(CommentThread.article_id == article.id)
        .options(orm.joinedload(CommentThread.comments))
    ).unique().scalars().all()
    return sorted(rows, key=lambda t: (not t.on_text, t.anchor_state == AnchorState.ORPHANED.value,
                                       t.start if t.on_text else 0, t.id))


def get(actor: User, thread_id: int, *, for_update: bool = False) -> CommentThread:
    thread = db.session.get(CommentThread, thread_id)
    if thread is None:
        raise NotFound(NOT_FOUND)
    try:  # who may read the piece's review record decides; a thread's existence is not revealed
        get_review_material(actor, thread.article_id, for_update=for_update)
    except (NotFound, Forbidden):
        raise NotFound(NOT_FOUND) from None
    return thread


def may_comment(actor: User, article: Article) -> bool:
    return can_comment(actor.roles, is_author=article.is_author(actor), state=article.state,
                       is_assigned=article.is_assigned(actor))


def may_resolve(actor: User, thread: CommentThread) -> bool:
    return can_resolve_comment(actor.roles, started_it=thread.created_by_id == actor.id, blocking=thread.blocking)


# -- writing ---------------------------------------------------------------------------------------------


def start_thread(
    actor: User,
    article_id: int,
    *,
    body: str,
    start: int | None = None,
    end: int | None = None,
    exact: str | None = None,
    prefix: str = "",
    suffix: str = "",
    general: bool = False,
    blocking: bool = False,
    version: int | None = None,
) -> CommentThread:
    """A comment on body_text[start:end] as selected at `version` (see spans.place: on the same words in the
    current text, or refused), on quoted words, or with `general` on the whole piece."""
    article = get_article(actor, article_id, for_update=True)
    _check_may_comment(actor, article)
    if blocking and not can_mark_blocking(actor.roles):
        raise Forbidden("Only an editor can mark a comment as blocking publication.", field="blocking")
    text = _body(body)
    thread = CommentThread(article_id=article.id, on_text=not general, blocking=bool(blocking),
                           created_version=article.version, created_by_id=actor.id, exact="", start=0, end=0,
                           anchored_version=article.version)
    if not general:
        anchor = spans.place(article, start=start, end=end, exact=exact, prefix=prefix, suffix=suffix,
                             version=version, what="An inline comment")
        spans.set_anchor(thread, anchor, AnchorState.ANCHORED, article.version)
    db.session.add(thread)
    db.session.flush()
    comment, mentioned = _add(actor, article, thread, text)
    event = record(Kind.COMMENT_ADDED, actor=actor, article=article, comment=text[:5000],
                   details=_details(thread, comment))
    notifications.on_comment(event, article, actor, thread, mentioned=mentioned, reply=False)
    db.session.commit()
    return thread


def reply(actor: User, thread_id: int, body: str) -> CommentThread:
    thread = get(actor, thread_id, for_update=True)
    article = db.session.get(Article, thread.article_id)
    _check_may_comment(actor, article)
    text = _body(body)
    comment, mentioned = _add(actor, article, thread, text)
    thread.updated_at = comment.created_at
    event = record(Kind.COMMENT_REPLIED, actor=actor, article=article, comment=text[:5000],
                   details=_details(thread, comment))
    notifications.on_comment(event, article, actor, thread, mentioned=mentioned, reply=True)
    db.session.commit()
    return thread


def resolve(actor: User, thread_id: int) -> CommentThread:
    thread, article = _for_resolving(actor, thread_id)
    if not thread.is_open:
        raise Conflict("This comment is already resolved.")
    thread.resolved_at, thread.resolved_by_id, thread.updated_at = utcnow(), actor.id, utcnow()
    event = record(Kind.COMMENT_RESOLVED, actor=actor, article=article, details=_details(thread))
    notifications.on_comment_resolved(event, article, actor, thread)
    db.session.commit()
    return thread


def reopen(actor: User, thread_id: int) -> CommentThread:
    thread, article = _for_resolving(actor, thread_id)
    if thread.is_open:
        raise Conflict("This comment is open already.")
    thread.resolved_at, thread.resolved_by_id, thread.updated_at = None, None, utcnow()
    record(Kind.COMMENT_REOPENED, actor=actor, article=article, details=_details(thread))
    db.session.commit()
    return thread


def set_blocking(actor: User, thread_id: int, blocking: bool) -> CommentThread:
    thread = get(actor, thread_id, for_update=True)
    if not can_mark_blocking(actor.roles):
        db.session.rollback()
        raise Forbidden("Only an editor can say whether a comment blocks publication.", field="blocking")
    if thread.blocking != bool(blocking):
        thread.blocking, thread.updated_at = bool(blocking), utcnow()
        record(Kind.COMMENT_BLOCKING, actor=actor, article=db.session.get(Article, thread.article_id),
               details=_details(thread))
    db.session.commit()
    return thread


# -- after each revision, and for the gate ---------------------------------------------------------------


def reanchor_threads(article: Article, *, old_body: str) -> None:
    """Inside a save's transaction: follow every thread on the text to its words in the new text. Resolved
    threads move too, so reopening one finds its words."""
    threads = [t for t in for_article(article) if t.on_text]
    if not threads or old_body == article.body_text:
        return
    revision = Revision(old_body, article.body_text)
    for thread in threads:
        before = thread.anchor_state
        spans.follow(thread, revision, article.version)
        if thread.anchor_state == AnchorState.ORPHANED.value and before != AnchorState.ORPHANED.value:
            record(Kind.COMMENT_REANCHORED, article=article, details={**_details(thread), "state": "orphaned"})


def gate_blockers(article: Article, threads: list[CommentThread] | None = None) -> list[tuple[str, str, str]]:
    """(code, message, anchor id) for every open thread an editor marked blocking; `threads`: for_article(article)
    when the caller has read it already."""
    found = []
    for thread in for_article(article) if threads is None else threads:
        if thread.blocking and thread.is_open:
            first = thread.comments[0].body if thread.comments else ""
            where = f"on “{_short(thread.exact, 50)}”" if thread.on_text else "on the piece"
            found.append(("comment_blocking", f"Blocking comment {where}: “{_short(first, 80)}”: resolve it.",
                          f"comment-{thread.id}"))
    return found


# -- helpers ---------------------------------------------------------------------------------------------


def _add(actor: User, article: Article, thread: CommentThread, text: str) -> tuple[Comment, list[User]]:
    """The comment, and the people it @mentions (they are notified)."""
    mentioned = _mentioned_people(article, text)
    comment = Comment(thread_id=thread.id, author_id=actor.id, body=text, mentions=[u.username for u in mentioned])
    thread.comments.append(comment)
    db.session.flush()
    return comment, mentioned


def _mentioned_people(article: Article, text: str) -> list[User]:
    """The people @mentioned who exist; a name nobody has is plain text (a handle like @AFP), but a person who
    could not open the piece or is no longer active is refused, so nobody believes they were told."""
    found = []
    for name in rules.mentioned(text):
        user = people.by_username(name)
        if user is None:
            continue
        if not user.active:
            raise Invalid(f"@{user.username} ({user.display_name}) is deactivated and would not be told: "
                          "remove the mention.", field="body")
        if not can_view(user, article):
            raise Invalid(f"@{user.username} ({user.display_name}) cannot open this piece and would not be told: "
                          "remove the mention.", field="body")
        found.append(user)
    return found


def _for_resolving(actor: User, thread_id: int) -> tuple[CommentThread, Article]:
    thread = get(actor, thread_id, for_update=True)
    article = db.session.get(Article, thread.article_id)
    _check_may_comment(actor, article)
    if not may_resolve(actor, thread):
        db.session.rollback()
        raise Forbidden("This comment blocks publication: only an editor or the person who raised it can resolve "
                        "or reopen it.")
    return thread, article


def _body(body) -> str:
    try:
        return rules.clean_body(body)
    except ValueError as e:
        raise Invalid(str(e), field="body") from None


def _details(thread: CommentThread, comment: Comment | None = None) -> dict:
    out = {"thread": thread.id, "text": thread.exact[:200] if thread.on_text else None, "blocking": thread.blocking}
    if comment is not None:
        out["comment"] = comment.id
        if comment.mentions:
            out["mentions"] = list(comment.mentions)
    return out


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_may_comment(actor: User, article: Article) -> None:
    if not may_comment(actor, article):
        db.session.rollback()
        raise Forbidden("Only this piece's people (its authors, editors, fact-checkers and whoever is assigned) "
                        "comment on it.")
