"""Rows anchored to a span of body_text (claims, comment threads, dismissed flags): placing one from what a
person chose, reading and moving its anchor. The anchoring itself is the pure editorial.anchoring."""

from __future__ import annotations

from editorial.anchoring import Anchor, AnchorState, Result, Revision, anchor_from_quote, make_anchor
from editorial.models import AnchoredSpan
from editorial.services.errors import Invalid


def place(text: str, *, start=None, end=None, exact=None, prefix: str = "", suffix: str = "",
          what: str = "It") -> Anchor:
    """An anchor on text[start:end] (a selection) or on quoted words found with their context.

    `what` names the thing being placed in the error messages ("A claim", "A comment")."""
    if start is not None or end is not None:
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
            raise Invalid("Give `start` and `end` as whole numbers (offsets into body_text).", field="start")
        try:
            anchor = make_anchor(text, start, end)
        except ValueError as e:
            raise Invalid(f"That span is not in the text: {e}", field="start") from None
    elif isinstance(exact, str) and exact.strip():
        anchor = anchor_from_quote(text, exact, prefix or "", suffix or "")
        if anchor is None:
            raise Invalid("Those words are not in the text, or they are there more than once and the context does "
                          "not tell which: select the words instead.", field="exact")
    else:
        raise Invalid(f"{what} needs to say which words it is on: a selection (start and end) or the quoted text.",
                      field="exact")
    if not anchor.exact.strip():
        raise Invalid(f"{what} needs words, not only spaces.", field="exact")
    return anchor


def anchor_of(row: AnchoredSpan) -> Anchor:
    return Anchor(row.start, row.end, row.exact, row.prefix, row.suffix)


def set_anchor(row: AnchoredSpan, anchor: Anchor, state: AnchorState, version: int) -> None:
    row.start, row.end, row.exact = anchor.start, anchor.end, anchor.exact
    row.prefix, row.suffix = anchor.prefix, anchor.suffix
    row.anchor_state, row.anchored_version = state.value, version


def follow(row: AnchoredSpan, revision: Revision, version: int) -> Result:
    """Move a row with its words through one revision: an orphan is looked for again in the new text, any other
    is mapped through the diff. The row takes the new anchor, or is marked orphaned keeping its old words."""
    orphan = row.anchor_state == AnchorState.ORPHANED.value
    result = revision.relocate(anchor_of(row)) if orphan else revision.reanchor(anchor_of(row))
    if result.state == AnchorState.ORPHANED or result.anchor is None:
        row.anchor_state, row.anchored_version = AnchorState.ORPHANED.value, version
    else:
        set_anchor(row, result.anchor, result.state, version)
    return result
