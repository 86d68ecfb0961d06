"""Page benchmark (not a test): `python bench/bench_pages.py [--articles N] [--database sqlite|postgresql]`.

Builds a fresh database (the real migrations, then `flask generate-data --articles N`), serves the app with
gunicorn (2 sync workers, as in production) and measures, from outside over HTTP:

1. p50/p95 of each key page over `--rounds` interleaved rounds (every page once per round, so load that comes
   and goes on this shared machine slows them all alike), as a ratio to the bare route `/robots.txt` (no
   database, no template, no session) served by the same server in the same rounds; and the SQL statements each
   page ran (the X-SQL-Statements header, which the app sends only with EDITORIAL_BENCH_STATEMENTS=1);
2. a load run: `--users` simulated newsroom people (threads) for `--seconds`, reporters saving and resubmitting,
   editors approving, reopening and requesting changes, fact-checkers setting claim statuses (writes through
   the API), everyone reading their pages (web pages with a session), readers on the public site. Reported:
   throughput, p50/p95, errors (5xx, refused connections) and refusals (409/422: someone else moved the piece
   first, which real people see too).

Results go to bench/results.json under "<label>/<database>-<articles>" (other runs are kept; `--label`, "after" by
default: "before" holds the runs made before full-text search, the list indexes and review digests; "session4"
the after-runs of the session before claim memory was stored per revision). `--markdown` prints the README's
tables: the "before" runs → the "after" runs (`--versus session4` compares with those instead).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from editorial import cursors  # noqa: E402
from editorial.claimreview import slug  # noqa: E402
from editorial.fake_newsroom import COMMON_WORD, RARE_WORD  # noqa: E402
from editorial.statement_count import HEADER  # noqa: E402

PASSWORD = "generated-newsroom"
BASELINE = "/robots.txt"
RESULTS = ROOT / "bench" / "results.json"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


class Newsroom:
    """A database, filled, and gunicorn serving it."""

    def __init__(self, articles: int, database: str, seed: int) -> None:
        self.articles, self.database, self.seed = articles, database, seed
        self.tmp = Path(tempfile.mkdtemp(prefix="editorial-bench-"))
        self.pg = None
        self.server: subprocess.Popen | None = None
        self.generated: dict = {}

    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in ("EDITORIAL_ENV", "PUBLIC_BASE_URL", "FLASK_DEBUG")}
        env.update(EDITORIAL_INSTANCE=str(self.tmp / "instance"), DATABASE_URL=self.url,
                   SECRET_KEY=secrets.token_hex(32), EDITORIAL_BENCH_STATEMENTS="1")
        return env

    def build(self) -> None:
        if self.database == "postgresql":
            from tests.pg_server import ThrowawayPostgres

            self.pg = ThrowawayPostgres()
            self.url = self.pg.start()
        else:
            self.url = f"sqlite:///{self.tmp / 'bench.sqlite3'}"
        flask = [sys.executable, "-m", "flask", "--app", "editorial"]
        subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=self.env(), check=True, capture_output=True)
        started, cpu = time.perf_counter(), _children_cpu()
        made = subprocess.run([*flask, "generate-data", "--articles", str(self.articles), "--seed", str(self.seed)],
                              cwd=ROOT, env=self.env(), check=True, capture_output=True, text=True)
        seconds, cpu = time.perf_counter() - started, _children_cpu() - cpu
        rows = dict(re.findall(r"^\s+(\w+)\s+([\d,]+)\s", made.stdout, re.M))
        self.generated = {"seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
                          "rows": {k: int(v.replace(",", "")) for k, v in rows.items()}}
        print(f"generated {self.articles:,} articles on {self.database} in {seconds:.1f} s (CPU {cpu:.1f} s) "
              f"({', '.join(f'{k} {v}' for k, v in rows.items())})", flush=True)

    def serve(self) -> str:
        port = free_port()
        self.server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--timeout", "300",
             "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=self.env())
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if requests.get(base + BASELINE, timeout=60).status_code == 200:
                    return base
            except requests.ConnectionError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer")

    def close(self) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=30)
        if self.pg is not None:
            self.pg.stop()
        subprocess.run(["rm", "-rf", str(self.tmp)], check=False)


def _children_cpu() -> float:
    """CPU seconds used by finished child processes (not the database server's): what the generator costs
    when the machine is shared and its wall-clock time is not."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def targets(url: str) -> dict:
    """Ids the pages are measured on: a piece in review with claims and several revisions, a published one,
    the busiest section."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        review = conn.execute(sa.text(  # the first with claims and 3 revisions, or the closest to that
            "SELECT a.id, a.version FROM articles a WHERE a.state = 'in_review' "
            "ORDER BY EXISTS (SELECT 1 FROM claims c WHERE c.article_id = a.id) DESC, a.version >= 3 DESC, a.id "
            "LIMIT 1")).one()
        claim = conn.execute(sa.text("SELECT c.id FROM claims c JOIN articles a ON a.id = c.article_id "
                                     "WHERE a.state <> 'draft' ORDER BY c.article_id = :a DESC, c.id LIMIT 1"),
                             {"a": review.id}).scalar_one()
        published = conn.execute(sa.text(
            "SELECT id FROM articles WHERE state = 'published' ORDER BY published_at DESC LIMIT 1")).scalar_one()
        section = conn.execute(sa.text(
            "SELECT section FROM articles WHERE state = 'published' GROUP BY section ORDER BY count(*) DESC LIMIT 1"
        )).scalar_one()
        # the API list's cursor halfway down (newest first): a deep page, as a client walking the whole list
        # reaches it with `after=`
        middle = conn.execute(sa.text("SELECT count(*) FROM articles")).scalar_one() // 2
        deep = conn.execute(sa.select(_ARTICLES.c.updated_at, _ARTICLES.c.id)
                            .order_by(_ARTICLES.c.updated_at.desc(), _ARTICLES.c.id.desc())
                            .offset(middle).limit(1)).one()
    engine.dispose()
    return {"review": review.id, "version": review.version, "claim": claim, "published": published,
            "section": slug(section), "after": cursors.encode(deep.updated_at, deep.id)}


def _articles_table() -> sa.Table:
    """The articles table with the app's column types (UTC times read as the app reads them)."""
    from editorial.models import Article

    return Article.__table__


_ARTICLES = _articles_table()


def canonical(base: str, path: str) -> str:
    """Where a public article's short URL redirects (its slug): measured without the redirect."""
    response = requests.get(base + path)
    response.raise_for_status()
    return response.url.removeprefix(base)


def login(base: str, username: str) -> requests.Session:
    session = requests.Session()
    token = CSRF.search(session.get(base + "/login").text).group(1)
    response = session.post(base + "/login", data={"username": username, "password": PASSWORD, "csrf_token": token},
                            allow_redirects=False)
    if response.status_code != 302:
        raise RuntimeError(f"log-in of {username} failed: {response.status_code}")
    return session


def api_token(base: str, username: str) -> dict:
    response = requests.post(base + "/api/v1/tokens", json={"username": username, "password": PASSWORD})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['token']}"}


