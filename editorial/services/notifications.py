"""In-app notifications: who hears about what. Called inside the service transaction that caused it."""

from __future__ import annotations

import textwrap

import sqlalchemy as sa

from editorial.database import db, utcnow
from editorial.models import Article, Event, Notification, User, UserRole
from editorial.permissions import Role
from editorial.services import outbox

_MESSAGES = {
    "submit": "{actor} submitted “{headline}” for review",
    "resubmit": "{actor} resubmitted “{headline}”",
    "request_changes": "{actor} requested changes to “{headline}”{note}",
    "approve": "{actor} approved “{headline}”",
    "publish": "{actor} published “{headline}”",
    "unpublish": "{actor} unpublished “{headline}”",
    "reopen": "{actor} reopened the review of “{headline}”",
    "redraft": "{actor} moved “{headline}” back to draft",
    "sent_back": "“{headline}” was edited after approval and is back in review",
    "assigned": "{actor} assigned you to “{headline}”",
    "claim_assigned": "{actor} gave you a claim to check in “{headline}”",
    "claim_recheck": "A checked claim in “{headline}” was edited and needs a recheck",
    "live_verdict": "{actor} changed a fact check on the published “{headline}” from {before} to {after}",
    "scheduled_publish": "“{headline}” was published as scheduled",
    "scheduled_failure": "“{headline}” was not published as scheduled: {reasons}",
    "comment_mention": "{actor} mentioned you in a comment on “{headline}”",
    "comment_added": "{actor} commented on “{headline}”",
    "comment_blocking": "{actor} left a comment that blocks publishing “{headline}”",
    "comment_reply": "{actor} replied to a comment on “{headline}”",
    "comment_resolved": "{actor} resolved your comment on “{headline}”",
}
# Who hears about each transition besides those assigned to the piece. Editors hear about pieces arriving for
# review through one unread digest row each (REVIEW_DIGEST), not one row per submission in the newsroom.
_TO_EDITORS = {"submit", "resubmit", "sent_back"}
REVIEW_DIGEST = "review"
_TO_AUTHORS = {"request_changes", "approve", "publish", "unpublish", "reopen", "redraft", "sent_back",
               "scheduled_publish"}


def on_transition(event: Event, article: Article, actor: User | None, *, name: str, also=()) -> None:
    """`actor` None: the system moved it (scheduled publishing); `also`: people to tell besides the usual."""
    recipients: dict[int, User] = {u.id: u for u in also}
    if name in _TO_AUTHORS:
        recipients |= {u.id: u for u in article.authors}
        recipients.setdefault(article.created_by.id, article.created_by)
    recipients |= {a.user.id: a.user for a in article.assignments}
    if actor is not None:
        recipients.pop(actor.id, None)
    note = f": {_excerpt(event.comment)}" if name == "request_changes" and event.comment.strip() else ""
    _send(recipients.values(), _MESSAGES[name], event, article, actor, note=note)
    if name in _TO_EDITORS:
        others = [u for u in _editors() if u.id not in recipients and (actor is None or u.id != actor.id)]
        _review_digest(others, _MESSAGES[name], event, article, actor)


def _review_digest(editors: list[User], template: str, event: Event, article: Article, actor: User | None) -> None:
    """Each editor's unread review digest takes this arrival (its count goes up, its message and link become
    this piece's); an editor without one gets a new row. Two statements however many editors there are. Two
    submissions racing on PostgreSQL may each start a row for an editor: two unread rows, nothing lost."""
    ids = {u.id for u in editors if u.active}
    if not ids:
        return
    db.session.flush()  # the event needs its id
    message = _message(template, article, actor)
    rows = db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id.in_(sorted(ids)), Notification.digest == REVIEW_DIGEST,
               Notification.read_at.is_(None))
        .values(updates=Notification.updates + 1, message=message, event_id=event.id, article_id=article.id,
                created_at=utcnow())
        .returning(Notification.id, Notification.user_id)
        .execution_options(synchronize_session=False)
    ).all()
    outbox.notifications_updated(db.session, [note_id for note_id, _ in rows])  # e-mail "at once" people again
    updated = {user_id for _, user_id in rows}
    for user_id in sorted(ids - updated):
        db.session.add(Notification(user_id=user_id, event_id=event.id, article_id=article.id, message=message,
                                    digest=REVIEW_DIGEST))


NOTE_EXCERPT = 160  # characters of an editor's note carried in a notification (the whole note is in the editor)


