"""SQLAlchemy models; importing this package registers every table on the metadata."""

from editorial.models.articles import Article, Assignment, Byline, EditLock, Revision
from editorial.models.events import Event, Notification
from editorial.models.people import ApiToken, User, UserRole

__all__ = ["ApiToken", "Article", "Assignment", "Byline", "EditLock", "Event", "Notification", "Revision", "User", "UserRole"]
