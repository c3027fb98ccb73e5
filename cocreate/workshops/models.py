"""Workshops at pilot sites and what was recorded there.

Who took part is a `participants.models.Participant`, known by a code; what
they said is a `Quote`, shown or exported only while they consent to quotes.
Every model answers `access_scope` ((project id, pilot site id)), which the
permission policy reads.
"""
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import enum_column, utcnow
from ..extensions import db
from ..participants.models import Participant
from ..projects.models import PilotSite


class Phase(StrEnum):
    REQUIREMENTS = "requirements"
    CODESIGN_1 = "codesign_1"
    CODESIGN_2 = "codesign_2"
    EVALUATION = "evaluation"

    @property
    def label(self):
        return PHASE_LABELS[self]


PHASE_LABELS = {
    Phase.REQUIREMENTS: _l("Requirements elicitation"),
    Phase.CODESIGN_1: _l("Co-design round 1"),
    Phase.CODESIGN_2: _l("Co-design round 2"),
    Phase.EVALUATION: _l("Evaluation"),
}


class Method(StrEnum):
    FOCUS_GROUP = "focus_group"
    INTERVIEW = "interview"
    COGNITIVE_MAPPING = "cognitive_mapping"
    CONTEXT_MAPPING = "context_mapping"
    STORYBOARDING = "storyboarding"
    PAPER_PROTOTYPING = "paper_prototyping"
    QUESTIONNAIRE = "questionnaire"
    OTHER = "other"

    @property
    def label(self):
        return METHOD_LABELS[self]


METHOD_LABELS = {
    Method.FOCUS_GROUP: _l("Focus group"),
    Method.INTERVIEW: _l("Interview"),
    Method.COGNITIVE_MAPPING: _l("Cognitive mapping"),
    Method.CONTEXT_MAPPING: _l("Context mapping"),
    Method.STORYBOARDING: _l("Storyboarding"),
    Method.PAPER_PROTOTYPING: _l("Paper prototyping"),
    Method.QUESTIONNAIRE: _l("Questionnaire"),
    Method.OTHER: _l("Other method"),
}


class ArtifactKind(StrEnum):
    CONTEXT_MAP = "context_map"
    COGNITIVE_MAP = "cognitive_map"
    STORYBOARD = "storyboard"
    PAPER_PROTOTYPE = "paper_prototype"
    OTHER = "other"

    @property
    def label(self):
        return ARTIFACT_LABELS[self]


ARTIFACT_LABELS = {
    ArtifactKind.CONTEXT_MAP: _l("Context map"),
    ArtifactKind.COGNITIVE_MAP: _l("Cognitive map"),
    ArtifactKind.STORYBOARD: _l("Storyboard"),
    ArtifactKind.PAPER_PROTOTYPE: _l("Paper prototype"),
    ArtifactKind.OTHER: _l("Other artifact"),
}


