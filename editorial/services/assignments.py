"""Asking a person (a reviewing editor, a fact-checker) to work on an article."""

from __future__ import annotations

from editorial.database import db
from editorial.models import Article, Assignment, User
from editorial.permissions import Can, capabilities
from editorial.services import notifications, people
from editorial.services.access import get_article
from editorial.services.audit import Kind, record
from editorial.services.errors import Forbidden, Invalid


def assign(actor: User, article_id: int, user_id: int) -> Article:
    article = get_article(actor, article_id, for_update=True)
    _check_may_assign(actor)
    assignee = people.get(user_id)
    if not assignee.active:
        raise Invalid(f"{assignee.display_name} is deactivated.", field="user_id")
    if not may_be_assigned(assignee):
        raise Invalid("Only editors and fact-checkers can be assigned to an article.", field="user_id")
    if article.is_assigned(assignee):
        return article
    article.assignments.append(Assignment(user_id=assignee.id, assigned_by_id=actor.id))
    event = record(Kind.ASSIGNED, actor=actor, article=article, subject_user=assignee)
    notifications.on_assignment(event, article, actor, assignee)
    db.session.commit()
    return article


def unassign(actor: User, article_id: int, user_id: int) -> Article:
    article = get_article(actor, article_id, for_update=True)
    _check_may_assign(actor)
    row = next((a for a in article.assignments if a.user_id == user_id), None)
    if row is not None:
        article.assignments.remove(row)
        record(Kind.UNASSIGNED, actor=actor, article=article, subject_user=people.get(user_id))
        db.session.commit()
    return article


def may_be_assigned(user: User) -> bool:
    return user.active and bool(capabilities(user.roles) & {Can.EDIT_ANY, Can.CHECK_FACTS})


def candidates(article: Article) -> list[User]:
    """Who could still be assigned to this article, for the picker."""
    assigned = {a.user_id for a in article.assignments}
    return [u for u in people.list_people(include_inactive=False) if u.id not in assigned and may_be_assigned(u)]


def _check_may_assign(actor: User) -> None:
    if Can.EDIT_ANY not in capabilities(actor.roles):
        db.session.rollback()
        raise Forbidden("Only editors assign people to articles.")
