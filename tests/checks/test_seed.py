"""The seed article's known problems are caught at the right offsets."""

from __future__ import annotations

import pytest

from editorial.checks import check_text
from tests.checks.helpers import seed_text


@pytest.fixture(scope="module")
def seed():
    text = seed_text()
    return text, check_text(text)


def _find(flags, rule, text):
    return [f for f in flags if f.rule == rule and f.text == text]


def test_every_flag_quotes_its_span(seed):
    text, flags = seed
    assert flags
    for f in flags:
        assert text[f.start : f.end] == f.text


@pytest.mark.parametrize("leftover", ["top of page", "bottom of page"])
def test_page_furniture(seed, leftover):
    text, flags = seed
    (flag,) = _find(flags, "artifact.web-leftover", leftover)
    assert flag.start == text.index(leftover) and flag.severity == "error"


def test_file_name_line(seed):
    text, flags = seed
    (flag,) = _find(flags, "artifact.file-name", "profile photo.webp")
    assert flag.start == text.index("profile photo.webp")
    assert not [f for f in flags if f.category == "spelling" and "webp" in f.text]


def test_name_with_lower_case_part(seed):
    text, flags = seed
    (flag,) = _find(flags, "capitalization.name-lowercase", "Mbeki edmond")
    assert flag.start == text.index("Mbeki edmond") and flag.suggestions == ("Mbeki Edmond",)


def test_mixed_case_headline_line(seed):
    text, flags = seed
    line = "Mali cuts Diplomatic Ties with Ukraine Over Wagner Ambush Allegations and middling"
    (flag,) = _find(flags, "capitalization.headline-case", line)
    assert flag.start == text.index(line) and flag.severity == "warning"
    assert (
        "Mali cuts diplomatic ties with Ukraine over Wagner ambush allegations and middling"
        in flag.suggestions
    )


def test_mixed_case_headline_field():
    line = "Mali cuts Diplomatic Ties with Ukraine Over Wagner Ambush Allegations and middling"
    flags = [f for f in check_text(seed_text(), headline=line) if f.field == "headline"]
    (flag,) = [f for f in flags if f.rule == "capitalization.headline-case"]
    assert (flag.start, flag.end, flag.text) == (0, len(line), line)


def test_repeated_related_headline_block(seed):
    text, flags = seed
    (block,) = [f for f in flags if f.rule == "duplicate.block"]
    second = text.index("Félix Tshisekedi Attends", text.index("Félix Tshisekedi Attends") + 1)
    assert block.start == second and block.end == text.rindex("Kinshasa Reports") + len("Kinshasa Reports")
    (nav,) = [f for f in flags if f.rule == "artifact.navigation-list"]
    assert nav.start == text.index("Félix Tshisekedi Attends")


def test_claims(seed):
    text, flags = seed
    claims = [f for f in flags if f.rule == "claim.statement"]
    wanted = {
        "from 20 to 80": "figure (range): from 20 to 80",
        "84 Wagner mercenaries and 47": "figure (count): 84",
        "approximately 1,000 fighters": "figure (approximate): approximately 1,000",
        '"necessary information"': 'direct quote: "necessary information"',
        '"cowardly, treacherous, and barbaric attack."': "direct quote",
    }
    for needle, reason in wanted.items():
        holding = [f for f in claims if needle in f.text]
        assert holding, needle
        assert any(r.startswith(reason) for r in holding[0].reasons), (needle, holding[0].reasons)
    (range_flag,) = [f for f in claims if "from 20 to 80" in f.text]
    assert range_flag.text.startswith("estimates indicate")  # the "While …," clause is left out
    assert any(r.startswith("superlative") for r in range_flag.reasons)


def test_conflicting_wagner_deaths(seed):
    text, flags = seed
    conflicts = [f for f in flags if f.rule == "claim.conflicting-figures"]
    assert {f.text for f in conflicts} == {"from 20 to 80", "84"}
    # each figure is attributed ("estimates indicate", "Tuareg separatists claimed"): a note, not a warning
    assert all(f.severity == "info" and "Wagner" in f.reasons[0] for f in conflicts)
    assert not any("attribute each figure" in f.message for f in conflicts)
    assert "47" not in {f.text for f in conflicts}


def test_names_are_not_spelling_errors(seed):
    text, flags = seed
    blocking = [f for f in flags if f.category == "spelling" and f.severity != "info"]
    assert blocking == []
    named = {f.text.rstrip("’s").rstrip("'s") for f in flags if f.rule == "spelling.verify-name"}
    # names nobody knows are to verify; well-known ones (wordfreq's list) are not
    assert named == {"Assimi", "Goïta", "Tinzaouaten", "Yusov"}


def test_dateline_taken_from_the_date_line(seed):
    text, flags = seed
    assert not [f for f in flags if f.category == "date"]  # "last month" fits July 25 and Aug 4, 2024


def test_dr_congo_suggests_dr_congo(seed):
    text, flags = seed
    (flag,) = _find(flags, "punctuation.missing-space", "DR.Congo")
    assert flag.start == text.index("DR.Congo") and flag.suggestions == ("DR Congo",)


def test_mixed_apostrophes(seed):
    text, flags = seed
    mixed = [f for f in flags if f.rule == "consistency.apostrophe-mix"]
    # straight apostrophes are the majority (Kyiv's, Ukraine's…): the curly ones are flagged
    assert [f.text for f in mixed] == ["Mali’s", "Maiga’s", "Kagame’s", "DRC’s"]
    assert mixed[0].suggestions == ("Mali's",) and mixed[0].start == text.index("Mali’s")


def test_scraped_headline_line_is_a_duplicate_when_the_headline_is_given():
    text = seed_text()
    line = "Mali cuts Diplomatic Ties with Ukraine Over Wagner Ambush Allegations and middling"
    for headline in (line, "Mali cuts diplomatic ties with Ukraine over Wagner ambush allegations"):
        body = [f for f in check_text(text, headline=headline) if f.field == "body"]
        (copy,) = [f for f in body if f.rule == "duplicate.headline"]
        assert copy.start == text.index(line) and copy.text == line and copy.suggestions == ("",)
        assert not [f for f in body if f.rule == "capitalization.headline-case" and f.text == line]


def test_near_identical_captions(seed):
    text, flags = seed
    second = ("Russian President Vladimir Putin, Malian Interim President Colonel Assimi Goïta, and Ukrainian "
              "President Volodymyr Zelensky")
    (flag,) = [f for f in flags if f.rule == "duplicate.near-line"]
    assert flag.text == second and flag.start == text.index(second)


def test_bare_section_label_and_date_line(seed):
    text, flags = seed
    found = [f for f in flags if f.rule == "artifact.label-line"]
    assert [(f.text, f.start) for f in found] == [("Africa", text.index("Africa")),
                                                   ("Aug 4, 2024", text.index("Aug 4, 2024"))]
    assert not [f for f in flags if f.category == "date"]  # still read as the dateline
