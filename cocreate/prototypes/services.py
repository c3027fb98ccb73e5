"""Prototypes, versions, screens, hotspots, rounds and tasks, and the feedback participants give.

Services take the models and an explicit `actor`, flush, announce the change (`emit`) and leave the commit
to the view.  Rules kept here:
- a version with feedback is frozen: changing it makes a new version with copies of its screens
  (`editable_version`);
- a hotspot lies inside its screen and leads to another screen of the same version;
- a task's target is a hotspot of the round's version;
- feedback is stored whole or not at all, once per client id (`submit_feedback`);
- a voice comment recorded during a walk waits as a `PendingRecording` of the walk's signed client id until
  the walk is sent, and is deleted with its file when it waits longer than `PROTOTYPE_PENDING_AUDIO_SECONDS`.
"""
import math
import uuid
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from .. import sharing
from ..database import utcnow
from ..evidence.services import count_codings, forget
from ..extensions import db
from ..participants.models import ConsentScope, Participant
from ..participants.services import get_participant_by_link_code, has_consent
from ..pictures import PictureFolder
from ..recordings import AudioFolder
from ..signals import emit
from ..usability import sus_score, valid_sus
from .models import (Comment, Feedback, Hotspot, PendingRecording, Pin, Prototype, Reaction, ReactionValue, Round,
                     RoundMode, Screen, Task, TaskResult, Version, VoiceComment)

PICTURES = PictureFolder("PROTOTYPE", "prototypes")
RECORDINGS = AudioFolder("PROTOTYPE", "prototypes")
MAX_COMMENT = 2000
MAX_TRANSCRIPT = 5000
DEFAULT_PENDING_SECONDS = 6 * 3600  # a long paper session
MAX_TASK_MS = 60 * 60 * 1000  # an hour: anything longer is not a first tap

# The 3×3 regions of a screen, named in words, for pins placed without a pointer: (name, centre x, centre y).
REGIONS = {
    "top-start": (_l("Top left"), 1 / 6, 1 / 6), "top": (_l("Top centre"), 0.5, 1 / 6),
    "top-end": (_l("Top right"), 5 / 6, 1 / 6),
    "middle-start": (_l("Middle left"), 1 / 6, 0.5), "middle": (_l("Centre"), 0.5, 0.5),
    "middle-end": (_l("Middle right"), 5 / 6, 0.5),
    "bottom-start": (_l("Bottom left"), 1 / 6, 5 / 6), "bottom": (_l("Bottom centre"), 0.5, 5 / 6),
    "bottom-end": (_l("Bottom right"), 5 / 6, 5 / 6),
}

# One message for every refusal of a link code (unknown, no consent to take part, another site or
# project), so that trying codes tells nobody which ones exist.
PARTICIPANT_REFUSED = _l("This link code is not known for this round. Please check it, or ask the facilitator.")


class PrototypeError(ValueError):
    """A change that cannot be made; the message is for the user."""


class RoundClosed(PrototypeError):
    """The round takes no feedback now."""


class FeedbackRefused(PrototypeError):
    """Feedback that cannot be stored: `errors` says why, per part."""

    def __init__(self, errors):
        super().__init__(next(iter(errors.values())))
        self.errors = errors


# --- loading ---------------------------------------------------------------------

def list_prototypes(project):
    return list(db.session.scalars(sa.select(Prototype).where(Prototype.project_id == project.id)
                                   .order_by(Prototype.title)))


def get_round_by_code(code):
    """The round with this code (case and spaces forgiven), or None."""
    code = sharing.normalise_code(code)
    return db.session.scalar(sa.select(Round).where(Round.code == code)) if code else None


