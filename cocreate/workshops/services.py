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
from ..dates import format_day
from ..evidence.services import codings_by_row, count_codings, fold, forget, remove_coding
from ..extensions import db
from ..participants.models import ConsentScope, Participant
from ..participants.services import (
    participants_query,
    ParticipantError, has_consent, may_be_quoted, participant_at_site, quotable, quoting_withdrawn_on,
)
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
    """Remove an agenda item; what was recorded during it stays, no longer tied to it.

    The items after it move up, so the agenda stays numbered 1, 2, 3…
    """
    workshop = activity.workshop
    emit("workshops.activity_deleted", activity, actor=actor)
    workshop.activities.remove(activity)  # delete-orphan: the row goes with the flush
    _renumber(workshop.activities)
    db.session.flush()


def recorded_during(activity):
    """{"notes": n, "quotes": n, "pictures": n} recorded during `activity`: what stays when it is deleted."""
    return {name: db.session.scalar(sa.select(sa.func.count(model.id)).where(model.activity_id == activity.id))
            for name, model in (("notes", Note), ("quotes", Quote), ("pictures", Artifact))}


UP, DOWN = "up", "down"


def _renumber(items):
    """Number `items` 1, 2, 3… in their present order (by position, then id): dense and unique."""
    ordered = sorted(items, key=lambda item: (item.position, item.id or 0))
    for number, item in enumerate(ordered, start=1):
        item.position = number
    return ordered


def _move(items, item, direction):
    """Swap `item` with its neighbour above or below; False when it is already first or last."""
    if direction not in (UP, DOWN):
        raise WorkshopError(_("Choose to move it up or down."))
    ordered = _renumber(items)
    index = ordered.index(item)
    other = index - 1 if direction == UP else index + 1
    if not 0 <= other < len(ordered):
        return False
    ordered[index].position, ordered[other].position = ordered[other].position, ordered[index].position
    return True


def move_activity(activity, direction, *, actor):
    """Move an agenda item one place up or down; whether it moved (the first cannot go up, the last down)."""
    moved = _move(activity.workshop.activities, activity, direction)
    db.session.flush()
    if moved:
        emit("workshops.activity_moved", activity, actor=actor, direction=direction, position=activity.position)
    return moved


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

def attendance_query(workshop):
    """SQL: the participants present at `workshop`, by code."""
    return (sa.select(Participant).join(Attendance, Attendance.participant_id == Participant.id)
            .where(Attendance.workshop_id == workshop.id).options(selectinload(Participant.consents))
            .order_by(Participant.code, Participant.id))


def attendance(workshop):
    """The participants present at `workshop`, by code."""
    return db.session.scalars(attendance_query(workshop)).all()


def attendance_count(workshop):
    """How many participants are marked present at `workshop`."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Attendance)
                             .where(Attendance.workshop_id == workshop.id))


def absent_query(workshop):
    """SQL: the participants of the workshop's site not marked present at it, in the order of their codes."""
    present = sa.exists().where(Attendance.workshop_id == workshop.id, Attendance.participant_id == Participant.id)
    return participants_query(workshop.site).where(~present)


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

def notes_query(workshop):
    """SQL: the notes of `workshop` in the order they were observed (the order of its page)."""
    return (sa.select(Note).where(Note.workshop_id == workshop.id)
            .options(selectinload(Note.author), selectinload(Note.activity))
            .order_by(Note.observed_at, Note.id))


def list_notes(workshop):
    return db.session.scalars(notes_query(workshop)).all()


def recent_notes(workshop, count=3):
    """The last `count` notes of `workshop`, oldest first."""
    latest = db.session.scalars(notes_query(workshop).order_by(None)
                                .order_by(Note.observed_at.desc(), Note.id.desc()).limit(count)).all()
    return latest[::-1]


def position_of_note(note):
    """How many notes of its workshop come before `note` on the workshop's page (one COUNT)."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Note).where(
        Note.workshop_id == note.workshop_id,
        sa.or_(Note.observed_at < note.observed_at, sa.and_(Note.observed_at == note.observed_at, Note.id < note.id))))


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

def quotes_query(workshop):
    """SQL: the quotes of `workshop` in the order they were recorded (the order of its page)."""
    return (sa.select(Quote).where(Quote.workshop_id == workshop.id)
            .options(selectinload(Quote.speaker).selectinload(Participant.consents), selectinload(Quote.activity))
            .order_by(Quote.created_at, Quote.id))


def list_quotes(workshop):
    return db.session.scalars(quotes_query(workshop)).all()


def position_of_quote(quote):
    """How many quotes of its workshop come before `quote` on the workshop's page (one COUNT)."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Quote).where(
        Quote.workshop_id == quote.workshop_id,
        sa.or_(Quote.created_at < quote.created_at, sa.and_(Quote.created_at == quote.created_at, Quote.id < quote.id))))


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


