"""Rules for workshops, participants and consent, evidence and the codebook.

Plain functions: they take models, data and the acting user (`actor`), flush,
and leave the commit to the view.  Errors a user can fix are raised as
`WorkshopError` (or a subclass) with a translated message.
"""
import csv
import io
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timezone
from itertools import combinations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import contains_eager, joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from immerse_core.privacy import suppress, suppress_counts

from ..extensions import db
from ..projects.models import PilotSite
from .models import (
    Activity, Artifact, ArtifactKind, Attendance, Code, Coding, Consent, ConsentScope, Method, MethodGuide, Note,
    Participant, ParticipantProfile, Phase, Quote, Reflection, StakeholderGroup, Storyboard, StoryboardFrame,
    Workshop,
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


def now():
    return datetime.now(timezone.utc)


def fold(text):
    """Text folded for searching: lower case, accents removed (situación -> situacion), spaces squeezed."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


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
                  facilitators=(), actor=None):
    """Create (when `workshop` is None) or update a workshop at `site`."""
    if workshop is None:
        workshop = Workshop(site=site)
        db.session.add(workshop)
    workshop.title, workshop.phase, workshop.date = title, Phase(phase), date
    workshop.place, workshop.objectives = place or "", objectives or ""
    workshop.languages = list(languages)
    workshop.facilitators = list(facilitators)
    db.session.flush()
    return workshop


def save_activity(workshop, activity, *, title, method, duration_minutes=None, materials=""):
    """Add (when `activity` is None) an item at the end of the agenda, or change one."""
    if activity is None:
        position = max((a.position for a in workshop.activities), default=0) + 1
        activity = Activity(workshop=workshop, position=position)
        db.session.add(activity)
    activity.title, activity.method = title, Method(method)
    activity.duration_minutes, activity.materials = duration_minutes, materials or ""
    db.session.flush()
    return activity


def delete_activity(activity):
    """Remove an agenda item; what was recorded during it stays, no longer tied to it."""
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


def save_method_guide(method, language, *, purpose, steps, materials, tips):
    """Write the guide to `method` in `language` (each language is its own text)."""
    guide = db.session.scalar(sa.select(MethodGuide).where(MethodGuide.method == Method(method),
                                                           MethodGuide.language == language))
    if guide is None:
        guide = MethodGuide(method=Method(method), language=language)
        db.session.add(guide)
    guide.purpose, guide.steps, guide.materials, guide.tips = purpose or "", steps or "", materials or "", tips or ""
    db.session.flush()
    return guide


# --- participants -----------------------------------------------------------

def get_participant_by_code(code, project=None, *, site=None):
    """The participant with this code (CY-M-014; case and spaces forgiven) in `project` (or the project of
    `site`), or None.

    Codes are unique within a project only.  Without a project, a code that several projects use is
    ambiguous and gives None rather than someone else's participant.
    """
    code = (code or "").strip().upper()
    if not code:
        return None
    if project is None and site is not None:
        project = site.project
    query = sa.select(Participant).where(Participant.code == code)
    if project is not None:
        query = query.join(PilotSite, PilotSite.id == Participant.site_id).where(PilotSite.project_id == project.id)
    found = db.session.scalars(query.limit(2)).all()
    return found[0] if len(found) == 1 else None


def participant_at_site(code, site):
    """The participant with `code` in the project of `site`, who must belong to `site`; a clear error otherwise."""
    participant = get_participant_by_code(code, site=site)
    if participant is None:
        raise WorkshopError(_("There is no participant with the code %(code)s.", code=(code or "").strip()))
    if participant.site_id != site.id:
        raise WorkshopError(_("Participant %(code)s belongs to another pilot site (%(site)s).",
                              code=participant.code, site=participant.site.code))
    return participant


def list_participants(site):
    return db.session.scalars(sa.select(Participant).where(Participant.site_id == site.id)
                              .options(selectinload(Participant.consents))
                              .order_by(Participant.stakeholder_group, Participant.number)).all()


def create_participant(site, *, stakeholder_group, languages=(), actor=None):
    """A new participant at `site` with the next free code of its stakeholder group (ES-M-001, ES-M-002…)."""
    group = StakeholderGroup(stakeholder_group)
    last = db.session.scalar(sa.select(sa.func.max(Participant.number)).where(
        Participant.site_id == site.id, Participant.stakeholder_group == group))
    number = (last or 0) + 1
    participant = Participant(site=site, stakeholder_group=group, number=number, languages=list(languages),
                              code=f"{site.code}-{group.letter}-{number:03d}")
    db.session.add(participant)
    db.session.flush()
    return participant


def save_participant_languages(participant, languages):
    participant.languages = list(languages)
    db.session.flush()


def record_profile(participant, *, gender=None, age_band=None, nationality=None, ethnicity=None, religion=None,
                   health=None, actor=None):
    """Store the participant's special-category attributes (each optional), replacing what was there."""
    profile = db.session.get(ParticipantProfile, participant.id)
    if profile is None:
        profile = ParticipantProfile(participant_id=participant.id)
        db.session.add(profile)
    profile.gender, profile.age_band, profile.nationality = gender or None, age_band or None, nationality or None
    profile.ethnicity, profile.religion, profile.health = ethnicity or None, religion or None, health or None
    db.session.flush()


def has_profile(participant):
    """Whether attributes were recorded (only that: the values themselves are never read for a page)."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(ParticipantProfile).where(
        ParticipantProfile.participant_id == participant.id)) > 0


PROFILE_ATTRIBUTES = ("gender", "age_band", "nationality", "ethnicity", "religion", "health")


def profile_statistics(site):
    """Counts of each special-category attribute at `site`, every small cell suppressed.

    Returns {attribute: [(value, Count), ...]} sorted by value, plus "total" (a Count).
    A value of None counts as "not recorded".
    """
    statistics = {}
    for attribute in PROFILE_ATTRIBUTES:
        column = getattr(ParticipantProfile, attribute)
        rows = db.session.execute(
            sa.select(column, sa.func.count()).join(Participant, Participant.id == ParticipantProfile.participant_id)
            .where(*_counted_profiles(site)).group_by(column)).all()
        counts = {value or "": n for value, n in rows}
        shown = suppress_counts(counts)
        statistics[attribute] = sorted(shown.items(), key=lambda item: (item[0] == "", item[0]))
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(ParticipantProfile)
        .join(Participant, Participant.id == ParticipantProfile.participant_id).where(*_counted_profiles(site)))
    statistics["total"] = suppress(total)
    return statistics


def _counted_profiles(site):
    """SQL conditions: the profile's person is at `site` and consents to take part now (a withdrawal removes them)."""
    return (Participant.site_id == site.id, Participant.id.in_(_consenting(ConsentScope.TAKE_PART)))


# --- consent ----------------------------------------------------------------

def active_consent(participant, scope):
    return next((c for c in participant.consents if c.scope == ConsentScope(scope) and c.active), None)


def has_consent(participant, scope):
    return active_consent(participant, scope) is not None


def consent_summary(participant):
    """{scope: the active Consent or None} for every scope, in order."""
    return {scope: active_consent(participant, scope) for scope in ConsentScope}


def record_consent(participant, scope, *, form_version, given_on, actor=None):
    """Record that the participant consented to `scope` on `given_on`, on the form `form_version`."""
    scope = ConsentScope(scope)
    if has_consent(participant, scope):
        raise WorkshopError(_("%(code)s already consents to this (%(scope)s).",
                              code=participant.code, scope=scope.label))
    if given_on > date.today():
        raise WorkshopError(_("The date of consent cannot be in the future."))
    consent = Consent(participant=participant, scope=scope, form_version=form_version, given_on=given_on,
                      recorded_by_id=actor.id if actor else None)
    db.session.add(consent)
    db.session.flush()
    return consent


def withdraw_consent(consent, *, on=None, actor=None):
    """Withdraw a consent from `on` (today by default); it takes effect at once everywhere.

    Withdrawing consent to take part withdraws every other scope with it.
    """
    on = on or date.today()
    if not consent.active:
        raise WorkshopError(_("This consent was already withdrawn."))
    if on < consent.given_on:
        raise WorkshopError(_("A consent cannot be withdrawn before it was given."))
    if on > date.today():
        raise WorkshopError(_("A withdrawal takes effect at once: it cannot be dated in the future."))
    withdrawn = [consent]
    if consent.scope == ConsentScope.TAKE_PART:
        withdrawn += [c for c in consent.participant.consents if c.active and c is not consent]
    for item in withdrawn:
        item.withdrawn_on = on
        item.withdrawn_recorded_by_id = actor.id if actor else None
    db.session.flush()
    return withdrawn


def _consenting(scope):
    """SQL: ids of participants who consent to `scope` right now."""
    return sa.select(Consent.participant_id).where(Consent.scope == ConsentScope(scope),
                                                   Consent.withdrawn_on.is_(None))


def publishable_quote_clause():
    """SQL condition on Quote: its speaker consents to taking part and to quotes, now."""
    return sa.and_(Quote.speaker_id.in_(_consenting(ConsentScope.TAKE_PART)),
                   Quote.speaker_id.in_(_consenting(ConsentScope.QUOTES)))


def quote_is_publishable(quote):
    return has_consent(quote.speaker, ConsentScope.TAKE_PART) and has_consent(quote.speaker, ConsentScope.QUOTES)


# --- attendance -------------------------------------------------------------

def attendance(workshop):
    """The participants present at `workshop`, by code."""
    return db.session.scalars(sa.select(Participant).join(Attendance, Attendance.participant_id == Participant.id)
                              .where(Attendance.workshop_id == workshop.id).options(selectinload(Participant.consents))
                              .order_by(Participant.code)).all()


def mark_present(workshop, participant, actor=None):
    """Record `participant` as present; only a participant of the site who consents to take part."""
    if participant.site_id != workshop.site_id:
        raise WorkshopError(_("Participant %(code)s belongs to another pilot site (%(site)s).",
                              code=participant.code, site=participant.site.code))
    if not has_consent(participant, ConsentScope.TAKE_PART):
        raise WorkshopError(_("%(code)s has no consent to take part on record, so cannot be marked present. "
                              "Record the consent first.", code=participant.code))
    if not any(c.scope == ConsentScope.TAKE_PART and c.given_on <= workshop.date
               and (c.withdrawn_on is None or c.withdrawn_on > workshop.date) for c in participant.consents):
        raise WorkshopError(_("%(code)s had not consented to take part on the day of this workshop (%(date)s), "
                              "so cannot be marked present at it.",
                              code=participant.code, date=workshop.date.isoformat()))
    if db.session.get(Attendance, (workshop.id, participant.id)) is None:
        db.session.add(Attendance(workshop_id=workshop.id, participant_id=participant.id))
        db.session.flush()


def mark_absent(workshop, participant):
    row = db.session.get(Attendance, (workshop.id, participant.id))
    if row is not None:
        db.session.delete(row)
        db.session.flush()


# --- notes ------------------------------------------------------------------

def list_notes(workshop):
    return db.session.scalars(sa.select(Note).where(Note.workshop_id == workshop.id)
                              .options(selectinload(Note.author), selectinload(Note.activity))
                              .order_by(Note.observed_at, Note.id)).all()


def add_note(workshop, *, body, activity=None, actor=None):
    if not body or body.isspace():  # the form strips what is typed (filters=[strip])
        raise WorkshopError(_("The note is empty."))
    note = Note(workshop=workshop, activity=activity, body=body, search_text=fold(body),
                author_id=actor.id if actor else None, updated_by_id=actor.id if actor else None)
    db.session.add(note)
    db.session.flush()
    return note


def update_note(note, *, body, expected_version, activity=None, actor=None):
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
    note.body, note.search_text, note.activity = body, fold(body), activity
    note.updated_by_id = actor.id if actor else None
    note.updated_at = now()
    try:
        db.session.flush()
    except StaleDataError:  # saved by another request between our read and our write
        db.session.rollback()
        fresh = db.session.get(Note, note.id)
        raise NoteConflict(fresh, body) from None
    return note


# --- quotes -----------------------------------------------------------------

def list_quotes(workshop):
    return db.session.scalars(sa.select(Quote).where(Quote.workshop_id == workshop.id)
                              .options(selectinload(Quote.speaker).selectinload(Participant.consents),
                                       selectinload(Quote.activity))
                              .order_by(Quote.created_at, Quote.id)).all()


def add_quote(workshop, *, speaker_code, text, language, translation="", translation_language="en",
              activity=None, actor=None):
    """Record a verbatim quote by the participant with `speaker_code`, who must belong to the workshop's site.

    A quote from someone without consent to quotes is stored all the same, and never exported or published.
    """
    if not text or text.isspace():
        raise WorkshopError(_("The quote is empty."))
    speaker = participant_at_site(speaker_code, workshop.site)
    quote = Quote(workshop=workshop, activity=activity, speaker=speaker, text=text, language=language,
                  translation=translation or "", translation_language=translation_language or "en",
                  search_text=fold(f"{text} {translation or ''}"), recorded_by_id=actor.id if actor else None)
    db.session.add(quote)
    db.session.flush()
    return quote


# --- artifacts and storyboards ----------------------------------------------

def list_artifacts(workshop):
    return db.session.scalars(sa.select(Artifact).where(Artifact.workshop_id == workshop.id)
                              .order_by(Artifact.created_at, Artifact.id)).all()


def add_artifact(workshop, *, upload, kind, title, description="", activity=None, actor=None, name_hint=None):
    """Store an uploaded image (checked, cleaned of metadata, with a thumbnail) as an artifact of `workshop`."""
    from . import images

    stored = images.store(upload, name_hint=name_hint)
    artifact = Artifact(workshop=workshop, activity=activity, kind=ArtifactKind(kind), title=title,
                        description=description or "", filename=stored.filename, content_type=stored.content_type,
                        width=stored.width, height=stored.height, size_bytes=stored.size_bytes,
                        uploaded_by_id=actor.id if actor else None)
    db.session.add(artifact)
    db.session.flush()
    return artifact


def list_storyboards(workshop):
    return db.session.scalars(sa.select(Storyboard).where(Storyboard.workshop_id == workshop.id)
                              .options(selectinload(Storyboard.frames)).order_by(Storyboard.id)).all()


def create_storyboard(workshop, *, title, description=""):
    storyboard = Storyboard(workshop=workshop, title=title, description=description or "")
    db.session.add(storyboard)
    db.session.flush()
    return storyboard


def add_frame(storyboard, *, caption, narration="", reactions="", upload=None, actor=None, name_hint=None):
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
    return frame


# --- reflection -------------------------------------------------------------

def get_reflection(workshop):
    return db.session.scalar(sa.select(Reflection).where(Reflection.workshop_id == workshop.id))


def save_reflection(workshop, *, what_worked, what_did_not, adaptations, actor=None):
    reflection = get_reflection(workshop)
    if reflection is None:
        reflection = Reflection(workshop=workshop)
        db.session.add(reflection)
    reflection.what_worked, reflection.what_did_not = what_worked or "", what_did_not or ""
    reflection.adaptations, reflection.author_id = adaptations or "", actor.id if actor else None
    db.session.flush()
    return reflection


# --- codebook ---------------------------------------------------------------

def codebook(project):
    """The project's codes as a tree in reading order: [(code, depth), ...]."""
    codes = db.session.scalars(sa.select(Code).where(Code.project_id == project.id).order_by(Code.name)).all()
    children = defaultdict(list)
    for code in codes:
        children[code.parent_id].append(code)
    ordered = []

    def walk(parent_id, depth):
        for code in children[parent_id]:
            ordered.append((code, depth))
            walk(code.id, depth + 1)
    walk(None, 0)
    return ordered


def get_code(code_id):
    return db.session.get(Code, code_id)


def save_code(project, code, *, name, parent=None, definition="", examples=""):
    """Create (when `code` is None) or change a code.

    Names are unique in a project, and a code is never placed under itself or its own sub-codes.
    """
    other = db.session.scalar(sa.select(Code).where(Code.project_id == project.id, Code.name == name))
    if other is not None and other is not code:
        raise WorkshopError(_("The codebook already has a code named %(name)s.", name=name))
    if parent is not None:
        if parent.project_id != project.id:
            raise WorkshopError(_("The parent code belongs to another project."))
        ancestor = parent
        while ancestor is not None:
            if code is not None and ancestor.id == code.id:
                raise WorkshopError(_("A code cannot be placed under itself or one of its sub-codes."))
            ancestor = ancestor.parent
    if code is None:
        code = Code(project=project)
        db.session.add(code)
    code.name, code.parent, code.definition, code.examples = name, parent, definition or "", examples or ""
    db.session.flush()
    return code


@dataclass
class CodingTarget:
    """A kind of evidence codes can be applied to.  Other features register theirs in CODING_TARGETS."""

    model: type
    text: callable
    workshop: callable  # -> Workshop or None
    site: callable  # -> PilotSite
    stakeholder_group: callable  # -> StakeholderGroup or None
    publishable: callable  # -> may its text leave the platform / show in analyses?
    load_options: callable = tuple  # -> loader options, so that the callables above need no further query
    publishable_clause: callable = None  # -> SQL condition on `model` equivalent to `publishable`, or None


def _frame_site(frame):
    return frame.storyboard.workshop.site


CODING_TARGETS = {
    "note": CodingTarget(Note, lambda n: n.body, lambda n: n.workshop, lambda n: n.workshop.site,
                         lambda n: None, lambda n: True,
                         load_options=lambda: (joinedload(Note.workshop).joinedload(Workshop.site),)),
    "quote": CodingTarget(Quote, lambda q: q.text, lambda q: q.workshop, lambda q: q.workshop.site,
                          lambda q: q.speaker.stakeholder_group, quote_is_publishable,
                          load_options=lambda: (joinedload(Quote.workshop).joinedload(Workshop.site),
                                                selectinload(Quote.speaker).selectinload(Participant.consents)),
                          publishable_clause=publishable_quote_clause),
    "frame": CodingTarget(StoryboardFrame, lambda f: "\n".join(filter(None, [f.caption, f.narration, f.reactions])),
                          lambda f: f.storyboard.workshop, _frame_site, lambda f: None, lambda f: True,
                          load_options=lambda: (joinedload(StoryboardFrame.storyboard).joinedload(Storyboard.workshop)
                                                .joinedload(Workshop.site),)),
}


def _targets(target_type, target_ids, *, publishable_only=False):
    """{id: evidence} of one kind, loaded in a few queries whatever their number (with what CodingTarget reads)."""
    kind = CODING_TARGETS.get(target_type)
    ids = sorted(set(target_ids))
    found = {}
    if kind is None:
        return found
    for start in range(0, len(ids), 500):
        query = sa.select(kind.model).where(kind.model.id.in_(ids[start:start + 500])).options(*kind.load_options())
        if publishable_only and kind.publishable_clause is not None:
            query = query.where(kind.publishable_clause())
        found.update((target.id, target) for target in db.session.scalars(query))
    return found


def coding_target(target_type, target_id):
    """The evidence a coding points at, or None."""
    kind = CODING_TARGETS.get(target_type)
    return db.session.get(kind.model, int(target_id)) if kind else None


def apply_code(code, target_type, target_id, *, excerpt="", actor=None):
    """Apply `code` to a piece of evidence; `excerpt`, when given, must be part of its text."""
    kind = CODING_TARGETS.get(target_type)
    target = coding_target(target_type, target_id)
    if kind is None or target is None:
        raise WorkshopError(_("There is nothing to code here."))
    if kind.site(target).project_id != code.project_id:
        raise WorkshopError(_("This code belongs to another project's codebook."))
    excerpt = excerpt or ""
    if excerpt and fold(excerpt) not in fold(kind.text(target)):
        raise WorkshopError(_("The highlighted excerpt must be copied from the text being coded."))
    duplicate = db.session.scalar(sa.select(Coding).where(
        Coding.code_id == code.id, Coding.target_type == target_type, Coding.target_id == target.id,
        Coding.excerpt == excerpt))
    if duplicate is not None:
        return duplicate
    coding = Coding(code=code, target_type=target_type, target_id=target.id, excerpt=excerpt,
                    coded_by_id=actor.id if actor else None)
    db.session.add(coding)
    db.session.flush()
    return coding


def remove_coding(coding):
    db.session.delete(coding)
    db.session.flush()


def codings_for(target_type, target_ids):
    """{target_id: [Coding, ...]} for the given evidence of one kind."""
    result = defaultdict(list)
    if target_ids:
        for coding in db.session.scalars(sa.select(Coding).where(
                Coding.target_type == target_type, Coding.target_id.in_(list(target_ids)))
                .options(selectinload(Coding.code)).order_by(Coding.id)):
            result[coding.target_id].append(coding)
    return result


@dataclass
class Excerpt:
    """A coded piece of evidence as analyses and exports show it."""

    coding: Coding
    target_type: str
    target: object
    text: str
    site: PilotSite
    workshop: Workshop | None
    stakeholder_group: StakeholderGroup | None


def coded_excerpts(project, *, code=None):
    """Every coding of the project's codes (or of one code) whose evidence may be shown.

    Quotes whose speaker withdrew consent (to quotes or to taking part) are left out.
    """
    query = (sa.select(Coding).join(Coding.code).where(Code.project_id == project.id)
             .options(contains_eager(Coding.code).selectinload(Code.parent)).order_by(Coding.id))
    if code is not None:
        query = query.where(Coding.code_id == code.id)
    codings = db.session.scalars(query).all()
    wanted = defaultdict(set)
    for coding in codings:
        wanted[coding.target_type].add(coding.target_id)
    # One query (or a few) per kind of evidence, unpublishable quotes left out in SQL already.
    targets = {target_type: _targets(target_type, ids, publishable_only=True) for target_type, ids in wanted.items()}
    excerpts = []
    for coding in codings:
        kind = CODING_TARGETS.get(coding.target_type)
        target = targets.get(coding.target_type, {}).get(coding.target_id)
        if kind is None or target is None or not kind.publishable(target):
            continue
        excerpts.append(Excerpt(coding, coding.target_type, target, coding.excerpt or kind.text(target),
                                kind.site(target), kind.workshop(target), kind.stakeholder_group(target)))
    return excerpts


def code_frequencies(project):
    """How often each code was applied, by pilot site and by stakeholder group.

    Returns (rows, sites) where rows are (code, total, {site code: n}, {StakeholderGroup or None: n}).
    """
    by_site, by_group = defaultdict(Counter), defaultdict(Counter)
    for excerpt in coded_excerpts(project):
        by_site[excerpt.coding.code_id][excerpt.site.code] += 1
        by_group[excerpt.coding.code_id][excerpt.stakeholder_group] += 1
    sites = [site.code for site in project.sites]
    rows = [(code, sum(by_site[code.id].values()), by_site[code.id], by_group[code.id])
            for code, _depth in codebook(project)]
    return rows, sites


def co_occurrence(project):
    """Pairs of codes applied to the same piece of evidence: (codes, {(id_a, id_b): n}) with id_a < id_b."""
    applied = defaultdict(set)
    for excerpt in coded_excerpts(project):
        applied[(excerpt.target_type, excerpt.target.id)].add(excerpt.coding.code_id)
    pairs = Counter()
    for code_ids in applied.values():
        for a, b in combinations(sorted(code_ids), 2):
            pairs[(a, b)] += 1
    used = {code_id for pair in pairs for code_id in pair}
    codes = [code for code, _depth in codebook(project) if code.id in used]
    return codes, pairs


EXPORT_COLUMNS = ("code", "parent_code", "evidence_type", "evidence_id", "site", "workshop", "workshop_date",
                  "stakeholder_group", "speaker", "language", "excerpt", "translation")


def _cell(value):
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_coded_excerpts(project, *, code=None):
    """The coded excerpts as CSV text (consented evidence only; no special-category attribute)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for e in coded_excerpts(project, code=code):
        quote = e.target if e.target_type == "quote" else None
        writer.writerow(_cell(value) for value in [
            e.coding.code.name, e.coding.code.parent.name if e.coding.code.parent else "", e.target_type,
            e.target.id, e.site.code, e.workshop.title if e.workshop else "",
            e.workshop.date.isoformat() if e.workshop else "",
            e.stakeholder_group.value if e.stakeholder_group else "", quote.speaker.code if quote else "",
            quote.language if quote else "", e.text, quote.translation if quote else ""])
    return out.getvalue()


# --- search -----------------------------------------------------------------

@dataclass
class SearchHit:
    kind: str  # "note" or "quote"
    item: object
    workshop: Workshop


def search(project, text, *, site_id=None, workshop_id=None, method=None, code_id=None, limit=200):
    """Notes and (publishable) quotes of `project` containing every word of `text`.

    Portable: each word is matched with LIKE against a case- and accent-folded
    copy of the text kept beside it, so SQLite and PostgreSQL answer alike.
    Filters: pilot site, workshop, the method of the activity it was recorded in, a code applied to it.
    """
    words = fold(text).split()
    hits = []
    for kind, model in (("note", Note), ("quote", Quote)):
        query = (sa.select(model).join(Workshop, Workshop.id == model.workshop_id)
                 .join(PilotSite, PilotSite.id == Workshop.site_id).where(PilotSite.project_id == project.id))
        for word in words:
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(model.search_text.like(f"%{escaped}%", escape="\\"))
        if site_id:
            query = query.where(Workshop.site_id == site_id)
        if workshop_id:
            query = query.where(model.workshop_id == workshop_id)
        if method:
            query = query.join(Activity, Activity.id == model.activity_id).where(Activity.method == Method(method))
        if code_id:
            query = query.where(model.id.in_(sa.select(Coding.target_id).where(
                Coding.target_type == kind, Coding.code_id == code_id)))
        query = query.options(contains_eager(model.workshop))
        if kind == "quote":
            query = query.where(publishable_quote_clause()).options(selectinload(Quote.speaker))
        query = query.order_by(Workshop.date.desc(), model.id).limit(limit)
        hits += [SearchHit(kind, item, item.workshop) for item in db.session.scalars(query)]
    hits.sort(key=lambda hit: (hit.workshop.date, hit.kind, hit.item.id), reverse=True)
    return hits


# --- what the handbook may use ----------------------------------------------

def publishable_quotes(project):
    """Quotes of `project` that may be published: their speakers consent to taking part and to quotes."""
    return db.session.scalars(
        sa.select(Quote).join(Workshop, Workshop.id == Quote.workshop_id)
        .join(PilotSite, PilotSite.id == Workshop.site_id)
        .where(PilotSite.project_id == project.id, publishable_quote_clause()).order_by(Quote.id)).all()