def has_feedback(version):
    """Whether anyone gave feedback on `version`: then it is frozen."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Feedback).join(Round)
                             .where(Round.version_id == version.id)) > 0


def feedback_count(round_):
    return db.session.scalar(sa.select(sa.func.count()).where(Feedback.round_id == round_.id))


# --- prototypes and versions -------------------------------------------------------

def create_prototype(project, *, title, site=None, actor):
    """A new prototype of `project` (at `site`, when given) with an empty version 1."""
    title = (title or "").strip()
    if not title:
        raise PrototypeError(_l("Give the prototype a title."))
    if site is not None and site.project_id != project.id:
        raise PrototypeError(_l("This pilot site belongs to another project."))
    prototype = Prototype(project=project, site=site, title=title[:200], created_by_id=getattr(actor, "id", None))
    prototype.versions.append(Version(number=1))
    db.session.add(prototype)
    db.session.flush()
    return emit("prototypes.created", prototype, actor=actor)


def new_version(prototype, *, actor, copy_from=None, note=""):
    """The next version of `prototype`; with `copy_from`, a copy of that version's screens and hotspots."""
    number = max((v.number for v in prototype.versions), default=0) + 1
    version = Version(number=number, note=note[:500])
    prototype.versions.append(version)
    if copy_from is not None:
        copies = {}
        for screen in copy_from.screens:
            copies[screen.id] = Screen(position=screen.position, filename=screen.filename, width=screen.width,
                                       height=screen.height, caption=dict(screen.caption))
            version.screens.append(copies[screen.id])
        for screen in copy_from.screens:
            for hotspot in screen.hotspots:
                copies[screen.id].hotspots.append(Hotspot(
                    x=hotspot.x, y=hotspot.y, w=hotspot.w, h=hotspot.h, label=dict(hotspot.label),
                    target=copies.get(hotspot.target_id)))
    db.session.flush()
    return emit("prototypes.version_created", version, actor=actor)


def editable_version(version, *, actor):
    """`version` itself while nobody gave feedback on it; else a new version copied from it (frozen)."""
    if not has_feedback(version):
        return version
    return new_version(version.prototype, copy_from=version, actor=actor)


def _refuse_if_frozen(version):
    if has_feedback(version):
        raise PrototypeError(_l("Version %(number)s has feedback: it cannot change. Make a new version from it.",
                                number=version.number))


# --- screens and hotspots ---------------------------------------------------------

def add_screen(version, upload, *, caption=None, actor, name_hint=None):
    """A new last screen of `version` from an uploaded picture (checked and cleaned: `cocreate.pictures`)."""
    _refuse_if_frozen(version)
    stored = PICTURES.store(upload, name_hint=name_hint)
    screen = Screen(position=len(version.screens), filename=stored.filename, width=stored.width,
                    height=stored.height, caption=_texts(caption))
    version.screens.append(screen)
    db.session.flush()
    return emit("prototypes.screen_added", screen, actor=actor)


TEXT_LIMIT = 500  # a caption or a task's prompt, in each language (as their forms say)
LABEL_LIMIT = 200  # a hotspot's label, in each language


def _texts(texts, limit=TEXT_LIMIT):
    """{language: text} of the texts given, stripped, empty ones left out; a text over `limit` characters is
    refused (PrototypeError), never cut."""
    found = {language: text.strip() for language, text in (texts or {}).items() if text and text.strip()}
    if any(len(text) > limit for text in found.values()):
        raise PrototypeError(_l("Use at most %(limit)d characters in each language.", limit=limit))
    return found


def set_caption(screen, captions, *, actor):
    """The screen's caption in each language given (an empty text removes that language's caption)."""
    _refuse_if_frozen(screen.version)
    screen.caption = {**{k: v for k, v in screen.caption.items() if k not in captions}, **_texts(captions)}
    db.session.flush()
    return emit("prototypes.screen_changed", screen, actor=actor)


def delete_screen(screen, *, actor):
    _refuse_if_frozen(screen.version)
    version = screen.version
    emit("prototypes.screen_deleted", screen, actor=actor)
    still_used = db.session.scalar(sa.select(sa.func.count()).where(Screen.filename == screen.filename,
                                                                     Screen.id != screen.id))
    version.screens.remove(screen)
    db.session.flush()
    for position, other in enumerate(version.screens):
        other.position = position
    if not still_used:  # copies in later versions share the file
        PICTURES.remove_after_commit([screen.filename])
    db.session.flush()


