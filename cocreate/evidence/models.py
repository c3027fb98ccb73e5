"""The codebook: codes of a project, and codings that apply them to any kind of evidence."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import utcnow
from ..extensions import db
from ..projects.models import Project
from .registry import Ref


class Code(db.Model):
    """A code of a project's codebook; codes nest under a parent theme."""

    __tablename__ = "codebook_codes"
    __table_args__ = (sa.UniqueConstraint("project_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("codebook_codes.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(120))
    definition: Mapped[str] = mapped_column(sa.Text, default="")
    examples: Mapped[str] = mapped_column(sa.Text, default="")

    project: Mapped[Project] = relationship()
    parent: Mapped["Code | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Code"]] = relationship(back_populates="parent", order_by="Code.name")

    @property
    def access_scope(self):
        return self.project_id, None

    def __repr__(self):
        return f"<Code {self.name!r}>"


class Coding(db.Model):
    """A code applied to a piece of evidence, optionally to a highlighted excerpt of it.

    The evidence is addressed by `target_type` (a kind in `registry.EVIDENCE_KINDS`: "note", "quote",
    "frame", "survey_answer"…), `target_id` (the row that holds it) and `target_part` (where one row holds
    several pieces: the question key of one answer in a survey response; "" otherwise).
    """

    __tablename__ = "codings"
    __table_args__ = (sa.Index("ix_codings_target", "target_type", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code_id: Mapped[int] = mapped_column(sa.ForeignKey("codebook_codes.id", ondelete="CASCADE"), index=True)
    target_type: Mapped[str] = mapped_column(sa.String(40))
    target_id: Mapped[int]
    target_part: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    excerpt: Mapped[str] = mapped_column(sa.Text, default="")
    coded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    code: Mapped[Code] = relationship()

    @property
    def ref(self):
        return Ref(self.target_type, self.target_id, self.target_part)

    @property
    def access_scope(self):
        return self.code.access_scope

    def __repr__(self):
        return f"<Coding {self.code_id} on {self.target_type}:{self.target_id}:{self.target_part}>"
