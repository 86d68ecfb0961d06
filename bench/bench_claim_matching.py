"""Claim matching measured on the labelled pairs: python bench/bench_claim_matching.py [--tuning-failures] [--held-out-failures]

bench/claim_pairs/pairs.jsonl holds claim pairs labelled same / contradiction / different, each with the kind of
difference and a split ("tune" or "heldout", from a hash of the pair, fixed before any method was chosen);
claim_pairs/tune2.jsonl and tune3.jsonl add tuning pairs ("tune2", "tune3"). The thresholds are chosen on the tuning data only: for "same", the lowest score whose precision is at least 0.9 (so
the highest recall at that precision); for "contradiction", likewise over the containment (share of the shorter claim's words the other holds) of pairs whose
figures disagree. Precision and recall are then reported on the held-out half, with the confusion by kind, a
plain-cosine baseline, and the cost of scoring 100,000 synthetic candidate pairs.
"""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from editorial import claim_matching as cm  # noqa: E402

PAIRS = Path(__file__).resolve().parent / "claim_pairs" / "pairs.jsonl"
BLIND2 = Path(__file__).resolve().parent / "claim_pairs" / "blind2.jsonl"  # written before the precision work
BLIND3 = Path(__file__).resolve().parent / "claim_pairs" / "blind3.jsonl"  # written before the role/subject work
BLIND4 = Path(__file__).resolve().parent / "claim_pairs" / "blind4.jsonl"  # written before its second round
# more tuning pairs (role swaps, subject swaps, hard rewordings), written before the who-did-what work
TUNE2 = Path(__file__).resolve().parent / "claim_pairs" / "tune2.jsonl"
# more tuning pairs (converse verbs, subject modifiers, periods, figures in other words), written before the
# second precision work (branch matcher2)
TUNE3 = Path(__file__).resolve().parent / "claim_pairs" / "tune3.jsonl"
TUNING_SPLITS = ("tune", "tune2", "tune3")
TARGET_PRECISION = 0.9
# "same" is chosen at a higher precision on the tuning data than the 0.9 asked of unseen pairs: on the earlier
# splits, unseen precision ran 0.02–0.2 below the tuning precision at the same threshold (README, Claim matching)
SAME_TARGET_PRECISION = 0.95
CANDIDATES = 30  # what the service scores for a new claim (editorial/services/claim_memory.py)


