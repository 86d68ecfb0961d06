"""/metrics (editorial/metrics.py, views/metrics.py): off unless configured, behind a token or an address list;
request latency by route with bounded labels; checks and anchoring timed; queue sizes; publish-due counted
across processes in multiprocess mode."""

from __future__ import annotations

import fcntl
import http.client
import os
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from editorial import metrics
from editorial.services import claims, schedule, transitions
from tests.conftest import ROOT

TOKEN = "metrics-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def app_config():
    return {"METRICS_TOKEN": TOKEN}


def scrape(client, **kwargs) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics", headers=AUTH, **kwargs)
    assert response.status_code == 200, response.data
    assert response.content_type.startswith("text/plain; version=")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.get_data(as_text=True))
        for sample in family.samples
    }


def _count(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_metrics_are_off_unless_configured(app, client):
    app.config.update(METRICS_TOKEN="", METRICS_ALLOW_FROM=())
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers=AUTH).status_code == 404


def test_a_token_is_required_and_compared(client, auth, newsroom):
    missing = client.get("/metrics")
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"] == 'Bearer realm="metrics"'
    assert b"editorial_" not in missing.data
    assert client.get("/metrics", headers={"Authorization": "Bearer " + TOKEN[:-1] + "x"}).status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Basic " + TOKEN}).status_code == 401
    auth.login("ada")  # an admin's session is not a token
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers=AUTH).status_code == 200


def test_an_address_list_admits_only_its_addresses(app, client):
    app.config.update(METRICS_TOKEN="", METRICS_ALLOW_FROM=metrics_networks("10.0.0.0/8, 192.0.2.7"))
    assert client.get("/metrics").status_code == 403  # the test client is 127.0.0.1
    assert client.get("/metrics", environ_overrides={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
    assert client.get("/metrics", environ_overrides={"REMOTE_ADDR": "192.0.2.7"}).status_code == 200
    assert client.get("/metrics", environ_overrides={"REMOTE_ADDR": "192.0.2.8"}).status_code == 403


def test_with_both_set_both_are_required(app, client):
    app.config.update(METRICS_ALLOW_FROM=metrics_networks("10.0.0.0/8"))
    inside = {"REMOTE_ADDR": "10.1.2.3"}
    assert client.get("/metrics", environ_overrides=inside).status_code == 401
    assert client.get("/metrics", headers=AUTH).status_code == 403
    assert client.get("/metrics", headers=AUTH, environ_overrides=inside).status_code == 200


def metrics_networks(value: str):
    from editorial import config

    return config.metrics_allow_from(value)


def test_bad_metrics_settings_are_refused(monkeypatch, tmp_path):
    from editorial import config

    monkeypatch.setenv("METRICS_TOKEN", "short")
    with pytest.raises(config.ConfigError, match="METRICS_TOKEN"):
        config.metrics_token()
    with pytest.raises(config.ConfigError, match="METRICS_ALLOW_FROM"):
        config.metrics_allow_from("10.0.0.0/8, intranet")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "missing"))
    with pytest.raises(config.ConfigError, match="PROMETHEUS_MULTIPROC_DIR"):
        config.prometheus_multiproc_dir()
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    assert config.prometheus_multiproc_dir() == str(tmp_path)


def test_request_latency_is_measured_by_route(client):
    before = scrape(client)
    key = ("editorial_http_request_duration_seconds_count", (("method", "GET"), ("route", "auth.login"), ("status", "2xx")))
    client.get("/login")
    client.get("/login")
    after = scrape(client)
    assert after[key] == before.get(key, 0) + 2
    bucket = ("editorial_http_request_duration_seconds_bucket",
              (("le", "+Inf"), ("method", "GET"), ("route", "auth.login"), ("status", "2xx")))
    assert after[bucket] == after[key]


def _label_values(samples, label: str) -> set[str]:
    return {dict(labels).get(label) for (name, labels) in samples
            if name.startswith("editorial_http_request_duration_seconds")} - {None}


def test_label_values_are_bounded_whatever_paths_are_asked_for(client):
    client.get("/no-such-page-0")
    before = scrape(client)
    for n in range(50):
        assert client.get(f"/no-such-page-{n}-{'x' * n}").status_code == 404
        client.open(f"/articles/{n}", method="BREW")
    after = scrape(client)
    for label in ("route", "method", "status"):
        assert _label_values(after, label) - _label_values(before, label) <= {"other"}, label
    assert "unmatched" in _label_values(after, "route")
    assert not any("no-such-page" in str(labels) for _, labels in after)


def test_a_save_times_the_checks_and_the_anchoring(client, auth, newsroom, make_article):
    article = make_article(newsroom["rita"])
    auth.login("rita")
    checks, anchoring = _count("editorial_checks_seconds_count"), _count("editorial_anchoring_seconds_count")
    form = {"headline": article.headline, "standfirst": "", "section": article.section, "tags": "",
            "dateline_date": "", "body_html": "<p>Wagner fighters were ambushed near Tinzaouaten.</p>",
            "version": "1", "byline": [str(newsroom["rita"].id)]}
    assert client.post(f"/articles/{article.id}/edit", data=form).status_code == 302
    assert _count("editorial_anchoring_seconds_count") == anchoring + 1
    page = client.get(f"/articles/{article.id}")  # the article page checks the saved text and lists its flags
    assert b"Tinzaouaten" in page.data
    assert _count("editorial_checks_seconds_count") == checks + 1
    samples = scrape(client)
    assert samples[("editorial_checks_seconds_count", ())] == checks + 1
    assert samples[("editorial_anchoring_seconds_count", ())] == anchoring + 1


