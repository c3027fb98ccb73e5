"""One row per change a person made: what, to which object, where, by whom and when."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import utcnow
from ..extensions import db


class Change(db.Model):
    """A change made by a signed-in person.

    The object is named by its table and id, and described by `label` as it was at the time: the record
    outlives what it describes (a deleted note, a merged code). Project and site are plain ids for the
    same reason.
    """

    __tablename__ = "changes"
    __table_args__ = (sa.Index("ix_changes_project_at", "project_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    actor_name: Mapped[str] = mapped_column(sa.String(200), default="")
    action: Mapped[str] = mapped_column(sa.String(80))
    object_type: Mapped[str] = mapped_column(sa.String(60))
    object_id: Mapped[int | None]
    label: Mapped[str] = mapped_column(sa.String(300), default="")
    project_id: Mapped[int | None] = mapped_column(index=True)
    site_id: Mapped[int | None]
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    actor: Mapped["User | None"] = relationship("User")  # noqa: F821

    @property
    def access_scope(self):
        return self.project_id, self.site_id

    def __repr__(self):
        return f"<Change {self.action} {self.object_type}:{self.object_id}>"
