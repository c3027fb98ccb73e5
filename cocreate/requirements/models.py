"""Requirements of a project: a register with stable identifiers, relations between requirements and a
status workflow; the trace back to evidence (`EvidenceLink`) and forward to IMMERSE configuration items
(`ItemLink`, by the items' stable keys)."""
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import enum_column, utcnow
from ..extensions import db


class RequirementType(StrEnum):
    FUNCTIONAL = "functional"
    USABILITY = "usability"
    ACCESSIBILITY = "accessibility"
    LANGUAGE = "language"
    LEGAL_ETHICAL = "legal_ethical"
    PRIVACY_SECURITY = "privacy_security"
    DATA = "data"

    @property
    def label(self):
        return TYPE_LABELS[self]


TYPE_LABELS = {
    RequirementType.FUNCTIONAL: _l("Functional"),
    RequirementType.USABILITY: _l("Usability"),
    RequirementType.ACCESSIBILITY: _l("Accessibility"),
    RequirementType.LANGUAGE: _l("Language"),
    RequirementType.LEGAL_ETHICAL: _l("Legal or ethical"),
    RequirementType.PRIVACY_SECURITY: _l("Privacy or security"),
    RequirementType.DATA: _l("Data"),
}


class Priority(StrEnum):
    MUST = "must"
    SHOULD = "should"
    COULD = "could"
    WONT = "wont"

    @property
    def label(self):
        return PRIORITY_LABELS[self]


PRIORITY_LABELS = {
    Priority.MUST: _l("Must have"),
    Priority.SHOULD: _l("Should have"),
    Priority.COULD: _l("Could have"),
    Priority.WONT: _l("Won't have this time"),
}


class Status(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    IMPLEMENTED = "implemented"
    VERIFIED = "verified"
    REJECTED = "rejected"
    DEFERRED = "deferred"

    @property
    def label(self):
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.PROPOSED: _l("Proposed"),
    Status.ACCEPTED: _l("Accepted"),
    Status.IMPLEMENTED: _l("Implemented"),
    Status.VERIFIED: _l("Verified"),
    Status.REJECTED: _l("Rejected"),
    Status.DEFERRED: _l("Deferred"),
}

# The steps a requirement may take; rejected and deferred need a reason and lead back to proposed only.
TRANSITIONS = {
    Status.PROPOSED: {Status.ACCEPTED, Status.REJECTED, Status.DEFERRED},
    Status.ACCEPTED: {Status.IMPLEMENTED, Status.REJECTED, Status.DEFERRED},
    Status.IMPLEMENTED: {Status.VERIFIED, Status.REJECTED, Status.DEFERRED},
    Status.VERIFIED: set(),
    Status.REJECTED: {Status.PROPOSED},
    Status.DEFERRED: {Status.PROPOSED},
}
NEEDS_REASON = {Status.REJECTED, Status.DEFERRED}


class RelationKind(StrEnum):
    REFINES = "refines"
    CONFLICTS = "conflicts"


class SuspectReason(StrEnum):
    REQUIREMENT_CHANGED = "requirement_changed"
    ITEM_CHANGED = "item_changed"

    @property
    def label(self):
        return SUSPECT_LABELS[self]


SUSPECT_LABELS = {
    SuspectReason.REQUIREMENT_CHANGED: _l("The requirement changed since the link was made or last reviewed."),
    SuspectReason.ITEM_CHANGED: _l("The configuration item changed since the link was made or last reviewed."),
}


class RequirementCounter(db.Model):
    """The last number given to a requirement of a project, so that an identifier is never given twice."""

    __tablename__ = "requirement_counters"

    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    last_number: Mapped[int]

    def __repr__(self):
        return f"<RequirementCounter {self.project_id} {self.last_number}>"


