"""Moving an article through the workflow: one row-locked, all-or-nothing step per call."""

from __future__ import annotations

import sqlalchemy as sa

from editorial import workflow
from editorial.database import db, utcnow
from editorial.models import Article, Revision, User
from editorial.services import gate, notifications
from editorial.services.access import capacities_on, get_article
from editorial.services.audit import Kind, record
from editorial.services.errors import Conflict, Forbidden, Invalid
from editorial.workflow import State

_REFUSALS = {403: Forbidden, 409: Conflict, 422: Invalid}


class GateBlocked(Conflict):
    """Publishing refused: carries each blocker so the refusal can list and link them."""

    code = "gate_blocked"

    def __init__(self, blockers: list[gate.Blocker]) -> None:
        listed = "; ".join(b.message for b in blockers)
        super().__init__(f"This article cannot be published yet: {listed}")
        self.blockers = blockers


def parse_state(value) -> State:
    try:
        return State(str(value or "").strip())
    except ValueError:
        known = ", ".join(s.value for s in State)
        raise Invalid(f"“{value}” is not a workflow state; use one of {known}.", field="to") from None


def transition(actor: User, article_id: int, target, comment: str = "") -> Article:
    target = parse_state(target)
    comment = (comment or "").strip()
    if len(comment) > 5000:
        raise Invalid("The comment is too long (5,000 characters at most).", field="comment")
    article = get_article(actor, article_id, for_update=True)
    source = article.state
    decision = workflow.decide(source, target, capacities_on(actor, article), comment)
    if not decision.allowed:
        db.session.rollback()
        raise _REFUSALS[decision.status](decision.message, field="comment" if decision.status == 422 else None)
    if decision.transition.runs_gate:
        blockers = gate.blockers(article)
        if blockers:
            db.session.rollback()
            raise GateBlocked(blockers)
    now = utcnow()
    values: dict = {"state": target, "state_changed_at": now}
    if decision.transition.name == "approve":
        values["approved_revision_id"] = _current_revision_id(article)
    elif decision.transition.name == "publish":
        values["published_revision_id"] = article.approved_revision_id
        values["published_at"] = article.published_at or now
    elif decision.transition.name in ("reopen", "redraft"):
        values["approved_revision_id"] = None
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
    event = record(
        Kind.TRANSITION,
        actor=actor,
        article=article,
        from_state=source.value,
        to_state=target.value,
        comment=comment,
        details={"transition": decision.transition.name, "version": article.version},
    )
    notifications.on_transition(event, article, actor, name=decision.transition.name)
    db.session.commit()
    return article


def _current_revision_id(article: Article) -> int:
    return db.session.execute(
        sa.select(Revision.id).where(Revision.article_id == article.id, Revision.number == article.version)
    ).scalar_one()