def check_rectangle(x, y, w, h):
    """Refuse a rectangle that is not inside the picture (relative coordinates 0..1) or has no area."""
    values = (x, y, w, h)
    if any(v is None or not isinstance(v, int | float) or not math.isfinite(v) for v in values):
        raise PrototypeError(_l("Give the position and size as numbers."))
    if w <= 0 or h <= 0:
        raise PrototypeError(_l("A hotspot needs a width and a height."))
    if x < 0 or y < 0 or x + w > 1 + 1e-9 or y + h > 1 + 1e-9:
        raise PrototypeError(_l("The hotspot must lie inside the screen."))


def add_hotspot(screen, *, x, y, w, h, target, label=None, actor):
    """A hotspot of `screen` (relative rectangle) leading to `target`, another screen of the same version."""
    _refuse_if_frozen(screen.version)
    check_rectangle(x, y, w, h)
    if target is None or target.version_id != screen.version_id:
        raise PrototypeError(_l("A hotspot leads to another screen of the same version."))
    if target.id == screen.id:
        raise PrototypeError(_l("A hotspot leads to another screen, not to its own."))
    hotspot = Hotspot(x=x, y=y, w=w, h=h, target=target, label=_texts(label, LABEL_LIMIT))
    screen.hotspots.append(hotspot)
    db.session.flush()
    return emit("prototypes.hotspot_added", hotspot, actor=actor, screen=screen.id)


def set_hotspot_label(hotspot, labels, *, actor):
    """The hotspot's label in each language given (an empty text removes that language's label); one label
    must remain, since it is what screen-reader users and participants without pictures hear."""
    _refuse_if_frozen(hotspot.screen.version)
    label = {**{k: v for k, v in hotspot.label.items() if k not in labels}, **_texts(labels, LABEL_LIMIT)}
    if not label:
        raise PrototypeError(_l("A hotspot needs a label in at least one language."))
    hotspot.label = label
    db.session.flush()
    return emit("prototypes.hotspot_changed", hotspot, actor=actor, screen=hotspot.screen_id)


def delete_hotspot(hotspot, *, actor):
    _refuse_if_frozen(hotspot.screen.version)
    emit("prototypes.hotspot_deleted", hotspot.screen, actor=actor, hotspot=hotspot.id)
    db.session.delete(hotspot)
    db.session.flush()


# --- rounds and tasks ---------------------------------------------------------------

def create_round(version, *, source_language, languages=(), title=None, site=None, mode=RoundMode.ANONYMOUS,
                 ask_sus=True, code=None, actor):
    """A feedback round on `version` (which needs screens), in the languages given, with a new code."""
    if not version.screens:
        raise PrototypeError(_l("Add screens to this version before a round can show it."))
    prototype = version.prototype
    if site is not None and (site.project_id != prototype.project_id
                             or prototype.site_id not in (None, site.id)):
        raise PrototypeError(_l("This pilot site is not one of the prototype's."))
    languages = list(dict.fromkeys([source_language, *languages]))
    round_ = Round(version=version, site=site, source_language=source_language, languages=languages,
                   title=_texts(title) or {source_language: prototype.title}, mode=RoundMode(mode),
                   ask_sus=ask_sus, code=code or sharing.new_code(lambda c: get_round_by_code(c) is not None))
    db.session.add(round_)
    db.session.flush()
    return emit("prototypes.round_created", round_, actor=actor)


def set_round_open(round_, is_open, *, actor, now=None):
    """Open the round for feedback, or close it."""
    now = now or utcnow()
    if is_open:
        round_.opened_at, round_.closed_at = round_.opened_at or now, None
    else:
        round_.closed_at = now
    db.session.flush()
    return emit("prototypes.round_opened" if is_open else "prototypes.round_closed", round_, actor=actor)


