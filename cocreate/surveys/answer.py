"""The participant pages: /s/<code>, no account, one section per screen, works without JavaScript.

Answers travel with the form: every screen posts all answers given so far
(those of other screens as hidden fields), so Back and Next never lose
anything and the server keeps no half-finished state.  A random `client_uuid`
made on the first screen makes the final submission idempotent: pressing
Send twice stores one response.
"""
import uuid

from babel import Locale, UnknownLocaleError

from flask import redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from ..extensions import db
from ..i18n import LANGUAGES, text_direction
from . import answer_bp as bp
from . import services
from .public import survey_by_code_or_404
from .kinds import KINDS, field_name, kind_of


def interface_language(language):
    """The language of buttons and messages: the participant's, where the interface has it."""
    return language if language in LANGUAGES else "en"


def render_participant(template, language=None, **context):
    """Render a participant page; with `language`, in that language (the interface's where it has it)."""
    if language is None:
        return render_template(template, page_language=None, **context)
    with force_locale(interface_language(language)):
        return render_template(template, page_language=language, **context)


def page_direction(language):
    """The text direction of content in `language` (a survey language code such as ar or ar-SY); ltr without one."""
    return text_direction((language or "en").replace("-", "_"))


def own_name(code):
    """A language's name in that language ('العربية' for ar), so that people find their own."""
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_")) or code
    except (ValueError, UnknownLocaleError):
        return code


@bp.app_context_processor
def participant_helpers():
    return {"page_direction": page_direction, "own_name": own_name}


@bp.get("/s/")
def enter_code():
    """Type the 4-character code from the handout."""
    code = request.args.get("code", "").strip()
    error = None
    if code:
        survey = services.get_survey_by_code(code)
        if survey is not None:
            return redirect(url_for(".choose_language", code=survey.code))
        error = _("No survey has this code. Please check the code on your handout.")
    return render_participant("surveys/participant/enter_code.html", code=code, error=error)


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
    survey = survey_by_code_or_404(code)
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
    raw = _raw_answers(defn, form)
    current = form.get("section", "")
    nav = form.get("nav", "")
    errors, participant_error = {}, None

    if request.method == "POST":
        clean, _ignored = services.validate_answers(defn, raw)
        sections = services.visible_sections(defn, clean)
        keys = [s["key"] for s, _questions in sections]
        if current and current not in keys:  # an earlier answer now hides this screen
            current = _previous_key(defn, keys, current)
        if nav == "back":
            current = keys[keys.index(current) - 1] if current in keys and keys.index(current) > 0 else ""
        else:
            if current == "":
                if survey.mode.value == "linked" and services.find_participant(survey, participant_code) is None:
                    participant_error = str(services.PARTICIPANT_REFUSED)
            else:
                shown = next((qs for s, qs in sections if s["key"] == current), [])
                _clean, errors = services.validate_answers(defn, raw, only={q["key"] for q in shown})
                errors = {k: v for k, v in errors.items() if k in {q["key"] for q in shown}}
                # An answer on this screen can bring up a follow-up question on it: show the screen again.
                seen = set(form.get("shown", "").split())
                appeared = [q["key"] for q in shown if q["key"] not in seen and kind_of(q).answers]
                if appeared and not errors:
                    return _screen(survey, defn, language, client_uuid, participant_code, raw, current, {}, None,
                                   appeared=appeared)
            if not errors and not participant_error:
                position = keys.index(current) + 1 if current in keys else 0
                if nav == "submit" or position >= len(keys):
                    return _submit(survey, defn, language, client_uuid, participant_code, raw)
                current = keys[position]
    return _screen(survey, defn, language, client_uuid, participant_code, raw, current, errors, participant_error)


def _submit(survey, defn, language, client_uuid, participant_code, raw):
    try:
        services.submit_response(survey, client_uuid=client_uuid, language=language, answers=raw,
                                 participant_code=participant_code, channel="web")
    except services.InvalidResponse as invalid:
        db.session.rollback()
        keys = [q["key"] for q in services.questions_of(defn)]
        first = next((k for k in keys if k in invalid.errors), None)
        section = next((s["key"] for s in defn["sections"] if any(q["key"] == first for q in s["questions"])), "")
        errors = {k: v for k, v in invalid.errors.items() if k in keys}
        participant_error = invalid.errors.get("participant")
        return _screen(survey, defn, language, client_uuid, participant_code, raw,
                       section if first else "", errors, participant_error)
    except services.SurveyClosed:
        db.session.rollback()
        return render_participant("surveys/participant/closed.html", language, survey=survey, state="closed"), 409
    db.session.commit()
    return redirect(url_for(".thanks", code=survey.code, language=language))


def _screen(survey, defn, language, client_uuid, participant_code, raw, current, errors, participant_error,
            appeared=()):
    clean, _ignored = services.validate_answers(defn, raw)
    sections = services.visible_sections(defn, clean)
    keys = [s["key"] for s, _questions in sections]
    section, questions = (None, [])
    if current in keys:
        section, questions = sections[keys.index(current)]
    current_names = {name for q in questions for name in _field_names(q)}
    carried = [(name, value) for name, value in request.form.items(multi=True)
               if name.startswith("q-") and name not in current_names and value != ""]
    return render_participant(
        "surveys/participant/screen.html", language, survey=survey, defn=defn, section=section,
        questions=questions, raw=raw, form_values=request.form, errors=errors, participant_error=participant_error,
        client_uuid=client_uuid, participant_code=participant_code, carried=carried,
        step=(keys.index(current) + 1) if section else 0, steps=len(keys),
        is_last=bool(section) and keys.index(current) == len(keys) - 1, kinds=KINDS,
        source=survey.source_language, appeared=appeared)


def _field_names(question):
    if question["kind"] == "sus":
        return {field_name(question["key"], i) for i in range(1, 11)}
    return {field_name(question["key"])}


def _previous_key(defn, visible_keys, key):
    """The last visible section before `key` in the survey's order ('' for the first screen)."""
    order = [s["key"] for s in defn["sections"]]
    before = [k for k in order[:order.index(key)] if k in visible_keys] if key in order else []
    return before[-1] if before else ""


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
    survey = survey_by_code_or_404(code)
    if language not in survey.languages:
        return redirect(url_for(".choose_language", code=survey.code))
    return render_participant("surveys/participant/thanks.html", language, survey=survey)
