"""The participant pages of a feedback round: /p/<code>, no account, phone first, works without JavaScript.

What a participant gave so far travels with the form as one hidden field (`state`, JSON), so the server
keeps no half-finished feedback and nothing is stored before the end; in a linked round the link code typed on
the first page does not travel with it (nor is it shown again): the participant's id, signed for the round and
the walk, does (`services.participant_token`); a random client id made on the first
page makes the final submission idempotent.  The steps: the start (the participant code in a linked round),
each task (the first tap on the task's screen), the screens one by one (hotspots are buttons that lead to
their screen; a reaction, a pinned comment, a free comment), the SUS, then the submission.

Without JavaScript a pin is placed by choosing one of nine regions named in words, and a task is answered
by choosing one of the screen's hotspots (or "I don't know"); with it, by tapping the picture (static/walk.js),
which also measures the time to the first tap.

A voice comment on a screen is a file field (a phone opens its recorder; the app's static/js/voice.js records in the page
instead and fills the same field).  A recording cannot wait in the hidden field: it is kept on the server as
pending, for the walk's client id, which the first page signs (`token` in the state), and becomes part of the
feedback when the walk is sent.
"""
import json
import time
import uuid

from flask import abort, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from .. import sharing, throttle
from ..auth.permissions import can
from ..extensions import db
from ..participants.models import ConsentScope
from ..participants.services import has_consent
from ..participants.shell import interface_language, render_participant
from ..recordings import AudioRejected
from ..security import allow_recording
from ..usability import SUS_STATEMENTS
from . import feedback_bp as bp
from . import services
from .models import ReactionValue, RoundMode
from .views import send_screen

def _agreement_labels():
    return [_("Strongly disagree"), _("Disagree"), _("Neither agree nor disagree"), _("Agree"), _("Strongly agree")]


def round_or_404(code, language=None):
    """The round with this code, or 404 (counted); 429 while the address is paused (`sharing.open_by_code`)."""
    return sharing.open_by_code(code, services.get_round_by_code, language=language)


@bp.get("/p/")
def enter_code():
    """Type the 4-character code from the handout."""
    return sharing.enter_code_page(
        services.get_round_by_code, lambda round_: url_for(".choose_language", code=round_.code),
        action=url_for(".enter_code"), heading=_("Open a feedback round"), button=_("Open"),
        not_found=_("No feedback round has this code. Please check the code on your handout."))


@bp.get("/p/<code>")
def choose_language(code):
    """The first page: the participant chooses their language (each named in itself)."""
    round_ = round_or_404(code)
    if round_.code != code:
        return redirect(url_for(".choose_language", code=round_.code, **request.args))
    return render_participant("prototypes/participant/languages.html", round=round_,
                              assisted=request.args.get("assisted") == "1")


@bp.get("/p/<code>/screens/<int:screen_id>")
def screen_image(code, screen_id):
    """A screen's picture, for the participants of a round that shows it."""
    round_ = round_or_404(code)
    screen = next((s for s in round_.version.screens if s.id == screen_id), None)
    return send_screen(screen) if screen is not None else abort(404)


def _new_state(round_, assisted):
    client = str(uuid.uuid4())
    return {"client": client, "token": services.walk_token(round_, client), "participant": "",
            "assisted": assisted, "reactions": {}, "pins": [], "comments": {}, "tasks": {}, "voice": {}, "sus": None}


def _read_state(round_, raw):
    try:
        state = json.loads(raw or "")
    except ValueError:
        return None
    if not isinstance(state, dict):
        return None
    base = _new_state(round_, False)
    state = {key: state.get(key, value) for key, value in base.items()}
    try:
        state["client"] = str(uuid.UUID(str(state["client"])))
    except ValueError:
        state["client"], state["token"] = base["client"], base["token"]
    if not isinstance(state["token"], str):
        state["token"] = ""
    for key, kind in (("reactions", dict), ("pins", list), ("comments", dict), ("tasks", dict), ("voice", dict)):
        if not isinstance(state[key], kind):
            state[key] = base[key]
    return state


def _steps(round_):
    return (["start"] + [f"task-{task.id}" for task in round_.tasks]
            + [f"screen-{screen.id}" for screen in round_.version.screens] + (["sus"] if round_.ask_sus else []))


def _assisted_allowed(round_):
    return current_user.is_authenticated and can("prototypes.edit", round_)