# --- correcting and removing what was recorded ------------------------------
#
# Deleting evidence (a note, a quote, a storyboard frame) removes its codings first, through the codebook's own
# service, so the record of changes names each one.  Deleted pictures leave the disk only once the deletion is
# committed (`images.remove_after_commit`): a rollback keeps both the rows and the files.
#
# Editing the text of coded evidence: a coding that highlights an excerpt no longer found in the new text would
# point at nothing, so it is removed with the edit (`codings_lost_by` lets the page ask first).  Codings of the
# whole item, without an excerpt, stay.

def codings_lost_by(kind, item_id, text):
    """The codings of evidence `kind` #`item_id` whose excerpt would no longer be found in `text`."""
    folded = fold(text)
    return [coding for coding in codings_by_row(kind, [item_id])[item_id]
            if coding.excerpt and fold(coding.excerpt) not in folded]


def _remove_lost_codings(kind, item_id, text, *, actor):
    lost = codings_lost_by(kind, item_id, text)
    for coding in lost:
        remove_coding(coding, actor=actor)
    return len(lost)


def note_text_changed(note, *, actor):
    """After `update_note`: remove the codings whose excerpt left the note; how many went."""
    return _remove_lost_codings("note", note.id, note.body, actor=actor)


def delete_note(note, *, actor):
    """Delete a note and its codings; returns how many codings went with it."""
    removed = forget("note", [note.id], actor=actor)
    emit("workshops.note_deleted", note, actor=actor, codings=removed)
    db.session.delete(note)
    db.session.flush()
    return removed


def update_quote(quote, *, speaker_code, text, language, translation="", translation_language="en",
                 activity=None, actor):
    """Correct a quote, under the rules `add_quote` applies, and two more for consent.

    A quote whose speaker withdrew consent to quotes keeps its text hidden: it cannot be edited (only deleted),
    since saving it again, or giving it to another speaker, would show it again.  Moving a quote to another
    speaker needs that person's consent to be quoted.
    """
    withdrawn = quoting_withdrawn_on(quote.speaker)
    if withdrawn is not None:
        raise WorkshopError(_("%(code)s withdrew consent to quotes on %(date)s: this quote can no longer be "
                              "changed, only deleted.", code=quote.speaker.code, date=format_day(withdrawn)))
    if not text or text.isspace():
        raise WorkshopError(_("The quote is empty."))
    try:
        speaker = participant_at_site(speaker_code, quote.workshop.site)
    except ParticipantError as error:
        raise WorkshopError(str(error)) from None
    if speaker.id != quote.speaker_id and not may_be_quoted(speaker):
        raise WorkshopError(_("%(code)s does not consent to being quoted: the quote cannot be given to them.",
                              code=speaker.code))
    quote.speaker, quote.text, quote.language = speaker, text, language
    quote.translation, quote.translation_language = translation or "", translation_language or "en"
    quote.activity = activity
    quote.search_text = fold(f"{text} {translation or ''}")
    db.session.flush()
    removed = _remove_lost_codings("quote", quote.id, text, actor=actor)
    return emit("workshops.quote_changed", quote, actor=actor, codings_removed=removed)


def delete_quote(quote, *, actor):
    """Delete a quote and its codings; returns how many codings went with it."""
    removed = forget("quote", [quote.id], actor=actor)
    emit("workshops.quote_deleted", quote, actor=actor, codings=removed)
    db.session.delete(quote)
    db.session.flush()
    return removed


def update_artifact(artifact, *, kind, title, description="", activity=None, actor):
    """Correct what is said about a picture (the picture itself stays as uploaded)."""
    artifact.kind, artifact.title = ArtifactKind(kind), title
    artifact.description, artifact.activity = description or "", activity
    db.session.flush()
    return emit("workshops.artifact_changed", artifact, actor=actor)


def frames_showing(artifacts):
    """The storyboard frames that show one of these pictures."""
    ids = [a.id for a in artifacts]
    if not ids:
        return []
    return db.session.scalars(sa.select(StoryboardFrame).where(StoryboardFrame.artifact_id.in_(ids))).all()


def delete_artifact(artifact, *, actor):
    """Delete a picture; frames that showed it stay, without a picture.  Its files go once this is committed."""
    from . import images

    for frame in frames_showing([artifact]):
        frame.artifact = None
    emit("workshops.artifact_deleted", artifact, actor=actor)
    images.remove_after_commit([artifact.filename])
    db.session.delete(artifact)
    db.session.flush()


