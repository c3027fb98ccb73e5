"""Migrants' profiles, the opportunities offered to them, and the ESCO taxonomy their skills are named in.

A profile's lists (skills, languages, qualifications…) are JSON columns of its own row, so that reading ten
thousand records is one query.  The protected attributes live in a table of their own, read only when asked for.
"""
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import utcnow
from ..extensions import db


class Profile(db.Model):
    """What a migrant told IMMERSE about their skills, languages, qualifications and situation."""

    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int | None] = mapped_column(sa.ForeignKey("pilot_sites.id", ondelete="SET NULL"), index=True)
    # The participant whose profile this is, when they take part in co-design too: their export of their own data
    # holds the profile, and erasing them erases it.
    participant_id: Mapped[int | None] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"),
                                                       index=True)
    skills: Mapped[list] = mapped_column(sa.JSON, default=list)  # ESCO skill URIs, sorted
    languages: Mapped[list] = mapped_column(sa.JSON, default=list)  # [{"language", "level"}]
    qualifications: Mapped[list] = mapped_column(sa.JSON, default=list)  # [{"title", "eqf", "recognition"}]
    work_experience: Mapped[list] = mapped_column(sa.JSON, default=list)  # [{"occupation", "years"}]
    region: Mapped[str | None] = mapped_column(sa.String(120))
    availability: Mapped[list] = mapped_column(sa.JSON, default=list)
    work_permit: Mapped[str | None] = mapped_column(sa.String(20))
    contact_preferences: Mapped[list] = mapped_column(sa.JSON, default=list)
    preferred_language: Mapped[str | None] = mapped_column(sa.String(8))
    interpreter_needed: Mapped[bool] = mapped_column(default=False)
    # ESCO URIs the profile names that the taxonomy does not hold: kept as given, flagged.
    unknown_uris: Mapped[list] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    project = relationship("Project")
    site = relationship("PilotSite")
    protected = relationship("ProtectedAttributes", uselist=False, back_populates="profile",
                             cascade="all, delete-orphan", passive_deletes=True)

    @property
    def access_scope(self):
        return self.project_id, self.site_id

    def __repr__(self):
        return f"<Profile {self.id}>"


class ProtectedAttributes(db.Model):
    """A profile's special-category attributes, one row per profile, apart from everything else."""

    __tablename__ = "profile_protected_attributes"

    profile_id: Mapped[int] = mapped_column(sa.ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True)
    gender: Mapped[str | None] = mapped_column(sa.String(40))
    date_of_birth: Mapped[date | None]
    nationality: Mapped[str | None] = mapped_column(sa.String(2))  # ISO 3166-1 alpha-2
    ethnicity: Mapped[str | None] = mapped_column(sa.String(120))
    religion: Mapped[str | None] = mapped_column(sa.String(120))
    health: Mapped[str | None] = mapped_column(sa.Text)

    profile = relationship("Profile", back_populates="protected")

    def __repr__(self):
        return f"<ProtectedAttributes {self.profile_id}>"


class Opportunity(db.Model):
    """A job vacancy or a training or development offer."""

    __tablename__ = "opportunities"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int | None] = mapped_column(sa.ForeignKey("pilot_sites.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(10))  # job | training
    title: Mapped[str] = mapped_column(sa.String(200))
    provider: Mapped[str] = mapped_column(sa.String(200), default="")
    occupation: Mapped[str | None] = mapped_column(sa.String(255))  # ESCO occupation URI
    essential_skills: Mapped[list] = mapped_column(sa.JSON, default=list)
    optional_skills: Mapped[list] = mapped_column(sa.JSON, default=list)
    languages: Mapped[list] = mapped_column(sa.JSON, default=list)
    min_eqf: Mapped[int | None]
    region: Mapped[str | None] = mapped_column(sa.String(120))
    schedule: Mapped[str | None] = mapped_column(sa.String(20))
    unknown_uris: Mapped[list] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    project = relationship("Project")
    site = relationship("PilotSite")

    @property
    def access_scope(self):
        return self.project_id, self.site_id

    def __repr__(self):
        return f"<Opportunity {self.id} {self.kind}>"


class EscoConcept(db.Model):
    """An ESCO occupation or skill, with its preferred label in each language the taxonomy was loaded in."""

    __tablename__ = "esco_concepts"

    id: Mapped[int] = mapped_column(primary_key=True)
    uri: Mapped[str] = mapped_column(sa.String(255), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(12))  # occupation | skill
    labels: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # language -> preferred label
    shipped: Mapped[bool] = mapped_column(default=False)  # part of the subset CoCreate ships

    def label(self, language):
        """The preferred label in `language`, else in English, else the URI."""
        return self.labels.get(language) or self.labels.get("en") or self.uri

    def __repr__(self):
        return f"<EscoConcept {self.kind} {self.uri}>"


class EscoRelation(db.Model):
    """That an occupation needs a skill, essentially or optionally."""

    __tablename__ = "esco_relations"
    __table_args__ = (sa.UniqueConstraint("occupation_id", "skill_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occupation_id: Mapped[int] = mapped_column(sa.ForeignKey("esco_concepts.id", ondelete="CASCADE"), index=True)
    skill_id: Mapped[int] = mapped_column(sa.ForeignKey("esco_concepts.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(sa.String(10))  # essential | optional

    occupation = relationship("EscoConcept", foreign_keys=[occupation_id])
    skill = relationship("EscoConcept", foreign_keys=[skill_id])

    def __repr__(self):
        return f"<EscoRelation {self.occupation_id} {self.relation} {self.skill_id}>"
