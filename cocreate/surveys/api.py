"""JSON API for data-collection clients and offline sync (machine clients: no CSRF token, strict JSON).

GET  /api/v1/surveys/<code>             the survey's definition (what a client needs to show it)
POST /api/v1/surveys/<code>/responses   {"client_uuid": "...", "language": "ar", "participant": "7KQ2-M9XD-4TNB-HW3C",
                                         "answers": {"<question key>": value, ...}}
  (`participant`, in a linked survey: the link code on the participant's card, never their participant code)
  201 {"id": n} stored · 200 {"id": n} this client_uuid was stored before (nothing stored twice)
  422 {"errors": {"<key>": "message", ...}} · 404 unknown code · 409 survey closed · 400 not a JSON object

`state` is "open", "not_yet_open" (a draft reads so too) or "closed" (archived ones too).
Validation is the web form's, with JSON types taken strictly (a number is a
JSON number) and answers to questions that skip logic hides rejected.
Messages are in the response's `language` where the interface has it.
"""
from flask import jsonify, request
from flask_babel import force_locale
from flask_babel import gettext as _

from .. import throttle
from ..extensions import csrf, db
from ..participants.shell import interface_language
from . import api_bp as bp
from . import services
from .public import survey_by_code_or_404, survey_to_answer_or_404

FIELDS = {"client_uuid", "language", "answers", "participant"}


@bp.get("/<code>")
def survey_definition(code):
    survey = survey_by_code_or_404(code)
    return jsonify({**services.definition(survey), "state": services.public_state(survey)})


@bp.post("/<code>/responses")
def submit(code):
    # counted first (with the address's wrong handout codes read in the same statement): it commits, and what
    # is read after it stays fresh
    wait = throttle.submission_and_handout_wait()
    if wait is not None:
        return throttle.paused_json(_posted_language(), wait)
    survey, defn = survey_to_answer_or_404(code, _posted_language())
    try:
        payload = request.get_json(silent=True)
    except RecursionError:  # "[[[[…" nested deeper than the JSON decoder can follow
        payload = None
    language = payload.get("language") if isinstance(payload, dict) else None
    with force_locale(interface_language(language if isinstance(language, str) else "en")):
        if not isinstance(payload, dict):
            return _error(400, _("Send a JSON object with client_uuid, language and answers."))
        errors = {}
        unknown = sorted(set(payload) - FIELDS)
        if unknown:
            errors.update({name: _("Unknown field.") for name in unknown})
        if not isinstance(payload.get("answers"), dict):
            errors["answers"] = _("answers must be an object of question keys and values.")
        if not isinstance(language, str):
            errors["language"] = _("language must be one of the survey's language codes.")
        participant = payload.get("participant")
        if participant is not None and not isinstance(participant, str):
            errors["participant"] = _("participant must be the link code on the participant's card.")
        if errors:
            return jsonify({"errors": errors}), 422
        if defn["mode"] == "linked":  # too many wrong participant codes from here: the same refusal for any code
            wait = throttle.code_guess_wait(f"survey-{survey.id}")
            if wait is not None:
                return throttle.paused_json(language, wait)
        try:
            response, created = services.submit_response(
                survey, client_uuid=payload.get("client_uuid"), language=language, answers=payload["answers"],
                link_code=participant, channel="api", strict=True, hidden="reject", defn=defn)
        except services.InvalidResponse as invalid:
            db.session.rollback()
            if "participant" in invalid.errors:
                throttle.code_guess_failed(f"survey-{survey.id}")
            return jsonify({"errors": {key: str(message) for key, message in invalid.errors.items()}}), 422
        except services.SurveyClosed as closed:
            db.session.rollback()
            return _error(409, str(closed))
        stored = {"id": response.id, "survey_version": response.survey_version}  # read before commit expires them
        db.session.commit()
        return jsonify(stored), 201 if created else 200


def _posted_language():
    try:
        payload = request.get_json(silent=True)
    except RecursionError:
        payload = None
    return payload.get("language") if isinstance(payload, dict) else None


def _error(status, message):
    return jsonify({"error": message}), status


csrf.exempt(submit)
