"""Landing queues, the board and the searchable article list."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user, login_required

from editorial.input_guard import page_cursor, page_number
from editorial.services import queues
from editorial.workflow import State

bp = Blueprint("dashboard", __name__)


def _filters() -> queues.Filters:
    args = request.args
    state = args.get("state", "")
    return queues.Filters(
        q=args.get("q", "").strip()[:200],
        section=args.get("section", "").strip()[:80],
        author_id=page_number("author", 0) or None,
        state=State(state) if state in State._value2member_map_ else None,
    )


@bp.get("/")
@login_required
def home():
    return render_template("dashboard/home.html", dashboard=queues.dashboard(current_user))


@bp.get("/board")
@login_required
def board():
    filters = _filters()
    return render_template(
        "dashboard/board.html",
        columns=queues.board_columns(current_user, filters),
        filters=filters,
        sections=queues.sections(current_user),
        authors=queues.authors(),
    )


@bp.get("/articles")
@login_required
def articles():
    filters = _filters()
    after = page_cursor()
    common = {"filters": filters, "sections": queues.sections(current_user), "authors": queues.authors()}
    if after is None and (filters.q or request.args.get("page")):  # search results; numbered pages of old links
        pagination = queues.search(current_user, filters, page=page_number(), per_page=current_app.config["PAGE_SIZE"])
        return render_template("dashboard/articles.html", pagination=pagination, listing=None, **common)
    listing = queues.newest(current_user, filters, after=after, per_page=current_app.config["PAGE_SIZE"])
    return render_template("dashboard/articles.html", pagination=None, listing=listing, deep=after is not None,
                           **common)
