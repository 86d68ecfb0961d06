"""Article page benchmark (not a test): `python bench/bench_article_page.py [--rounds 20] [--repeat 1]
[--database URL]`.

In process, through Flask's test client: a fresh SQLite database built by the real migrations (or the empty
database at `--database`), the seed article imported by a reporter and sent to review, an editor logged in. Each
round asks, interleaved (so load that comes and goes on this shared machine slows all alike), for the bare route
`/robots.txt` (no database, no template, no session), the article page as it is (its revision's flags read
back from revision_flags), and the article page with the copy desk as it was before flags were stored (the
checks run on every view). Prints each one's median wall-clock and CPU time and the pages' ratios to
/robots.txt, and how many times the checks ran for the stored page (once: the first view)."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from editorial import create_app  # noqa: E402
from editorial.database import db  # noqa: E402

PASSWORD = "correct-horse-battery"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--database", help="an empty database URL (default: a fresh SQLite file)")
    parser.add_argument("--repeat", type=int, default=1, help="the seed's body this many times over (a longer piece)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database or f"sqlite:///{folder}/bench.sqlite3"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": True,
                          "WTF_CSRF_ENABLED": False, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                          "PUBLIC_BASE_URL": "http://localhost"})
        with app.app_context():
            from flask_migrate import upgrade

            from editorial.checks import runner
            from editorial.services import articles, copydesk, people, transitions

            upgrade()
            rita, _ = people.create_user("rita", roles=("reporter",), password=PASSWORD, display_name="Rita")
            people.create_user("ed", roles=("editor",), password=PASSWORD, display_name="Ed")
            seed = (ROOT / "demo" / "mali-ukraine.txt").read_text(encoding="utf-8")
            seed = "\n\n".join([seed] * args.repeat)
            article = articles.import_draft(rita, seed, headline="Mali cuts ties with Ukraine",
                                            extra={"section": "Africa"})
            transitions.transition(rita, article.id, "in_review")
            article_id = article.id
            runs = 0
            real = runner.check_text

            def counted(*a, **k):
                nonlocal runs
                runs += 1
                return real(*a, **k)

            copydesk.check_text = counted
            db.session.remove()
        client = app.test_client()
        assert client.post("/login", data={"username": "ed", "password": PASSWORD}).status_code == 302
        stored = copydesk._checked

        def every_view(article):  # the copy desk before: the checks and the sentence split on each read, nothing kept
            flags = copydesk.check(article.body_text, headline=article.headline, dateline=article.dateline_date)
            return copydesk.Checked(flags, copydesk._figure_sentences(article.body_text)), False

        cases = (("robots", "/robots.txt", stored), ("stored", f"/articles/{article_id}", stored),
                 ("computed", f"/articles/{article_id}", every_view))
        wall: dict[str, list[float]] = {name: [] for name, _, _ in cases}
        cpu: dict[str, list[float]] = {name: [] for name, _, _ in cases}
        stored_runs = 0
        for round_ in range(args.rounds + 1):  # round 0 warms up (and computes the stored flags once)
            for name, path, flags in cases:
                copydesk._checked = flags
                before = runs
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(path)
                took, took_cpu = time.perf_counter() - start, time.process_time() - start_cpu
                assert response.status_code == 200, (path, response.status_code)
                if name == "stored":
                    stored_runs += runs - before
                if round_:
                    wall[name].append(took)
                    cpu[name].append(took_cpu)
        copydesk._checked = stored
        robots = statistics.median(wall["robots"])
        for name, _, _ in cases:
            w, c = statistics.median(wall[name]), statistics.median(cpu[name])
            print(f"{name:9} median {w * 1e3:6.2f} ms wall, {c * 1e3:6.2f} ms CPU, {w / robots:5.1f}x /robots.txt")
        print(f"the stored page ran the checks {stored_runs} time(s) in {args.rounds + 1} views")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
