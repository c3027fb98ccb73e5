"""Surveys, their sections and questions, the versions participants answered, and the responses.

Texts that facilitators write (titles, questions, help, choices) are stored per
language as JSON objects `{"en": "...", "ar": "..."}`; the survey's source
language always has a text, other languages may lack one (shown with the source
text instead, flagged).  Each response records the version of the survey it
answered; `SurveyVersion` keeps every version's definition, so an edit made
after responses exist never changes what an earlier answer meant.
"""
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import enum_column, utcnow
from ..extensions import db
from ..projects.models import PilotSite, Project
from ..participants.models import Participant


class SurveyMode(StrEnum):
    ANONYMOUS = "anonymous"
    LINKED = "linked"

    @property
    def label(self):
        return {SurveyMode.ANONYMOUS: _l("Anonymous: no participant code is stored"),
                SurveyMode.LINKED: _l("Linked: participants enter their participant code")}[self]


class Survey(db.Model):
    """A questionnaire of a project, optionally for one pilot site and workshop."""

    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int | None] = mapped_column(sa.ForeignKey("pilot_sites.id", ondelete="SET NULL"), index=True)
    workshop_id: Mapped[int | None] = mapped_column(sa.ForeignKey("workshops.id", ondelete="SET NULL"), index=True)
    # Four characters participants type or scan: /s/<code>.
    code: Mapped[str] = mapped_column(sa.String(4), unique=True)
    source_language: Mapped[str] = mapped_column(sa.String(10))
    # Every language the survey is offered in, the source language first.
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    title: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    description: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # Translations whose source text changed after they were written: {item: [language, ...]}, where an
    # item is "title", "description", "s<id>.title", "q<id>.label", "q<id>.help" or "q<id>.choice:<value>".
    outdated_translations: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    mode: Mapped[SurveyMode] = mapped_column(
        enum_column(SurveyMode, length=20),
        default=SurveyMode.ANONYMOUS)
    # When a facilitator first opened it; None while it is a draft, which nobody can answer yet.
    opened_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    opens_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    closes_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # Set when a survey with responses is put away: out of the default list, no more answers, results kept.
    archived_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # The version responses are recorded against now; raised by an edit made after responses exist.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    project: Mapped[Project] = relationship()
    site: Mapped[PilotSite | None] = relationship()
    # The workshop it was handed out at: by name, as features do not import each other (workshops registers it).
    workshop: Mapped["Workshop | None"] = relationship("Workshop")  # noqa: F821
    sections: Mapped[list["Section"]] = relationship(
        back_populates="survey", order_by="Section.position", cascade="all, delete-orphan")

    def __repr__(self):
        return f"<Survey {self.code}>"

    @property
    def access_scope(self):
        """(project id, site id or None): who may act on it (`auth.permissions.can`)."""
        return self.project_id, self.site_id


class Section(db.Model):
    """A screen of the survey: one section per screen on a phone."""

    __tablename__ = "survey_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    key: Mapped[str] = mapped_column(sa.String(64))
    title: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # Skip logic: the section is shown only when this condition on earlier answers holds (None: always).
    condition: Mapped[dict | None] = mapped_column(sa.JSON)

    survey: Mapped[Survey] = relationship(back_populates="sections")
    questions: Mapped[list["Question"]] = relationship(
        back_populates="section", order_by="Question.position", cascade="all, delete-orphan")

    def __repr__(self):
        return f"<Section {self.key}>"


