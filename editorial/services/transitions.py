"""Moving an article through the workflow: one row-locked, all-or-nothing step per call."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from editorial import permissions, workflow
from editorial.database import db, utcnow
from editorial.models import Article, Event, Revision, User
from editorial.services import corrections, gate, memory_stamp, notifications
from editorial.services.access import capacities_on, get_article
from editorial.services.audit import Kind, record
from editorial.services.errors import Conflict, Forbidden, Invalid
from editorial.workflow import State

_REFUSALS = {403: Forbidden, 409: Conflict, 422: Invalid}
REASON_MAX = 5000


class GateBlocked(Conflict):
    """Publishing refused: carries each blocker so the refusal can list and link them."""

    code = "gate_blocked"

    def __init__(self, blockers: list[gate.Blocker], *, overridable: bool = False) -> None:
        listed = "; ".join(b.message for b in blockers)
        super().__init__(f"This article cannot be published yet: {listed}")
        self.blockers = blockers
        self.overridable = overridable  # True when a reason would let an editor publish over every blocker


def parse_state(value) -> State:
    try:
        return State(str(value or "").strip())
    except ValueError:
        known = ", ".join(s.value for s in State)
        raise Invalid(f"“{value}” is not a workflow state; use one of {known}.", field="to") from None


def transition(actor: User, article_id: int, target, comment: str = "", *, override_reason: str = "",
               correction_note: str = "", public_reason: bool = False) -> Article:
    """Move the article; publishing over open flags or claims needs `override_reason` (never over the rest).
    Republishing a piece published before needs a public `correction_note`; an unpublish reason is public
    (shown on the retraction notice) only with `public_reason`."""
    target = parse_state(target)
    comment = _text(comment, "comment")
    override_reason = _text(override_reason, "override_reason")
    correction_note = corrections.clean_note(correction_note)
    article = get_article(actor, article_id, for_update=True)
    source = article.state
    decision = workflow.decide(source, target, capacities_on(actor, article), comment)
    if not decision.allowed:
        db.session.rollback()
        raise _REFUSALS[decision.status](decision.message, field="comment" if decision.status == 422 else None)
    if decision.transition.name == "approve":
        allowed, message = may_approve(actor, article)
        if not allowed:
            db.session.rollback()
            raise Forbidden(message)
    publishing = decision.transition.name == "publish"
    if publishing:
        corrections.require_note(article, correction_note)
    revision_id = article.approved_revision_id
    overridden: list[gate.Blocker] = []
    if decision.transition.runs_gate:
        check = gate.readiness(article)
        if check.hard or (check.overridable and not override_reason):
            db.session.rollback()
            raise GateBlocked(check.blockers, overridable=not check.hard)
        overridden = check.overridable
    details: dict = {"version": article.version}
    if decision.transition.name == "unpublish":
        details["public_reason"] = bool(public_reason)
    if publishing and correction_note:
        details["correction_note"] = correction_note
    event = _move(article, source, target, decision.transition.name, actor=actor, comment=comment, details=details)
    if publishing:
        corrections.add(article, revision_id, correction_note, actor)
    if overridden:
        record(
            Kind.GATE_OVERRIDDEN,
            actor=actor,
            article=article,
            comment=override_reason,
            details={"transition": decision.transition.name, "blockers": [_blocker_json(b) for b in overridden]},
        )
    notifications.on_transition(event, article, actor, name=decision.transition.name)
    db.session.commit()
    return article


def may_approve(actor: User, article: Article) -> tuple[bool, str]:
    """The two-person rule (permissions.may_approve) for this person, this piece and this newsroom."""
    only = permissions.is_only_author(
        actor.id, byline=[row.user_id for row in article.byline_rows], created_by=article.created_by_id
    )
    return permissions.may_approve(
        actor.roles, only_author=only, self_approval_allowed=bool(current_app.config.get("ALLOW_SELF_APPROVAL")),
        own_revisions=revisions_under_review_by(actor, article),
    )


def revisions_under_review_by(person: User, article: Article) -> list[int]:
    """Numbers of the revisions this person wrote since the piece was last approved (all of them if it never
    was): the text an approval now would vouch for."""
    last_approved = (
        sa.select(Event.details["version"].as_integer())
        .where(Event.article_id == article.id, Event.kind == Kind.TRANSITION.value,
               Event.to_state == State.APPROVED.value)
        .order_by(Event.created_at.desc(), Event.id.desc())  # the piece's timeline index, newest first
        .limit(1)
        .scalar_subquery()
    )
    since = sa.func.coalesce(last_approved, 0)  # one statement with the revisions
    return list(db.session.execute(
        sa.select(Revision.number)
        .where(Revision.article_id == article.id, Revision.number > since, Revision.author_id == person.id)
        .order_by(Revision.number)
    ).scalars())


def available(actor: User, article: Article) -> list[workflow.Transition]:
    """The moves to offer this person as buttons: the workflow table's, less an approval that would be refused."""
    offered = workflow.available(article.state, capacities_on(actor, article))
    return [t for t in offered if t.name != "approve" or may_approve(actor, article)[0]]


