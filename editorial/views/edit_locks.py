"""The editor's soft lock: heartbeat, unlock, take over, and asking the holder to hand over (services/locks.py).

Ask, hand over and keep editing answer JSON to the editor's script (which stays on the page, keeping what was
typed) and flash-and-redirect to a plain form post (no script)."""

from __future__ import annotations

import secrets

from flask import Blueprint, current_app, flash, jsonify, redirect, request, url_for
from flask_login import current_user, login_required

from editorial.inputs import page_token
from editorial.services import articles, locks
from editorial.services.access import get_article, get_review_material
from editorial.services.errors import ServiceError
from editorial.views.forms import EmptyForm, HandOverForm

bp = Blueprint("edit_locks", __name__, url_prefix="/articles")
NOT_EDITABLE = "You may not edit this article now, so you cannot take it over."


def editor_context(article) -> dict:
    """What the editor page needs about the lock; this page load takes (or refreshes) it with its own token."""
    token = secrets.token_urlsafe(24)
    lock = locks.acquire(article, current_user, token=token)
    return {
        "lock": lock,
        "lock_token": token,
        "heartbeat_seconds": current_app.config["EDIT_LOCK_HEARTBEAT_SECONDS"],
        "joined": [] if lock else locks.joined(article, current_user),
        "requests": [] if lock else locks.requests_to(article, current_user),
        "asked": asked_message(locks.asked(article, current_user)),
        "take_over_form": EmptyForm(),
        "hand_over_form": HandOverForm(),
    }


def asked_message(asked: locks.Asked | None) -> dict | None:
    """Where my own request stands, in words; the page renders it and the heartbeat sends it."""
    if asked is None:
        return None
    name = asked.holder.display_name
    message = {
        "asked": f"You asked {name} to hand over; their answer shows here.",
        "handed_over": f"{name} handed over: you now hold the lock.",
        "declined": f"{name} wants to keep editing. Ask again later, or take over.",
        "lapsed": f"{name} did not answer, and your request lapsed. Ask again, or take over.",
    }[asked.answer]
    return {"answer": asked.answer, "holder": name, "message": message}


def _requests_json(article) -> list[dict]:
    return [{"id": r.asker_id, "name": r.asker.display_name, "since": r.asked_at.isoformat()}
            for r in locks.requests_to(article, current_user)]


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _token_or_400():
    try:
        return page_token(request.form.get("token")), None
    except ValueError as e:
        return None, (jsonify(error={"code": "invalid", "message": str(e)}), 400)


@bp.post("/<int:article_id>/lock")
@login_required
def lock(article_id: int):
    """Heartbeat from the open editor: keeps this person's soft lock (for this page's token), reports another
    holder, who joined, requests to hand over, and the answer to my own request."""
    article = get_review_material(current_user, article_id)
    token, refused = _token_or_400()
    if refused:
        return refused
    other = locks.acquire(article, current_user, token=token)
    return jsonify(
        holder=other.user.display_name if other else None,
        since=other.acquired_at.isoformat() if other else None,
        joined=[] if other else [u.display_name for u in locks.joined(article, current_user)],
        requests=[] if other else _requests_json(article),
        asked=asked_message(locks.asked(article, current_user)),
        version=article.version,
    )


@bp.post("/<int:article_id>/unlock")
@login_required
def unlock(article_id: int):
    """Sent by the editor page as it goes: frees the lock only if that page (its token) holds it."""
    article = get_review_material(current_user, article_id)
    token, refused = _token_or_400()
    if refused:
        return refused
    locks.release(article, current_user, token=token)
    return ("", 204)


def _editable(article_id: int):
    """The article if this person may edit it now; otherwise None (404 if they may not even see it)."""
    article = get_article(current_user, article_id)
    if articles.may_edit(current_user, article):
        return article
    return None


def _refuse(article_id: int, message: str, status: int, back_to: str = "articles.edit"):
    if _wants_json():
        return jsonify(error={"code": "refused", "message": message}), status
    flash(message, "error")
    return redirect(url_for(back_to, article_id=article_id))


@bp.post("/<int:article_id>/lock/take-over")
@login_required
def take_over(article_id: int):
    """Take the edit lock from whoever holds it (as in WordPress); they are told by their next heartbeat."""
    article = _editable(article_id)
    if article is None:
        return _refuse(article_id, NOT_EDITABLE, 403, back_to="articles.show")
    if not EmptyForm().validate_on_submit():
        return _refuse(article_id, "The form was incomplete; try again.", 400)
    previous = locks.take_over(article, current_user)
    if previous is not None:
        flash(f"You took over editing from {previous.display_name}; they are told so.", "success")
    return redirect(url_for("articles.edit", article_id=article.id))


@bp.post("/<int:article_id>/lock/ask")
@login_required
def ask(article_id: int):
    """Ask the holder to hand over: their next heartbeat shows it; mine shows their answer."""
    article = _editable(article_id)
    if article is None:
        return _refuse(article_id, NOT_EDITABLE, 403, back_to="articles.show")
    if not EmptyForm().validate_on_submit():
        return _refuse(article_id, "The form was incomplete; try again.", 400)
    try:
        locks.ask(article, current_user)
    except ServiceError as e:
        return _refuse(article_id, e.message, e.status)
    asked = asked_message(locks.asked(article, current_user))
    if _wants_json():
        return jsonify(asked=asked)
    flash(asked["message"], "success")
    return redirect(url_for("articles.edit", article_id=article.id))


@bp.post("/<int:article_id>/lock/hand-over")
@login_required
def hand_over(article_id: int):
    """The holder gives the lock to who asked, without saving (the editor's "Save and hand over" saves first)."""
    return _answer(article_id, locks.hand_over, "handed_over_to", "articles.show",
                   "You handed the article over to {}; they are told so.")


@bp.post("/<int:article_id>/lock/keep")
@login_required
def keep_editing(article_id: int):
    """The holder declines: the asker's next heartbeat says they want to keep editing."""
    return _answer(article_id, locks.keep_editing, "kept_from", "articles.edit",
                   "You keep editing; {} is told so.")


def _answer(article_id: int, answer, json_key: str, then: str, told: str):
    """The holder's answer to who asked (hand over, or keep editing), from the answer form: the service says who
    the asker was; JSON for the page's script, a flash and a redirect without it."""
    article = get_article(current_user, article_id)
    form = HandOverForm()
    if not form.validate_on_submit() or form.asker_id() is None:
        return _refuse(article_id, "The form was incomplete; try again.", 400)
    try:
        asker = answer(article, current_user, form.asker_id())
    except ServiceError as e:
        return _refuse(article_id, e.message, e.status)
    if _wants_json():
        return jsonify({json_key: asker.display_name})
    flash(told.format(asker.display_name), "success")
    return redirect(url_for(then, article_id=article.id))
