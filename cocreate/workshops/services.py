"""Rules for workshops: agenda, methods library, attendance, notes, quotes, pictures, storyboards, reflections.

Plain functions: they take models, data and the acting user (`actor`, always
keyword-only), flush, announce the change (`signals.emit`) and leave the
commit to the view.  Errors a user can fix are raised as `WorkshopError` (or a
subclass) with a translated message.  Participants and consent are asked of
`participants.services`; the codebook lives in `evidence`.
"""
import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from ..database import utcnow
from ..evidence.services import fold
from ..extensions import db
from ..participants.models import ConsentScope, Participant
from ..participants.services import ParticipantError, has_consent, may_be_quoted, participant_at_site, quotable
from ..projects.models import PilotSite
from ..signals import emit
from .models import (
    Activity, Artifact, ArtifactKind, Attendance, Method, MethodGuide, Note, Phase, Quote, Reflection, Storyboard,
    StoryboardFrame, Workshop,
)


class WorkshopError(ValueError):
    """Something a user asked for that cannot be done; the message says why, in their language."""


class NoteConflict(WorkshopError):
    """Someone else saved the note since it was opened: both versions are kept for the user to merge."""

    def __init__(self, note, submitted_body):
        super().__init__(_("Someone else changed this note while you were editing it. "
                           "Your text is kept below, next to the saved version: combine them and save again."))
        self.note = note
        self.submitted_body = submitted_body


# --- workshops and agenda ---------------------------------------------------

def list_workshops(*, project=None, site=None):
    query = sa.select(Workshop).join(Workshop.site).order_by(PilotSite.code, Workshop.date, Workshop.id)
    if site is not None:
        query = query.where(Workshop.site_id == site.id)
    elif project is not None:
        query = query.where(PilotSite.project_id == project.id)
    return db.session.scalars(query).all()


def get_workshop(workshop_id):
    return db.session.get(Workshop, workshop_id)


def save_workshop(workshop, *, site, title, phase, date, place="", languages=(), objectives="",
                  facilitators=(), actor):
    """Create (when `workshop` is None) or update a workshop at `site`."""
    created = workshop is None
    if created:
        workshop = Workshop(site=site)
        db.session.add(workshop)
    workshop.title, workshop.phase, workshop.date = title, Phase(phase), date
    workshop.place, workshop.objectives = place or "", objectives or ""
    workshop.languages = list(languages)
    workshop.facilitators = list(facilitators)
    db.session.flush()
    return emit("workshops.created" if created else "workshops.changed", workshop, actor=actor)


def save_activity(workshop, activity, *, title, method, duration_minutes=None, materials="", actor):
    """Add (when `activity` is None) an item at the end of the agenda, or change one."""
    if activity is None:
        position = max((a.position for a in workshop.activities), default=0) + 1
        activity = Activity(workshop=workshop, position=position)
        db.session.add(activity)
    activity.title, activity.method = title, Method(method)
    activity.duration_minutes, activity.materials = duration_minutes, materials or ""
    db.session.flush()
    return emit("workshops.activity_saved", activity, actor=actor)


def delete_activity(activity, *, actor):
    """Remove an agenda item; what was recorded during it stays, no longer tied to it."""
    emit("workshops.activity_deleted", activity, actor=actor)
    db.session.delete(activity)
    db.session.flush()


def activity_of(workshop, activity_id):
    """The workshop's activity with this id (None for none); another workshop's is refused."""
    if not activity_id:
        return None
    activity = db.session.get(Activity, int(activity_id))
    if activity is None or activity.workshop_id != workshop.id:
        raise WorkshopError(_("This activity is not on the agenda of this workshop."))
    return activity


# --- methods library --------------------------------------------------------

def method_guide(method, language, *, fallback="en"):
    """The guide to `method` in `language`, else in the fallback language, else None."""
    guides = {g.language: g for g in db.session.scalars(
        sa.select(MethodGuide).where(MethodGuide.method == Method(method),
                                     MethodGuide.language.in_([language, fallback])))}
    return guides.get(language) or guides.get(fallback)