class Requirement(db.Model):
    """One requirement of a project, `REQ-001` and on."""

    __tablename__ = "requirements"
    __table_args__ = (sa.UniqueConstraint("project_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(200))
    statement: Mapped[str] = mapped_column(sa.Text)
    rationale: Mapped[str] = mapped_column(sa.Text, default="")
    type: Mapped[RequirementType] = mapped_column(enum_column(RequirementType))
    priority: Mapped[Priority] = mapped_column(enum_column(Priority))
    status: Mapped[Status] = mapped_column(enum_column(Status), default=Status.PROPOSED)
    status_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # Stakeholder group values and pilot site codes concerned, comma-separated.
    stakeholder_groups: Mapped[str] = mapped_column(sa.String(200), default="")
    site_codes: Mapped[str] = mapped_column(sa.String(200), default="")
    acceptance_criteria: Mapped[str] = mapped_column(sa.Text, default="")
    derived: Mapped[bool] = mapped_column(default=False)
    derived_justification: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    project = relationship("Project")

    @property
    def identifier(self):
        return f"REQ-{self.number:03d}"

    @property
    def site_code_list(self):
        return [code for code in self.site_codes.split(",") if code]

    @property
    def group_list(self):
        return [group for group in self.stakeholder_groups.split(",") if group]

    @property
    def change_label(self):
        """How the record of changes names it."""
        return f"{self.identifier} {self.title}"

    @property
    def access_scope(self):
        """(project id, None): requirements belong to the project as a whole."""
        return self.project_id, None

    def __repr__(self):
        return f"<Requirement {self.identifier}>"


class RequirementRelation(db.Model):
    """`source` refines or conflicts with `target`, both of the same project."""

    __tablename__ = "requirement_relations"

    source_id: Mapped[int] = mapped_column(sa.ForeignKey("requirements.id", ondelete="CASCADE"), primary_key=True)
    target_id: Mapped[int] = mapped_column(sa.ForeignKey("requirements.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[RelationKind] = mapped_column(enum_column(RelationKind), primary_key=True)

    source = relationship(Requirement, foreign_keys=[source_id])
    target = relationship(Requirement, foreign_keys=[target_id])

    def __repr__(self):
        return f"<RequirementRelation {self.source_id} {self.kind.value} {self.target_id}>"


class EvidenceLink(db.Model):
    """The backward trace: a piece of evidence (any kind in the evidence registry, addressed as a `Ref` is)
    that a requirement rests on, with a short justification.

    What the trace needs to count and to show once the evidence is gone is kept on the link when it is made:
    the pilot site and stakeholder group the evidence came from (for evidence strength) and, for a survey
    question, a snapshot of its result at that moment.  When the evidence is erased, or its consent withdrawn,
    the link stays as a tombstone: `removed_on` says when.
    """

    __tablename__ = "requirement_evidence"
    __table_args__ = (sa.UniqueConstraint("requirement_id", "kind", "target_id", "part"),
                      sa.Index("ix_requirement_evidence_target", "kind", "target_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    requirement_id: Mapped[int] = mapped_column(sa.ForeignKey("requirements.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    target_id: Mapped[int]
    part: Mapped[str] = mapped_column(sa.String(64), default="")
    justification: Mapped[str] = mapped_column(sa.Text)
    site_id: Mapped[int | None] = mapped_column(sa.ForeignKey("pilot_sites.id", ondelete="SET NULL"))
    stakeholder_group: Mapped[str] = mapped_column(sa.String(40), default="")
    snapshot: Mapped[dict | None] = mapped_column(sa.JSON)
    linked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    linked_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    removed_on: Mapped[date | None] = mapped_column(sa.Date)
    erased: Mapped[bool] = mapped_column(default=False)

    requirement = relationship(Requirement)
    site = relationship("PilotSite")

    @property
    def ref(self):
        from ..evidence.registry import Ref

        return Ref(self.kind, self.target_id, self.part)

    @property
    def is_tombstone(self):
        return self.removed_on is not None

    @property
    def access_scope(self):
        return self.requirement.access_scope

    def __repr__(self):
        return f"<EvidenceLink {self.requirement_id} <- {self.kind}:{self.target_id}:{self.part}>"


class ItemLink(db.Model):
    """The forward trace: an IMMERSE configuration item (by its stable key, such as
    `firewall/employment-office/job-matching/age_band`) that implements a requirement.

    A link is suspect from the moment the requirement's statement or acceptance criteria, or the item itself,
    changed, until someone reviews it and clears it; `suspect_reason` says which of the two changed.
    """

    __tablename__ = "requirement_items"
    __table_args__ = (sa.Index("ix_requirement_items_key", "key"),)

    requirement_id: Mapped[int] = mapped_column(sa.ForeignKey("requirements.id", ondelete="CASCADE"),
                                                primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    suspect: Mapped[bool] = mapped_column(default=False)
    suspect_reason: Mapped[SuspectReason | None] = mapped_column(enum_column(SuspectReason), nullable=True)
    suspect_since: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    linked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    linked_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    requirement = relationship(Requirement)

    @property
    def access_scope(self):
        return self.requirement.access_scope

    def __repr__(self):
        return f"<ItemLink {self.requirement_id} -> {self.key}{' (suspect)' if self.suspect else ''}>"


recommendation_themes = sa.Table(
    "recommendation_themes", db.metadata,
    sa.Column("recommendation_id", sa.ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("code_id", sa.ForeignKey("codebook_codes.id", ondelete="CASCADE"), primary_key=True),
)

recommendation_requirements = sa.Table(
    "recommendation_requirements", db.metadata,
    sa.Column("recommendation_id", sa.ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("requirement_id", sa.ForeignKey("requirements.id", ondelete="CASCADE"), primary_key=True),
)


class Recommendation(db.Model):
    """A recommendation the project team writes for the policy brief of one pilot country (a country of the
    project's sites), at its place in that country's list, attached to codebook themes and requirements."""

    __tablename__ = "recommendations"
    __table_args__ = (sa.Index("ix_recommendations_project_country", "project_id", "country", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    country: Mapped[str] = mapped_column(sa.String(2))  # ISO 3166 code, as pilot sites keep it
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(sa.Text)
    language: Mapped[str] = mapped_column(sa.String(12))  # the language it is written in
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    project = relationship("Project")
    themes = relationship("Code", secondary=recommendation_themes, order_by="Code.name")
    requirements = relationship(Requirement, secondary=recommendation_requirements, order_by=Requirement.number)

    @property
    def change_label(self):
        """How the record of changes names it: its country and the start of its text."""
        return f"{self.country}: {self.text[:120]}"

    @property
    def access_scope(self):
        """(project id, None): the project team writes them; who may read a country's is decided by its sites."""
        return self.project_id, None

    def __repr__(self):
        return f"<Recommendation {self.country} #{self.position}>"
