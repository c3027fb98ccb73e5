"""Public authorities, their officers, the API tokens of their systems, and the log of what was released to them."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import as_utc, utcnow
from ..extensions import db

# An officer account belongs to one authority at most: the account is the key.
authority_officers = db.Table(
    "authority_officers",
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("authority_id", sa.ForeignKey("authorities.id", ondelete="CASCADE"), nullable=False, index=True),
)


class Authority(db.Model):
    """A public authority of a project, and the purposes it may declare when it reads records."""

    __tablename__ = "authorities"
    __table_args__ = (sa.UniqueConstraint("project_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(60))
    name: Mapped[str] = mapped_column(sa.String(200))
    purposes: Mapped[list] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    project = relationship("Project")
    officers = relationship("User", secondary=authority_officers, order_by="User.email")

    @property
    def access_scope(self):
        return self.project_id, None

    @property
    def change_label(self):
        return self.slug

    def __repr__(self):
        return f"<Authority {self.slug}>"


class ApiToken(db.Model):
    """A token an authority's system sends as `Authorization: Bearer …`; only its SHA-256 digest is kept."""

    __tablename__ = "authority_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(sa.ForeignKey("authorities.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    purposes: Mapped[list] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    authority = relationship("Authority")

    @property
    def access_scope(self):
        return self.authority.project_id, None

    @property
    def change_label(self):
        return f"{self.authority.slug} token {self.id}"

    def state(self, now=None):
        """"active", "revoked" or "expired"."""
        if self.revoked_at is not None:
            return "revoked"
        if as_utc(self.expires_at) <= (now or utcnow()):
            return "expired"
        return "active"

    def __repr__(self):
        return f"<ApiToken {self.id} of {self.authority_id}>"


class Release(db.Model):
    """One release of records through the firewall: to which authority, for which purpose, through which channel
    (the officers' pages or the API), how many records and which attributes, by whom or by which token.

    The authority is kept by slug as well, so that the entry reads the same after the authority is gone."""

    __tablename__ = "authority_releases"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int | None] = mapped_column(sa.ForeignKey("projects.id", ondelete="SET NULL"), index=True)
    authority_id: Mapped[int | None] = mapped_column(sa.ForeignKey("authorities.id", ondelete="SET NULL"))
    authority_slug: Mapped[str] = mapped_column(sa.String(60))
    purpose: Mapped[str] = mapped_column(sa.String(60))
    channel: Mapped[str] = mapped_column(sa.String(10))  # "ui" or "api"
    records: Mapped[int]
    attributes: Mapped[list] = mapped_column(sa.JSON, default=list)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    token_id: Mapped[int | None] = mapped_column(sa.ForeignKey("authority_tokens.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)

    user = relationship("User")

    @property
    def access_scope(self):
        return self.project_id, None

    @property
    def change_label(self):
        return f"{self.authority_slug} / {self.purpose}"

    def __repr__(self):
        return f"<Release {self.id} {self.authority_slug}/{self.purpose}>"