def pages(base: str, t: dict) -> list[tuple[str, str, str]]:
    """(name, who, path); who is a persona or "api" or "public"."""
    return [
        ("bare route (baseline)", "public", BASELINE),
        ("editor queue", "editor", "/"),
        ("fact-checker queue", "checker", "/"),
        ("reporter home", "reporter", "/"),
        ("board", "editor", "/board"),
        ("article page", "editor", f"/articles/{t['review']}"),
        ("compare revisions", "editor", f"/articles/{t['review']}/compare?a=1&b={max(2, t['version'])}"),
        (f"search, rare word ({RARE_WORD})", "editor", f"/articles?q={RARE_WORD}"),
        (f"search, common word ({COMMON_WORD})", "editor", f"/articles?q={COMMON_WORD}"),
        ("claim page", "checker", f"/claims/{t['claim']}"),
        ("inbox", "editor", "/inbox"),
        ("/news/", "public", "/news/"),
        ("section page", "public", f"/news/section/{t['section']}"),
        ("feed", "public", "/news/feed.atom"),
        ("section feed", "public", f"/news/section/{t['section']}/feed.atom"),
        ("sitemap", "public", "/sitemap.xml"),  # a sitemap index since e4c1a7b9d2f6; the whole sitemap before
        ("sitemap page", "public", "/sitemap-1.xml"),
        ("public article", "public", canonical(base, f"/news/{t['published']}")),
        ("API list", "api", "/api/v1/articles"),
        ("API list, deep page (after=)", "api", f"/api/v1/articles?after={t['after']}"),
        ("API item", "api", f"/api/v1/articles/{t['review']}"),
    ]


