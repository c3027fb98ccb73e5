"""The participant pages: /s/<code>, no account, one section per screen, works without JavaScript.

Answers travel with the form: every screen posts all answers given so far
(those of other screens as hidden fields), so Back and Next never lose
anything and the server keeps no half-finished state.  A random `client_uuid`
made on the first screen makes the final submission idempotent: pressing
Send twice stores one response. Which screen comes next is decided in `flow`.
"""
import uuid
from collections import ChainMap

from flask import redirect, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict

from .. import sharing, throttle
from ..extensions import db
from ..participants.shell import render_participant
from ..security import allow_location
from . import answer_bp as bp
from . import entries, flow, logic, media, services
from .kinds import KINDS, count_name, entry_key, field_name, kind_of
from .public import survey_by_code_or_404


@bp.app_template_filter("with_answers")
def with_answers(text, values):
    """A label with the answers it names (`${total}`, as XLSForm writes them) in place, each in an element
    static/skip.js keeps up to date as answers on the page change; a name not in `values` stays as written."""
    if not values:
        return text
    parts, position = [], 0
    for match in logic.LABEL_REFERENCE.finditer(text):
        if match.group(1) in values:
            parts += [escape(text[position:match.start()]),
                      Markup('<span class="answer-in-label" data-value-of="{}">{}</span>').format(
                          match.group(1), values[match.group(1)])]
            position = match.end()
    return Markup("").join([*parts, escape(text[position:])])


@bp.get("/s/")
def enter_code():
    """Type the 4-character code from the handout."""
    return sharing.enter_code_page(
        services.get_survey_by_code, lambda survey: url_for(".choose_language", code=survey.code),
        action=url_for(".enter_code"), heading=_("Open a survey"), button=_("Open the survey"),
        not_found=_("No survey has this code. Please check the code on your handout."))


@bp.get("/s/<code>")
def choose_language(code):
    """The first screen: the participant chooses their language."""
    survey = survey_by_code_or_404(code)
    if survey.code != code:
        return redirect(url_for(".choose_language", code=survey.code))
    return render_participant("surveys/participant/languages.html", survey=survey,
                              state=services.state(survey))


@bp.route("/s/<code>/<language>", methods=["GET", "POST"])
def respond(code, language):
    survey = survey_by_code_or_404(code, language)
    if language not in survey.languages:  # an old or mistyped link: let the participant choose
        return redirect(url_for(".choose_language", code=survey.code))
    state = services.state(survey)
    if state != "open":
        status = 409 if request.method == "POST" else 200
        return render_participant("surveys/participant/closed.html", language, survey=survey, state=state), status
    defn = services.definition(survey)
    form = request.form
    client_uuid = _client_uuid(form.get("client_uuid"))
    participant_code = (form.get("participant") or "").strip().upper()
    refused = {}
    if request.files:  # files answering the screen's questions: kept as pending for this walk
        form = form.copy()
        received, refused = media.receive(survey, services.questions_of(defn), request.files, client_uuid,
                                          language)
        for name, filename in received.items():
            form.setlist(name, [filename])
        db.session.commit()
    form = entries.bounded(form, services.repeat_limit())
    edited = entries.edit(form, form.get("nav", ""), services.repeat_limit()) if request.method == "POST" else None
    if edited is not None:  # "Add another …" or "Remove" of a repeated group: the same page, entries changed
        answering = flow.Answering(defn, _raw_answers(defn, edited))
        return _show(survey, language, answering, answering.screen(form.get("section", "")), client_uuid,
                     participant_code, edited)
    answering = flow.Answering(defn, _raw_answers(defn, form))
    if request.method == "GET":
        return _show(survey, language, answering, answering.screen(""), client_uuid, participant_code, form)
    if refused:
        return _show(survey, language, answering, answering.refused(refused), client_uuid, participant_code, form)
    if defn["mode"] == "linked":  # too many wrong participant codes from here: the same refusal for any code
        wait = throttle.code_guess_wait(_guessed(survey))
        if wait is not None:
            return throttle.paused_page(language, wait)
    earlier = form["earlier"].split() if "earlier" in form else None  # posted by a follow-up step
    step = answering.after(form.get("section", ""), form.get("nav", ""), seen=form.get("shown", "").split(),
                           earlier=earlier, participant_known=lambda: _participant_known(survey, participant_code))
    if step is flow.SUBMIT:
        return _submit(survey, language, answering, client_uuid, participant_code, form)
    return _show(survey, language, answering, step, client_uuid, participant_code, form)


def _guessed(survey):
    """What a wrong participant code counts against: this survey."""
    return f"survey-{survey.id}"


