"""artifact.headline-tail: a headline that ends mid-phrase or runs a stray fragment on after title-case words.

The negatives are real-looking wire headlines in sentence case and title case, written for this test and
including the hard shapes: particles at the end ("break down", "comes from", "made of"), names made of common
words before a lower-case ending ("Apple Vision Pro sales slump"), brands in lower case ("iPhone"), colons,
questions and quotes. None may be flagged."""

from __future__ import annotations

import pytest

from editorial.checks import check_text
from tests.checks.helpers import seed_text

RULE = "artifact.headline-tail"
SEED_HEADLINE = "Mali cuts Diplomatic Ties with Ukraine Over Wagner Ambush Allegations and middling"

GOOD_HEADLINES = [
    # sentence case
    "Mali cuts ties with Ukraine over Wagner ambush",
    "Fed holds rates, signals two cuts in 2027",
    "Oil prices slip as Opec+ weighs output increase",
    "Kenya's president signs finance bill after weeks of protests",
    "Talks between Israel and Hamas break down",
    "What to watch for at the G20 summit in Rio",
    "Where the money for Ukraine's reconstruction comes from",
    "Taliban bar women from speaking in public",
    "Wall Street ends higher as Nvidia and Apple gain",
    "Apple Vision Pro sales slump in China",
    "New York Times sues OpenAI and Microsoft over copyright",
    "Trump attacks Federal Reserve and big banks",
    "Biden signs Inflation Reduction Act into law",
    "Bank of England keeps rates on hold as inflation cools",
    "Senate Armed Services Committee approves defence budget",
    "Storms cut power to thousands across New England",
    "Ghana's cedi hits record low against the dollar",
    "Nigeria's inflation rises for 18th month in a row",
    "ECB cuts rates for the first time since 2019",
    "Lights go out across Pakistan after grid failure",
    "Sudan's army and RSF agree to talks in Jeddah",
    "Ukraine war latest: Kyiv says it downed 30 drones overnight",
    "Explainer: Why the rand is falling and what comes next",
    "Who is Bassirou Diomaye Faye, Senegal's new president?",
    "Glencore to buy Teck coal unit for $6.9 billion",
    "China's exports beat forecasts, imports shrink",
    "Rwanda and DR Congo sign peace deal in Washington",
    "Farmers block roads in Brussels as EU leaders meet",
    "UK economy grows 0.6% in first quarter, ending recession",
    "What the new iPhone is made of",
    "Markets shrug off weak jobs data",
    "Nothing to be afraid of, says WHO chief on mpox",
    "Thousands flee as Mount Ibu erupts in Indonesia",
    "Bitcoin tops $100,000 for the first time",
    "South Korea's Yoon lifts martial law after six hours",
    "Harris and Trump make final pitch to voters",
    "Boeing strike ends as workers accept 38% pay rise",
    "Ethiopia, Somalia agree to end port dispute",
    "Court orders release of opposition leader and aides",
    "Iran fires missiles at Israel; US vows consequences",
    '"We will not surrender", Zelensky tells parliament',
    "Lagos to ban single-use plastics from July, Sanwo-Olu says",
    # title case
    "Kipyegon Breaks Her Own 1,500m World Record in Paris",
    "Mali Cuts Diplomatic Ties With Ukraine Over Wagner Ambush",
    "Fed Holds Rates Steady, Signals Two Cuts Later This Year",
    "Oil Falls as China Demand Worries Outweigh Supply Risks",
    "How the Sahel Juntas Turned to Moscow",
    "Zelensky Says Ukraine Needs More Air Defence, Not Promises",
    "Israel and Hezbollah Agree to Ceasefire",
    "Gold Hits Record High as Investors Seek Safety",
    "Argentina's Milei Slashes Spending, Inflation Slows",
    "Apple Shares Slide After Weak iPhone",
    "Samsung Unveils Galaxy Phones to Rival iPhone",
    "Netflix Raises Prices in US and Canada",
    "Sudan Crisis Explained: Who Is Fighting and Why",
    "Messi Scores Twice as Inter Miami Win",
    "Nigeria: Tinubu Names New Service Chiefs",
    "Live: Markets React to Fed Decision",
]

GARBLED = [  # (headline, the flagged tail)
    (SEED_HEADLINE, "and middling"),
    ("Mali Cuts Diplomatic Ties With Ukraine Over Wagner Ambush allegations", "allegations"),
    ("Mali Cuts Ties With Ukraine Over Wagner Ambush and middling claims", "and middling claims"),
    ("Mali cuts ties with Ukraine over Wagner ambush allegations and", "and"),
    ("Oil prices slip on fears of the", "of the"),
    ("Tesla shares slide as", "as"),
    ("Gold hits record high as investors seek their", "their"),
    ("Fed holds rates, signals two cuts in 2027,", "2027,"),
    ("Mali cuts ties with Ukraine over…", "over…"),
]


def _tail_flags(headline: str, body: str = "") -> list:
    return [f for f in check_text(body, headline=headline) if f.rule == RULE]


def test_there_are_forty_good_headlines_of_both_cases():
    assert len(GOOD_HEADLINES) >= 40
    assert len([h for h in GOOD_HEADLINES if h.split()[-1][:1].isupper() and h.split()[1][:1].isupper()]) >= 10


@pytest.mark.parametrize("headline", GOOD_HEADLINES)
def test_real_headlines_are_not_flagged(headline):
    assert _tail_flags(headline) == []


@pytest.mark.parametrize(("headline", "tail"), GARBLED)
def test_garbled_tails_are_flagged(headline, tail):
    (flag,) = _tail_flags(headline)
    assert flag.field == "headline" and flag.severity == "warning" and flag.category == "artifact"
    assert flag.text == tail and flag.end == len(headline) and headline[flag.start : flag.end] == tail
    assert flag.message == f"The headline seems to end mid-phrase (“… {tail}”); check it against the source."


def test_seed_headline_field_and_its_scraped_copy_in_the_body():
    text = seed_text()
    flags = [f for f in check_text(text, headline=SEED_HEADLINE) if f.rule == RULE]
    assert [(f.field, f.text) for f in flags] == [("headline", "and middling"), ("body", "and middling")]
    body = flags[1]
    assert body.start == text.index(SEED_HEADLINE) + SEED_HEADLINE.index("and middling")
    assert body.message.startswith("This headline line seems to end mid-phrase (“… and middling”)")


def test_seed_without_a_headline_flags_the_scraped_headline_line():
    text = seed_text()
    flags = [f for f in check_text(text) if f.rule == RULE]
    assert [(f.field, f.text) for f in flags] == [("body", "and middling")]


def test_a_corrected_headline_is_quiet_but_its_garbled_copy_in_the_body_is_not():
    text = seed_text()
    fixed = "Mali cuts diplomatic ties with Ukraine over Wagner ambush allegations"
    flags = [f for f in check_text(text, headline=fixed) if f.rule == RULE]
    assert [(f.field, f.text) for f in flags] == [("body", "and middling")]


def test_body_lines_below_the_first_paragraph_are_not_read_as_headlines():
    body = (
        "The central bank held its main rate at 50% on Tuesday, as economists had expected.\n\n"
        "Analysts said the first cut could come in November and the"  # not a heading: not flagged here
    )
    assert [f for f in check_text(body) if f.rule == RULE] == []
