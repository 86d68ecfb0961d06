"""bench/bench_pages.py still runs end to end (a tiny newsroom, one round, a short load run), so the benchmark
does not rot between the runs that fill bench/results.json."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_the_page_benchmark_runs_at_a_tiny_size():
    result = subprocess.run(
        [sys.executable, "bench/bench_pages.py", "--articles", "20", "--rounds", "1", "--users", "4", "--seconds", "2",
         "--no-save"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    for page in ("bare route (baseline)", "editor queue", "fact-checker queue", "board", "article page",
                 "compare revisions", "search, rare word", "search, common word", "claim page", "inbox", "/news/",
                 "section page", "feed", "sitemap", "sitemap page", "API list", "API list, deep page (after=)",
                 "API item"):
        assert page in result.stdout
    assert "load: 4 people" in result.stdout and " 0 errors" in result.stdout


def test_the_markdown_tables_compare_the_runs_of_two_labels():
    """`--markdown` prints README's tables from bench/results.json: before → after by default, or the after runs
    against those of `--versus` (the previous session's, kept as session4)."""
    def tables(*extra: str) -> str:
        result = subprocess.run([sys.executable, "bench/bench_pages.py", "--markdown", *extra], cwd=ROOT,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr[-2000:]
        return result.stdout

    default, session4 = tables(), tables("--versus", "session4")
    assert "| page (p95, × bare route, SQL statements: before → after) |" in default
    assert "| page (p95, × bare route, SQL statements: session4 → after) |" in session4
    assert default != session4