def update_storyboard(storyboard, *, title, description="", actor):
    storyboard.title, storyboard.description = title, description or ""
    db.session.flush()
    return emit("workshops.storyboard_changed", storyboard, actor=actor)


def _own_pictures(frames):
    """The pictures uploaded for these frames (storyboard pictures no other frame shows): they go with them."""
    frame_ids = {f.id for f in frames}
    pictures = {f.artifact.id: f.artifact for f in frames
                if f.artifact is not None and f.artifact.kind == ArtifactKind.STORYBOARD}
    shared = {f.artifact_id for f in frames_showing(pictures.values()) if f.id not in frame_ids}
    return [picture for picture_id, picture in pictures.items() if picture_id not in shared]


def storyboard_contents(storyboard):
    """What goes with a storyboard: {"frames": n, "pictures": n, "codings": n}."""
    frames = list(storyboard.frames)
    return {"frames": len(frames), "pictures": len(_own_pictures(frames)),
            "codings": count_codings("frame", [f.id for f in frames])}


def _delete_pictures(pictures):
    from . import images

    images.remove_after_commit([p.filename for p in pictures])
    for picture in pictures:
        db.session.delete(picture)


def delete_storyboard(storyboard, *, actor):
    """Delete a storyboard with its frames, their codings and the pictures uploaded for them."""
    frames = list(storyboard.frames)
    pictures = _own_pictures(frames)
    removed = forget("frame", [f.id for f in frames], actor=actor)
    emit("workshops.storyboard_deleted", storyboard, actor=actor, frames=len(frames), pictures=len(pictures),
         codings=removed)
    db.session.delete(storyboard)
    db.session.flush()
    _delete_pictures(pictures)
    db.session.flush()
    return removed


def frame_text(caption, narration, reactions):
    """A frame's text as evidence: what its codings' excerpts are found in."""
    return "\n".join(filter(None, [caption, narration, reactions]))


def update_frame(frame, *, caption, narration="", reactions="", actor):
    """Correct a frame's words; codings whose excerpt left them are removed (their number is returned)."""
    if not caption or caption.isspace():
        raise WorkshopError(_("The caption is empty."))
    frame.caption, frame.narration, frame.reactions = caption, narration or "", reactions or ""
    db.session.flush()
    removed = _remove_lost_codings("frame", frame.id, frame_text(caption, narration, reactions), actor=actor)
    emit("workshops.frame_changed", frame, actor=actor, codings_removed=removed)
    return removed


def frame_contents(frame):
    """What goes with a frame: {"codings": n, "pictures": n}."""
    return {"codings": count_codings("frame", [frame.id]), "pictures": len(_own_pictures([frame]))}


def delete_frame(frame, *, actor):
    """Delete a frame, its codings and the picture uploaded for it; the frames after it move up."""
    storyboard = frame.storyboard
    pictures = _own_pictures([frame])
    removed = forget("frame", [frame.id], actor=actor)
    emit("workshops.frame_deleted", frame, actor=actor, codings=removed, pictures=len(pictures))
    storyboard.frames.remove(frame)  # delete-orphan
    _renumber(storyboard.frames)
    db.session.flush()
    _delete_pictures(pictures)
    db.session.flush()
    return removed


def set_frame_people(frame, codes, *, actor):
    """Say which participants the frame shows, by their codes (those of the workshop's pilot site); a code
    of nobody there is refused."""
    site = frame.storyboard.workshop.site
    people = []
    for code in codes:
        person = participant_at_site(code, site)
        if person not in people:
            people.append(person)
    if sorted(p.id for p in people) == sorted(p.id for p in frame.people):
        return frame
    frame.people = people
    db.session.flush()
    return emit("workshops.frame_people_changed", frame, actor=actor, codes=[p.code for p in people])


def erase_frames(ids, *, actor):
    """Delete frames (their codings already forgotten) with the pictures uploaded for them, whose files go once
    this is committed; the frames after them move up.  For the erasure of a person the frames show."""
    frames = db.session.scalars(sa.select(StoryboardFrame).where(StoryboardFrame.id.in_(list(ids)))).all()
    pictures = _own_pictures(frames)
    for frame in frames:
        storyboard = frame.storyboard
        storyboard.frames.remove(frame)  # delete-orphan
        _renumber(storyboard.frames)
    db.session.flush()
    _delete_pictures(pictures)
    db.session.flush()
    return len(frames)


