"""Editorial: a newsroom workflow app. `create_app` builds the Flask application."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from editorial import resources
from editorial.release import __version__

__all__ = ["__version__", "create_app"]


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=os.environ.get("EDITORIAL_INSTANCE", "").strip() or str(resources.default_instance()),
        template_folder=str(resources.path("templates")),
        static_folder=str(resources.path("static")),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from editorial import config

    app.config.from_mapping(config.load(app.instance_path))
    app.config.from_pyfile("config.py", silent=True)
    if test_config:
        app.config.from_mapping(test_config)
    config.refuse_debug(app.config["PRODUCTION"], bool(app.config.get("DEBUG")))  # instance/config.py too
    app.config["RATING_SCALE"] = config.ratings(app.config["RATING_SCALE"])
    app.config["METRICS_ALLOW_FROM"] = config.metrics_allow_from(app.config["METRICS_ALLOW_FROM"])

    from editorial import logs, metrics

    logs.init_app(app)  # first: every later before_request function, and its log lines, has the request id
    metrics.init_app(app)

    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    from editorial import input_guard

    input_guard.init_app(app)  # before any route is added: converters bind when a rule is added

    from editorial import models  # noqa: F401  (registers the tables)
    from editorial.extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(resources.path("migrations")), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)

    from editorial import auth_session, security, static_files, templating
    from editorial.services import outbox

    outbox.init_app(app)  # e-mails and webhook calls queued with each commit, sent after it
    auth_session.init_app(app)
    security.init_app(app)
    static_files.init_app(app)
    templating.init_app(app)

    from editorial.api import bp as api_bp
    from editorial.views import register_blueprints

    register_blueprints(app)
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)  # bearer tokens only, never cookies: no CSRF exposure

    from editorial import statement_count

    statement_count.init_app(app)  # the benchmark's statement counts; off unless asked for

    from editorial.commands import register_commands

    register_commands(app)
    return app
