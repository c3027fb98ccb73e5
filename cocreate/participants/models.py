"""Participants: pseudonymous codes, their consent history, and special-category attributes kept apart.

Participants are known by codes such as CY-M-014.  Their special-category
attributes (those of `immerse_core.privacy.SPECIAL_CATEGORIES`) live in
`ParticipantProfile`, a table of its own that no list or page loads: only
`services.profile_statistics` reads it, and only to count with small-cell
suppression.  Consent is an append-only history: a withdrawal is never undone,
a renewal is a new record dated after it.
"""
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import enum_column, utcnow
from ..extensions import db
from ..projects.models import PilotSite
from ..pseudonyms import new_pseudonym_key, pseudonym
from .linking import new_link_digest


class StakeholderGroup(StrEnum):
    MIGRANT = "migrant"
    NGO = "ngo"
    PUBLIC_SERVICE = "public_service"
    EXPERT = "expert"

    @property
    def label(self):
        return STAKEHOLDER_LABELS[self]

    @property
    def letter(self):
        """The letter in a participant code: CY-M-014 is a migrant at the Cyprus site."""
        return STAKEHOLDER_LETTERS[self]


STAKEHOLDER_LABELS = {
    StakeholderGroup.MIGRANT: _l("Migrant or refugee"),
    StakeholderGroup.NGO: _l("NGO"),
    StakeholderGroup.PUBLIC_SERVICE: _l("Public service"),
    StakeholderGroup.EXPERT: _l("Subject-matter expert"),
}
STAKEHOLDER_LETTERS = {
    StakeholderGroup.MIGRANT: "M",
    StakeholderGroup.NGO: "N",
    StakeholderGroup.PUBLIC_SERVICE: "P",
    StakeholderGroup.EXPERT: "E",
}


class ConsentScope(StrEnum):
    TAKE_PART = "take_part"
    AUDIO = "audio"
    PHOTOS = "photos"
    QUOTES = "quotes"

    @property
    def label(self):
        return CONSENT_LABELS[self]


CONSENT_LABELS = {
    ConsentScope.TAKE_PART: _l("Taking part"),
    ConsentScope.AUDIO: _l("Audio recording"),
    ConsentScope.PHOTOS: _l("Photographs"),
    ConsentScope.QUOTES: _l("Quotes in publications"),
}


class Participant(db.Model):
    """A person taking part, known only by a pseudonymous code such as CY-M-014."""

    __tablename__ = "participants"
    # A code is unique within its site (so within its project, whose sites have distinct codes); two projects
    # may each have an "ES" site, hence an ES-M-001 each.
    __table_args__ = (sa.UniqueConstraint("site_id", "stakeholder_group", "number"),
                      sa.UniqueConstraint("site_id", "code", name="uq_participants_site_id_code"),
                      sa.UniqueConstraint("link_digest", name="uq_participants_link_digest"))

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("pilot_sites.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(20), index=True)
    stakeholder_group: Mapped[StakeholderGroup] = mapped_column(enum_column(StakeholderGroup))
    number: Mapped[int]
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    # SHA-256 of the participant's link code (see `linking`): what links a survey response or feedback to them.
    link_digest: Mapped[str] = mapped_column(sa.String(64), default=new_link_digest)
    # The key of the pseudonym the audit log names the participant by (see `cocreate.pseudonyms`): erased with them.
    pseudonym_key: Mapped[str] = mapped_column(sa.String(64), default=new_pseudonym_key)

    site: Mapped[PilotSite] = relationship()
    consents: Mapped[list["Consent"]] = relationship(
        back_populates="participant", order_by="Consent.id", cascade="all, delete-orphan")

    @property
    def access_scope(self):
        return self.site.project_id, self.site_id

    @property
    def audit_label(self):
        """How the audit log names the participant: by a pseudonym of the code under their own key, which an
        erasure takes away with them (see `cocreate.pseudonyms`)."""
        return self.pseudonym_of(self.code)

    def pseudonym_of(self, code):
        """A code of this participant's (their current one, or one they held before) as the audit log writes it."""
        if self.pseudonym_key is None:  # not flushed yet
            self.pseudonym_key = new_pseudonym_key()
        return pseudonym(code, self.pseudonym_key)

    def __repr__(self):
        return f"<Participant {self.code}>"


class CodeCounter(db.Model):
    """The last number given in a stakeholder group at a site, so that a code is never given twice: not after
    its participant was deleted, nor after they moved to another group."""

    __tablename__ = "participant_code_counters"

    site_id: Mapped[int] = mapped_column(sa.ForeignKey("pilot_sites.id", ondelete="CASCADE"), primary_key=True)
    stakeholder_group: Mapped[StakeholderGroup] = mapped_column(enum_column(StakeholderGroup), primary_key=True)
    last_number: Mapped[int]

    def __repr__(self):
        return f"<CodeCounter {self.site_id} {self.stakeholder_group.value} {self.last_number}>"


class ParticipantProfile(db.Model):
    """Special-category attributes of one participant: counted in aggregates, never shown one by one."""

    __tablename__ = "participant_profiles"

    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True)
    gender: Mapped[str | None] = mapped_column(sa.String(40))
    age_band: Mapped[str | None] = mapped_column(sa.String(20))
    nationality: Mapped[str | None] = mapped_column(sa.String(40))
    ethnicity: Mapped[str | None] = mapped_column(sa.String(40))
    religion: Mapped[str | None] = mapped_column(sa.String(40))
    health: Mapped[str | None] = mapped_column(sa.String(40))
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    # One way only: a participant never loads its profile.
    participant: Mapped[Participant] = relationship()

    def __repr__(self):
        return f"<ParticipantProfile of {self.participant_id}>"


class Consent(db.Model):
    """A participant's consent for one scope, as recorded on a given form version; withdrawn when dated.

    Append-only history: a record is never deleted or moved in time, a withdrawal is never undone, and a
    renewal is a new record dated after the withdrawal (see `services.record_consent`).
    """

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    scope: Mapped[ConsentScope] = mapped_column(enum_column(ConsentScope))
    form_version: Mapped[str] = mapped_column(sa.String(40))
    given_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    withdrawn_on: Mapped[date | None]
    # For a consent renewed after a withdrawal of the same scope: how it was obtained again.
    how_obtained: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    withdrawn_recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    participant: Mapped[Participant] = relationship(back_populates="consents")
    recorded_by: Mapped["User | None"] = relationship(foreign_keys=[recorded_by_id])  # noqa: F821
    withdrawn_recorded_by: Mapped["User | None"] = relationship(  # noqa: F821
        foreign_keys=[withdrawn_recorded_by_id])

    @property
    def active(self):
        return self.withdrawn_on is None

    @property
    def access_scope(self):
        return self.participant.access_scope

    def __repr__(self):
        return f"<Consent {self.scope.value} of {self.participant_id}>"