def measure_pages(base: str, t: dict, rounds: int) -> dict:
    sessions = {who: login(base, f"{who}1") for who in ("editor", "checker", "reporter")}
    sessions["public"] = requests.Session()
    api = requests.Session()
    api.headers.update(api_token(base, "editor1"))
    sessions["api"] = api
    listed = pages(base, t)
    times: dict[str, list[float]] = {name: [] for name, _, _ in listed}
    statements: dict[str, set[int]] = {name: set() for name, _, _ in listed}
    for round_ in range(rounds + 2):  # two rounds of warm-up
        for name, who, path in listed:
            started = time.perf_counter()
            response = sessions[who].get(base + path)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise RuntimeError(f"{name} ({path}) answered {response.status_code}")
            if round_ >= 2:
                times[name].append(elapsed)
                statements[name].add(int(response.headers.get(HEADER, -1)))
    base_name = listed[0][0]
    b50, b95 = statistics.median(times[base_name]), percentile(times[base_name], 0.95)
    out = {}
    for name, who, path in listed:
        p50, p95 = statistics.median(times[name]), percentile(times[name], 0.95)
        out[name] = {"path": path, "as": who, "p50_ms": round(p50, 2), "p95_ms": round(p95, 2),
                     "p50_ratio": round(p50 / b50, 1), "p95_ratio": round(p95 / b95, 1),
                     "statements": max(statements[name])}
    return out


