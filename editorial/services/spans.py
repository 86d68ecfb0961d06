"""Rows anchored to a span of body_text (claims, comment threads, dismissed flags): placing one from what a
person chose, reading and moving its anchor. The anchoring itself is the pure editorial.anchoring."""

from __future__ import annotations

import sqlalchemy as sa

from editorial.anchoring import Anchor, AnchorState, Result, Revision, anchor_from_quote, make_anchor
from editorial.database import db
from editorial.models import AnchoredSpan, Article
from editorial.models import Revision as StoredRevision
from editorial.services.errors import Invalid, TextChanged

FIELDS = {"body": "body_text", "headline": "headline"}


def place(article: Article, *, start=None, end=None, exact=None, prefix: str = "", suffix: str = "",
          version=None, what: str = "It") -> Anchor:
    """An anchor in the article's current body_text on the words a person chose: a selection (start/end
    taken from `version` of the text, with the quoted `exact` words), or quoted words found with their
    context (no offsets). A selection is placed by `locate`: on the same words, or refused.

    Python callers holding the current text may leave out `version` (offsets into the current text) and
    `exact`; the API and the browser forms always send both and refuse a selection without them.
    `what` names the thing being placed in the error messages ("A claim", "A comment")."""
    if start is not None or end is not None:
        anchor = locate(article, start=start, end=end, exact=exact, version=version, prefix=prefix, suffix=suffix)
    elif isinstance(exact, str) and exact.strip():
        anchor = anchor_from_quote(article.body_text, quoted(exact), prefix or "", suffix or "")
        if anchor is None:
            raise Invalid("Those words are not in the text, or they are there more than once and the context does "
                          "not tell which: select the words instead.", field="exact")
    else:
        raise Invalid(f"{what} needs to say which words it is on: a selection (start and end) or the quoted text.",
                      field="exact")
    if not anchor.exact.strip():
        raise Invalid(f"{what} needs words, not only spaces.", field="exact")
    return anchor


def locate(article: Article, *, start, end, exact=None, version=None, field: str = "body", prefix: str = "",
           suffix: str = "") -> Anchor:
    """Where the words a person selected at `version` of a field are in its current text.

    The selection (start/end, Python string indices into that version's text) must hold the quoted words
    `exact`. Selected on an older version, it is mapped through the diff from that version's text to the
    current one by the anchoring engine and accepted only when it lands on the same words. When the
    offsets do not hold the quoted words the quote is looked for in the current text, accepted only when
    found with certainty. Anything else is refused with TextChanged (409, carrying the current article):
    never an anchor on other words."""
    for name, value in (("start", start), ("end", end)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise Invalid("Give `start` and `end` as whole numbers (offsets into body_text).", field=name)
    words = None if exact is None else quoted(exact)
    current = getattr(article, FIELDS[field])
    seen = text_at(article, version, field=field)
    try:
        picked = make_anchor(seen, start, end)
    except ValueError as e:
        raise Invalid(f"That span is not in the text: {e}", field="start") from None
    if words is not None and picked.exact != words:
        # The offsets do not hold the words: look for the words themselves, and only take a certain find.
        found = anchor_from_quote(current, words, prefix or "", suffix or "", hint=start) if words.strip() else None
        if found is None or found.exact != words:
            raise TextChanged(
                f"The selection ({start}–{end}) does not hold the words “{_short(words)}” in version "
                f"{_version(article, version)}, and they are not in the current text (version {article.version}) "
                "with certainty: select them again.", current=article)
        return found
    if seen is current or seen == current:
        return make_anchor(current, start, end)
    result = Revision(seen, current).reanchor(picked)
    if result.state in (AnchorState.ANCHORED, AnchorState.MOVED) and result.anchor is not None \
            and result.anchor.exact == picked.exact:
        return result.anchor
    raise TextChanged(
        f"The words you selected (“{_short(picked.exact)}”) were edited since version {version}; the text is now "
        f"at version {article.version}. Select the words again in the current text.", current=article)


def text_at(article: Article, version=None, *, field: str = "body") -> str:
    """The text of a field at `version` of the article (None: the current version), from its revisions."""
    current = getattr(article, FIELDS[field])
    if version is None:
        return current
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= article.version:
        raise Invalid(f"`version` must be a version of this article, 1 to {article.version}: the version of the "
                      "text the span was taken from.", field="version")
    if version == article.version:
        return current
    text = db.session.execute(
        sa.select(getattr(StoredRevision, FIELDS[field]))
        .where(StoredRevision.article_id == article.id, StoredRevision.number == version)
    ).scalar_one_or_none()
    if text is None:
        raise Invalid(f"Version {version} of this article is not kept: select the words again in the current text.",
                      field="version")
    return text


def quoted(exact) -> str:
    if not isinstance(exact, str):
        raise Invalid("`exact` must be text: the words selected.", field="exact")
    return exact.replace("\r\n", "\n")  # browsers send a textarea's line breaks as CRLF


def _version(article: Article, version) -> int:
    return article.version if version is None else version


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
