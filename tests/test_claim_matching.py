"""Claim matching (editorial/claim_matching.py): pure, no app. Examples here are not in the labelled pairs file;
the last tests read that file and hold the measured precision and recall, so a regression fails."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from editorial import claim_matching
from editorial.claim_matching import (
    CONTRADICTION_THRESHOLD,
    SAME_THRESHOLD,
    Verdict,
    classify,
    compare,
    features,
    index_terms,
)

PAIRS = Path(__file__).resolve().parents[1] / "bench" / "claim_pairs" / "pairs.jsonl"
TUNE2 = PAIRS.with_name("tune2.jsonl")  # tuning pairs written before the who-did-what work
TUNE3 = PAIRS.with_name("tune3.jsonl")  # tuning pairs written before the converse-verb and period work


def _pairs() -> list[dict]:
    return [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_seed_toll_reworded_is_the_same_claim():
    m = classify(
        "Wagner's death toll in the Tinzaouaten ambush ranges from 20 to 80",
        "Between twenty and eighty Wagner fighters died in the ambush at Tinzaouaten",
    )
    assert m.verdict == Verdict.SAME
    assert "figures agree" in m.reasons


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bread prices in Kano rose 30% last month", "Last month the price of bread in Kano went up by 30 per cent"),
        ("The council approved a £4.5m budget for libraries", "A budget of £4.5 million for libraries was approved by the council"),
        ("Colonel Maiga called the ambush barbaric", "Colonel Abdoulaye Maiga called the ambush barbaric"),
    ],
)  # fmt: skip
def test_reworded_claims_match(a, b):
    assert classify(a, b).verdict == Verdict.SAME


def test_another_toll_for_the_same_deaths_is_a_contradiction_not_a_match():
    m = classify(
        "Wagner's death toll in the Tinzaouaten ambush ranges from 20 to 80",
        "Separatists say they killed 84 Wagner fighters in the Tinzaouaten ambush",
    )
    assert m.verdict == Verdict.CONTRADICTION
    assert m.reasons[0].startswith("other figure: from 20 to 80 / 84")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bread prices in Kano rose 30% last month", "Bread prices in Kano rose 45% last month"),
        ("The council approved a £4.5m budget for libraries", "The council approved a £9m budget for libraries"),
        ("The storm left 12,000 homes without power", "The storm left about 40,000 homes without power"),
    ],
)
def test_other_figures_for_one_quantity_contradict(a, b):
    assert classify(a, b).verdict == Verdict.CONTRADICTION


def test_figures_that_agree_as_intervals_do_not_contradict():
    # "at least 50" holds 60; "about 1,000" holds 1,000
    assert classify("At least 50 miners were trapped in the pit", "60 miners were trapped in the pit").verdict != (
        Verdict.CONTRADICTION
    )
    assert classify(
        "The militia has about 1,000 fighters in the north", "The militia has 1,000 fighters in the north"
    ).verdict == Verdict.SAME


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        ("Bread prices in Kano rose 30% last month", "Bread prices in Sokoto rose 30% last month", "other name"),
        ("The mine in Kolwezi employs 3,000 workers", "The mine in Likasi employs 3,000 workers", "other name"),
        ("The governor signed the budget", "The governor did not sign the budget", "negation"),
        ("The court upheld the ban on protests", "The court refused to uphold the ban on protests", "negation"),
        ("Fuel prices rose in March", "Fuel prices rose in September", "other date"),
        ("Exports of cocoa rose sharply", "Exports of cocoa fell sharply", "opposite direction"),
    ],
)
def test_other_place_person_date_or_negation_do_not_match(a, b, reason):
    m = classify(a, b)
    assert m.verdict == Verdict.DIFFERENT
    assert any(r.startswith(reason) or reason in r for r in m.reasons)


def test_words_and_figures_are_read_as_numbers_shares_and_money():
    f = features("Sixty-seven per cent of the 1.2 million voters backed the £3bn plan, one in five said")
    kinds = {(q.kind, q.lo) for q in f.quantities}
    assert ("percentage", 67.0) in kinds
    assert ("count", 1_200_000.0) in kinds
    assert ("money£", 3e9) in kinds
    assert any(q.kind == "percentage" and q.lo <= 20 <= q.hi for q in f.quantities)  # "one in five"


def test_amounts_in_words_and_currency_words_are_figures():
    kinds = {
        (q.kind, q.lo) for q in features("Some one and a half million people fled the region").quantities
    }
    assert kinds == {("count", 1_500_000.0)}  # not "half" = 50 %
    assert {(q.kind, q.lo) for q in features("a quarter of a million homes lost power").quantities} == {
        ("count", 250_000.0)
    }
    assert [q.kind for q in features("The dam cost 3.5 billion dollars").quantities] == ["money$"]


def test_a_country_or_organisation_in_another_form_is_the_same_name():
    assert classify(
        "The DRC closed its border with Rwanda", "Congo closed its border with Rwanda"
    ).verdict == (Verdict.SAME)
    assert "congo" in features("The Democratic Republic of the Congo closed its border").names
    m = classify("The UK will send 200 troops to Estonia", "Britain will send 200 soldiers to Estonia")
    assert m.verdict == Verdict.SAME and m.lexical == 1.0
    assert "america" not in features("Let us go").names  # "us" is a pronoun, "US" the country


def test_figures_that_agree_count_as_shared_words(monkeypatch):
    a, b = "Thirty-eight thousand homes in Cork lost power", "The storm cut power to 38,000 homes in Cork"
    m = classify(a, b)
    assert m.verdict == Verdict.SAME
    monkeypatch.setattr(claim_matching, "FIGURE_WEIGHT", 0.0)
    assert classify(a, b).score < m.score - 0.04  # the figure is evidence beside the words


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The senator said the levy would raise £2bn", "The mayor said the levy would raise £2bn"),
        ("Engineers said the dam would hold until spring", "Farmers said the dam would hold until spring"),
    ],
)
def test_one_word_in_another_place_in_the_same_sentence_is_another_claim(a, b):
    m = classify(a, b)
    assert m.verdict == Verdict.DIFFERENT
    assert "one word in another's place" in m.reasons


def test_a_score_is_not_a_range():
    assert classify("Kano Pillars won 3-1 at home", "Kano Pillars won 4-2 at home").verdict == Verdict.CONTRADICTION
    assert classify("Kano Pillars won 3-1 at home", "Kano Pillars won 3-1 at home").verdict == Verdict.SAME


def test_compare_is_symmetric_in_its_verdict():
    a = features("Tuareg rebels said they shot down a Russian helicopter near Kidal")
    b = features("A Russian helicopter was shot down near Kidal, Tuareg rebels said")
    assert compare(a, b).verdict == compare(b, a).verdict == Verdict.SAME


def test_index_terms_hold_names_and_rare_words_not_figures():
    terms = index_terms(features("Tuareg separatists claimed to have killed 84 Wagner mercenaries"))
    assert "n:wagner" in terms and "n:tuareg" in terms
    assert not any("84" in t for t in terms)


def test_the_split_is_the_hash_of_the_pair_and_was_fixed_in_advance():
    for p in _pairs():
        if p["split"] == "blind":
            continue
        h = hashlib.sha1(f"{p['a']}\n{p['b']}".encode()).hexdigest()
        assert p["split"] == ("tune" if int(h[:8], 16) % 2 == 0 else "heldout")
    assert len(_pairs()) >= 300


def _precision_recall(pairs, label):
    predicted = [classify(p["a"], p["b"]).verdict.value for p in pairs]
    tp = sum(1 for p, y in zip(pairs, predicted, strict=True) if y == label == p["label"])
    chosen = sum(1 for y in predicted if y == label)
    actual = sum(1 for p in pairs if p["label"] == label)
    return tp / chosen, tp / actual


def test_the_thresholds_meet_the_target_on_the_tuning_data():
    """Precision ≥ 0.9 for "same" and "contradiction" where the thresholds were chosen: the tuning half,
    tune2.jsonl (role swaps, subject swaps, hard rewordings) and tune3.jsonl (converse verbs, subject modifiers,
    periods, figures in other words); "same" was chosen at precision ≥ 0.95 there."""
    tune2 = [json.loads(line) for line in TUNE2.read_text(encoding="utf-8").splitlines() if line.strip()]
    tune3 = [json.loads(line) for line in TUNE3.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(tune2) >= 80 and {p["split"] for p in tune2} == {"tune2"}
    assert len(tune3) >= 100 and {p["split"] for p in tune3} == {"tune3"}
    tune = [p for p in _pairs() if p["split"] == "tune"] + tune2 + tune3
    precision, recall = _precision_recall(tune, "same")
    assert precision >= 0.95 and recall >= 0.85, (precision, recall)  # 114/120, 114/132 measured
    precision, recall = _precision_recall(tune, "contradiction")
    assert precision >= 0.95 and recall >= 0.97, (precision, recall)  # 66/69, 66/67 measured
    # as bench/bench_claim_matching.py chose
    assert (SAME_THRESHOLD, CONTRADICTION_THRESHOLD) == (0.466, 0.683)


def test_held_out_precision_and_recall_do_not_regress():
    """The measured values on pairs never tuned on (README, "Claim matching"), as floors. "Same" does NOT reach
    the 0.9 precision target on unseen pairs (0.82 held-out, 0.89 blind, 0.86 blind2, 0.79 blind3, 0.66 blind4):
    the floors pin what is true today. The second round (tune3) raised held-out same precision 0.80 → 0.82 and
    lowered its recall 0.76 → 0.73 and its contradiction precision 0.95 → 0.93; blind4 did not move."""
    pairs = _pairs()
    splits = {
        "heldout": [p for p in pairs if p["split"] == "heldout"],
        "blind": [p for p in pairs if p["split"] == "blind"],
    }
    for name in ("blind2", "blind3", "blind4"):  # each written before a round of matcher work, never tuned on
        rows = [json.loads(line) for line in PAIRS.with_name(f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
                if line.strip()]
        assert len(rows) >= 120 and {p["split"] for p in rows} == {name}
        splits[name] = rows
    floors = {  # (split, label): (precision, recall) as measured, less 0.02
        ("heldout", "same"): (0.80, 0.71),  # 45/55, 45/62
        ("heldout", "contradiction"): (0.90, 0.90),  # 38/41, 38/41
        ("blind", "same"): (0.87, 0.78),  # 24/27, 24/30
        ("blind", "contradiction"): (0.93, 0.88),  # 18/19, 18/20
        ("blind2", "same"): (0.83, 0.82),  # 42/49, 42/50
        ("blind2", "contradiction"): (0.98, 0.92),  # 30/30, 30/32
        ("blind3", "same"): (0.77, 0.73),  # 48/61, 48/64
        ("blind3", "contradiction"): (0.94, 0.64),  # 25/26, 25/38
        ("blind4", "same"): (0.64, 0.64),  # 47/71, 47/71
        ("blind4", "contradiction"): (0.93, 0.86),  # 37/39, 37/42
    }
    for (split, label), (min_p, min_r) in floors.items():
        precision, recall = _precision_recall(splits[split], label)
        assert precision >= min_p and recall >= min_r, (split, label, precision, recall)


# Periods, units and contradictions in other words (branch matcher2)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Exports grew 3% in the first quarter of 2025", "Exports grew 3% in the third quarter of 2025"),
        ("Profits rose 9% in the first half", "Profits rose 9% in the second half"),
        ("The reservoir was full in the spring", "The reservoir was full in the winter"),
        ("Sales peaked in the first week of May", "Sales peaked in the last week of May"),
    ],
)
def test_another_part_of_the_year_is_another_date(a, b):
    m = classify(a, b)
    assert m.verdict == Verdict.DIFFERENT
    assert any(r.startswith("other date") for r in m.reasons)


def test_one_period_written_two_ways_is_the_same_and_its_words_are_not_content():
    assert classify("Exports grew 3% in the third quarter of 2025", "Exports grew 3% in Q3 2025").verdict == (
        Verdict.SAME
    )
    m = classify("GDP grew 0.3% in the final quarter of 2023", "GDP grew 0.3% in the fourth quarter of 2023")
    assert m.verdict == Verdict.SAME
    f = features("Profits rose 12% in the first half of the year")
    assert f.periods == {"first half"} and "half" not in f.weights
    assert [q.surface for q in f.quantities] == ["12%"]  # "the first half" is not 50 %


def test_units_in_words_and_symbols_are_one_unit():
    assert classify("The tunnel is 2 km long", "The tunnel is 2,000 metres long").verdict == Verdict.SAME
    m = classify("The tunnel is 3 km long", "The tunnel is 1,500 metres long")
    assert m.verdict == Verdict.CONTRADICTION
    kinds = {(q.kind, q.lo) for q in features("Sea levels rose 20 centimetres").quantities}
    assert kinds == {("measure m", 0.2)}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mortgage rates rose by half a percentage point", "Mortgage rates rose by 0.5 percentage points"),
        ("The bank cut rates by 25 basis points", "The bank cut rates by 0.25 percentage points"),
        ("The jobless rate rose 0.2 points", "The jobless rate rose 0.2 percentage points"),
    ],
)
def test_percentage_points_basis_points_and_points_are_one_unit(a, b):
    assert classify(a, b).verdict == Verdict.SAME
    assert {q.kind for q in features(a).quantities} == {"points"}


def test_comparable_figures_count_in_the_containment_of_a_contradiction(monkeypatch):
    a, b = "The strike involved 30,000 nurses", "Some 45,000 nurses walked out"
    assert classify(a, b).verdict == Verdict.CONTRADICTION
    monkeypatch.setattr(claim_matching, "FIGURE_CONTAINMENT", False)
    assert classify(a, b).verdict == Verdict.DIFFERENT  # the words alone: too few in common


def test_a_toll_in_deaths_is_comparable_with_a_count_of_people():
    m = classify("The blast killed 40 people", "The blast caused 65 deaths")
    assert m.verdict == Verdict.CONTRADICTION
    assert classify("The blast killed 40 people", "The blast caused 40 deaths").verdict == Verdict.SAME
