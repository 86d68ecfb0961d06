"""`/healthz` and `/readyz` for load balancers and systemd: unauthenticated, cheap, never cached, no cookie.

/healthz: the process answers (no database work). /readyz: the database answers and its schema is the one
this release needs (services/health.py); 503 with what is wrong otherwise, so a new release is not sent
traffic before `db upgrade`, nor an instance whose database is down."""

from __future__ import annotations

from flask import Blueprint, jsonify

from editorial.services import health

bp = Blueprint("health", __name__)


def _answer(problems: list[str]):
    body = {"status": "unavailable", "problems": problems} if problems else {"status": "ok"}
    response = jsonify(body)
    response.status_code = 503 if problems else 200
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz():
    return _answer([])


@bp.get("/readyz")
def readyz():
    state = health.schema_state()
    return _answer([state.problem] if state.problem else [])