workshop_facilitators = sa.Table(
    "workshop_facilitators", db.metadata,
    sa.Column("workshop_id", sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


# The participants a storyboard frame shows (drawn, photographed or telling its story): the frame is theirs to
# have erased.
storyboard_frame_people = sa.Table(
    "storyboard_frame_people", db.metadata,
    sa.Column("frame_id", sa.ForeignKey("storyboard_frames.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("participant_id", sa.ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


class Workshop(db.Model):
    """A focus group, interview round or co-design workshop held at a pilot site."""

    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("pilot_sites.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    phase: Mapped[Phase] = mapped_column(enum_column(Phase))
    date: Mapped[date]
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    # Language codes spoken in the session.
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    objectives: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    site: Mapped[PilotSite] = relationship()
    facilitators: Mapped[list["User"]] = relationship(  # noqa: F821
        secondary=workshop_facilitators, order_by="User.display_name")
    activities: Mapped[list["Activity"]] = relationship(
        back_populates="workshop", order_by="Activity.position", cascade="all, delete-orphan")

    @property
    def access_scope(self):
        return self.site.project_id, self.site_id

    def __repr__(self):
        return f"<Workshop {self.id} {self.title!r}>"


class Activity(db.Model):
    """One item of a workshop's agenda, done with one method."""

    __tablename__ = "workshop_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(200))
    method: Mapped[Method] = mapped_column(enum_column(Method))
    duration_minutes: Mapped[int | None]
    materials: Mapped[str] = mapped_column(sa.Text, default="")

    workshop: Mapped[Workshop] = relationship(back_populates="activities")

    def __repr__(self):
        return f"<Activity {self.id} {self.method.value}>"

    @property
    def access_scope(self):
        return self.workshop.access_scope

class MethodGuide(db.Model):
    """The methods library: how to use a method, in one language (the handbook uses it)."""

    __tablename__ = "method_guides"
    __table_args__ = (sa.UniqueConstraint("method", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    method: Mapped[Method] = mapped_column(enum_column(Method))
    language: Mapped[str] = mapped_column(sa.String(10))
    purpose: Mapped[str] = mapped_column(sa.Text, default="")
    steps: Mapped[str] = mapped_column(sa.Text, default="")
    materials: Mapped[str] = mapped_column(sa.Text, default="")
    tips: Mapped[str] = mapped_column(sa.Text, default="")
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    def __repr__(self):
        return f"<MethodGuide {self.method.value} {self.language}>"


class Attendance(db.Model):
    """A participant was present at a workshop."""

    __tablename__ = "workshop_attendance"

    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True)
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    participant: Mapped[Participant] = relationship()
    workshop: Mapped[Workshop] = relationship()

    @property
    def access_scope(self):
        return self.workshop.access_scope

class Note(db.Model):
    """An observation written during or after a workshop; edits are checked against `version`."""

    __tablename__ = "workshop_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("workshop_activities.id", ondelete="SET NULL"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    # Case- and accent-folded copy of the body for portable full-text search.
    search_text: Mapped[str] = mapped_column(sa.Text, default="")
    observed_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    workshop: Mapped[Workshop] = relationship()
    activity: Mapped[Activity | None] = relationship()
    author: Mapped["User | None"] = relationship(foreign_keys=[author_id])  # noqa: F821
    updated_by: Mapped["User | None"] = relationship(foreign_keys=[updated_by_id])  # noqa: F821

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self):
        return f"<Note {self.id} v{self.version}>"

    @property
    def change_label(self):
        """How the record of changes names the note: by its workshop (its text may be personal)."""
        return self.workshop.title

    @property
    def access_scope(self):
        return self.workshop.access_scope

class Quote(db.Model):
    """What a participant said, verbatim in the original language, with a translation.

    Whether it may be exported or published is never stored: it is asked of the
    speaker's consents each time, so a withdrawal takes effect at once.
    """

    __tablename__ = "workshop_quotes"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("workshop_activities.id", ondelete="SET NULL"), index=True)
    speaker_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    language: Mapped[str] = mapped_column(sa.String(10))
    translation: Mapped[str] = mapped_column(sa.Text, default="")
    translation_language: Mapped[str] = mapped_column(sa.String(10), default="en")
    search_text: Mapped[str] = mapped_column(sa.Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    workshop: Mapped[Workshop] = relationship()
    activity: Mapped[Activity | None] = relationship()
    speaker: Mapped[Participant] = relationship()

    def __repr__(self):
        return f"<Quote {self.id} by {self.speaker_id}>"

    @property
    def change_label(self):
        """How the record of changes names the quote: speaker and workshop, never the words."""
        return f"{self.speaker.code} · {self.workshop.title}"

    @property
    def access_scope(self):
        return self.workshop.access_scope

class Artifact(db.Model):
    """A photo or scan of something made in a workshop; the file is re-encoded without metadata."""

    __tablename__ = "workshop_artifacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("workshop_activities.id", ondelete="SET NULL"), index=True)
    kind: Mapped[ArtifactKind] = mapped_column(enum_column(ArtifactKind))
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # Name of the stored file (and of its thumbnail) in the uploads folder.
    filename: Mapped[str] = mapped_column(sa.String(80), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(40))
    width: Mapped[int]
    height: Mapped[int]
    size_bytes: Mapped[int]
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    workshop: Mapped[Workshop] = relationship()
    activity: Mapped[Activity | None] = relationship()

    def __repr__(self):
        return f"<Artifact {self.id} {self.kind.value}>"

    @property
    def access_scope(self):
        return self.workshop.access_scope

class Storyboard(db.Model):
    """A story told as ordered frames, such as a job search from the migrant's side."""

    __tablename__ = "storyboards"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")

    workshop: Mapped[Workshop] = relationship()
    frames: Mapped[list["StoryboardFrame"]] = relationship(
        back_populates="storyboard", order_by="StoryboardFrame.position", cascade="all, delete-orphan")

    def __repr__(self):
        return f"<Storyboard {self.id} {self.title!r}>"

    @property
    def access_scope(self):
        return self.workshop.access_scope

class StoryboardFrame(db.Model):
    """One frame of a storyboard: its picture, caption, narration and how participants reacted."""

    __tablename__ = "storyboard_frames"

    id: Mapped[int] = mapped_column(primary_key=True)
    storyboard_id: Mapped[int] = mapped_column(sa.ForeignKey("storyboards.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    artifact_id: Mapped[int | None] = mapped_column(sa.ForeignKey("workshop_artifacts.id", ondelete="SET NULL"))
    caption: Mapped[str] = mapped_column(sa.String(300))
    narration: Mapped[str] = mapped_column(sa.Text, default="")
    reactions: Mapped[str] = mapped_column(sa.Text, default="")

    storyboard: Mapped[Storyboard] = relationship(back_populates="frames")
    artifact: Mapped[Artifact | None] = relationship()
    people: Mapped[list[Participant]] = relationship(secondary=storyboard_frame_people,
                                                     order_by=Participant.code)

    def __repr__(self):
        return f"<StoryboardFrame {self.storyboard_id}#{self.position}>"

    @property
    def change_label(self):
        return f"{self.storyboard.title} · {self.position}. {self.caption}"

    @property
    def access_scope(self):
        return self.storyboard.access_scope

class Reflection(db.Model):
    """The facilitators' reflection on a workshop: the handbook's lessons learned."""

    __tablename__ = "workshop_reflections"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"), unique=True)
    what_worked: Mapped[str] = mapped_column(sa.Text, default="")
    what_did_not: Mapped[str] = mapped_column(sa.Text, default="")
    adaptations: Mapped[str] = mapped_column(sa.Text, default="")
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    workshop: Mapped[Workshop] = relationship()

    @property
    def access_scope(self):
        return self.workshop.access_scope