def move_frame(frame, direction, *, actor):
    """Move a frame one place earlier (up) or later (down) in its storyboard; whether it moved."""
    moved = _move(frame.storyboard.frames, frame, direction)
    db.session.flush()
    if moved:
        emit("workshops.frame_moved", frame, actor=actor, direction=direction, position=frame.position)
    return moved


def _count(model, *where):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def _ids(column, *where):
    return db.session.scalars(sa.select(column).where(*where)).all()


def linked_elsewhere(workshop):
    """{table name: rows} that other packages tie to `workshop` and keep when it goes (their link is emptied).

    Read from the foreign keys declared to point at workshops with ON DELETE SET NULL, so that no other
    feature is imported: today, the surveys handed out at the workshop.
    """
    found = {}
    for table in db.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table.name == Workshop.__tablename__ and key.ondelete == "SET NULL":
                found[table.name] = found.get(table.name, 0) + db.session.scalar(
                    sa.select(sa.func.count()).select_from(table).where(key.parent == workshop.id))
    return found


def workshop_contents(workshop):
    """Everything that goes with a workshop when it is deleted, counted: what its confirmation says."""
    note_ids = _ids(Note.id, Note.workshop_id == workshop.id)
    quote_ids = _ids(Quote.id, Quote.workshop_id == workshop.id)
    frame_ids = _ids(StoryboardFrame.id, StoryboardFrame.storyboard_id.in_(
        sa.select(Storyboard.id).where(Storyboard.workshop_id == workshop.id)))
    return {
        "activities": len(workshop.activities),
        "attendance": _count(Attendance, Attendance.workshop_id == workshop.id),
        "notes": len(note_ids), "quotes": len(quote_ids),
        "pictures": _count(Artifact, Artifact.workshop_id == workshop.id),
        "storyboards": _count(Storyboard, Storyboard.workshop_id == workshop.id), "frames": len(frame_ids),
        "codings": count_codings("note", note_ids) + count_codings("quote", quote_ids)
        + count_codings("frame", frame_ids),
        "reflection": _count(Reflection, Reflection.workshop_id == workshop.id),
    }


def delete_workshop(workshop, *, actor):
    """Delete a workshop with everything recorded at it (see `workshop_contents`), codings first.

    Surveys handed out at it stay, no longer tied to it; its pictures' files go once this is committed.
    Returns the counts of what went.
    """
    from . import images

    contents = workshop_contents(workshop)
    for kind, ids in (("note", _ids(Note.id, Note.workshop_id == workshop.id)),
                      ("quote", _ids(Quote.id, Quote.workshop_id == workshop.id)),
                      ("frame", _ids(StoryboardFrame.id, StoryboardFrame.storyboard_id.in_(
                          sa.select(Storyboard.id).where(Storyboard.workshop_id == workshop.id))))):
        forget(kind, ids, actor=actor)
    images.remove_after_commit(_ids(Artifact.filename, Artifact.workshop_id == workshop.id))
    emit("workshops.deleted", workshop, actor=actor, **contents)
    # The rows recorded at the workshop go with it by their foreign keys (ON DELETE CASCADE); the surveys'
    # link is emptied (ON DELETE SET NULL).
    db.session.delete(workshop)
    db.session.flush()
    db.session.expire_all()
    return contents


# --- what the shared packages ask of workshops --------------------------------

def attendance_of(participant_id):
    """The workshops the participant was marked present at, as plain data (for their own export)."""
    rows = db.session.execute(sa.select(Workshop.title, Workshop.date).join(
        Attendance, Attendance.workshop_id == Workshop.id).where(Attendance.participant_id == participant_id)
        .order_by(Workshop.date, Workshop.id)).all()
    return [{"workshop": title, "date": day.isoformat()} for title, day in rows]


def _gathered_before(model, moment):
    """Ids of the rows of `model` (a table with `workshop_id`) gathered at workshops held before the day of
    `moment`: a workshop's record is kept from the day it was held."""
    return list(db.session.scalars(sa.select(model.id).join(Workshop, Workshop.id == model.workshop_id)
                                   .where(Workshop.date < moment.date()).order_by(model.id)))


def quotes_recorded_before(moment):
    return _gathered_before(Quote, moment)


def notes_recorded_before(moment):
    return _gathered_before(Note, moment)


def frames_recorded_before(moment):
    """Frames of storyboards made at workshops held before the day of `moment`."""
    return list(db.session.scalars(
        sa.select(StoryboardFrame.id).join(Storyboard, Storyboard.id == StoryboardFrame.storyboard_id)
        .join(Workshop, Workshop.id == Storyboard.workshop_id).where(Workshop.date < moment.date())
        .order_by(StoryboardFrame.id)))
