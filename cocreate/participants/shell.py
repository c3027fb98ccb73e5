"""The shell of participant pages: no account, no menu, the participant's language and text direction.

Surveys use it today and prototype feedback next: a feature renders its page with
`render_participant(template, language, ...)` and extends `participant_base.html`.
"""
from babel import Locale, UnknownLocaleError
from flask import render_template
from flask_babel import force_locale

from ..i18n import LANGUAGES, text_direction
from . import bp


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
    """The text direction of content in `language` (a content language code such as ar or ar-SY); ltr without one."""
    return text_direction((language or "en").replace("-", "_"))


def own_name(code):
    """A language's name in that language ('العربية' for ar), so that people find their own."""
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_")) or code
    except (ValueError, UnknownLocaleError):
        return code


@bp.app_context_processor
def participant_helpers():
    return {"page_direction": page_direction, "own_name": own_name, "interface_languages": list(LANGUAGES)}
