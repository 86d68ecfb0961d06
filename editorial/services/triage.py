"""Triage of statement-to-check flags: the newsroom's dismissal presets, dismissing a group of flags at once,
undoing a dismissal, and the flag panel's state after each step (for pages that update without a reload)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import sqlalchemy as sa

from editorial.claims import BLOCKING
from editorial.database import db, utcnow
from editorial.models import Article, FlagDismissal, HouseSetting, User
from editorial.permissions import can_dismiss_flag, can_undo_triage
from editorial.services import claims, copydesk, gate
from editorial.services.access import get_article
from editorial.services.audit import Kind, record
from editorial.services.errors import Conflict, Forbidden, Invalid, NotFound
from editorial.triage import DEFAULT_PRESETS, parse_presets

logger = logging.getLogger(__name__)

_PRESET_KEY = "dismiss_preset."  # house_settings rows dismiss_preset.1 … dismiss_preset.9, one reason each
BULK_MAX = 200


# -- presets ---------------------------------------------------------------------------------------------


def presets() -> tuple[str, ...]:
    """The newsroom's preset reasons for dismissing a statement flag, in order (the defaults until an admin
    chooses others)."""
    rows = db.session.execute(sa.select(HouseSetting).where(HouseSetting.key.startswith(_PRESET_KEY))).scalars()
    chosen = sorted((int(r.key.removeprefix(_PRESET_KEY)), r.value) for r in rows
                    if r.key.removeprefix(_PRESET_KEY).isdigit() and r.value)
    return tuple(value for _, value in chosen) or DEFAULT_PRESETS


def set_presets(actor: User, text: str) -> tuple[str, ...]:
    """One reason per line; an empty text goes back to the defaults. Audited as a house-style change."""
    copydesk.require_settings(actor)
    try:
        chosen = parse_presets(text)
    except ValueError as e:
        raise Invalid(str(e), field="presets") from None
    before = presets()
    db.session.execute(sa.delete(HouseSetting).where(HouseSetting.key.startswith(_PRESET_KEY)))
    if chosen != DEFAULT_PRESETS:
        db.session.add_all(HouseSetting(key=f"{_PRESET_KEY}{n}", value=value, updated_by_id=actor.id, updated_at=utcnow())
                           for n, value in enumerate(chosen, start=1))
    record(Kind.STYLE_CHANGED, actor=actor, details={"dismiss_presets": {"from": list(before), "to": list(chosen)}})
    db.session.commit()
    logger.info("%s set the dismissal presets to %r", actor.username, chosen)
    return chosen


# -- dismissing many, undoing ------------------------------------------------------------------------------


def dismiss_many(actor: User, article_id: int, *, flags: Sequence[tuple[str, str]], reason: str,
                 version: int | None) -> list[FlagDismissal]:
    """Dismiss every flag of `flags` ((key, exact) as shown at `version`) with one reason, all or none: each
    one found and anchored as a single dismissal is (copydesk.find_flag), each audited."""
    article = get_article(actor, article_id, for_update=True)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("Say why these flags can stay (the reason is kept with each dismissal).", field="reason")
    if not flags:
        raise Invalid("No flags were chosen to dismiss.", field="key")
    if len(flags) > BULK_MAX:
        raise Invalid(f"At most {BULK_MAX} flags at once.", field="key")
    current = copydesk.article_flags(article)
    found = {}
    for key, exact in flags:
        flag = copydesk.find_flag(article, key, version=version, exact=exact, flags=current)
        found.setdefault(flag.key, flag)
    made = [copydesk.add_dismissal(actor, article, f, reason) for f in found.values() if f.dismissal is None]
    db.session.commit()
    logger.info("%s dismissed %d flags of article %s at once", actor.username, len(made), article.id)
    return made


def undo_dismissals(actor: User, article_id: int, dismissal_ids: Sequence[int]) -> list[FlagDismissal]:
    """Take back dismissals of this article (the last triage step, one or a group): each is deleted, so its
    flag is open again; what it said stays in the audit trail. Only whoever dismissed it, or an editor."""
    article = get_article(actor, article_id, for_update=True)
    ids = list(dict.fromkeys(dismissal_ids))
    if not ids:
        raise Invalid("No dismissal was named to undo.", field="dismissal")
    rows = list(db.session.execute(sa.select(FlagDismissal).where(
        FlagDismissal.id.in_(ids), FlagDismissal.article_id == article.id)).scalars())
    if len(rows) != len(ids):
        db.session.rollback()
        raise NotFound("No such dismissal on this article: it may have been undone already.")
    for d in rows:
        made_it = d.dismissed_by_id == actor.id
        if not (can_undo_triage(actor.roles, made_it=made_it) and can_dismiss_flag(
                actor.roles, is_author=article.is_author(actor), severity=d.severity, category=d.category)):
            db.session.rollback()
            raise Forbidden("Only whoever dismissed a flag, or an editor, may undo the dismissal.")
        if d.lapsed_at is not None:
            db.session.rollback()
            raise Conflict("That dismissal has lapsed already: its words changed, and the flag is back.")
    for d in rows:
        record(Kind.FLAG_DISMISSAL_UNDONE, actor=actor, article=article, comment=d.reason,
               details={"rule": d.rule, "text": d.exact[:200], "severity": d.severity, "dismissal": d.id,
                        "dismissed_by": d.dismissed_by_id})
        db.session.delete(d)
    db.session.commit()
    return rows


# -- the panel after a step --------------------------------------------------------------------------------


def panel_state(article: Article) -> dict:
    """Every flag of the article by key: dismissed (with why) or not, and whether it still stands in the way as
    an unchecked statement; with the panel's counts and the checklist's claim line. What a page needs to update
    itself in place."""
    flags = copydesk.shown_flags(article)
    checklist = gate.readiness(article, flags)
    claim_line = next(line for line in checklist.lines if line.key == "claims")
    unresolved = {b.field.removeprefix("flag-") for b in claim_line.blockers if b.code == "claim_flag" and b.field}
    open_flags = [f for f in flags if f.dismissal is None]
    open_claims = claims.for_article(article, include_closed=False)
    return {
        "version": article.version,
        "open": len(open_flags),
        "blocking": sum(1 for f in open_flags if f.blocking),
        "flags": {
            f.key: {
                "dismissed": None if f.dismissal is None else {
                    "id": f.dismissal.id, "reason": f.dismissal.reason, "by": f.dismissal.dismissed_by.display_name},
                "unresolved": f.key in unresolved,
            }
            for f in flags
        },
        "checklist": {
            "blockers": len(checklist.blockers),
            "claims": [{"anchor": b.field, "message": b.message} for b in claim_line.blockers],
        },
        "claims": {"open": len(open_claims), "to_resolve": sum(1 for c in open_claims if c.status in BLOCKING)},
    }
