from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


class Project(db.Model):
    """A co-design project, such as MIICT, with its pilot sites."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]

    sites: Mapped[list["PilotSite"]] = relationship(
        back_populates="project", order_by="PilotSite.code", cascade="all, delete-orphan")

    def __repr__(self):
        return f"<Project {self.slug}>"

    @property
    def access_scope(self):
        """(project id, None): the project as a whole, for `auth.permissions.can`."""
        return self.id, None


class PilotSite(db.Model):
    """A place where the project works with migrants, NGOs and public services."""

    __tablename__ = "pilot_sites"
    __table_args__ = (sa.UniqueConstraint("project_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(3))
    country: Mapped[str] = mapped_column(sa.String(2))
    city: Mapped[str] = mapped_column(sa.String(120))
    # Language codes (ISO 639) of the host country and of the migrants the site works with.
    host_languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    participant_languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    partner_organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    public_partner: Mapped[str] = mapped_column(sa.String(200), default="")
    # The IANA time zone people at the site live in ("Europe/Madrid"): times are shown and typed in it,
    # and stored in UTC.
    time_zone: Mapped[str] = mapped_column(sa.String(64), default="UTC", server_default="UTC")

    project: Mapped[Project] = relationship(back_populates="sites")

    def __repr__(self):
        return f"<PilotSite {self.code} {self.city}>"

    @property
    def access_scope(self):
        """(project id, site id), for `auth.permissions.can`."""
        return self.project_id, self.id

    @property
    def languages(self):
        """Every language spoken at the site, host languages first, without repeats."""
        return list(dict.fromkeys([*self.host_languages, *self.participant_languages]))
