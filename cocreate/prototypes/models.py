"""Prototypes of a service, their versions and screens, and the feedback rounds on them.

A `Prototype` (say "IMMERSE job matching") has versions (iteration 1, 2, …); a version has ordered
screens (a picture and a caption per language) with hotspots that lead to another screen of the same
version, so it can be walked through.  A version that has feedback is frozen: a change then makes a new
version with copies of its screens.  A `Round` hands one version out by a 4-character code; each
`Feedback` is one participant's walk through it: pins, reactions, comments, task results and the SUS.
Positions on a picture are relative (0..1 from the top left), whatever size the picture is shown at.
"""
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import enum_column, utcnow
from ..extensions import db
from ..participants.models import Participant
from ..projects.models import PilotSite, Project


class RoundMode(StrEnum):
    ANONYMOUS = "anonymous"
    LINKED = "linked"

    @property
    def label(self):
        return {RoundMode.ANONYMOUS: _l("Anonymous: no participant code is stored"),
                RoundMode.LINKED: _l("Linked: participants enter their participant code")}[self]


class ReactionValue(StrEnum):
    CLEAR = "clear"
    UNSURE = "unsure"
    CONFUSING = "confusing"

    @property
    def label(self):
        return {ReactionValue.CLEAR: _l("Clear"), ReactionValue.UNSURE: _l("Not sure"),
                ReactionValue.CONFUSING: _l("Confusing")}[self]

    @property
    def pictogram(self):
        return {ReactionValue.CLEAR: "😀", ReactionValue.UNSURE: "🤔", ReactionValue.CONFUSING: "😕"}[self]