def save_method_guide(method, language, *, purpose, steps, materials, tips, actor):
    """Write the guide to `method` in `language` (each language is its own text)."""
    guide = db.session.scalar(sa.select(MethodGuide).where(MethodGuide.method == Method(method),
                                                           MethodGuide.language == language))
    if guide is None:
        guide = MethodGuide(method=Method(method), language=language)
        db.session.add(guide)
    guide.purpose, guide.steps, guide.materials, guide.tips = purpose or "", steps or "", materials or "", tips or ""
    db.session.flush()
    return emit("workshops.method_guide_saved", guide, actor=actor)


# --- attendance -------------------------------------------------------------

def attendance(workshop):
    """The participants present at `workshop`, by code."""
    return db.session.scalars(sa.select(Participant).join(Attendance, Attendance.participant_id == Participant.id)
                              .where(Attendance.workshop_id == workshop.id).options(selectinload(Participant.consents))
                              .order_by(Participant.code)).all()


def mark_present(workshop, participant, *, actor):
    """Record `participant` as present; only a participant of the site who consents to take part."""
    if participant.site_id != workshop.site_id:
        raise WorkshopError(_("Participant %(code)s belongs to another pilot site (%(site)s).",
                              code=participant.code, site=participant.site.code))
    if not has_consent(participant, ConsentScope.TAKE_PART):
        raise WorkshopError(_("%(code)s has no consent to take part on record, so cannot be marked present. "
                              "Record the consent first.", code=participant.code))
    if not has_consent(participant, ConsentScope.TAKE_PART, on=workshop.date):
        raise WorkshopError(_("%(code)s had not consented to take part on the day of this workshop (%(date)s), "
                              "so cannot be marked present at it.",
                              code=participant.code, date=workshop.date.isoformat()))
    if db.session.get(Attendance, (workshop.id, participant.id)) is None:
        attendance = Attendance(workshop_id=workshop.id, participant_id=participant.id)
        db.session.add(attendance)
        db.session.flush()
        emit("workshops.marked_present", attendance, actor=actor)


def mark_absent(workshop, participant, *, actor):
    row = db.session.get(Attendance, (workshop.id, participant.id))
    if row is not None:
        emit("workshops.marked_absent", row, actor=actor)
        db.session.delete(row)
        db.session.flush()


# --- notes ------------------------------------------------------------------

def list_notes(workshop):
    return db.session.scalars(sa.select(Note).where(Note.workshop_id == workshop.id)
                              .options(selectinload(Note.author), selectinload(Note.activity))
                              .order_by(Note.observed_at, Note.id)).all()


def add_note(workshop, *, body, activity=None, actor):
    if not body or body.isspace():  # the form strips what is typed (filters=[strip])
        raise WorkshopError(_("The note is empty."))
    note = Note(workshop=workshop, activity=activity, body=body, search_text=fold(body),
                author_id=actor.id if actor else None, updated_by_id=actor.id if actor else None)
    db.session.add(note)
    db.session.flush()
    return emit("workshops.note_added", note, actor=actor)


def update_note(note, *, body, expected_version, activity=None, actor):
    """Save a new text for `note`, as edited from `expected_version`.

    When someone saved the note in between, nothing is overwritten: `NoteConflict`
    carries the saved note and the submitted text.
    """
    if not body or body.isspace():
        raise WorkshopError(_("The note is empty."))
    try:
        expected = int(str(expected_version).strip())
    except (TypeError, ValueError):
        expected = None  # a tampered or lost version: treated as a conflict, so nothing is overwritten
    if expected != note.version:
        raise NoteConflict(note, body)
    # One conditional UPDATE: it changes the row only if nobody saved it since version `expected`, so a race
    # between our read and our write is a conflict too, and nothing the caller did in this transaction is lost.
    changed = db.session.execute(
        sa.update(Note).where(Note.id == note.id, Note.version == expected)
        .values(body=body, search_text=fold(body), activity_id=activity.id if activity else None,
                updated_by_id=actor.id if actor else None, updated_at=utcnow(), version=expected + 1)
        .execution_options(synchronize_session=False)).rowcount
    db.session.refresh(note)
    if changed != 1:
        raise NoteConflict(note, body)
    return emit("workshops.note_changed", note, actor=actor)


# --- quotes -----------------------------------------------------------------

def list_quotes(workshop):
    return db.session.scalars(sa.select(Quote).where(Quote.workshop_id == workshop.id)
                              .options(selectinload(Quote.speaker).selectinload(Participant.consents),
                                       selectinload(Quote.activity))
                              .order_by(Quote.created_at, Quote.id)).all()