class Question(db.Model):
    """One question; `kind` names its class in the question-kind registry (`kinds.KINDS`)."""

    __tablename__ = "survey_questions"
    __table_args__ = (sa.UniqueConstraint("survey_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(sa.ForeignKey("survey_sections.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    # The name of the answer in exports and in the API (an XLSForm `name`).
    key: Mapped[str] = mapped_column(sa.String(64))
    kind: Mapped[str] = mapped_column(sa.String(30))
    label: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    help: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    required: Mapped[bool] = mapped_column(default=False)
    # [{"value": "work", "label": {"en": "Finding work", ...}}, ...] in the order shown.
    choices: Mapped[list] = mapped_column(sa.JSON, default=list)
    # Bounds for numbers ({"min": 0, "max": 120}), maximum length for text.
    settings: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    condition: Mapped[dict | None] = mapped_column(sa.JSON)

    survey: Mapped[Survey] = relationship()
    section: Mapped[Section] = relationship(back_populates="questions")

    def __repr__(self):
        return f"<Question {self.key} ({self.kind})>"


class SurveyVersion(db.Model):
    """The definition of a survey as participants saw it in one version."""

    __tablename__ = "survey_versions"
    __table_args__ = (sa.UniqueConstraint("survey_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    definition: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    def __repr__(self):
        return f"<SurveyVersion {self.survey_id}.{self.number}>"


class Response(db.Model):
    """One participant's submitted answers. `client_uuid` makes a submission idempotent."""

    __tablename__ = "survey_responses"
    __table_args__ = (sa.UniqueConstraint("survey_id", "client_uuid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    survey_version: Mapped[int]
    client_uuid: Mapped[str] = mapped_column(sa.String(36))
    language: Mapped[str] = mapped_column(sa.String(10))
    site_id: Mapped[int | None] = mapped_column(sa.ForeignKey("pilot_sites.id", ondelete="SET NULL"), index=True)
    # Linked mode only: the participant, and their stakeholder group as it was when they answered.  Their
    # answers go with them (never kept as if anonymous, so a deleted person's answers never count in results).
    participant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    stakeholder_group: Mapped[str | None] = mapped_column(sa.String(30))
    channel: Mapped[str] = mapped_column(sa.String(10), default="web")
    answers: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    submitted_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    survey: Mapped[Survey] = relationship()
    site: Mapped[PilotSite | None] = relationship()
    participant: Mapped[Participant | None] = relationship()

    @property
    def access_scope(self):
        """The survey's project, and the site the response came from (else the survey's)."""
        return self.survey.project_id, self.site_id or self.survey.site_id

    @property
    def change_label(self):
        """How the record of changes names a response: its number and survey code, never an answer."""
        return f"#{self.id} · {self.survey.code}"

    def __repr__(self):
        return f"<Response {self.id} to {self.survey_id}>"


class AnswerFile(db.Model):
    """A file a participant uploaded as the answer to an image, audio, video or file question.

    It is pending (`response_id` empty) from the screen that received it until the response is sent: then the
    answer, which names the file by `filename`, claims it. Pending files older than `SURVEY_PENDING_SECONDS`
    are deleted with what they hold.  `client_uuid` is the response walk's client id; `digest` makes the same
    file sent again under the same walk and question the same stored file.
    """

    __tablename__ = "survey_answer_files"
    __table_args__ = (sa.Index("ix_survey_answer_files_walk", "survey_id", "client_uuid", "question_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    response_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("survey_responses.id", ondelete="CASCADE"), index=True)
    client_uuid: Mapped[str] = mapped_column(sa.String(36))
    question_key: Mapped[str] = mapped_column(sa.String(64))
    kind: Mapped[str] = mapped_column(sa.String(10))
    filename: Mapped[str] = mapped_column(sa.String(120), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size_bytes: Mapped[int]
    digest: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)

    survey: Mapped[Survey] = relationship()
    response: Mapped[Response | None] = relationship()

    @property
    def access_scope(self):
        """The survey's project, and the site of the response (else the survey's)."""
        site = self.response.site_id if self.response is not None else None
        return self.survey.project_id, site or self.survey.site_id

    def __repr__(self):
        return f"<AnswerFile {self.filename} of {self.survey_id}>"


class QuestionMedia(db.Model):
    """A picture, sound or video shown beside a question (`choice_value` empty) or one of its choices.

    Per `language`, or `EVERY_LANGUAGE` ("*") for every language without its own. `name` is the file's name as
    the form calls it (an XLSForm's `media::image` cell, or the uploaded file's name); `filename` is the stored
    file, empty while the file is only expected (imported from a form, not uploaded yet). Stored files are
    never rewritten: a replaced file is removed only once no version of the survey names it.
    """

    EVERY_LANGUAGE = "*"

    __tablename__ = "survey_question_media"
    __table_args__ = (sa.UniqueConstraint("question_id", "choice_value", "kind", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("survey_questions.id", ondelete="CASCADE"), index=True)
    choice_value: Mapped[str] = mapped_column(sa.String(64), default="")
    kind: Mapped[str] = mapped_column(sa.String(10))
    language: Mapped[str] = mapped_column(sa.String(10))
    name: Mapped[str] = mapped_column(sa.String(255))
    filename: Mapped[str | None] = mapped_column(sa.String(120))
    content_type: Mapped[str | None] = mapped_column(sa.String(100))
    size_bytes: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    survey: Mapped[Survey] = relationship()
    question: Mapped[Question] = relationship()

    @property
    def access_scope(self):
        return self.survey.access_scope

    @property
    def change_label(self):
        """How the record of changes names it: question, choice, kind and language."""
        choice = f" · {self.choice_value}" if self.choice_value else ""
        return f"{self.question.key}{choice} · {self.kind} · {self.language}"

    def __repr__(self):
        return f"<QuestionMedia {self.kind} {self.name} of {self.question_id}>"
