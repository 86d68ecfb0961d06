"""Prometheus metrics: what is measured, and how /metrics gathers it (views/metrics.py serves it).

Single process (`flask run`, tests): the instruments live in prometheus_client's default registry. Under
gunicorn and for the publish-due job, set PROMETHEUS_MULTIPROC_DIR (an empty directory writable by the
service, emptied at each start): every process, short-lived ones too, writes its values there, and /metrics
adds them up (MultiProcessCollector). gunicorn's config must then call `child_exit` below when a worker ends.

Labels are bounded: a request is labelled by its route's endpoint (never the path someone typed), a known
method and its status class, so no request can create a new time series at will."""

from __future__ import annotations

import fcntl
import glob
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask, Response, g, request
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)
from prometheus_client.core import GaugeMetricFamily

_batch: dict = {}  # set by batch_process(): the name this process's files go under instead of its pid


def _process_identifier():
    return _batch.get("name") or os.getpid()


if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # before any instrument below is made
    values.ValueClass = values.MultiProcessValue(process_identifier=_process_identifier)

REQUEST_SECONDS = Histogram(
    "editorial_http_request_duration_seconds",
    "Time to answer a request, by route (the view's endpoint, 'unmatched' for no route), method and status class.",
    ["route", "method", "status"],
)
CHECKS_SECONDS = Histogram(
    "editorial_checks_seconds", "Time one run of the copy-desk checks took on an article or a text.",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
ANCHORING_SECONDS = Histogram(
    "editorial_anchoring_seconds", "Time re-anchoring claims, comments and flag dismissals took on one save.",
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
PUBLISH_DUE_RUNS = Counter("editorial_publish_due_runs", "Runs of publish-due.")
PUBLISH_DUE_FAILURES = Counter("editorial_publish_due_failures", "Runs of publish-due stopped by an unexpected error.")
PUBLISH_DUE_ARTICLES = Counter(
    "editorial_publish_due_articles", "Articles publish-due looked at, by outcome: published, or refused by the gate.",
    ["outcome"],
)

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


@contextmanager
def timed(histogram: Histogram) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        histogram.observe(time.perf_counter() - started)


def init_app(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(_observe)


def _start() -> None:
    g.metrics_started = time.perf_counter()


def _observe(response: Response) -> Response:
    started = g.get("metrics_started")
    if started is not None:
        route = request.url_rule.endpoint if request.url_rule is not None else "unmatched"
        method = request.method if request.method in METHODS else "other"
        status = f"{response.status_code // 100}xx"
        REQUEST_SECONDS.labels(route, method, status).observe(time.perf_counter() - started)
    return response


class QueueSizes:
    """Gauges computed when Prometheus scrapes: `sizes()` answers {"articles": {state: n}, "open_claims":
    {status: n}} with a couple of indexed COUNT queries, so they are right in every process at once."""

    def __init__(self, sizes: Callable[[], dict]) -> None:
        self.sizes = sizes

    def collect(self):
        sizes = self.sizes()
        articles = GaugeMetricFamily("editorial_articles", "Articles in each workflow state.", labels=["state"])
        for state, count in sorted(sizes["articles"].items()):
            articles.add_metric([state], count)
        claims = GaugeMetricFamily("editorial_open_claims", "Claims still in the copy, by status.", labels=["status"])
        for status, count in sorted(sizes["open_claims"].items()):
            claims.add_metric([status], count)
        yield articles
        yield claims


class _Forward:
    """This process's own instruments (the default registry), for a registry built per scrape."""

    def collect(self):
        yield from REGISTRY.collect()


def exposition(multiproc_dir: str, *collectors) -> bytes:
    """The text Prometheus reads: every process's values from the multiprocess directory when there is one,
    else this process's, followed by the collectors computed now (queue sizes)."""
    registry = CollectorRegistry(auto_describe=False)
    if multiproc_dir:
        multiprocess.MultiProcessCollector(registry, path=multiproc_dir)
    else:
        registry.register(_Forward())
    for collector in collectors:
        registry.register(collector)
    return generate_latest(registry)


def batch_process(name: str) -> None:
    """For a command run every minute (publish-due): its figures go to one set of files called `name`, which
    each run reopens and adds to, instead of a new set per process id (1,440 a day, every one read at each
    scrape). A run that finds the name held by another run still going keeps its process id."""
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not path or "name" in _batch:
        return
    lock = open(os.path.join(path, f"{name}.lock"), "a")  # noqa: SIM115 (held until the process ends)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        return
    _batch.update(name=name, lock=lock)
    for made in glob.glob(os.path.join(path, f"*_{os.getpid()}.db")):
        os.remove(made)  # made with the instruments at import, before anything was counted


def child_exit(server, worker) -> None:
    """gunicorn's child_exit hook (deploy/gunicorn.conf.py): a dead worker's live gauges are dropped; its
    counters and histograms stay in the directory and keep adding up. Without PROMETHEUS_MULTIPROC_DIR there
    is nothing on disk to drop."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