def add_quote(workshop, *, speaker_code, text, language, translation="", translation_language="en",
              activity=None, actor):
    """Record a verbatim quote by the participant with `speaker_code`, who must belong to the workshop's site.

    A quote from someone without consent to quotes is stored all the same, and never exported or published.
    """
    if not text or text.isspace():
        raise WorkshopError(_("The quote is empty."))
    try:
        speaker = participant_at_site(speaker_code, workshop.site)
    except ParticipantError as error:
        raise WorkshopError(str(error)) from None
    quote = Quote(workshop=workshop, activity=activity, speaker=speaker, text=text, language=language,
                  translation=translation or "", translation_language=translation_language or "en",
                  search_text=fold(f"{text} {translation or ''}"), recorded_by_id=actor.id if actor else None)
    db.session.add(quote)
    db.session.flush()
    return emit("workshops.quote_added", quote, actor=actor)


# --- artifacts and storyboards ----------------------------------------------

def list_artifacts(workshop):
    return db.session.scalars(sa.select(Artifact).where(Artifact.workshop_id == workshop.id)
                              .order_by(Artifact.created_at, Artifact.id)).all()


def add_artifact(workshop, *, upload, kind, title, description="", activity=None, name_hint=None, actor):
    """Store an uploaded image (checked, cleaned of metadata, with a thumbnail) as an artifact of `workshop`."""
    from . import images

    stored = images.store(upload, name_hint=name_hint)
    artifact = Artifact(workshop=workshop, activity=activity, kind=ArtifactKind(kind), title=title,
                        description=description or "", filename=stored.filename, content_type=stored.content_type,
                        width=stored.width, height=stored.height, size_bytes=stored.size_bytes,
                        uploaded_by_id=actor.id if actor else None)
    db.session.add(artifact)
    db.session.flush()
    return emit("workshops.artifact_added", artifact, actor=actor)


def list_storyboards(workshop):
    return db.session.scalars(sa.select(Storyboard).where(Storyboard.workshop_id == workshop.id)
                              .options(selectinload(Storyboard.frames)).order_by(Storyboard.id)).all()


def create_storyboard(workshop, *, title, description="", actor):
    storyboard = Storyboard(workshop=workshop, title=title, description=description or "")
    db.session.add(storyboard)
    db.session.flush()
    return emit("workshops.storyboard_created", storyboard, actor=actor)


def add_frame(storyboard, *, caption, narration="", reactions="", upload=None, name_hint=None, actor):
    """Add a frame at the end of `storyboard`; its picture (optional) is stored as a storyboard artifact."""
    artifact = None
    position = len(storyboard.frames) + 1
    if upload is not None:
        artifact = add_artifact(storyboard.workshop, upload=upload, kind=ArtifactKind.STORYBOARD,
                                title=f"{storyboard.title} — {position}", actor=actor, name_hint=name_hint)
    frame = StoryboardFrame(storyboard=storyboard, position=position, artifact=artifact, caption=caption,
                            narration=narration or "", reactions=reactions or "")
    db.session.add(frame)
    db.session.flush()
    return emit("workshops.frame_added", frame, actor=actor)


# --- reflection -------------------------------------------------------------

def get_reflection(workshop):
    return db.session.scalar(sa.select(Reflection).where(Reflection.workshop_id == workshop.id))


def save_reflection(workshop, *, what_worked, what_did_not, adaptations, actor):
    reflection = get_reflection(workshop)
    if reflection is None:
        reflection = Reflection(workshop=workshop)
        db.session.add(reflection)
    reflection.what_worked, reflection.what_did_not = what_worked or "", what_did_not or ""
    reflection.adaptations, reflection.author_id = adaptations or "", actor.id if actor else None
    db.session.flush()
    return emit("workshops.reflection_saved", reflection, actor=actor)


# --- what the handbook may use ----------------------------------------------

def publishable_quotes(project):
    """Quotes of `project` that may be published: their speakers consent to taking part and to quotes."""
    return db.session.scalars(
        sa.select(Quote).join(Workshop, Workshop.id == Quote.workshop_id)
        .join(PilotSite, PilotSite.id == Workshop.site_id)
        .where(PilotSite.project_id == project.id, quotable(Quote.speaker_id)).order_by(Quote.id)).all()


def quote_is_publishable(quote):
    return may_be_quoted(quote.speaker)
