"""`GET /metrics` for Prometheus: off (404) unless METRICS_TOKEN or METRICS_ALLOW_FROM is set. With a token,
the request must carry it as a bearer token (compared in constant time); with an address list, it must come
from one of them; with both, both. Never a session cookie: nobody's log-in opens it."""

from __future__ import annotations

import hmac
import ipaddress

from flask import Blueprint, Response, abort, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST

from editorial import logs, metrics
from editorial.services import queues

bp = Blueprint("metrics", __name__)


@bp.get("/metrics")
def scrape():
    config = current_app.config
    token, networks = config["METRICS_TOKEN"], config["METRICS_ALLOW_FROM"]
    if not token and not networks:
        abort(404)
    if networks and not _allowed(request.remote_addr, networks):
        logs.refused("metrics read from an address not in METRICS_ALLOW_FROM")
        return Response("Not allowed from this address.\n", 403, content_type="text/plain; charset=utf-8")
    if token and not _bearer_matches(token):
        logs.refused("metrics read without the right bearer token")
        return Response("A bearer token is required.\n", 401, {"WWW-Authenticate": 'Bearer realm="metrics"'},
                        content_type="text/plain; charset=utf-8")
    body = metrics.exposition(config["PROMETHEUS_MULTIPROC_DIR"], metrics.QueueSizes(queues.sizes))
    return Response(body, content_type=CONTENT_TYPE_LATEST)


def _allowed(address: str | None, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in network for network in networks)


def _bearer_matches(token: str) -> bool:
    scheme, _, offered = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(offered.strip().encode(), token.encode())