def load() -> list[dict]:
    return [
        json.loads(line)
        for path in (PAIRS, BLIND2, BLIND3, BLIND4, TUNE2, TUNE3)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def predict(pairs: list[dict], same: float, contradiction: float) -> list[str]:
    return [
        cm.compare(cm.features(p["a"]), cm.features(p["b"]), same, contradiction).verdict.value for p in pairs
    ]


def precision_recall(
    pairs: list[dict], predicted: list[str], label: str
) -> tuple[float, float, int, int, int]:
    tp = sum(1 for p, y in zip(pairs, predicted, strict=True) if y == label and p["label"] == label)
    fp = sum(1 for p, y in zip(pairs, predicted, strict=True) if y == label and p["label"] != label)
    fn = sum(1 for p, y in zip(pairs, predicted, strict=True) if y != label and p["label"] == label)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn


def choose(scores: list[tuple[float, bool]], target: float = TARGET_PRECISION) -> float:
    """The lowest threshold whose precision (share of true pairs at or above it) is ≥ the target."""
    best = None
    for t in sorted({s for s, _ in scores}, reverse=True):
        chosen = [ok for s, ok in scores if s >= t]
        if sum(chosen) / len(chosen) >= target:
            best = t
    return round(best, 3) if best is not None else 1.0


def candidates(pairs: list[dict]) -> list[tuple[dict, cm.Match]]:
    """Each pair with its match at thresholds 0: "same" for every pair whose figures do not disagree."""
    out = []
    for p in pairs:
        m = cm.compare(cm.features(p["a"]), cm.features(p["b"]), 0.0, 0.0)
        if m.verdict == cm.Verdict.SAME:
            out.append((p, m))
    return out


def choose_thresholds(tune: list[dict]) -> tuple[float, float]:
    same_scores, contra_scores = [], []
    for p in tune:
        m = cm.compare(cm.features(p["a"]), cm.features(p["b"]), 0.0, 0.0)
        if m.verdict == cm.Verdict.SAME:  # no figure disagrees: a candidate for "same"
            same_scores.append((m.score, p["label"] == "same"))
        elif m.verdict == cm.Verdict.CONTRADICTION:  # figures disagree on a subject not otherwise told apart
            contra_scores.append((m.containment, p["label"] == "contradiction"))
    return choose(same_scores, SAME_TARGET_PRECISION), choose(contra_scores)


def baseline(pairs: list[dict], tune: list[dict]) -> str:
    """Plain cosine of the weighted stems (no figures, names, dates or negation), thresholded the same way."""
    scored = [(cm.cosine(cm.features(p["a"]).weights, cm.features(p["b"]).weights), p) for p in tune]
    t = choose([(s, p["label"] == "same") for s, p in scored])
    if t >= 1.0:
        best = max(sum(1 for s, p in scored if s >= x and p["label"] == "same") / sum(1 for s, _ in scored if s >= x)
                   for x, _ in scored)  # fmt: skip
        return f"never reaches precision {TARGET_PRECISION} on the tuning half (best {best:.2f})"
    predicted = [
        "same" if cm.cosine(cm.features(p["a"]).weights, cm.features(p["b"]).weights) >= t else "different"
        for p in pairs
    ]
    precision, recall, *_ = precision_recall(pairs, predicted, "same")
    return f"threshold {t}: held-out same precision {precision:.2f} recall {recall:.2f}"


def synthetic_claims(pairs: list[dict], n: int, rng: random.Random) -> list[str]:
    """Claims made from the labelled ones with a place appended: realistic words; the number makes each new."""
    sentences = [p[side] for p in pairs for side in ("a", "b")]
    places = ["in Bamako", "in Lagos", "in Leeds", "in Ohio", "near Goma", "in Kyiv", "in Rome", "in Lima"]
    out = []
    for i in range(n):
        s = rng.choice(sentences)
        out.append(f"{s} {rng.choice(places)} ({i})")
    return out


def timing(pairs: list[dict]) -> tuple[float, float, float, float]:
    rng = random.Random(14)
    claims = synthetic_claims(pairs, 2_000, rng)
    cm.features.cache_clear()
    t0 = time.perf_counter()
    feats = [cm.features(c) for c in claims]
    per_claim = (time.perf_counter() - t0) / len(claims)
    candidates = [(rng.choice(feats), rng.choice(feats)) for _ in range(100_000)]
    t0 = time.perf_counter()
    for a, b in candidates:
        cm.compare(a, b)
    per_pair = (time.perf_counter() - t0) / len(candidates)
    # random pairs mostly share few words and stop early; the labelled pairs all share many
    related = [(cm.features(p["a"]), cm.features(p["b"])) for p in pairs] * (20_000 // len(pairs) + 1)
    t0 = time.perf_counter()
    for a, b in related:
        cm.compare(a, b)
    per_related = (time.perf_counter() - t0) / len(related)
    # one new claim against 50 candidates whose features must be computed (cache cold): the service's worst case
    runs = []
    for _ in range(200):
        cm.features.cache_clear()
        new, found = rng.choice(claims), rng.sample(claims, CANDIDATES)
        t0 = time.perf_counter()
        fa = cm.features(new)
        for c in found:
            cm.compare(fa, cm.features(c))
        runs.append(time.perf_counter() - t0)
    p95 = statistics.quantiles(runs, n=20)[-1]
    return per_claim, per_pair, per_related, p95


def end_to_end(pairs: list[dict], total: int = 100_000, runs: int = 100) -> tuple[float, float]:
    """A new claim against `total` stored claims: the claim's features, the term-index query of
    services/claim_memory.py (same tables and index, in SQLite, without the app), the candidates' features
    (uncached) and their scores. Claims are drawn from 2,000 synthetic ones, so common terms have long postings."""
    rng = random.Random(7)
    base = synthetic_claims(pairs, 2_000, rng)
    terms = [cm.index_terms(cm.features(c)) for c in base]
    con = sqlite3.connect(":memory:")
    con.executescript(
        "CREATE TABLE claims (id INTEGER PRIMARY KEY, article_id INTEGER, closed_at TEXT, exact TEXT);"
        "CREATE TABLE claim_terms (claim_id INTEGER REFERENCES claims(id), term VARCHAR(80),"
        " PRIMARY KEY (claim_id, term));"
        "CREATE INDEX ix_claim_terms_term ON claim_terms (term);"
    )
    rows = [(i, i // 8, None, base[i % len(base)]) for i in range(1, total + 1)]
    con.executemany("INSERT INTO claims VALUES (?, ?, ?, ?)", rows)
    con.executemany(
        "INSERT INTO claim_terms VALUES (?, ?)", ((i, term) for i, *_ in rows for term in terms[i % len(base)])
    )
    con.commit()
    query = (
        "SELECT t.claim_id FROM claim_terms t JOIN claims c ON c.id = t.claim_id WHERE t.term IN ({}) "
        "AND c.article_id != ? AND c.closed_at IS NULL GROUP BY t.claim_id ORDER BY count(t.term) DESC, "
        "t.claim_id DESC LIMIT ?"
    )
    df_query = "SELECT term, count(*) FROM claim_terms WHERE term IN ({}) GROUP BY term"
    timings, retrieval = [], []
    fresh = synthetic_claims(pairs, runs, random.Random(8))
    for new in fresh:
        cm.features.cache_clear()
        t0 = time.perf_counter()
        fa = cm.features(new)
        found = cm.index_terms(fa)
        t1 = time.perf_counter()
        counts = dict(con.execute(df_query.format(",".join("?" * len(found))), found).fetchall())
        found = cm.retrieval_terms(found, counts)
        ids = [r[0] for r in con.execute(query.format(",".join("?" * len(found))), (*found, -1, CANDIDATES))]
        texts = con.execute(f"SELECT exact FROM claims WHERE id IN ({','.join('?' * len(ids))})", ids).fetchall()
        retrieval.append(time.perf_counter() - t1)
        for (text,) in texts:
            cm.compare(fa, cm.features(text))
        timings.append(time.perf_counter() - t0)
    con.close()
    return statistics.quantiles(timings, n=20)[-1], statistics.median(retrieval)


def main() -> int:
    pairs = load()
    tune = [p for p in pairs if p["split"] in TUNING_SPLITS]
    held = [p for p in pairs if p["split"] == "heldout"]
    blind = [p for p in pairs if p["split"] == "blind"]
    blind2 = [p for p in pairs if p["split"] == "blind2"]
    blind3 = [p for p in pairs if p["split"] == "blind3"]
    blind4 = [p for p in pairs if p["split"] == "blind4"]
    same_t, contra_t = choose_thresholds(tune)
    labels = dict(Counter(p["label"] for p in pairs))
    print(
        f"pairs: {len(pairs)} (tuning {len(tune)}, held out {len(held)}, blind {len(blind)}, blind2 {len(blind2)}, blind3 {len(blind3)}, blind4 {len(blind4)}); labels {labels}"
    )
    print(
        f"thresholds chosen on the tuning data: same ≥ {same_t} (precision ≥ {SAME_TARGET_PRECISION}), "
        f"contradiction containment ≥ {contra_t} (≥ {TARGET_PRECISION})"
    )
    if (same_t, contra_t) != (cm.SAME_THRESHOLD, cm.CONTRADICTION_THRESHOLD):
        print(f"  NOTE: editorial/claim_matching.py uses {cm.SAME_THRESHOLD}, {cm.CONTRADICTION_THRESHOLD}; "
              "the figures below are measured at the app's thresholds")
        same_t, contra_t = cm.SAME_THRESHOLD, cm.CONTRADICTION_THRESHOLD
    tuning = [("tuning", tune)] + [(s, [p for p in tune if p["split"] == s]) for s in TUNING_SPLITS]
    parts = [("held-out", held), ("blind", blind), ("blind2", blind2), ("blind3", blind3), ("blind4", blind4)]
    if "--tuning-only" in sys.argv:  # while changing the method: nothing of the other splits is shown
        parts, held, blind = [], [], []
    for name, part in tuning + parts:
        predicted = predict(part, same_t, contra_t)
        for label in ("same", "contradiction"):
            precision, recall, tp, fp, fn = precision_recall(part, predicted, label)
            print(
                f"{name:9} {label:13} precision {precision:.2f} recall {recall:.2f} (tp {tp}, fp {fp}, fn {fn})"
            )
    for name, part in parts:
        # for transparency only, never used to choose anything: the threshold each unseen split would have
        # needed for "same" precision ≥ 0.9 (its own lowest such score), and the recall there
        t = choose([(m.score, p["label"] == "same") for p, m in candidates(part)])
        precision, recall, *_ = precision_recall(part, predict(part, t, contra_t), "same")
        if precision < TARGET_PRECISION:  # not even the pairs scoring 1.0 (role swaps use the same words)
            print(f"{name:9} no threshold gives same precision {TARGET_PRECISION} (at 1.0: {precision:.2f})")
            continue
        print(f"{name:9} would need same ≥ {t}: precision {precision:.2f} recall {recall:.2f}")
    predicted = predict(held + blind, same_t, contra_t)
    confusion: dict[str, Counter] = defaultdict(Counter)
    for p, y in zip(held + blind, predicted, strict=True):
        confusion[f"{p['label']}/{p['kind']}"][y] += 1
    print("held-out and blind (first) confusion (label/kind → predicted):")
    for k in sorted(confusion):
        print(f"  {k:28} " + ", ".join(f"{y} {n}" for y, n in sorted(confusion[k].items())))
    print(f"baseline, cosine of weighted stems alone: {baseline(held + blind, tune)}")
    for flag, part in (("--tuning-failures", tune), ("--held-out-failures", held + blind)):
        if flag not in sys.argv:
            continue
        print(f"{flag[2:]}:")
        for p, y in zip(part, predict(part, same_t, contra_t), strict=True):
            if y != p["label"]:
                m = cm.classify(p["a"], p["b"])
                print(
                    f"  [{p['label']}/{p['kind']} → {y} {m.score:.2f}/{m.lexical:.2f}] {p['a']} || {p['b']} {m.reasons}"
                )
    if "--no-timing" in sys.argv:
        return 0
    per_claim, per_pair, per_related, p95 = timing(pairs)
    p95_total, retrieval = end_to_end(pairs)
    print(
        f"a new claim against 100,000 stored claims (term index in SQLite, {CANDIDATES} candidates scored): "
        f"p95 {p95_total * 1e3:.1f} ms, of which retrieval median {retrieval * 1e3:.1f} ms"
    )
    print(
        f"features of a claim: {per_claim * 1e6:.0f} µs; scoring a pair: {per_pair * 1e6:.1f} µs (100,000 synthetic "
        f"pairs), {per_related * 1e6:.1f} µs (pairs that share many words); a new claim against "
        f"{CANDIDATES} uncached candidates: p95 {p95 * 1e3:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
