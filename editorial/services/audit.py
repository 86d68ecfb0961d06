"""Writing the append-only audit trail. Called inside a service's transaction, never on its own.

Every event is also a log line on "editorial.audit" saying who did what to which record, written when the
transaction commits (nothing is logged for work that was rolled back)."""

from __future__ import annotations

import logging
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Session

from editorial.extensions import db
from editorial.logs import loggable
from editorial.models import Event

log = logging.getLogger("editorial.audit")
PENDING = "audit_log_lines"  # Session.info key: lines waiting for the commit


class Kind(StrEnum):
    ARTICLE_CREATED = "article_created"
    ARTICLE_SAVED = "article_saved"
    REVISION_RESTORED = "revision_restored"
    TRANSITION = "transition"
    SENT_BACK_BY_EDIT = "sent_back_by_edit"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGIN_THROTTLED = "login_throttled"  # a pair or an address starts waiting; details.retry_after (seconds)
    LOGOUT = "logout"
    SESSIONS_ENDED = "sessions_ended"  # details.count, details.reason: other log-ins of that person ended
    PASSWORD_CHANGED = "password_changed"
    USER_CREATED = "user_created"
    ROLES_CHANGED = "roles_changed"
    USER_DEACTIVATED = "user_deactivated"
    USER_REACTIVATED = "user_reactivated"
    INVITE_ACCEPTED = "invite_accepted"
    TOKEN_CREATED = "token_created"
    TOKEN_REVOKED = "token_revoked"
    TOKENS_REVOKED = "tokens_revoked"  # all of a person's at once; details.token_ids, details.reason
    ASSIGNED = "assigned"
    FLAG_DISMISSED = "flag_dismissed"
    FLAG_DISMISSAL_UNDONE = "flag_dismissal_undone"  # the dismissal is deleted: details keep what it said
    CLAIM_CREATED = "claim_created"
    CLAIM_STATUS = "claim_status"
    CLAIM_EDITED = "claim_edited"
    CLAIM_REANCHORED = "claim_reanchored"
    CLAIM_CLOSED = "claim_closed"
    CLAIM_ASSIGNED = "claim_assigned"
    SOURCE_ATTACHED = "source_attached"
    CLAIM_REUSED = "claim_reused"  # details.claim, details.reused_from, details.sources: an earlier claim's sources taken
    DICTIONARY_CHANGED = "dictionary_changed"
    STYLE_CHANGED = "style_changed"
    UNASSIGNED = "unassigned"
    SETTINGS_CHANGED = "settings_changed"
    WEBHOOKS_CHANGED = "webhooks_changed"  # details.added or details.removed: {id, url…}
    GATE_OVERRIDDEN = "gate_overridden"  # details.blockers: what was open when an editor published anyway
    PUBLISH_SCHEDULED = "publish_scheduled"
    PUBLISH_UNSCHEDULED = "publish_unscheduled"
    SCHEDULED_PUBLISH_FAILED = "scheduled_publish_failed"  # details.blockers: why publish-due refused
    COMMENT_ADDED = "comment_added"  # a new thread; details.thread, details.text (the words it is on)
    COMMENT_REPLIED = "comment_replied"
    COMMENT_RESOLVED = "comment_resolved"
    COMMENT_REOPENED = "comment_reopened"
    COMMENT_BLOCKING = "comment_blocking"  # details.blocking: the new value
    COMMENT_REANCHORED = "comment_reanchored"  # its words left the text: orphaned


def record(kind: Kind, *, actor=None, article=None, subject_user=None, **fields) -> Event:
    event = Event(
        kind=kind.value,
        actor_id=actor.id if actor is not None else None,
        article_id=article.id if article is not None else None,
        subject_user_id=subject_user.id if subject_user is not None else None,
        **fields,
    )
    db.session.add(event)
    db.session.info.setdefault(PENDING, []).append(_log_line(kind, actor, article, subject_user, fields))
    return event


def _log_line(kind: Kind, actor, article, subject_user, fields: dict) -> tuple[str, dict]:
    """Who (id and user name), what (the kind, states moved between), to which record (article, person)."""
    who = f"{actor.username}(#{actor.id})" if actor is not None else "-"
    parts, facts = [f"audit {kind.value} by {who}"], {"kind": kind.value}
    if actor is not None:
        facts.update(actor_id=actor.id, actor=actor.username)
    if article is not None:
        parts.append(f"article=#{article.id}")
        facts["article_id"] = article.id
    if subject_user is not None:
        parts.append(f"subject={subject_user.username}(#{subject_user.id})")
        facts.update(subject_user_id=subject_user.id, subject_user=subject_user.username)
    for name, label in (("from_state", "from"), ("to_state", "to")):
        if fields.get(name):
            parts.append(f"{label}={fields[name]}")
            facts[name] = fields[name]
    if "username_tried" in fields:
        parts.append(f"tried={loggable(fields['username_tried'])}")
        facts["username_tried"] = fields["username_tried"]
    if fields.get("remote_addr"):
        parts.append(f"addr={loggable(fields['remote_addr'])}")
        facts["remote_addr"] = fields["remote_addr"]
    return " ".join(parts), {"event": facts}


@sa.event.listens_for(Session, "after_commit")
def _log_committed(session: Session) -> None:
    for message, extra in session.info.pop(PENDING, ()):
        log.info("%s", message, extra=extra)


@sa.event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session: Session, previous_transaction) -> None:
    session.info.pop(PENDING, None)