# -- load run ------------------------------------------------------------------------------------------------
class Load:
    """Simulated newsroom people, one thread each, for a fixed time."""

    def __init__(self, base: str, users: int, seconds: float, seed: int) -> None:
        self.base, self.users, self.seconds = base, users, seconds
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.samples: list[tuple[str, float, int]] = []  # action, ms, status (0: no answer)

    def call(self, kind: str, session: requests.Session, method: str, path: str, **kwargs):
        started = time.perf_counter()
        try:
            response = session.request(method, self.base + path, timeout=120, **kwargs)
            status = response.status_code
        except requests.RequestException:
            response, status = None, 0
        with self.lock:
            self.samples.append((kind, (time.perf_counter() - started) * 1000, status))
        return response

    def person(self, role: str, index: int, ready: threading.Barrier) -> None:
        rng = random.Random(index)
        web = api = None
        if role != "reader":
            username = f"{role}{index % 2 + 1}"
            web = login(self.base, username)
            api = requests.Session()
            api.headers.update(api_token(self.base, username))
        public = requests.Session()
        ready.wait(timeout=300)
        while time.perf_counter() < self.stop:
            getattr(self, role)(rng, web, api, public)

    def pick(self, rng, api, state: str) -> dict | None:
        response = self.call("read api list", api, "GET", f"/api/v1/articles?state={state}&per_page=20")
        items = response.json().get("items", []) if response is not None and response.status_code == 200 else []
        return rng.choice(items) if items else None

    def reporter(self, rng, web, api, public) -> None:
        roll = rng.random()
        if roll < 0.5:
            self.call("read page", web, "GET", rng.choice(["/", "/inbox", "/board", f"/articles?q={COMMON_WORD}"]))
        elif roll < 0.85:
            piece = self.pick(rng, api, "draft")
            if piece:
                self.call("save", api, "PATCH", f"/api/v1/articles/{piece['id']}",
                          json={"version": piece["version"], "standfirst": f"Updated at {time.time():.3f}."})
        else:
            piece = self.pick(rng, api, "changes_requested")
            if piece:
                self.call("transition", api, "POST", f"/api/v1/articles/{piece['id']}/transitions",
                          json={"to": "in_review"})

    def editor(self, rng, web, api, public) -> None:
        roll = rng.random()
        if roll < 0.6:
            piece = self.pick(rng, api, "in_review")
            path = rng.choice(["/", "/board", "/inbox", f"/articles?q={RARE_WORD}"])
            if piece and rng.random() < 0.5:
                path = f"/articles/{piece['id']}"
            self.call("read page", web, "GET", path)
        elif roll < 0.9:
            piece = self.pick(rng, api, "in_review")
            if piece:
                body = {"to": "approved"} if rng.random() < 0.5 else {
                    "to": "changes_requested", "comment": "Please add a second source."}
                self.call("transition", api, "POST", f"/api/v1/articles/{piece['id']}/transitions", json=body)
        else:
            piece = self.pick(rng, api, "approved")
            if piece:
                self.call("transition", api, "POST", f"/api/v1/articles/{piece['id']}/transitions",
                          json={"to": "in_review"})

    def checker(self, rng, web, api, public) -> None:
        piece = self.pick(rng, api, "in_review")
        if piece is None:
            return
        response = self.call("read api claims", api, "GET", f"/api/v1/articles/{piece['id']}/claims")
        claims = response.json().get("items", []) if response is not None and response.status_code == 200 else []
        if claims and rng.random() < 0.6:
            claim = rng.choice(claims)
            self.call("check", api, "PATCH", f"/api/v1/claims/{claim['id']}",
                      json={"status": rng.choice(["in_progress", "verified", "disputed"])})
        else:
            self.call("read page", web, "GET", rng.choice(["/", f"/articles/{piece['id']}"]))

    def reader(self, rng, web, api, public) -> None:
        self.call("read public", public, "GET", rng.choice(["/news/", "/news/feed.atom", "/news/section/world"]))

    def run(self) -> dict:
        mix = (["reporter"] * 20 + ["editor"] * 10 + ["checker"] * 8 + ["reader"] * 12)[: self.users]
        mix += ["reader"] * (self.users - len(mix))
        ready = threading.Barrier(len(mix) + 1)
        self.stop = float("inf")  # set once everyone has logged in: log-ins are not part of the run
        threads = [threading.Thread(target=self.person, args=(role, i, ready), daemon=True)
                   for i, role in enumerate(mix)]
        for thread in threads:
            thread.start()
        ready.wait(timeout=300)
        started = time.perf_counter()
        self.stop = started + self.seconds
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        return self.report(elapsed, mix)

    def report(self, elapsed: float, mix: list[str]) -> dict:
        times = [ms for _, ms, _ in self.samples]
        errors = sum(1 for _, _, status in self.samples if status == 0 or status >= 500)
        refused = sum(1 for _, _, status in self.samples if status in (409, 422))
        other = sum(1 for _, _, status in self.samples if status not in (0, 200, 409, 422) and status < 500)
        kinds = sorted({kind for kind, _, _ in self.samples})
        return {
            "users": len(mix), "mix": {role: mix.count(role) for role in sorted(set(mix))},
            "seconds": round(elapsed, 1), "requests": len(times),
            "throughput_rps": round(len(times) / elapsed, 1),
            "p50_ms": round(statistics.median(times), 1) if times else None,
            "p95_ms": round(percentile(times, 0.95), 1) if times else None,
            "errors": errors, "refused_409_422": refused, "other_4xx": other,
            "by_action": {kind: {"requests": len(ms), "p95_ms": round(percentile(ms, 0.95), 1)}
                          for kind in kinds for ms in [[m for k, m, _ in self.samples if k == kind]]},
        }


def print_pages(results: dict) -> None:
    print(f"{'page':<34} {'p50 ms':>9} {'p95 ms':>9} {'p50 ×':>7} {'p95 ×':>7} {'SQL':>4}")
    for name, r in results.items():
        print(f"{name:<34} {r['p50_ms']:>9.1f} {r['p95_ms']:>9.1f} {r['p50_ratio']:>7.1f} {r['p95_ratio']:>7.1f} "
              f"{r['statements']:>4}")


def save(key: str, run: dict) -> None:
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    data.setdefault("runs", {})[key] = run
    RESULTS.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _cell(run: dict | None, name: str, stat: str) -> str:
    r = (run or {}).get("pages", {}).get(name)
    return f"{r[stat + '_ms']:,.0f} ms {r[stat + '_ratio']:,.0f}× {r['statements']}" if r else "–"