def add_task(round_, *, prompt, target, actor):
    """A task of the round; `target` (required) is the hotspot a first tap must fall in to succeed."""
    if target is None:
        raise PrototypeError(_l("Choose the hotspot that completes the task."))
    if target.screen.version_id != round_.version_id:
        raise PrototypeError(_l("The target hotspot must be on a screen of the round's version."))
    prompt = _texts(prompt)
    if not prompt.get(round_.source_language):
        raise PrototypeError(_l("Write the task in the round's language."))
    task = Task(prompt=prompt, target=target, position=len(round_.tasks))
    round_.tasks.append(task)
    db.session.flush()
    emit("prototypes.task_added", round_, actor=actor, task=task.id)
    return task


def set_task_prompt(task, prompts, *, actor):
    """The task's prompt in the round's languages given (the round's own language cannot be emptied)."""
    prompts = {k: v for k, v in _texts(prompts).items() if k in task.round.languages}
    task.prompt = {**{k: v for k, v in task.prompt.items() if k == task.round.source_language}, **prompts}
    db.session.flush()
    emit("prototypes.task_changed", task.round, actor=actor, task=task.id)
    return task


def delete_task(task, *, actor):
    round_ = task.round
    emit("prototypes.task_deleted", round_, actor=actor, task=task.id)
    round_.tasks.remove(task)
    db.session.flush()
    for position, other in enumerate(round_.tasks):
        other.position = position
    db.session.flush()


# --- feedback ----------------------------------------------------------------------

def eligible_participant(round_, participant_id):
    """The participant with this id if they consent to take part now and belong to the round's project (and site,
    if it has one); None otherwise."""
    participant = db.session.get(Participant, participant_id) if isinstance(participant_id, int) else None
    project_id, site_id = round_.access_scope
    if (participant is None or participant.access_scope[0] != project_id
            or (site_id is not None and participant.site_id != site_id)
            or not has_consent(participant, ConsentScope.TAKE_PART)):
        return None
    return participant


def find_participant(round_, link_code):
    """The participant whose link code (printed on their card) this is, if they consent to take part now and
    belong to the round's project (and site, if it has one); None otherwise, whatever the reason (see
    PARTICIPANT_REFUSED)."""
    participant = get_participant_by_link_code(link_code, round_.prototype.project,
                                               consenting_to=ConsentScope.TAKE_PART)
    site_id = round_.access_scope[1]
    if participant is None or (site_id is not None and participant.site_id != site_id):
        return None
    return participant


def _number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    return float(value) if isinstance(value, int | float) and math.isfinite(value) else None


def _inside(x, y):
    return x is not None and y is not None and 0 <= x <= 1 and 0 <= y <= 1


