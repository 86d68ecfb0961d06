"""Real-word slips: a correctly spelled word that the words around it show to be the wrong one ("their was",
"could of", "more then"). The spell checker cannot see these; a few patterns with near-certain context can."""

from __future__ import annotations

import re
from collections.abc import Iterator

from editorial.checks.document import Document, finditer_at
from editorial.checks.flags import Hit
from editorial.checks.registry import rule

_COMPARATIVES = ("more|less|fewer|rather|other|better|worse|greater|larger|smaller|higher|lower|faster|slower|"
                 "older|younger|bigger|earlier|later")
# (pattern with the wrong word as group 1, the right word). Each context is one in which the wrong word cannot be
# meant: "their" is never followed by a verb, "its" never by "been", "could of" is always "could have".
_SLIPS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), right)
    for p, right in (
        (r"\b(their) (?=(?:is|was|are|were|has been|have been|had been|will be|would be|seems|seemed)\b(?!-))",
         "there"),
        (r"\b(its) (?=(?:been|not|going|got|gotten)\b(?!-))", "it's"),  # not "its not-for-profit arm"
        (r"\b(it['’]s) (?=own\b)", "its"),
        (r"\b(?:could|should|would|might|must) (of)\b(?! course)", "have"),
        (rf"\b(?:{_COMPARATIVES}) (then)\b", "than"),
        (r"\b(?:away|far|apart|aside) (form)\b", "from"),
    )
)
_LEADS = frozenset({"their", "its", "it", "could", "should", "would", "might", "must", "away", "far", "apart", "aside",
                    *_COMPARATIVES.split("|")})


def _matching_case(word: str, like: str) -> str:
    return word[0].upper() + word[1:] if like[:1].isupper() else word


@rule("spelling.confused-word", "spelling", "warning", headline=True)
def confused_word(doc: Document) -> Iterator[Hit]:
    """A real word in a context that shows another was meant: "their was" (there), "its been" (it's), "it's own"
    (its), "could of" (have), "more then" (than), "away form" (from)."""
    starts = doc.starts_of(_LEADS)
    if not starts:
        return
    found = []
    for pattern, right in _SLIPS:
        for m in finditer_at(pattern, doc.text, starts):
            wrong = m.group(1)
            found.append(Hit(m.start(1), m.end(1), f"“{wrong}” here reads as a slip for “{right}”.",
                             (_matching_case(right, wrong),)))
    yield from sorted(found, key=lambda h: h.start)