def markdown(stat: str = "p95", old: str = "before", new: str = "after") -> str:
    """bench/results.json as the README's table: per page and size, the `old` run → the `new` run, each
    as `stat` (p95 or p50) in ms, its ratio to the bare route, and the SQL statements the page ran."""
    runs = json.loads(RESULTS.read_text())["runs"]
    after = {(r["database"], r["articles"]): r for k, r in runs.items() if k.startswith(f"{new}/")}
    before = {(r["database"], r["articles"]): r for k, r in runs.items() if k.startswith(f"{old}/")}
    sizes = sorted(after, key=lambda k: (k[0] != "sqlite", k[1]))
    nice = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    head = " | ".join(f"{nice[d]} {n:,}" for d, n in sizes)
    lines = [f"| page ({stat}, × bare route, SQL statements: {old} → {new}) | {head} |",
             "|---" * (len(sizes) + 1) + "|"]
    names = list(dict.fromkeys(name for k in sizes for name in after[k]["pages"]))
    for name in names:
        cells = [f"{_cell(before.get(k), name, stat)} → {_cell(after[k], name, stat)}" for k in sizes]
        lines.append(f"| {name} | {' | '.join(cells)} |")

    def load(run: dict | None) -> str:
        if not run or not run.get("load"):
            return "–"
        x = run["load"]
        return f"{x['throughput_rps']} req/s, p95 {x['p95_ms'] / 1000:.1f} s, {x['errors']} errors"

    lines.append("| load (50 people): throughput, p95, errors | " + " | ".join(
        f"{load(before.get(k))} → {load(after[k])}" for k in sizes) + " |")
    lines.append("| generate-data | " + " | ".join(
        f"{before[k]['generated']['seconds']:,.0f} s → " * (k in before) + f"{after[k]['generated']['seconds']:,.0f} s"
        for k in sizes) + " |")
    lines.append(f"| load average during the {new} run (start, end) | " + " | ".join(
        ", ".join(f"{x:.1f}" for x in (after[k].get("load_average_at_start", [None])[0],
                                        after[k]["load_average_at_end"][0]) if x is not None) for k in sizes) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--rounds", type=int, default=30, help="timed requests per page")
    parser.add_argument("--users", type=int, default=50, help="simulated people in the load run (0: none)")
    parser.add_argument("--seconds", type=float, default=20, help="length of the load run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-save", action="store_true", help="do not write bench/results.json")
    parser.add_argument("--label", default="after", help="results.json key prefix (before/after)")
    parser.add_argument("--markdown", action="store_true", help="print bench/results.json as tables and stop")
    parser.add_argument("--versus", default="before",
                        help="with --markdown: the label the --label runs are compared with (before, session4)")
    args = parser.parse_args()
    if args.markdown:
        print(markdown("p95", args.versus, args.label), markdown("p50", args.versus, args.label), sep="\n\n")
        return

    room = Newsroom(args.articles, args.database, args.seed)
    try:
        room.build()
        base = room.serve()
        t = targets(room.url)
        load_at_start = os.getloadavg()
        print(f"pages, {args.rounds} interleaved rounds, gunicorn 2 workers; load average "
              f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
        results = measure_pages(base, t, args.rounds)
        print_pages(results)
        load = None
        if args.users:
            load = Load(base, args.users, args.seconds, args.seed).run()
            print(f"load: {load['users']} people {load['mix']} for {load['seconds']} s: {load['requests']} requests, "
                  f"{load['throughput_rps']} req/s, p50 {load['p50_ms']} ms, p95 {load['p95_ms']} ms, "
                  f"{load['errors']} errors, {load['refused_409_422']} refused (409/422), {load['other_4xx']} other 4xx")
            for kind, r in load["by_action"].items():
                print(f"      {kind:<18} {r['requests']:>6} requests, p95 {r['p95_ms']} ms")
        run = {"label": args.label, "database": args.database, "articles": args.articles,
               "when": datetime.now(UTC).isoformat(timespec="seconds"), "cpus": os.cpu_count(),
               "load_average_at_start": load_at_start, "load_average_at_end": os.getloadavg(), "rounds": args.rounds,
               "baseline": BASELINE, "generated": room.generated, "pages": results, "load": load}
        if not args.no_save:
            key = f"{args.label}/{args.database}-{args.articles}"
            save(key, run)
            print(f"written to {RESULTS.relative_to(ROOT)} as {key}")
    finally:
        room.close()


if __name__ == "__main__":
    main()
