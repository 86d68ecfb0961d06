"""Article page benchmark (not a test): `python bench/bench_article_page.py [--rounds 20] [--database URL]`.

In process, through Flask's test client: a fresh SQLite database built by the real migrations (or the empty
database at `--database`), the seed article imported by a reporter and sent to review, an editor logged in. Each
round asks for the article page and for the bare route `/robots.txt` (no database, no template, no session),
interleaved, so load that comes and goes on this shared machine slows both alike. Prints the medians, their
ratio, and how many times the copy-desk checks ran (the first view computes a revision's flags; the later
views read them back)."""

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
        times: dict[str, list[float]] = {"page": [], "robots": []}
        for _ in range(args.rounds):
            for name, path in (("page", f"/articles/{article_id}"), ("robots", "/robots.txt")):
                start = time.perf_counter()
                response = client.get(path)
                times[name].append(time.perf_counter() - start)
                assert response.status_code == 200, (path, response.status_code)
        page, robots = statistics.median(times["page"]), statistics.median(times["robots"])
        first = times["page"][0]
        print(f"article page: median {page * 1e3:.1f} ms (first view {first * 1e3:.1f} ms), /robots.txt median "
              f"{robots * 1e3:.2f} ms, ratio {page / robots:.0f}x; checks ran {runs} times in {args.rounds} views")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
