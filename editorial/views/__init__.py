"""Blueprints: parse input, call one service, render. No queries or rules here."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from editorial.views import (
        admin,
        articles,
        auth,
        claims,
        comments,
        copydesk,
        dashboard,
        errors,
        health,
        inbox,
        profile,
        public,
    )

    for module in (health, auth, dashboard, articles, profile, admin, inbox, copydesk, claims, comments, public):
        app.register_blueprint(module.bp)
    errors.init_app(app)
