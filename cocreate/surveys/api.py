"""JSON API for data-collection clients and offline sync (machine clients: no CSRF token, strict JSON).

GET  /api/v1/surveys/<code>             the survey's definition (what a client needs to show it; each question's
                                        and choice's "media": [{kind, language, name, file, url}], url None
                                        while the file is only expected)
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
from ..sharing import participant_url
from . import prompts, services
from .public import survey_by_code_or_404, survey_to_answer_or_404

FIELDS = {"client_uuid", "language", "answers", "participant"}


@bp.get("/<code>")
def survey_definition(code):
    survey = survey_by_code_or_404(code)
    defn = prompts.with_urls(services.definition(survey), lambda filename: participant_url(
        "answer.participant_media", code=survey.code, filename=filename))
    return jsonify({**defn, "state": services.public_state(survey)})


@bp.post("/<code>/responses")
def submit(code):
    """Store a response. Each submission is counted against the client's address (`throttle`): one that is
    stored is counted in the transaction that stores it, so that it costs one commit; any other is counted in a
    commit of its own before it is answered, and an address beyond a limit gets 429 whatever it sent."""
    payload = _posted_json()
    language = payload.get("language") if isinstance(payload, dict) else None
    survey, defn = survey_to_answer_or_404(code, language)
    with force_locale(interface_language(language if isinstance(language, str) else "en")):
        if not isinstance(payload, dict):
            return _refused(_error(400, _("Send a JSON object with client_uuid, language and answers.")), language)
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
            return _refused((jsonify({"errors": errors}), 422), language)
        if defn["mode"] == "linked":  # too many wrong participant codes from here: the same refusal for any code
            wait = throttle.code_guess_wait(f"survey-{survey.id}")
            if wait is not None:
                return _refused(throttle.paused_json(language, wait), language)
        try:
            response, created = services.submit_response(
                survey, client_uuid=payload.get("client_uuid"), language=language, answers=payload["answers"],
                link_code=participant, channel="api", strict=True, hidden="reject", defn=defn,
                admit=_admit)
        except _Paused as paused:
            db.session.commit()  # the count alone: nothing else was written before it
            return throttle.paused_json(language, paused.seconds)
        except services.InvalidResponse as invalid:
            db.session.rollback()
            if "participant" in invalid.errors:
                throttle.code_guess_failed(f"survey-{survey.id}")
            return _refused((jsonify({"errors": {key: str(message) for key, message in invalid.errors.items()}}),
                             422), language)
        except services.SurveyClosed as closed:
            db.session.rollback()
            return _refused(_error(409, str(closed)), language)
        stored = {"id": response.id, "survey_version": response.survey_version}  # read before commit expires them
        db.session.commit()  # the response and its count together
        return jsonify(stored), 201 if created else 200


class _Paused(Exception):
    def __init__(self, seconds):
        super().__init__(seconds)
        self.seconds = seconds


def _admit():
    """Count a valid submission in the transaction that stores it; refuse it (`_Paused`) beyond a limit."""
    wait = throttle.submission_and_handout_wait(commit=False)
    if wait is not None:
        raise _Paused(wait)


def _refused(answer, language):
    """`answer` to a submission that stores nothing, once it is counted (committed): 429 instead when the
    address is beyond a limit."""
    wait = throttle.submission_and_handout_wait()
    return throttle.paused_json(language, wait) if wait is not None else answer


def _posted_json():
    try:
        return request.get_json(silent=True)
    except RecursionError:  # "[[[[…" nested deeper than the JSON decoder can follow
        return None


def _error(status, message):
    return jsonify({"error": message}), status


csrf.exempt(submit)
