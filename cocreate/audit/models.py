from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..database import utcnow
from ..extensions import db


class AuditEntry(db.Model):
    """One audited event. Never updated or deleted by the application; `digest` chains it to the entry before.

    The actor, the object and the project are plain ids and names as they were, so that the entry reads the
    same after any of them is gone.
    """

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)
    actor_id: Mapped[int | None]
    actor_name: Mapped[str] = mapped_column(sa.String(200), default="")
    action: Mapped[str] = mapped_column(sa.String(80), index=True)
    object_type: Mapped[str] = mapped_column(sa.String(60), default="")
    object_id: Mapped[int | None]
    label: Mapped[str] = mapped_column(sa.String(300), default="")
    project_id: Mapped[int | None]
    details: Mapped[str] = mapped_column(sa.Text, default="{}")  # canonical JSON, exactly as digested
    previous_digest: Mapped[str] = mapped_column(sa.String(64))
    digest: Mapped[str] = mapped_column(sa.String(64), unique=True)

    def __repr__(self):
        return f"<AuditEntry {self.id} {self.action}>"


class AuditHead(db.Model):
    """The one row that holds the chain's length and last digest: removing the newest entries shows too, and
    locking this row puts concurrent appends in a line."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    entries: Mapped[int] = mapped_column(default=0)
    digest: Mapped[str] = mapped_column(sa.String(64))
