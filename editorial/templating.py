"""Jinja helpers shared by every page: the header's unread count, labels, dates, the body filter."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask_login import current_user
from markupsafe import Markup

from editorial.claims import BLOCKING, LABELS
from editorial.permissions import Can, capabilities
from editorial.sanitize import clean_html
from editorial.text import annotated_html
from editorial.wording import plural
from editorial.workflow import State, label


def init_app(app: Flask) -> None:
    app.context_processor(_globals)
    # Constants as environment globals: macros imported without context see them too.
    app.jinja_env.globals.update(CLAIM_LABELS=LABELS, CLAIM_BLOCKING=BLOCKING, dismiss_presets=_dismiss_presets)
    app.add_template_filter(_when, "when")
    app.add_template_filter(_iso, "iso")
    app.add_template_filter(_state_label, "state_label")
    app.add_template_filter(_body, "body")
    app.add_template_filter(_annotated, "annotated")
    app.add_template_filter(plural, "plural")
    # A list's query string without its position (a page number or a keyset cursor), for links to other pages.
    app.add_template_filter(lambda args: {k: v for k, v in args.items() if k not in ("page", "after")}, "reject_page")


def _globals() -> dict:
    from editorial.services import notifications

    caps = capabilities(current_user.roles) if current_user.is_authenticated else frozenset()
    return {
        "Can": Can,
        "my_caps": caps,
        "unread_count": notifications.unread_count(current_user) if current_user.is_authenticated else 0,
        "STATES": list(State),
    }


def _dismiss_presets() -> tuple[str, ...]:
    """The newsroom's preset reasons for dismissing a statement flag (the flag panel and the editor offer them)."""
    from editorial.services import triage

    return triage.presets()


def _when(value: datetime | None) -> str:
    return value.strftime("%d %b %Y, %H:%M UTC") if value else ""


def _iso(value: datetime | None) -> str:
    return value.isoformat(timespec="seconds") if value else ""


def _state_label(value) -> str:
    return label(State(value))


def _annotated(html: str) -> Markup:
    """The body with offset spans (text.annotated_html) for highlights and selections."""
    return Markup(annotated_html(clean_html(html)))


def _body(html: str) -> Markup:
    """Bodies are sanitized when saved; sanitizing again on output means a tightened allow-list
    applies to old articles too."""
    return Markup(clean_html(html))