def test_queue_sizes_are_counted_when_scraped(client, newsroom, make_article):
    first, second = make_article(newsroom["rita"]), make_article(newsroom["rita"])
    transitions.transition(newsroom["rita"], second.id, "in_review")
    claims.create(newsroom["fay"], second.id, exact="Wagner fighters", summary="Wagner was there")
    samples = scrape(client)
    assert samples[("editorial_articles", (("state", "draft"),))] == 1
    assert samples[("editorial_articles", (("state", "in_review"),))] == 1
    assert samples[("editorial_articles", (("state", "published"),))] == 0
    assert samples[("editorial_open_claims", (("status", "unverified"),))] == 1
    assert first.id != second.id


def test_publish_due_is_counted_in_this_process(newsroom, make_article):
    runs, published = _count("editorial_publish_due_runs_total"), _count("editorial_publish_due_articles_total",
                                                                         outcome="published")
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    article = make_article(newsroom["rita"])
    transitions.transition(newsroom["rita"], article.id, "in_review")
    transitions.transition(newsroom["ed"], article.id, "approved")
    schedule.set_publish_time(newsroom["ed"], article.id, now + timedelta(hours=1), now=now)
    assert [o.published for o in schedule.publish_due(now + timedelta(hours=2))] == [True]
    assert _count("editorial_publish_due_runs_total") == runs + 1
    assert _count("editorial_publish_due_articles_total", outcome="published") == published + 1


def test_a_failed_publish_due_run_is_counted(monkeypatch):
    failures = _count("editorial_publish_due_failures_total")

    def broken(now):
        raise RuntimeError("database gone")

    monkeypatch.setattr(schedule, "due", broken)
    with pytest.raises(RuntimeError):
        schedule.publish_due()
    assert _count("editorial_publish_due_failures_total") == failures + 1


def test_publish_due_runs_are_kept_across_processes_in_multiprocess_mode(app, client, newsroom, make_article,
                                                                        database_url, tmp_path):
    """Each `publish-due` is a process of its own, gone when Prometheus scrapes: its counts are kept in
    PROMETHEUS_MULTIPROC_DIR, which the web process's /metrics adds up."""
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # long past: the command's clock finds the piece due
    article = make_article(newsroom["rita"])
    transitions.transition(newsroom["rita"], article.id, "in_review")
    transitions.transition(newsroom["ed"], article.id, "approved")
    schedule.set_publish_time(newsroom["ed"], article.id, now + timedelta(hours=1), now=now)
    folder = tmp_path / "prometheus"
    folder.mkdir()
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "multiprocess-test-secret",
           "EDITORIAL_INSTANCE": str(tmp_path / "cli-instance"), "PROMETHEUS_MULTIPROC_DIR": str(folder)}
    env.pop("EDITORIAL_ENV", None)
    command = [sys.executable, "-m", "flask", "--app", "editorial", "publish-due"]
    for expected in (f"published #{article.id}", "Nothing due."):
        result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0 and expected in result.stdout, result.stderr
    # one set of files for every run, reopened and added to, not a new set per process every minute
    assert {p.name.split("_")[-1] for p in folder.glob("*.db")} == {"publish-due.db"}
    app.config["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
    samples = scrape(client)
    assert samples[("editorial_publish_due_runs_total", ())] == 2
    assert samples[("editorial_publish_due_articles_total", (("outcome", "published"),))] == 1
    assert samples[("editorial_articles", (("state", "published"),))] == 1  # computed now, in this process

    with (folder / "publish-due.lock").open("a") as held:  # as by a run still going: this one keeps its pid
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0 and "Nothing due." in result.stdout, result.stderr
    assert len({p.name.split("_")[-1] for p in folder.glob("counter_*.db")}) == 2
    assert scrape(client)[("editorial_publish_due_runs_total", ())] == 3


def test_child_exit_drops_a_dead_workers_live_gauges(tmp_path, monkeypatch):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    (tmp_path / "gauge_livesum_4242.db").write_bytes(b"")
    (tmp_path / "counter_4242.db").write_bytes(b"")
    metrics.child_exit(server=None, worker=SimpleNamespace(pid=4242))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["counter_4242.db"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str, headers: dict | None = None) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def test_under_gunicorn_every_workers_figures_are_served(app, database_url, tmp_path):
    """Two gunicorn workers keep their figures in the multiprocess directory; /metrics, answered by either,
    counts every request whichever worker answered it. The config file is the README's (the child_exit hook)."""
    folder = tmp_path / "prometheus"
    folder.mkdir()
    config = tmp_path / "gunicorn.conf.py"
    config.write_text("from editorial.metrics import child_exit  # noqa: F401\n")
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "multiprocess-test-secret",
           "EDITORIAL_INSTANCE": str(tmp_path / "gunicorn-instance"), "PROMETHEUS_MULTIPROC_DIR": str(folder),
           "METRICS_TOKEN": TOKEN}
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(config), "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "editorial:create_app()"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(port, "/login")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("gunicorn did not start:\n" + (tmp_path / "gunicorn.log").read_text())
            time.sleep(0.2)
        for _ in range(20):
            assert _get(port, "/login")[0] == 200
        status, text = _get(port, "/metrics", AUTH)
        assert status == 200
        samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
                   for family in text_string_to_metric_families(text) for s in family.samples}
        key = ("editorial_http_request_duration_seconds_count", (("method", "GET"), ("route", "auth.login"),
                                                                 ("status", "2xx")))
        assert samples[key] == 21  # every /login answered, the first included
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