@bp.route("/p/<code>/<language>", methods=["GET", "POST"])
def walk(code, language):
    round_ = round_or_404(code, language)
    if language not in round_.languages:
        return redirect(url_for(".choose_language", code=round_.code))
    if not round_.is_open:
        return render_participant("prototypes/participant/closed.html", language, round=round_), \
            409 if request.method == "POST" else 200
    if request.method == "GET":
        state = _new_state(round_, request.args.get("assisted") == "1" and _assisted_allowed(round_))
        return _show(round_, language, state, "start")
    state = _read_state(round_, request.form.get("state")) or _new_state(round_, False)
    steps = _steps(round_)
    step = request.form.get("step", "start")
    if step not in steps:
        step = "start"
    if step == "start" and round_.mode == RoundMode.LINKED:  # too many wrong codes from here: the same refusal
        wait = throttle.code_guess_wait(_guessed(round_))
        if wait is not None:
            return throttle.paused_page(language, wait)
    with force_locale(interface_language(language)):  # messages in the participant's language
        errors = _take(round_, step, state, request.form, request.files)
    db.session.commit()  # a recording kept or discarded on this page
    if errors:
        return _show(round_, language, state, step, errors=errors), 422
    go = request.form.get("go", "")
    if go == "back":
        return _show(round_, language, state, steps[max(0, steps.index(step) - 1)])
    if go.isdigit() and step.startswith("screen-") and any(f"screen-{go}" == s for s in steps):
        return _show(round_, language, state, f"screen-{go}")
    position = steps.index(step)
    if position + 1 < len(steps):
        return _show(round_, language, state, steps[position + 1])
    return _submit(round_, language, state)


def _take(round_, step, state, form, files):
    """Put what the page `step` posted into `state` (a recording into the pending ones); returns errors to show
    on it (empty when all is well)."""
    errors = {}
    if step == "start":
        if round_.mode == RoundMode.LINKED:
            typed = (form.get("participant") or "").strip().upper()
            participant = (services.find_participant(round_, typed) if typed or not state["participant"]
                           else _participant(round_, state))  # back on the first page, not typed again
            if participant is None:
                state["participant"] = ""
                errors["participant"] = str(services.PARTICIPANT_REFUSED)
                throttle.code_guess_failed(_guessed(round_))
            else:
                state["participant"] = services.participant_token(round_, state["client"], participant)
    elif step.startswith("task-"):
        task_id = step.removeprefix("task-")
        state["tasks"][task_id] = _task_answer(round_, task_id, form)
    elif step.startswith("screen-"):
        screen_id = step.removeprefix("screen-")
        if form.get("reaction") in set(ReactionValue):
            state["reactions"][screen_id] = form["reaction"]
        comment = (form.get("comment") or "").strip()
        if len(comment) > services.MAX_COMMENT:
            errors["comment"] = _("Your comment is longer than %(num)d characters.", num=services.MAX_COMMENT)
        elif comment:
            state["comments"][screen_id] = comment
        pin = _pin(form)
        pin_comment = (form.get("pin_comment") or "").strip()
        if pin is False:
            errors["pin"] = _("That point is outside the picture. Tap the picture, or choose a part of the screen.")
        elif pin is None and pin_comment:
            errors["pin"] = _("Choose the part of the screen your comment is about.")
        elif pin is not None:
            if len(pin_comment) > services.MAX_COMMENT:
                errors["pin"] = _("Your comment is longer than %(num)d characters.", num=services.MAX_COMMENT)
            else:
                state["pins"].append({"screen": int(screen_id), "x": pin[0], "y": pin[1], "comment": pin_comment})
        voice_error = _voice(round_, screen_id, state, form, files)
        if voice_error:
            errors["voice"] = voice_error
    elif step == "sus":
        values = [form.get(f"sus-{i}") for i in range(1, 11)]
        if any(values):
            if not all(v in {"1", "2", "3", "4", "5"} for v in values):
                errors["sus"] = _("Please answer all ten statements, or none.")
            state["sus"] = [int(v) if v in {"1", "2", "3", "4", "5"} else None for v in values]
        else:
            state["sus"] = None
    return errors


def _voice(round_, screen_id, state, form, files):
    """Keep the recording the page sent for this screen (or discard the one kept); an error message or None."""
    screen = next((s for s in round_.version.screens if str(s.id) == screen_id), None)
    upload = files.get("voice")
    uploaded = upload is not None and bool(upload.filename)
    discard = not uploaded and form.get("voice_discard") == "1"
    if screen is None or not (uploaded or discard):
        return None
    if not services.walk_token_valid(round_, state["client"], state["token"]):  # only the walk's own recordings
        return _("This page is too old to keep a recording. Your other answers are kept; to record a voice "
                 "comment, start again from the first page.")
    if discard:
        services.discard_recording(round_, state["client"], screen.id)
        state["voice"].pop(screen_id, None)
        return None
    if not _may_record(round_, state):
        return _("You have not agreed to be recorded, so a voice comment cannot be kept. Please write your "
                 "comment, or ask the facilitator.")
    try:
        recording = services.keep_recording(round_, state["client"], screen, upload)
    except AudioRejected as rejected:
        return str(rejected)
    state["voice"][screen_id] = recording.seconds
    return None


def _may_record(round_, state):
    """Anyone may record in an anonymous round; in a linked one, only a participant who consents to audio."""
    if round_.mode != RoundMode.LINKED:
        return True
    participant = _participant(round_, state)
    return participant is not None and has_consent(participant, ConsentScope.AUDIO)


