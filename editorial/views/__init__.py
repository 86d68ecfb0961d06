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
        edit_locks,
        errors,
        health,
        inbox,
        metrics,
        profile,
        public,
        triage,
        webhooks,
    )

    for module in (health, auth, dashboard, articles, edit_locks, profile, admin, inbox, copydesk, claims, triage,
                   comments, public, metrics, webhooks):
        app.register_blueprint(module.bp)
    errors.init_app(app)
