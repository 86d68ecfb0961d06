"""Answers for pages that post with fetch(): JSON when the request asks for it (`Accept: application/json`),
so the same route serves the plain form (a redirect) and the script (no reload)."""

from __future__ import annotations

from flask import jsonify, request

from editorial.services.errors import ServiceError, TextChanged


def wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def json_error(error: ServiceError):
    body = {"code": error.code, "message": error.message}
    if error.field:
        body["field"] = error.field
    if isinstance(error, TextChanged) and error.current is not None:
        body["version"] = error.current.version
    return jsonify(error=body), error.status