def _participant_known(survey, participant_code):
    known = services.find_participant(survey, participant_code) is not None
    if not known:
        throttle.code_guess_failed(_guessed(survey))
    return known


def _submit(survey, language, answering, client_uuid, participant_code, form):
    wait = throttle.submission_wait()
    if wait is not None:
        return throttle.paused_page(language, wait)
    try:
        response, created = services.submit_response(
            survey, client_uuid=client_uuid, language=language, answers=answering.raw,
            link_code=participant_code, channel="web", checked=answering.checked)
    except services.InvalidResponse as invalid:
        db.session.rollback()
        if "participant" in invalid.errors:
            throttle.code_guess_failed(_guessed(survey))
        return _show(survey, language, answering, answering.refused(invalid.errors), client_uuid, participant_code,
                     form)
    except services.SurveyClosed:
        db.session.rollback()
        return render_participant("surveys/participant/closed.html", language, survey=survey, state="closed"), 409
    if created:
        media.claim(response, answering.defn)
    db.session.commit()
    return redirect(url_for(".thanks", code=survey.code, language=language))


def _show(survey, language, answering, screen, client_uuid, participant_code, form):
    """Render `screen`; the answers of the other screens travel along as hidden fields.

    The questions waiting on the screen (hidden until an answer on it brings them up) start empty: what an
    earlier visit may have answered there no longer applies, and is not carried along either.
    """
    blocks = screen.blocks
    if any(kind_of(q).asks_location for q, _hidden in blocks):
        allow_location()
    carried = [(name, value) for name, value in form.items(multi=True)
               if name.startswith("q-") and value != "" and not any(kind_of(q).owns(q, name) for q, _h in blocks)]
    return render_participant(
        "surveys/participant/screen.html", language, survey=survey, defn=answering.defn, section=screen.section,
        questions=screen.questions, raw=answering.raw, form_values=_with_defaults(screen, answering, form),
        errors=screen.errors,
        participant_error=screen.participant_error, client_uuid=client_uuid, link_code=participant_code,
        carried=carried, step=screen.step, steps=screen.steps, is_last=screen.is_last, kinds=KINDS,
        source=survey.source_language, appeared=screen.appeared, screen=screen, no_values=MultiDict(),
        constraint_message=services.constraint_message)


def _with_defaults(screen, answering, form):
    """The posted form, with the default of each question on the screen that the form does not carry yet
    (first shown), and the value of each read-only question as the server keeps it."""
    values = MultiDict(form)
    for question in screen.questions:
        settings = question.get("settings") or {}
        name = field_name(question["key"])
        if kind_of(question).repeats:
            _fixed_counts(values, question, question["key"], answering.clean.get(question["key"]), answering.clean)
        elif settings.get("read_only"):
            values.setlist(name, _texts(services.computed(question, answering.clean)))
        elif settings.get("default") and name not in form:
            values.setlist(name, _texts(services.computed({**question, "settings": {"default": settings["default"]}},
                                                          answering.clean)))
    return values


def _fixed_counts(values, group, path, entries_given, scope):
    """Set the number of entries the form shows for the repeated group at `path` where its repeat_count fixes
    it (worked out on `scope`, the answers it can see), and so for the groups nested in its entries."""
    if (group.get("settings") or {}).get("repeat_count"):
        count = services.entry_count(group, scope)
        values.setlist(count_name(path), [] if count is None else [str(count)])
    given = entries_given if isinstance(entries_given, list) else []
    for index in range(1, entries.shown(values, path) + 1):
        entry = given[index - 1] if index <= len(given) and isinstance(given[index - 1], dict) else {}
        inner_scope = ChainMap(entry, {logic.POSITION: index}, scope)
        for inner in kind_of(group).questions(group):
            if kind_of(inner).repeats:
                _fixed_counts(values, inner, entry_key(path, index, inner["key"]), entry.get(inner["key"]),
                              inner_scope)


def _texts(value):
    """A computed value as the form fields carrying it: none, one, or one per choice."""
    if value is None:
        return []
    return [logic.value_text(v) for v in (value if isinstance(value, list) else [value])]


def _raw_answers(defn, form):
    answers = {}
    for question in services.questions_of(defn):
        value = kind_of(question).from_form(question, form)
        if value is not None:
            answers[question["key"]] = value
    return answers


def _client_uuid(value):
    try:
        return str(uuid.UUID(value or ""))
    except ValueError:
        return str(uuid.uuid4())


@bp.get("/s/<code>/<language>/thanks")
def thanks(code, language):
    survey = survey_by_code_or_404(code, language)
    if language not in survey.languages:
        return redirect(url_for(".choose_language", code=survey.code))
    return render_participant("surveys/participant/thanks.html", language, survey=survey)
