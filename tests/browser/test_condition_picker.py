"""A facilitator builds a skip condition with the picker (question → comparison → value): in English on a desktop
and in Arabic on a phone, with JavaScript (the condition text is written as they choose) and without it (the server
writes the condition from the picked fields, and a wrong condition is reported under the condition field, not
under Key). Every screen passes axe-core with no serious or critical finding."""
import pytest
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.surveys import services
from cocreate.surveys.models import Question, Survey

from ..surveys.conftest import small_definition
from .conftest import DESKTOP, PHONE, check_accessibility

YES = {"en": "Yes", "ar": "نعم"}


@pytest.fixture
def draft(live_app):
    """A new draft survey at the demo's Madrid site (nobody can answer it); the URL of a new question in its last
    section, and a function giving the condition of the question saved with a key."""
    with live_app.app_context():
        madrid = db.session.scalar(sa.select(Survey).where(Survey.code == "MDR3"))  # the demo's Madrid survey
        survey = services.create_from_definition(madrid.project, small_definition(), site=madrid.site, actor=None)
        db.session.commit()
        url = f"/surveys/{survey.id}/sections/{survey.sections[-1].id}/questions/new"
        survey_id = survey.id

    def condition_of(key):
        with live_app.app_context():
            return db.session.scalar(sa.select(Question.condition).where(Question.survey_id == survey_id,
                                                                         Question.key == key))
    yield url, condition_of
    with live_app.app_context():
        services.delete_survey(db.session.get(Survey, survey_id), actor=None)
        db.session.commit()


def open_page(browser, live_server, language, viewport, javascript, errors):
    context = browser.new_context(viewport=viewport, locale=language, base_url=live_server,
                                  java_script_enabled=javascript)
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page


CASES = [("en", DESKTOP), ("ar", PHONE)]


@pytest.mark.parametrize("language, viewport", CASES)
def test_the_picker_writes_the_condition_as_it_is_chosen(browser, live_server, sign_in, draft, language, viewport):
    url, condition_of = draft
    errors = []
    context, page = open_page(browser, live_server, language, viewport, True, errors)
    try:
        sign_in(page, "facilitator.es1@miict.example")
        page.goto(f"{url}?lang={language}")
        assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
        page.select_option("#when_question", "working")
        page.select_option("#when_comparison", "is")
        assert page.locator("#when_value").is_hidden() and page.locator("#when_choice").is_visible()
        page.select_option("#when_choice", label=YES[language])
        assert page.input_value("#condition") == "${working} = 'yes'"
        check_accessibility(page, f"condition-picker-{language}-js")
        page.fill("#label", "Since when?")
        page.select_option("#kind", "short_text")
        page.fill("#key", f"since_{language}_js")
        with page.expect_navigation():
            page.click("input[type=submit].button--primary")
        assert page.locator(".field__error").count() == 0, page.locator(".field__error").all_inner_texts()
        assert condition_of(f"since_{language}_js") == {"op": "eq", "q": "working", "value": "yes"}
    finally:
        context.close()
    assert errors == []


@pytest.mark.parametrize("language, viewport", CASES)
def test_the_picker_works_without_javascript(browser, live_server, sign_in, draft, language, viewport):
    url, condition_of = draft
    errors = []
    context, page = open_page(browser, live_server, language, viewport, False, errors)
    try:
        sign_in(page, "facilitator.es1@miict.example")
        page.goto(f"{url}?lang={language}")
        check_accessibility(page, f"condition-picker-{language}-nojs", javascript=False)
        # a wrong condition: its message under the condition field, none under Key
        page.fill("#label", "Since when?")
        page.select_option("#kind", "short_text")
        page.fill("#key", f"since_{language}_nojs")
        page.fill("#condition", "${working} == 'yes'")
        with page.expect_navigation():
            page.click("input[type=submit].button--primary")
        assert page.locator("#condition-error").is_visible() and page.locator("#key-error").count() == 0
        assert page.get_attribute("#condition", "aria-invalid") == "true"
        check_accessibility(page, f"condition-picker-error-{language}-nojs", javascript=False)
        # the picked fields, with the condition left empty, become the condition
        page.fill("#condition", "")
        page.select_option("#when_question", "working")
        page.select_option("#when_comparison", "is")
        page.select_option("#when_choice", label=YES[language])
        with page.expect_navigation():
            page.click("input[type=submit].button--primary")
        assert condition_of(f"since_{language}_nojs") == {"op": "eq", "q": "working", "value": "yes"}
    finally:
        context.close()
    assert errors == []
