"""Loading articles for a person: every route goes through here, so no one sees what they may not."""

from __future__ import annotations

import sqlalchemy as sa

from editorial.database import db, lock_for_writing
from editorial.models import Article, Assignment, Byline, User
from editorial.permissions import (
    CHECKABLE_STATES,
    Can,
    can_read_review,
    can_view_article,
    capabilities,
    capacities,
)
from editorial.services.errors import Forbidden, NotFound
from editorial.workflow import Capacity, State

NOT_FOUND = "No such article, or you do not have access to it."
REVIEW_PRIVATE = (
    "The review comments, claims, earlier revisions and timeline of a piece are for its authors, whoever is "
    "assigned to it, fact-checkers, editors and admins: you may read the published piece only."
)


def can_view(user: User, article: Article) -> bool:
    return can_view_article(
        user.roles, is_author=article.is_author(user), state=article.state, is_assigned=article.is_assigned(user)
    )


def may_read_review(user: User, article: Article) -> bool:
    return can_read_review(
        user.roles, is_author=article.is_author(user), state=article.state, is_assigned=article.is_assigned(user)
    )


def capacities_on(user: User, article: Article) -> frozenset[Capacity]:
    return capacities(user.roles, is_author=article.is_author(user))


def get_article(user: User, article_id: int, *, for_update: bool = False) -> Article:
    """The article if this person may see it; otherwise NotFound (whether it exists is not revealed)."""
    if not for_update:  # a page looks its article up more than once: the session's copy answers after the first
        # with its bylines and assignments (who may see it) in the same statement
        article = db.session.get(Article, article_id, options=[sa.orm.joinedload(Article.byline_rows),
                                                               sa.orm.joinedload(Article.assignments)])
        if article is None or not can_view(user, article):
            raise NotFound(NOT_FOUND)
        return article
    query = sa.select(Article).where(Article.id == article_id)
    if for_update:
        # A writer works from the article as committed now, and nobody commits another version of it before
        # this transaction ends: PostgreSQL locks the row; SQLite takes its database write lock. The row is
        # read again even if this session loaded it earlier (populate_existing), or a save committed in
        # between would go unseen.
        lock_for_writing()
        query = query.with_for_update().execution_options(populate_existing=True)
    article = db.session.execute(query).scalar_one_or_none()
    if article is None or not can_view(user, article):
        raise NotFound(NOT_FOUND)
    return article


def get_review_material(user: User, article_id: int, *, for_update: bool = False) -> Article:
    """The article, when this person may read its internal record (permissions.can_read_review): Forbidden
    when they may read only the published piece, NotFound when not even that."""
    article = get_article(user, article_id, for_update=for_update)
    if not may_read_review(user, article):
        raise Forbidden(REVIEW_PRIVATE)
    return article


def visible_filter(user: User) -> sa.ColumnElement[bool]:
    """The SQL form of permissions.can_view_article (tests check the two agree)."""
    caps = capabilities(user.roles)
    if Can.EDIT_ANY in caps:
        return sa.true()
    clauses = [
        Article.state == State.PUBLISHED,
        sa.exists().where(Assignment.article_id == Article.id, Assignment.user_id == user.id),
    ]
    if Can.WRITE in caps:
        clauses.append(Article.created_by_id == user.id)
        clauses.append(sa.exists().where(Byline.article_id == Article.id, Byline.user_id == user.id))
    if Can.CHECK_FACTS in caps:
        clauses.append(Article.state.in_(sorted(CHECKABLE_STATES)))
    return sa.or_(*clauses)


def review_filter(user: User) -> sa.ColumnElement[bool]:
    """The SQL form of permissions.can_read_review, over Article (who may read a piece's claims)."""
    caps = capabilities(user.roles)
    if caps & {Can.EDIT_ANY, Can.AUDIT}:
        return sa.true()
    clauses = [sa.exists().where(Assignment.article_id == Article.id, Assignment.user_id == user.id)]
    if Can.WRITE in caps:
        clauses.append(Article.created_by_id == user.id)
        clauses.append(sa.exists().where(Byline.article_id == Article.id, Byline.user_id == user.id))
    if Can.CHECK_FACTS in caps:
        clauses.append(Article.state.in_(sorted(CHECKABLE_STATES)))
    return sa.or_(*clauses)
