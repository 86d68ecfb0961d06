"""The in-app inbox."""

from __future__ import annotations

import re

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from editorial.input_guard import page_number
from editorial.inputs import whole_number
from editorial.services import notifications
from editorial.views.forms import EmptyForm

bp = Blueprint("inbox", __name__, url_prefix="/inbox")
ANCHOR = re.compile(r"(comment|claim)-\d{1,12}")


@bp.get("")
@login_required
def show():
    pagination = notifications.inbox(
        current_user, page=page_number(), per_page=current_app.config["PAGE_SIZE"]
    )
    return render_template("inbox.html", pagination=pagination, empty_form=EmptyForm())


@bp.post("/<int:notification_id>/open")
@login_required
def open_(notification_id: int):
    """Mark read and go to the article it is about."""
    if EmptyForm().validate_on_submit():
        notifications.mark_read(current_user, notification_id)
    article_id = whole_number(request.form.get("article_id", ""))
    anchor = request.form.get("anchor", "")
    if article_id is not None:
        return redirect(url_for("articles.show", article_id=article_id,
                                _anchor=anchor if ANCHOR.fullmatch(anchor) else None))
    return redirect(url_for("inbox.show"))


@bp.post("/read-all")
@login_required
def read_all():
    if EmptyForm().validate_on_submit():
        notifications.mark_read(current_user)
    return redirect(url_for("inbox.show"))
