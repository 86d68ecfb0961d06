"""Error pages for the browser side (the API has its own JSON errors)."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from editorial import logs
from editorial.services.errors import ServiceError
from editorial.views.answers import json_error, wants_json


def init_app(app: Flask) -> None:
    @app.errorhandler(ServiceError)
    def service_error(error: ServiceError):
        if request.blueprint == "api":
            raise error
        logs.refused(error.message)
        if wants_json():  # a page's fetch(): the message its script shows
            return json_error(error)
        return render_template("error.html", status=error.status, message=error.message), error.status

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        message = "Your form expired or came from another site. Go back, reload the page and try again; " \
            "copy your text first if you typed a lot."
        logs.refused(f"CSRF: {error.description}")
        if wants_json():
            return jsonify(error={"code": "csrf", "message": message}), 400
        return render_template("error.html", status=400, message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if request.blueprint == "api" or request.path.startswith("/api/") or wants_json():
            return _json(error)
        logs.refused(error.description or error.name)
        return render_template("error.html", status=error.code, message=error.description), error.code


def _json(error: HTTPException):
    """URLs under /api/ that match no route (404, 405) never reach the API blueprint's own handlers: answer
    them in the API's shape, `{"error": {"code", "message"}}`, not with an HTML page."""
    logs.refused(error.description or error.name)
    response = jsonify(error={"code": error.name.lower().replace(" ", "_"), "message": error.description or error.name})
    response.status_code = error.code or 500
    for name, value in error.get_headers():
        if name.lower() != "content-type":  # keeps Allow on a 405
            response.headers[name] = value
    return response
