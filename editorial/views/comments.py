"""Review comments in the browser: start a thread on selected words or on the piece, reply, resolve,
reopen, mark blocking. Forms post and redirect back to the article page or the editor; the editor's script
posts them with fetch (X-Requested-With: fetch) and gets the panel back, so unsaved text stays put."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup, escape

from editorial.comments import segments
from editorial.models import Article, Comment
from editorial.permissions import can_mark_blocking
from editorial.services import comments
from editorial.services.access import get_article
from editorial.services.errors import ServiceError
from editorial.views.forms import CommentForm, ReplyForm, ThreadActionForm

bp = Blueprint("comments", __name__)


@bp.app_template_filter("comment_html")
def comment_html(comment: Comment) -> Markup:
    """A comment's text, escaped, with the people it notified shown as mentions."""
    return Markup("").join(
        Markup('<span class="mention">{}</span>').format(part.text) if part.username else escape(part.text)
        for part in segments(comment.body, set(comment.mentions or ()))
    )


def panel_context(article: Article, threads=None) -> dict:
    """What a page needs to show the comment panel (the article page and the editor); `threads`:
    comments.for_article, when read already."""
    if threads is None:
        threads = comments.for_article(article)
    return {
        "open_threads": [t for t in threads if t.is_open],
        "resolved_threads": [t for t in threads if not t.is_open],
        "may_comment": comments.may_comment(current_user, article),
        "may_mark_blocking": can_mark_blocking(current_user.roles),
        "resolvable": {t.id for t in threads if comments.may_resolve(current_user, t)},
        "comment_form": CommentForm(formdata=None),
        "thread_form": ThreadActionForm(formdata=None),
        "article_people": sorted({u.username for u in [*article.authors, *(a.user for a in article.assignments)]}),
    }


@bp.post("/articles/<int:article_id>/comments")
@login_required
def create(article_id: int):
    article = get_article(current_user, article_id)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            chosen = form.selection()  # offsets, the version of the text the page showed, the words
            thread = comments.start_thread(
                current_user, article.id, body=form.body.data or "",
                **(chosen or {"exact": form.exact.data or None}),
                general=not chosen and not (form.exact.data or "").strip(),
                blocking=bool(form.blocking.data),
            )
        except ServiceError as e:
            return _refused(article, e, form)
        return _done(article, thread.id, "Comment added.", form.next.data)
    return _refused(article, None, form)


@bp.post("/comments/<int:thread_id>/replies")
@login_required
def reply(thread_id: int):
    form = ReplyForm()
    thread = comments.get(current_user, thread_id)
    article = get_article(current_user, thread.article_id)
    if form.validate_on_submit():
        try:
            comments.reply(current_user, thread.id, form.body.data or "")
        except ServiceError as e:
            return _refused(article, e, form, thread=thread)
        return _done(article, thread.id, "Reply added.", form.next.data)
    return _refused(article, None, form, thread=thread)


@bp.post("/comments/<int:thread_id>/<any(resolve, reopen, block, unblock):action>")
@login_required
def act(thread_id: int, action: str):
    form = ThreadActionForm()
    thread = comments.get(current_user, thread_id)
    article = get_article(current_user, thread.article_id)
    form.validate_on_submit()  # CSRF is checked by CSRFProtect before this view runs; `next` is optional
    try:
        if action == "resolve":
            comments.resolve(current_user, thread.id)
        elif action == "reopen":
            comments.reopen(current_user, thread.id)
        else:
            comments.set_blocking(current_user, thread.id, action == "block")
    except ServiceError as e:
        if _fetching():
            return jsonify(error=e.message), e.status
        flash(e.message, "error")
        return redirect(_back(article, thread.id, form.next.data))
    done = {"resolve": "Comment resolved.", "reopen": "Comment reopened.", "block": "The comment now blocks publishing.",
            "unblock": "The comment no longer blocks publishing."}[action]
    return _done(article, thread.id, done, form.next.data)


# -- helpers ---------------------------------------------------------------------------------------------


def _fetching() -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _back(article: Article, thread_id: int, where: str | None) -> str:
    endpoint = "articles.edit" if where == "edit" else "articles.show"
    return url_for(endpoint, article_id=article.id, _anchor=f"comment-{thread_id}")


def _done(article: Article, thread_id: int, message: str, where: str | None):
    if _fetching():  # the editor: the fresh panel, in place
        return render_template("comments/_panel.html", article=article, comment_next=where or "show",
                               panel_message=message, **panel_context(article))
    flash(message, "success")
    return redirect(_back(article, thread_id, where))


def _refused(article: Article, error: ServiceError | None, form, *, thread=None):
    """Say what is wrong and show the form again with everything that was typed in it."""
    message = error.message if error else _form_problem(form)
    if _fetching():
        return jsonify(error=message), error.status if error else 422
    target = getattr(form, error.field, None) if error and error.field else None
    if target is not None and hasattr(target, "errors"):
        target.errors = [*target.errors, message]
    else:
        flash(message, "error")
    if isinstance(form, CommentForm) and (error is None or error.field in ("start", "exact", "version")):
        form.start.data = form.end.data = form.version.data = ""  # the selection did not hold: retry by the words
    return render_template("comments/retry.html", article=article, form=form, thread=thread,
                           **({} if thread else {"may_mark_blocking": can_mark_blocking(current_user.roles)})), (
        error.status if error else 422
    )


def _form_problem(form) -> str:
    problems = [e for errors in form.errors.values() for e in errors]
    return " ".join(problems) or "The form could not be read; try again."
