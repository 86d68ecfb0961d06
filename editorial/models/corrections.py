"""Public correction notes: one per republication of an already-published article. Kept forever."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editorial.database import UTCDateTime, db, utcnow
from editorial.models.people import User


class Correction(db.Model):
    """What was wrong and what is right, published with the revision that corrects it."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("articles.id", ondelete="RESTRICT"), index=True)
    revision_id: Mapped[int] = mapped_column(sa.ForeignKey("revisions.id"))
    note: Mapped[str] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    created_by: Mapped[User | None] = relationship(lazy="joined")


@sa_event.listens_for(Correction, "before_update")
def _refuse_update(mapper, connection, target) -> None:
    raise RuntimeError("corrections are never edited")


@sa_event.listens_for(Correction, "before_delete")
def _refuse_delete(mapper, connection, target) -> None:
    raise RuntimeError("corrections are never deleted")
