"""The import proposals, read from the structure of scraped pages of different shapes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from editorial.import_structure import (
    CAPTION,
    CREDIT,
    FURNITURE,
    IMAGE_FILE,
    READER,
    TEASER,
    assemble,
    propose,
)
from editorial.importer import ImportError_
from editorial.text import body_text

PAGES = Path(__file__).parent / "import_pages"


def _page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def _nothing_dropped(text: str, proposal) -> None:
    """Every input line is in the body, a proposed field's source, or set aside."""
    body = body_text(proposal.body_html)
    placed = {line.text for line in proposal.lines if line.kind != "p" and line.kind != "h2"}
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if line:
            assert line in body or line in placed, line
    kept = [line.text for line in proposal.lines if line.kind in ("p", "h2")]
    assert body.split("\n\n") == (kept or [""][:0])


def test_seed(seed_text):
    p = propose(seed_text)
    assert p.headline == "Mali cuts Diplomatic Ties with Ukraine Over Wagner Ambush Allegations and middling"
    assert p.byline == ("Mbeki edmond",) and p.dateline == date(2024, 8, 4) and p.section == "Africa"
    aside = {(x.text, x.reason) for x in p.set_aside}
    assert ("top of page", FURNITURE) in aside and ("bottom of page", FURNITURE) in aside
    assert ("| Foreign Relations", "section/breadcrumb") in aside
    assert ("profile photo.webp", IMAGE_FILE) in aside
    assert [x.reason for x in p.set_aside if x.text.startswith("Russian President")] == [CAPTION, CAPTION]
    assert ("DR.Congo", TEASER) in aside and ("The DRC warns it may ban TikTok nationwide", TEASER) in aside
    assert "<h2>Background and Clashes</h2>" in p.body_html and "<h2>Historical Context</h2>" in p.body_html
    body = body_text(p.body_html)
    assert body.startswith("Mali has announced") and body.endswith("remain to be seen.")
    assert "Tshisekedi" not in body and "DR.Congo" not in body
    assert len(body.split("\n\n")) == 12  # 8 story paragraphs + 4 subheadings, nothing else
    _nothing_dropped(seed_text, p)


def test_wire_copy():
    text = _page("wire.txt")
    p = propose(text)
    assert p.headline == "Ukraine says it shot down 30 drones over Kyiv overnight"
    assert p.standfirst.startswith("Officials say no one was hurt")
    assert p.byline == ("Anna Ruiz", "Tom Baker", "Reuters") and p.dateline == date(2024, 8, 4)
    assert p.section == "World News" and p.set_aside == []
    body = body_text(p.body_html)
    assert body.startswith("KYIV, Aug 4 (Reuters)") and body.endswith("(Reporting by Anna Ruiz; Editing by Tom Baker)")
    _nothing_dropped(text, p)


def test_live_blog():
    text = _page("liveblog.txt")
    p = propose(text)
    assert p.headline.startswith("Storm Ciarán: rail lines closed")
    assert p.dateline == date(2024, 8, 4) and p.byline == ("Jane Smith",) and p.section == "Live"
    assert [(x.text, x.reason) for x in p.set_aside] == [("Share", FURNITURE)]
    assert p.body_html.count("<h2>") == 3 and "<h2>10:15</h2><p>The Met Office" in p.body_html
    _nothing_dropped(text, p)


def test_cookie_banner_and_newsletter_box():
    text = _page("cookies.txt")
    p = propose(text)
    assert p.headline == "Factory orders fall for the third month in a row as energy costs bite"
    assert p.byline == ("Maria Keller",) and p.dateline == date(2024, 8, 4) and p.section == "Business"
    assert [x.text for x in p.set_aside if x.reason == READER] == [
        "We use cookies to give you the best experience on our site. By continuing you agree to our use of cookies.",
        "Accept all", "Manage preferences",
        "Get the morning briefing in your inbox every weekday.", "Enter your email", "Sign up",
    ]
    assert len(p.set_aside) == 6 and len(body_text(p.body_html).split("\n\n")) == 4
    _nothing_dropped(text, p)


def test_captions_and_credits():
    text = _page("captions.txt")
    p = propose(text)
    assert p.headline.startswith("Floods leave thousands stranded")
    assert p.byline == ("Luca Bianchi",) and p.dateline == date(2024, 8, 4) and p.section == "Environment"
    assert [(x.text, x.reason) for x in p.set_aside] == [
        ("Rescue workers carry a resident through a flooded street in Faenza on Saturday.", CAPTION),
        ("faenza-flood.jpg", IMAGE_FILE), ("Photo: Marco Rossi/AP", CREDIT),
        ("A volunteer hands out bottled water at an evacuation centre in Cesena", CAPTION),
        ("Image: Giulia Verdi", CREDIT),
    ]
    assert "<h2>Rising waters</h2>" in p.body_html
    _nothing_dropped(text, p)


def test_html_page_reads_the_same_way():
    page = ("<html><head><title>Site</title></head><body><p>top of page</p><p>Business</p>"
            "<h1>Factory orders fall for the third month in a row</h1><p>4 August 2024</p><p>By Maria Keller</p>"
            "<p>Orders at German factories fell by 1.2 percent in June, the statistics office said on Thursday.</p>"
            "</body></html>")
    p = propose(page, filename="page.html")
    assert p.headline == "Factory orders fall for the third month in a row" and p.section == "Business"
    assert p.byline == ("Maria Keller",) and p.dateline == date(2024, 8, 4)
    assert [x.text for x in p.set_aside] == ["top of page"]


def test_undone_fields_and_put_back_lines_return_to_their_place(seed_text):
    p = propose(seed_text)
    html = assemble(p.lines, unused=frozenset({"byline"}), put_back=frozenset({1}))
    text = body_text(html)
    assert text.startswith("| Foreign Relations\n\nMbeki edmond\n\nMali has announced")


@pytest.mark.parametrize("line, expected", [
    ("Aug 4, 2024", date(2024, 8, 4)), ("4 August 2024", date(2024, 8, 4)), ("2024-08-04", date(2024, 8, 4)),
    ("Updated 10:32 GMT, 4 Aug 2024", date(2024, 8, 4)), ("Sept 30, 2023", date(2023, 9, 30)),
    ("Feb 30, 2024", None), ("Augment 4, 2024", None),
])
def test_dates(line, expected):
    from editorial.import_structure import parse_date

    assert parse_date(line) == expected


def test_empty_is_refused():
    with pytest.raises(ImportError_):
        propose("\n \n")