def publish_scheduled(article_id: int, *, now: datetime) -> tuple[Article, list[gate.Blocker]] | None:
    """Publish one scheduled article as the system, re-running the gate now. No override is possible.

    Returns None when it is not (or no longer) due, else the article and the blockers that stopped it (empty
    when it was published). A refused schedule is cleared, so its people are told once, not every minute.
    """
    article = db.session.execute(sa.select(Article).where(Article.id == article_id).with_for_update()).scalar_one_or_none()
    if article is None or article.state != State.APPROVED or article.publish_at is None or article.publish_at > now:
        db.session.rollback()
        return None
    scheduler = article.scheduled_by
    details = {"scheduled_by": scheduler.id if scheduler else None,
               "scheduled_by_name": scheduler.display_name if scheduler else None,
               "publish_at": article.publish_at.isoformat(), "version": article.version}
    blockers = gate.readiness(article).blockers
    note = article.scheduled_correction_note or ""
    if corrections.needs_note(article) and not note:
        blockers = [*blockers, gate.Blocker("correction_note", corrections.NOTE_REQUIRED, "correction_note")]
    revision_id = article.approved_revision_id
    if blockers:
        article.publish_at, article.scheduled_by_id = None, None
        event = record(Kind.SCHEDULED_PUBLISH_FAILED, article=article,
                       details={**details, "blockers": [_blocker_json(b) for b in blockers]})
        notifications.on_scheduled_failure(event, article, scheduler, blockers)
        db.session.commit()
        return article, blockers
    event = _move(article, State.APPROVED, State.PUBLISHED, "publish", actor=None, details={**details, "scheduled": True})
    corrections.add(article, revision_id, note, scheduler)
    notifications.on_transition(event, article, None, name="scheduled_publish", also=[scheduler] if scheduler else [])
    db.session.commit()
    return article, []


def _move(article: Article, source: State, target: State, name: str, *, actor: User | None, comment: str = "",
          details: dict):
    now = utcnow()
    values: dict = {"state": target, "state_changed_at": now}
    if name == "approve":
        values["approved_revision_id"] = _current_revision_id(article)
    elif name == "publish":
        values["published_revision_id"] = article.approved_revision_id
        values["published_at"] = article.published_at or now
    elif name in ("reopen", "redraft"):
        values["approved_revision_id"] = None
    if target != State.APPROVED:  # a schedule belongs to an approved piece only
        values["publish_at"], values["scheduled_by_id"] = None, None
        values["scheduled_correction_note"] = ""
    # Guarded on the state we read: of two people racing, exactly one moves the piece.
    moved = db.session.execute(
        sa.update(Article)
        .where(Article.id == article.id, Article.state == source)
        .values(**values)
        .execution_options(synchronize_session="fetch")
    )
    if moved.rowcount != 1:
        db.session.rollback()
        raise Conflict("Someone else moved this article at the same moment; reload to see where it is now.")
    if name == "publish" or article.published_revision_id is not None:  # it may go on or off a public page
        memory_stamp.mark(db.session())
    return record(
        Kind.TRANSITION,
        actor=actor,
        article=article,
        from_state=source.value,
        to_state=target.value,
        comment=comment,
        details={"transition": name, **details},
    )


def _text(value, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Invalid(f"`{field}` must be text.", field=field)
    value = value.strip()
    if len(value) > REASON_MAX:
        raise Invalid(f"The {field.replace('_', ' ')} is too long (5,000 characters at most).", field=field)
    return value


def _blocker_json(b: gate.Blocker) -> dict:
    return {"code": b.code, "message": b.message, "field": b.field}


def _current_revision_id(article: Article) -> int:
    return db.session.execute(
        sa.select(Revision.id).where(Revision.article_id == article.id, Revision.number == article.version)
    ).scalar_one()
