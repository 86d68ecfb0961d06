"""Writing the append-only audit trail. Called inside a service's transaction, never on its own."""

from __future__ import annotations

from enum import StrEnum

from editorial.extensions import db
from editorial.models import Event


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
    return event