def _participant(round_, state):
    """The participant of a linked walk: the one its first page verified (by their link code), if they still
    may take part."""
    if not isinstance(state["participant"], str):
        return None
    return services.participant_of_token(round_, state["client"], state["participant"])


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _pin(form):
    """(x, y) of the pin the page posted: the tapped point, else the chosen region; None for no pin, False for
    a point outside the picture."""
    x, y = _number(form.get("pin_x")), _number(form.get("pin_y"))
    if x is not None and y is not None:
        return (x, y) if 0 <= x <= 1 and 0 <= y <= 1 else False
    region = services.REGIONS.get(form.get("pin_region", ""))
    return (region[1], region[2]) if region else None


def _task_answer(round_, task_id, form):
    """The first tap of a task: tapped on the picture (JS), a hotspot chosen from the list, or given up."""
    task = next((t for t in round_.tasks if str(t.id) == task_id), None)
    ms = _number(form.get("tap_ms"))
    if ms is None:
        shown = _number(form.get("shown_at"))
        ms = time.time() * 1000 - shown if shown else None
    x, y = _number(form.get("tap_x")), _number(form.get("tap_y"))
    if x is None and task is not None and (form.get("tap_hotspot") or "").isdigit():
        hotspot = next((h for h in task.screen.hotspots if h.id == int(form["tap_hotspot"])), None)
        if hotspot is not None:
            x, y = hotspot.x + hotspot.w / 2, hotspot.y + hotspot.h / 2
    if x is None or y is None:
        return {"gave_up": True, "ms": ms}
    return {"x": x, "y": y, "ms": ms}


def _guessed(round_):
    """What a wrong participant code counts against: this round."""
    return f"round-{round_.id}"


def _submit(round_, language, state):
    wait = throttle.submission_wait()
    if wait is not None:
        return throttle.paused_page(language, wait)
    assisted = bool(state.get("assisted")) and _assisted_allowed(round_)
    data = {key: state[key] for key in ("reactions", "pins", "comments", "tasks", "sus")}
    try:
        services.submit_feedback(round_, client_uuid=state["client"], language=language, data=data,
                                 participant_id=_participant_id(round_, state), assisted=assisted,
                                 recorded_by=current_user if assisted else None,
                                 attach_recordings=services.walk_token_valid(round_, state["client"],
                                                                             state["token"]))
        services.purge_pending()
    except services.RoundClosed:
        db.session.rollback()
        return render_participant("prototypes/participant/closed.html", language, round=round_), 409
    except services.FeedbackRefused as refused:
        db.session.rollback()
        if "participant" in refused.errors:
            throttle.code_guess_failed(_guessed(round_))
        step = "start" if "participant" in refused.errors else _steps(round_)[-1]
        with force_locale(interface_language(language)):
            errors = ({"participant": str(services.PARTICIPANT_REFUSED)} if step == "start" else
                      {"form": _("Some of your answers could not be kept. Please check them and send again.")})
        return _show(round_, language, state, step, errors=errors), 422
    db.session.commit()
    return redirect(url_for(".thanks", code=round_.code, language=language, assisted=1 if assisted else None))


def _participant_id(round_, state):
    """The id `submit_feedback` checks again in a linked round (0, which names nobody, when the walk has none)."""
    if round_.mode != RoundMode.LINKED:
        return None
    participant = _participant(round_, state)
    return participant.id if participant is not None else 0


def _show(round_, language, state, step, errors=None):
    steps = _steps(round_)
    screens = {f"screen-{s.id}": s for s in round_.version.screens}
    tasks = {f"task-{t.id}": t for t in round_.tasks}
    may_record = step in screens and _may_record(round_, state)
    if may_record:
        allow_recording()
    return render_participant(
        "prototypes/participant/step.html", language, round=round_, step=step,
        number=steps.index(step) + 1, total=len(steps), is_last=steps.index(step) == len(steps) - 1,
        state_json=json.dumps(state, separators=(",", ":")), state=state, errors=errors or {},
        screen=screens.get(step), task=tasks.get(step), regions=services.REGIONS, reactions=list(ReactionValue),
        sus_statements=SUS_STATEMENTS, agreement=_agreement_labels(), shown_at=int(time.time() * 1000),
        source=round_.source_language, linked=round_.mode == RoundMode.LINKED,
        may_record=may_record, max_audio_minutes=max(1, services.RECORDINGS.max_seconds // 60),
        max_audio_seconds=services.RECORDINGS.max_seconds)


@bp.get("/p/<code>/<language>/thanks")
def thanks(code, language):
    round_ = round_or_404(code, language)
    if language not in round_.languages:
        return redirect(url_for(".choose_language", code=round_.code))
    return render_participant("prototypes/participant/thanks.html", language, round=round_,
                              assisted=request.args.get("assisted") == "1" and _assisted_allowed(round_))