class Prototype(db.Model):
    """A prototype of a service, of a project and optionally one pilot site."""

    __tablename__ = "prototypes"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int | None] = mapped_column(sa.ForeignKey("pilot_sites.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    project: Mapped[Project] = relationship()
    site: Mapped[PilotSite | None] = relationship()
    versions: Mapped[list["Version"]] = relationship(
        back_populates="prototype", order_by="Version.number", cascade="all, delete-orphan")

    def __repr__(self):
        return f"<Prototype {self.title!r}>"

    @property
    def access_scope(self):
        return self.project_id, self.site_id


class Version(db.Model):
    """One iteration of a prototype: 1, 2, …"""

    __tablename__ = "prototype_versions"
    __table_args__ = (sa.UniqueConstraint("prototype_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    prototype_id: Mapped[int] = mapped_column(sa.ForeignKey("prototypes.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    prototype: Mapped[Prototype] = relationship(back_populates="versions")
    screens: Mapped[list["Screen"]] = relationship(
        back_populates="version", order_by="Screen.position", cascade="all, delete-orphan")

    def __repr__(self):
        return f"<Version {self.prototype_id}.{self.number}>"

    @property
    def change_label(self):
        return f"{self.prototype.title} · v{self.number}"

    @property
    def access_scope(self):
        return self.prototype.access_scope


class Screen(db.Model):
    """A screen of a version: a picture (a photo of a paper sketch, a mock-up) and a caption per language."""

    __tablename__ = "prototype_screens"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("prototype_versions.id", ondelete="CASCADE"),
                                            index=True)
    position: Mapped[int] = mapped_column(default=0)
    filename: Mapped[str] = mapped_column(sa.String(120))
    width: Mapped[int]
    height: Mapped[int]
    caption: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    version: Mapped[Version] = relationship(back_populates="screens")
    hotspots: Mapped[list["Hotspot"]] = relationship(
        back_populates="screen", foreign_keys="Hotspot.screen_id", order_by="Hotspot.id",
        cascade="all, delete-orphan")

    def __repr__(self):
        return f"<Screen {self.version_id}.{self.position}>"

    @property
    def change_label(self):
        return f"{self.version.change_label} · {self.position + 1}"

    @property
    def access_scope(self):
        return self.version.access_scope


class Hotspot(db.Model):
    """A rectangle of a screen (relative: 0..1 of the picture's width and height) that leads to another screen
    of the same version; its label says in words where it leads (for screen readers and without pictures)."""

    __tablename__ = "prototype_hotspots"

    id: Mapped[int] = mapped_column(primary_key=True)
    screen_id: Mapped[int] = mapped_column(sa.ForeignKey("prototype_screens.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int | None] = mapped_column(sa.ForeignKey("prototype_screens.id", ondelete="CASCADE"),
                                                  index=True)
    x: Mapped[float]
    y: Mapped[float]
    w: Mapped[float]
    h: Mapped[float]
    label: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    screen: Mapped[Screen] = relationship(back_populates="hotspots", foreign_keys=[screen_id])
    target: Mapped[Screen | None] = relationship(foreign_keys=[target_id])

    def __repr__(self):
        return f"<Hotspot {self.screen_id}→{self.target_id}>"

    @property
    def access_scope(self):
        return self.screen.access_scope

    @property
    def change_label(self):
        return f"{self.screen.change_label} → {self.target.position + 1 if self.target else '?'}"

    def contains(self, x, y):
        return self.x <= x <= self.x + self.w and self.y <= y <= self.y + self.h


class Round(db.Model):
    """A feedback round: one version handed out by a code, at a pilot site or the whole project."""

    __tablename__ = "prototype_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("prototype_versions.id", ondelete="CASCADE"),
                                            index=True)
    site_id: Mapped[int | None] = mapped_column(sa.ForeignKey("pilot_sites.id", ondelete="SET NULL"), index=True)
    code: Mapped[str] = mapped_column(sa.String(4), unique=True)
    title: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    source_language: Mapped[str] = mapped_column(sa.String(10))
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    mode: Mapped[RoundMode] = mapped_column(enum_column(RoundMode, length=20), default=RoundMode.ANONYMOUS)
    ask_sus: Mapped[bool] = mapped_column(default=True)
    opened_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    version: Mapped[Version] = relationship()
    site: Mapped[PilotSite | None] = relationship()
    tasks: Mapped[list["Task"]] = relationship(
        back_populates="round", order_by="Task.position", cascade="all, delete-orphan")

    def __repr__(self):
        return f"<Round {self.code}>"

    @property
    def change_label(self):
        return f"{self.version.change_label} · {self.code}"

    @property
    def prototype(self):
        return self.version.prototype

    @property
    def access_scope(self):
        return self.version.prototype.project_id, self.site_id or self.version.prototype.site_id

    @property
    def is_open(self):
        return self.opened_at is not None and self.closed_at is None


class Task(db.Model):
    """A task of a round ("Where would you tap to find a training course?"): a success when the first tap
    falls inside the target hotspot."""

    __tablename__ = "prototype_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("prototype_rounds.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    prompt: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    target_id: Mapped[int] = mapped_column(sa.ForeignKey("prototype_hotspots.id", ondelete="CASCADE"), index=True)

    round: Mapped[Round] = relationship(back_populates="tasks")
    target: Mapped[Hotspot] = relationship()

    def __repr__(self):
        return f"<Task {self.round_id}.{self.position}>"

    @property
    def screen(self):
        return self.target.screen

    @property
    def access_scope(self):
        return self.round.access_scope


class Feedback(db.Model):
    """One participant's feedback on a round's version.  `client_uuid` makes a submission idempotent."""

    __tablename__ = "prototype_feedback"
    __table_args__ = (sa.UniqueConstraint("round_id", "client_uuid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("prototype_rounds.id", ondelete="CASCADE"), index=True)
    client_uuid: Mapped[str] = mapped_column(sa.String(36))
    language: Mapped[str] = mapped_column(sa.String(10))
    site_id: Mapped[int | None] = mapped_column(sa.ForeignKey("pilot_sites.id", ondelete="SET NULL"), index=True)
    participant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="SET NULL"), index=True)
    stakeholder_group: Mapped[str | None] = mapped_column(sa.String(30))
    # Recorded by a facilitator for a participant in a paper session.
    assisted: Mapped[bool] = mapped_column(default=False)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    sus: Mapped[list | None] = mapped_column(sa.JSON)
    sus_score: Mapped[float | None]
    submitted_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    round: Mapped[Round] = relationship()
    site: Mapped[PilotSite | None] = relationship()
    participant: Mapped[Participant | None] = relationship()
    pins: Mapped[list["Pin"]] = relationship(back_populates="feedback", cascade="all, delete-orphan",
                                             order_by="Pin.id")
    reactions: Mapped[list["Reaction"]] = relationship(back_populates="feedback", cascade="all, delete-orphan")
    comments: Mapped[list["Comment"]] = relationship(back_populates="feedback", cascade="all, delete-orphan",
                                                     order_by="Comment.id")
    task_results: Mapped[list["TaskResult"]] = relationship(back_populates="feedback",
                                                            cascade="all, delete-orphan")
    voice_comments: Mapped[list["VoiceComment"]] = relationship(
        back_populates="feedback", cascade="all, delete-orphan", order_by="VoiceComment.id")

    def __repr__(self):
        return f"<Feedback {self.id} on {self.round_id}>"

    @property
    def change_label(self):
        """How the record of changes names feedback: its number and round code, never what it says."""
        return f"#{self.id} · {self.round.code}"

    @property
    def access_scope(self):
        return self.round.version.prototype.project_id, self.site_id or self.round.access_scope[1]


class Pin(db.Model):
    """A comment pinned at a point of a screen (relative x, y)."""

    __tablename__ = "prototype_pins"

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(sa.ForeignKey("prototype_feedback.id", ondelete="CASCADE"),
                                             index=True)
    screen_id: Mapped[int] = mapped_column(sa.ForeignKey("prototype_screens.id", ondelete="CASCADE"), index=True)
    x: Mapped[float]
    y: Mapped[float]
    comment: Mapped[str] = mapped_column(sa.Text, default="")

    feedback: Mapped[Feedback] = relationship(back_populates="pins")
    screen: Mapped[Screen] = relationship()

    def __repr__(self):
        return f"<Pin {self.id} on {self.screen_id}>"


class Reaction(db.Model):
    """How a screen seemed to the participant: clear, unsure or confusing."""

    __tablename__ = "prototype_reactions"
    __table_args__ = (sa.UniqueConstraint("feedback_id", "screen_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(sa.ForeignKey("prototype_feedback.id", ondelete="CASCADE"),
                                             index=True)
    screen_id: Mapped[int] = mapped_column(sa.ForeignKey("prototype_screens.id", ondelete="CASCADE"), index=True)
    value: Mapped[ReactionValue] = mapped_column(enum_column(ReactionValue, length=20))

    feedback: Mapped[Feedback] = relationship(back_populates="reactions")

    def __repr__(self):
        return f"<Reaction {self.value} on {self.screen_id}>"


class Comment(db.Model):
    """A free-text comment on a screen (or on the whole version, without one)."""

    __tablename__ = "prototype_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(sa.ForeignKey("prototype_feedback.id", ondelete="CASCADE"),
                                             index=True)
    screen_id: Mapped[int | None] = mapped_column(sa.ForeignKey("prototype_screens.id", ondelete="CASCADE"),
                                                  index=True)
    text: Mapped[str] = mapped_column(sa.Text)

    feedback: Mapped[Feedback] = relationship(back_populates="comments")
    screen: Mapped[Screen | None] = relationship()

    def __repr__(self):
        return f"<Comment {self.id}>"


class TaskResult(db.Model):
    """A task's first tap: where (relative x, y; None when the participant gave up), after how many
    milliseconds, and whether it fell inside the target hotspot."""

    __tablename__ = "prototype_task_results"
    __table_args__ = (sa.UniqueConstraint("feedback_id", "task_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(sa.ForeignKey("prototype_feedback.id", ondelete="CASCADE"),
                                             index=True)
    task_id: Mapped[int] = mapped_column(sa.ForeignKey("prototype_tasks.id", ondelete="CASCADE"), index=True)
    x: Mapped[float | None]
    y: Mapped[float | None]
    ms: Mapped[int | None]
    success: Mapped[bool] = mapped_column(default=False)

    feedback: Mapped[Feedback] = relationship(back_populates="task_results")
    task: Mapped[Task] = relationship()

    def __repr__(self):
        return f"<TaskResult {self.task_id} {'ok' if self.success else 'miss'}>"


class VoiceComment(db.Model):
    """A comment on a screen spoken into the phone: the recording (a file outside `static`, heard only by
    staff) and the transcript or summary a facilitator types, which is what is coded and cited."""

    __tablename__ = "prototype_voice_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(sa.ForeignKey("prototype_feedback.id", ondelete="CASCADE"),
                                             index=True)
    screen_id: Mapped[int] = mapped_column(sa.ForeignKey("prototype_screens.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str | None] = mapped_column(sa.String(120))  # None: only the transcript is kept
    seconds: Mapped[float | None]
    transcript: Mapped[str] = mapped_column(sa.Text, default="")
    transcribed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    transcribed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    feedback: Mapped[Feedback] = relationship(back_populates="voice_comments")
    screen: Mapped[Screen] = relationship()

    def __repr__(self):
        return f"<VoiceComment {self.id} on {self.screen_id}>"

    @property
    def change_label(self):
        """How the record of changes names it: its number and the feedback's, never what it says."""
        return f"{self.feedback.change_label} · {self.id}"

    @property
    def access_scope(self):
        return self.feedback.access_scope


class PendingRecording(db.Model):
    """A recording uploaded during a walk through a round, kept until the walk is sent (then it becomes a
    VoiceComment) or until it is too old (then it is deleted with its file).  `client_uuid` is the walk's
    client id, which the server issued and signed with the form."""

    __tablename__ = "prototype_pending_recordings"
    __table_args__ = (sa.UniqueConstraint("round_id", "client_uuid", "screen_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("prototype_rounds.id", ondelete="CASCADE"), index=True)
    client_uuid: Mapped[str] = mapped_column(sa.String(36))
    screen_id: Mapped[int] = mapped_column(sa.ForeignKey("prototype_screens.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(sa.String(120))
    seconds: Mapped[float]
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)

    def __repr__(self):
        return f"<PendingRecording {self.round_id} {self.client_uuid} {self.screen_id}>"
