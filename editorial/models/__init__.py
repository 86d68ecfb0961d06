"""SQLAlchemy models; importing this package registers every table on the metadata."""

from editorial.models.articles import (
    Article,
    Assignment,
    Byline,
    EditLock,
    EditPresence,
    HandOver,
    Revision,
    TakeOverRequest,
)
from editorial.models.claims import Claim, ClaimMatch, ClaimMemoryStamp, ClaimSource, ClaimTerm, Source
from editorial.models.comments import Comment, CommentThread
from editorial.models.copydesk import (
    AnchoredSpan,
    DictionaryWord,
    FlagDismissal,
    HouseSetting,
    RevisionFlags,
    StyleRule,
)
from editorial.models.corrections import Correction
from editorial.models.events import Event, Notification
from editorial.models.outbox import Channel, DeliveryStatus, OutboxMessage, Webhook, WebhookFormat
from editorial.models.people import ApiToken, EmailDelivery, User, UserRole
from editorial.models.sessions import LoginSession, LoginThrottle

__all__ = [
    "Comment",
    "CommentThread",
    "Claim",
    "ClaimMatch",
    "ClaimMemoryStamp",
    "ClaimSource",
    "ClaimTerm",
    "Source",
    "Correction",
    "AnchoredSpan",
    "DictionaryWord",
    "HouseSetting",
    "FlagDismissal",
    "LoginSession",
    "LoginThrottle",
    "StyleRule",
    "ApiToken",
    "EmailDelivery",
    "Article",
    "Assignment",
    "Byline",
    "EditLock",
    "EditPresence",
    "HandOver",
    "Event",
    "Notification",
    "Channel",
    "DeliveryStatus",
    "OutboxMessage",
    "Webhook",
    "WebhookFormat",
    "Revision",
    "RevisionFlags",
    "TakeOverRequest",
    "User",
    "UserRole",
]
