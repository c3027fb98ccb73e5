"""Surveys: multilingual questionnaires, answered by participants on their phones.

Three blueprints: `surveys` (the builder, results and exports for staff, at
/surveys/), `answer` (the participant pages at /s/<code>, no account needed)
and `surveys_api` (JSON for data-collection clients, at /api/v1/surveys/).
"""
from flask import Blueprint

bp = Blueprint("surveys", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static")
answer_bp = Blueprint("answer", __name__, template_folder="templates")
api_bp = Blueprint("surveys_api", __name__)

from . import models  # noqa: E402,F401
from . import api, answer, calculated, evidence, media, prompt_views, services, views  # noqa: E402,F401

evidence.register()
calculated.register()

from flask_babel import lazy_gettext as _l  # noqa: E402

from ..history import register_actions  # noqa: E402

register_actions({  # how the record of changes names this package's actions
    "surveys.survey_created": _l("created a survey"),
    "surveys.survey_updated": _l("changed a survey"),
    "surveys.survey_opened": _l("opened a survey"),
    "surveys.survey_closed": _l("closed a survey"),
    "surveys.survey_archived": _l("archived a survey"),
    "surveys.survey_restored": _l("took a survey out of the archive"),
    "surveys.survey_deleted": _l("deleted a survey"),
    "surveys.section_saved": _l("saved a section"),
    "surveys.section_deleted": _l("deleted a section"),
    "surveys.section_moved": _l("moved a section"),
    "surveys.question_saved": _l("saved a question"),
    "surveys.question_deleted": _l("deleted a question"),
    "surveys.question_moved": _l("moved a question"),
    "surveys.translations_saved": _l("saved translations"),
    "surveys.question_media_saved": _l("kept a picture or sound of a question"),
    "surveys.question_media_deleted": _l("took away a picture or sound of a question"),
    "surveys.response_submitted": _l("submitted a response"),
    "surveys.response_deleted": _l("deleted a response"),
    "surveys.responses_exported": _l("exported the responses"),
    "surveys.answer_file_opened": _l("opened a file sent as an answer"),
})

from ..audit import register_audited  # noqa: E402

register_audited({  # what the audit log keeps of this package's actions
    "surveys.responses_exported",
    "surveys.answer_file_opened",
    "surveys.response_deleted",
    "surveys.survey_deleted",
})

from ..privacy.retention import RetentionCategory, register_retention  # noqa: E402

# Responses are deleted once past their retention period (RETENTION_DAYS), counted from their submission.
register_retention(RetentionCategory("survey_responses", _l("Survey responses"), "survey_answer",
                                     services.responses_submitted_before))