def _key(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def check_feedback(round_, data):
    """(clean parts, errors) of submitted feedback `data`:
    {"reactions": {screen id: "clear"|"unsure"|"confusing"},
     "pins": [{"screen": id, "x": 0..1, "y": 0..1, "comment": "..."}],
     "comments": {screen id or "": "text"},
     "tasks": {task id: {"x": 0..1, "y": 0..1, "ms": n} or {"gave_up": true}},
     "sus": [ten answers 1..5] or None}
    Positions are relative to the picture; anything outside it, or naming a screen or task that is not the
    round's, is an error."""
    screens = {s.id: s for s in round_.version.screens}
    tasks = {t.id: t for t in round_.tasks}
    errors, clean = {}, {"reactions": {}, "pins": [], "comments": {}, "tasks": {}, "sus": None}
    data = data if isinstance(data, dict) else {}
    for screen_id, value in (data.get("reactions") or {}).items():
        if _key(screen_id) not in screens or value not in set(ReactionValue):
            errors["reactions"] = _l("A reaction is not one of the choices.")
            continue
        clean["reactions"][_key(screen_id)] = ReactionValue(value)
    for pin in data.get("pins") or []:
        pin = pin if isinstance(pin, dict) else {}
        x, y = _number(pin.get("x")), _number(pin.get("y"))
        comment = str(pin.get("comment") or "").strip()
        if _key(pin.get("screen")) not in screens:
            errors["pins"] = _l("A comment is pinned to a screen that is not part of this prototype.")
        elif not _inside(x, y):
            errors["pins"] = _l("A comment is pinned outside the picture.")
        elif len(comment) > MAX_COMMENT:
            errors["pins"] = _l("A comment is longer than %(num)d characters.", num=MAX_COMMENT)
        else:
            clean["pins"].append({"screen": _key(pin["screen"]), "x": x, "y": y, "comment": comment})
    for screen_id, text in (data.get("comments") or {}).items():
        text = str(text or "").strip()
        if not text:
            continue
        if screen_id not in ("", None) and _key(screen_id) not in screens:
            errors["comments"] = _l("A comment is on a screen that is not part of this prototype.")
        elif len(text) > MAX_COMMENT:
            errors["comments"] = _l("A comment is longer than %(num)d characters.", num=MAX_COMMENT)
        else:
            clean["comments"][_key(screen_id)] = text
    for task_id, result in (data.get("tasks") or {}).items():
        task = tasks.get(_key(task_id))
        result = result if isinstance(result, dict) else {}
        if task is None:
            errors["tasks"] = _l("A task is not part of this round.")
            continue
        if result.get("gave_up"):
            clean["tasks"][task.id] = {"x": None, "y": None, "ms": _task_ms(result.get("ms")), "success": False}
            continue
        x, y = _number(result.get("x")), _number(result.get("y"))
        if not _inside(x, y):
            errors["tasks"] = _l("A tap is outside the picture.")
            continue
        clean["tasks"][task.id] = {"x": x, "y": y, "ms": _task_ms(result.get("ms")),
                                   "success": task.target.contains(x, y)}
    sus = data.get("sus")
    if sus not in (None, []):
        if not valid_sus(sus):
            errors["sus"] = _l("Answer all ten statements.")
        else:
            clean["sus"] = sus
    return clean, errors


def _task_ms(value):
    ms = _number(value)
    return int(ms) if ms is not None and 0 <= ms <= MAX_TASK_MS else None


def submit_feedback(round_, *, client_uuid, language, data, link_code=None, participant_id=None, assisted=False,
                    recorded_by=None, attach_recordings=False):
    """Store feedback on the round; returns (feedback, created).

    A linked round names its participant by `link_code` (as typed) or by `participant_id` (one the caller
    verified earlier, see `participant_token`); either way they must still be allowed to take part.

    With `attach_recordings` (the caller checked that the walk's client id is one the server signed), the
    recordings pending for this client id become the feedback's voice comments.

    The same `client_uuid` again returns the stored feedback and stores nothing (created=False), even when
    two copies arrive at the same moment.  Raises RoundClosed when the round takes no feedback now,
    FeedbackRefused with errors per part otherwise; nothing is written unless everything is valid.
    """
    try:
        client_uuid = str(uuid.UUID(str(client_uuid)))
    except ValueError:
        raise FeedbackRefused({"client_uuid": _l("client_uuid must be a UUID.")}) from None
    existing = _find_feedback(round_, client_uuid)
    if existing is not None:
        return existing, False
    if not round_.is_open:
        raise RoundClosed(_l("This feedback round is closed."))
    clean, errors = check_feedback(round_, data)
    if language not in round_.languages:
        errors["language"] = _l("This round is not offered in that language.")
    participant = None
    if round_.mode == RoundMode.LINKED:
        participant = (find_participant(round_, link_code) if participant_id is None
                       else eligible_participant(round_, participant_id))
        if participant is None:
            errors["participant"] = PARTICIPANT_REFUSED
    if errors:
        raise FeedbackRefused(errors)
    feedback = Feedback(round_id=round_.id, client_uuid=client_uuid, language=language, assisted=bool(assisted),
                        recorded_by_id=getattr(recorded_by, "id", None) if assisted else None,
                        site_id=participant.site_id if participant else round_.access_scope[1],
                        participant_id=participant.id if participant else None,
                        stakeholder_group=participant.stakeholder_group.value if participant else None,
                        sus=clean["sus"], sus_score=sus_score(clean["sus"]))
    feedback.reactions = [Reaction(screen_id=s, value=v) for s, v in clean["reactions"].items()]
    feedback.pins = [Pin(screen_id=p["screen"], x=p["x"], y=p["y"], comment=p["comment"]) for p in clean["pins"]]
    feedback.comments = [Comment(screen_id=s, text=t) for s, t in clean["comments"].items()]
    feedback.task_results = [TaskResult(task_id=t, **r) for t, r in clean["tasks"].items()]
    pending = list(pending_recordings(round_, client_uuid).values()) if attach_recordings else []
    feedback.voice_comments = [VoiceComment(screen_id=p.screen_id, filename=p.filename, seconds=p.seconds)
                               for p in pending]
    try:
        with db.session.begin_nested():
            db.session.add(feedback)
            for recording in pending:
                db.session.delete(recording)
    except IntegrityError:
        existing = _find_feedback(round_, client_uuid)  # the same submission arrived twice at once
        if existing is None:
            raise
        return existing, False
    emit("prototypes.feedback_submitted", feedback, actor=recorded_by if assisted else None)
    return feedback, True


def _find_feedback(round_, client_uuid):
    return db.session.scalar(sa.select(Feedback).where(Feedback.round_id == round_.id,
                                                       Feedback.client_uuid == client_uuid))


def list_feedback(round_):
    """The round's feedback, newest first: a query to page."""
    return (sa.select(Feedback).where(Feedback.round_id == round_.id)
            .order_by(Feedback.submitted_at.desc(), Feedback.id.desc()))


def _evidence_ids(feedback):
    return {"prototype_pin": [p.id for p in feedback.pins], "prototype_comment": [c.id for c in feedback.comments],
            "prototype_task_result": [r.id for r in feedback.task_results],
            "prototype_voice": [v.id for v in feedback.voice_comments]}


def what_goes_with_feedback(feedback):
    """What deleting `feedback` takes with it: {"pins", "comments", "tasks", "voices", "codings"}."""
    ids = _evidence_ids(feedback)
    return {"pins": len(ids["prototype_pin"]), "comments": len(ids["prototype_comment"]),
            "tasks": len(ids["prototype_task_result"]), "voices": len(ids["prototype_voice"]),
            "codings": sum(count_codings(kind, kind_ids) for kind, kind_ids in ids.items())}


def delete_feedback(feedback, *, actor):
    """Delete one participant's feedback (a test entry, a mistake) with its pins, comments, task results and
    voice comments (their recordings leave the disk once the deletion is committed), and every coding of them."""
    for kind, ids in _evidence_ids(feedback).items():
        forget(kind, ids, actor=actor)
    RECORDINGS.remove_after_commit([v.filename for v in feedback.voice_comments if v.filename])
    emit("prototypes.feedback_deleted", feedback, actor=actor)
    db.session.delete(feedback)
    db.session.flush()


# --- voice comments ------------------------------------------------------------------

def _walk_signer():
    return URLSafeTimedSerializer(current_app.secret_key, salt="prototype-walk")


def pending_seconds():
    """How long a recording waits for its walk to be sent before it is deleted."""
    return int(current_app.config.get("PROTOTYPE_PENDING_AUDIO_SECONDS", DEFAULT_PENDING_SECONDS))


def walk_token(round_, client_uuid):
    """The signature of a walk's client id, issued with the form: recordings are kept only for walks the
    server began, so nobody can send recordings in the name of another walk."""
    return _walk_signer().dumps([round_.id, client_uuid])


def participant_token(round_, client_uuid, participant):
    """What a linked walk carries from its first page instead of the typed link code: the participant's id,
    signed for this round and client id, so that the link code is never sent back in a page."""
    return _walk_signer().dumps([round_.id, client_uuid, participant.id], salt="prototype-walk-participant")


def participant_of_token(round_, client_uuid, token):
    """The participant `token` (see `participant_token`) was issued for in this round and walk, less than
    `pending_seconds()` ago, if they still may take part in the round (as `find_participant` decides); else None."""
    try:
        value = _walk_signer().loads(token or "", max_age=pending_seconds(), salt="prototype-walk-participant")
    except BadData:
        return None
    if not isinstance(value, list) or len(value) != 3 or value[:2] != [round_.id, client_uuid]:
        return None
    return eligible_participant(round_, value[2])


def walk_token_valid(round_, client_uuid, token):
    """Whether `token` was issued for this round and client id, less than `pending_seconds()` ago."""
    try:
        value = _walk_signer().loads(token or "", max_age=pending_seconds())
    except BadData:
        return False
    return value == [round_.id, client_uuid]


def pending_recordings(round_, client_uuid):
    """{screen id: PendingRecording} of this walk, for the screens of the round's version."""
    screens = {s.id for s in round_.version.screens}
    rows = db.session.scalars(sa.select(PendingRecording).where(PendingRecording.round_id == round_.id,
                                                                PendingRecording.client_uuid == client_uuid))
    return {row.screen_id: row for row in rows if row.screen_id in screens}


def keep_recording(round_, client_uuid, screen, upload):
    """Check and keep a recording made on `screen` during a walk, until the walk is sent; a second recording
    of the same screen replaces the first.  Raises recordings.AudioRejected with a message for the participant."""
    if screen.version_id != round_.version_id:
        raise PrototypeError(_l("This screen is not part of this prototype."))
    stored = RECORDINGS.store(upload)
    try:
        discard_recording(round_, client_uuid, screen.id)
        recording = PendingRecording(round_id=round_.id, client_uuid=client_uuid, screen_id=screen.id,
                                     filename=stored.filename, seconds=stored.seconds)
        db.session.add(recording)
        db.session.flush()
    except Exception:
        RECORDINGS.remove_now([stored.filename])
        raise
    return recording


def discard_recording(round_, client_uuid, screen_id):
    """Forget the recording waiting for this walk on this screen, if any (its file goes after commit)."""
    recording = pending_recordings(round_, client_uuid).get(screen_id)
    if recording is not None:
        RECORDINGS.remove_after_commit([recording.filename])
        db.session.delete(recording)
        db.session.flush()


def purge_pending(*, now=None):
    """Delete the recordings that waited longer than `pending_seconds()` for their walk, with their files (after
    commit); returns how many.  Flushes only."""
    before = (now or utcnow()) - timedelta(seconds=pending_seconds())
    old = list(db.session.scalars(sa.select(PendingRecording).where(PendingRecording.created_at < before)))
    RECORDINGS.remove_after_commit([row.filename for row in old])
    for row in old:
        db.session.delete(row)
    db.session.flush()
    return len(old)


def set_transcript(voice, text, *, actor):
    """The transcript or summary of a voice comment, typed by staff: what is coded and cited."""
    text = (text or "").strip()
    if len(text) > MAX_TRANSCRIPT:
        raise PrototypeError(_l("The transcript is longer than %(num)d characters.", num=MAX_TRANSCRIPT))
    voice.transcript = text
    voice.transcribed_by_id = getattr(actor, "id", None)
    voice.transcribed_at = utcnow()
    db.session.flush()
    return emit("prototypes.transcript_changed", voice, actor=actor)


def voice_comments_recorded_before(moment):
    """Ids of the voice comments of feedback sent before `moment` (for the retention period)."""
    return db.session.scalars(sa.select(VoiceComment.id).join(Feedback)
                              .where(Feedback.submitted_at < moment).order_by(VoiceComment.id))
