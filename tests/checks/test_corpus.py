"""The labelled corpus (tests/checks/corpus/): precision and recall per category must not fall below what was
measured (bench/precision_recall.py prints the table), less a small margin, and the clean article full of
foreign names must stay free of error and warning flags."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from editorial.checks import check_text

_SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "precision_recall.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("precision_recall", _SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("precision_recall", module)
    spec.loader.exec_module(module)
    return module


pr = _load_script()

# Measured on the corpus (see editorial/checks/README.md), minus about one label's worth of margin.
FLOORS = {  # category: (precision, recall)
    # Lowered where articles 11–14 (written and labelled blind, before any run) found misses: see the README.
    "spelling": (0.85, 0.85),
    "repetition": (0.95, 0.85),  # was 0.95/0.95; 13 has "taken into account that that he was"
    "capitalization": (0.90, 0.60),  # was 0.90/0.80; "december", "Were", "Very" (quoted) are not caught
    "consistency": (0.90, 0.75),  # was 0.95/0.85; "per cent" beside "%", "Sanwoolu", and 10's UK/US tie
    "punctuation": (0.95, 0.85),  # was 0.95/0.95; "the governments medium-term programme"
    "artifact": (0.95, 0.95),
    "duplicate": (0.95, 0.95),
    "date": (0.95, 0.85),  # was 0.95/0.95; "last month, in January" under a March dateline
    "claim": (0.95, 0.95),
    "style": (0.80, 0.95),  # was 0.95/0.95; "a total of" (house style) in 11 was not labelled
    "name": (0.95, None),
}


@pytest.fixture(scope="module")
def articles():
    return pr.corpus()


@pytest.fixture(scope="module")
def result(articles):
    return pr.evaluate(articles)


def test_every_category_is_planted(result):
    for category in FLOORS:
        if category != "name":
            assert result[category]["labels"] >= 1, category


@pytest.mark.parametrize("category", sorted(FLOORS))
def test_precision_and_recall_floors(result, category):
    precision, recall = FLOORS[category]
    stats = result[category]
    assert stats["precision"] is not None and stats["precision"] >= precision, stats
    if recall is not None:
        assert stats["recall"] >= recall, stats


def test_labels_quote_the_stripped_text(articles):
    for article in articles:
        for label in article.labels:
            source = article.headline if label.field == "headline" else article.body
            assert source[label.start : label.end] == label.text
            assert "{{" not in label.text and "}}" not in label.text


def test_clean_article_has_no_blocking_flags(articles):
    (clean,) = [a for a in articles if a.name.startswith("07_clean")]
    assert [lab for lab in clean.labels if lab.category != "claim"] == []
    flags = check_text(clean.body, headline=clean.headline, dateline=clean.dateline)
    assert [(f.rule, f.text) for f in flags if f.severity != "info"] == []


def test_markers_nest_and_span_paragraphs():
    text, labels = pr.strip_markers("A {{claim|B {{spelling|teh}} C}}\n\n{{artifact|x\n\ny}}", "body")
    assert text == "A B teh C\n\nx\n\ny"
    assert {(lab.category, lab.text) for lab in labels} == {
        ("spelling", "teh"),
        ("claim", "B teh C"),
        ("artifact", "x\n\ny"),
    }
