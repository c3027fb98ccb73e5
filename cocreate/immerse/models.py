"""Versioned configurations of IMMERSE modules: each save keeps a new version; none is ever changed."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import utcnow
from ..extensions import db


class ModuleConfiguration(db.Model):
    """Version `version` (1, 2, …) of a project's configuration of the module `module`."""

    __tablename__ = "immerse_configurations"
    __table_args__ = (sa.UniqueConstraint("project_id", "module", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    module: Mapped[str] = mapped_column(sa.String(40))
    version: Mapped[int]
    document: Mapped[dict] = mapped_column(sa.JSON)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    restored_from: Mapped[int | None]  # the earlier version this one rolled back to
    saved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    saved_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    project = relationship("Project")
    saved_by = relationship("User")

    @property
    def access_scope(self):
        return self.project_id, None

    @property
    def change_label(self):
        return f"{self.module} v{self.version}"

    def __repr__(self):
        return f"<ModuleConfiguration {self.project_id} {self.module} v{self.version}>"
