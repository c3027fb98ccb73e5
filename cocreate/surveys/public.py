"""What the participant pages and the JSON API share: finding a survey by the code on the handout.

Both answer 404 for a code no survey has; the error handler makes that an HTML
page at /s/… and JSON under /api/ (see cocreate/errors.py). A code that opens
nothing is counted against the client's address, and an address that sent too
many gets 429 whatever code it sends (see `sharing.open_by_code`). A survey that
is closed or not yet open is found: each endpoint says so in its own way.
"""
from .. import sharing
from . import services


def survey_by_code_or_404(code, language=None):
    """The survey with this public code (case and spaces forgiven), or 404; 429 while the address is paused."""
    return sharing.open_by_code(code, services.get_survey_by_code, language=language)


def survey_to_answer_or_404(code, language=None):
    """(survey, definition of its current version) by public code, read in one query, or 404 (counted); the
    caller asks whether the address is paused when it counts the submission
    (`throttle.submission_and_handout_wait`), before it answers anything else."""
    return sharing.open_by_code(code, services.get_survey_to_answer, language=language, checked=True)
