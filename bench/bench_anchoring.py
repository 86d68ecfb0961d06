"""Benchmark of editorial.anchoring: python bench/bench_anchoring.py

The machine is shared and noisy, so every time is also given as a ratio to a baseline measured in the
same run: one diff_main of the two texts (what any diff-based approach pays anyway) and one str.find
pass of every claim quote over the new text.
"""

from __future__ import annotations

import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

from diff_match_patch import diff_match_patch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from editorial.anchoring import Revision, make_anchor, relocate  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "demo" / "mali-ukraine.txt"
LENGTH, CLAIMS, REPEAT = 60_000, 200, 3


def article(rng: random.Random) -> str:
    """Sentences recombined from the seed's words: realistic letters, many repeated names."""
    words = re.findall(r"\w+[,.]?", SEED.read_text(encoding="utf-8"))
    parts, size = [], 0
    while size < LENGTH:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(8, 25)))
        paragraph_end = "\n\n" if rng.random() < 0.2 else " "
        parts.append(sentence + "." + paragraph_end)
        size += len(parts[-1])
    return "".join(parts)[:LENGTH]


def claims(rng: random.Random, text: str) -> list:
    anchors = []
    for _ in range(CLAIMS):
        start = rng.randrange(0, len(text) - 100)
        anchors.append(make_anchor(text, start, start + rng.randint(20, 80)))
    return anchors


def best_of(fn) -> float:
    times = []
    for _ in range(REPEAT):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return min(times)


def scattered_edits(rng: random.Random, text: str, count: int = 12) -> str:
    for _ in range(count):
        pos = rng.randrange(len(text) - 20)
        text = text[:pos] + rng.choice(["the ", "Mali ", "", "reportedly "]) + text[pos + rng.randint(0, 8) :]
    return text


def report(name: str, old: str, new: str, anchors: list, run) -> None:
    dmp = diff_match_patch()
    diff_time = best_of(lambda: dmp.diff_main(old, new, False))
    find_time = best_of(lambda: [new.find(a.exact) for a in anchors])
    results = []
    elapsed = best_of(lambda: results.__setitem__(slice(None), run()))
    states = Counter(r.state.value for r in results)
    print(
        f"{name}\n  anchoring {elapsed * 1000:8.1f} ms = {elapsed / diff_time:6.1f} x one diff_main "
        f"({diff_time * 1000:.1f} ms) = {elapsed / find_time:7.0f} x a str.find pass ({find_time * 1000:.2f} ms)"
        f"\n  per claim {elapsed / len(anchors) * 1e6:8.0f} us   states {dict(sorted(states.items()))}"
    )


def main() -> None:
    rng = random.Random(4)
    old = article(rng)
    anchors = claims(rng, old)
    print(f"{len(old)} characters, {len(anchors)} claims, best of {REPEAT}\n")

    new = scattered_edits(rng, old)
    report("1. one revision, 12 scattered edits", old, new, anchors, lambda: _reanchor_all(old, new, anchors))

    gone = old
    for anchor in sorted(anchors, key=lambda a: -a.start):  # every claim rewritten: all go to the search
        gone = gone[: anchor.start] + "".join(reversed(anchor.exact)) + gone[anchor.end :]
    report(
        "2. worst case: every claim's words rewritten (all 200 searched, mostly orphaned)",
        old,
        gone,
        anchors,
        lambda: _reanchor_all(old, gone, anchors),
    )

    report(
        "3. worst case: 200 orphans relocated without history",
        old,
        gone,
        anchors,
        lambda: [relocate(gone, a) for a in anchors],
    )

    other = article(random.Random(99))
    report(
        "4. worst case: the whole text replaced (diff hits its 1 s timeout)",
        old,
        other,
        anchors,
        lambda: _reanchor_all(old, other, anchors),
    )


def _reanchor_all(old: str, new: str, anchors: list) -> list:
    revision = Revision(old, new)
    return [revision.reanchor(a) for a in anchors]


if __name__ == "__main__":
    main()