def _excerpt(text: str) -> str:
    """The note on one line, cut at a word with an ellipsis when long."""
    return textwrap.shorten(text, width=NOTE_EXCERPT, placeholder=" …")


def on_scheduled_failure(event: Event, article: Article, scheduler: User | None, blockers) -> None:
    """publish-due refused a piece: its authors, whoever scheduled it and its assignees hear why."""
    recipients = {u.id: u for u in article.authors}
    recipients.setdefault(article.created_by.id, article.created_by)
    recipients |= {a.user.id: a.user for a in article.assignments}
    if scheduler is not None:
        recipients[scheduler.id] = scheduler
    reasons = "; ".join(b.message for b in blockers)
    _send(recipients.values(), _MESSAGES["scheduled_failure"], event, article, None, reasons=reasons)


def on_assignment(event: Event, article: Article, actor: User, assignee: User) -> None:
    if assignee.id != actor.id:
        _send([assignee], _MESSAGES["assigned"], event, article, actor)


def on_claim_assigned(event: Event, article: Article, actor: User, assignee: User) -> None:
    if assignee.id != actor.id:
        _send([assignee], _MESSAGES["claim_assigned"], event, article, actor)


def on_claim_recheck(event: Event, article: Article, claim_assignee: User | None) -> None:
    """Words of a claim with a verdict were edited: whoever checks this article hears about it."""
    recipients = {a.user.id: a.user for a in article.assignments}
    if claim_assignee is not None:
        recipients[claim_assignee.id] = claim_assignee
    _send(recipients.values(), _MESSAGES["claim_recheck"], event, article, None)


def on_live_verdict_change(event: Event, article: Article, actor: User, editors: list[User]) -> None:
    """A claim's status changed while the piece is public: the change is live at once, so the editors who
    approved or published it hear about it (not the one who made it)."""
    _send([u for u in editors if u.id != actor.id], _MESSAGES["live_verdict"], event, article, actor,
           before=event.from_state.replace("_", " "), after=event.to_state.replace("_", " "))


def on_comment(event: Event, article: Article, actor: User, thread, *, mentioned: list[User], reply: bool) -> None:
    """@mentioned people hear that they were mentioned; the piece's authors (and, for a reply, everyone in the
    thread) hear about the comment. Nobody hears twice, nobody hears about their own comment."""
    _send([u for u in mentioned if u.id != actor.id], _MESSAGES["comment_mention"], event, article, actor)
    recipients = {u.id: u for u in article.authors}
    recipients.setdefault(article.created_by.id, article.created_by)
    if reply:
        recipients |= {c.author.id: c.author for c in thread.comments}
    for user in [actor, *mentioned]:
        recipients.pop(user.id, None)
    name = "comment_reply" if reply else "comment_blocking" if thread.blocking else "comment_added"
    _send(recipients.values(), _MESSAGES[name], event, article, actor)


def on_comment_resolved(event: Event, article: Article, actor: User, thread) -> None:
    if thread.created_by_id != actor.id:
        _send([thread.created_by], _MESSAGES["comment_resolved"], event, article, actor)


def _message(template: str, article: Article, actor: User | None, **extra: str) -> str:
    name = actor.display_name if actor is not None else "Someone"
    return template.format(actor=name, headline=article.headline or "(untitled)", **extra)[:300]


def _send(users, template: str, event: Event, article: Article, actor: User | None, **extra: str) -> None:
    db.session.flush()  # the event needs its id
    message = _message(template, article, actor, **extra)
    for user in users:
        if user.active:
            db.session.add(Notification(user_id=user.id, event_id=event.id, article_id=article.id, message=message))


def _editors() -> list[User]:
    return list(
        db.session.execute(
            sa.select(User).join(UserRole).where(UserRole.role == Role.EDITOR, User.active.is_(True))
        ).scalars()
    )


def unread_count(user: User) -> int:
    """On every staff page: counted from the partial index of unread rows (ix_notifications_unread), never by
    reading a person's whole history; digests keep an editor's unread rows few."""
    return db.session.execute(
        sa.select(sa.func.count()).select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    ).scalar_one()


def inbox(user: User, *, page: int, per_page: int):
    query = (sa.select(Notification).where(Notification.user_id == user.id)
             .order_by(Notification.created_at.desc(), Notification.id.desc()))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def mark_read(user: User, notification_id: int | None = None) -> None:
    """Mark one notification (or all of them) read; someone else's is silently left alone."""
    query = sa.update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    db.session.execute(query.values(read_at=utcnow()))
    db.session.commit()
