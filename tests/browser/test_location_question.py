"""The new question kinds in a real browser, on a phone: "Use my location" fills in the latitude and longitude when
the browser may share the location (announced in the live region), says so when it may not, and the page passes
axe-core in English and Arabic; without JavaScript every new kind is answered and passes axe-core too."""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from cocreate.extensions import db
from cocreate.projects.models import Project
from cocreate.surveys import services
from cocreate.surveys.models import Response

from ..surveys.conftest import question
from ..surveys.test_new_kinds import new_kinds_definition
from .conftest import PHONE, check_accessibility


@pytest.fixture(scope="module")
def location_survey(live_app):
    """The code of an open survey with one location question, in the demo's first project."""
    with live_app.app_context():
        project = db.session.scalars(sa.select(Project).order_by(Project.id)).first()
        survey = services.create_from_definition(project, {
            "source_language": "en", "languages": ["en", "ar"], "mode": "anonymous",
            "title": {"en": "Where"}, "description": {},
            "sections": [{"key": "s", "title": {"en": "Where", "ar": "أين"}, "condition": None, "questions": [
                question("where", "geopoint", {"en": "Where do you live?", "ar": "أين تسكن؟"})]}]}, actor=None)
        services.set_open(survey, True, actor=None)
        db.session.commit()
        return survey.code


def open_question(browser, live_server, code, language, **context_options):
    context = browser.new_context(viewport=PHONE, locale=language, base_url=live_server, **context_options)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"/s/{code}/{language}")
    with page.expect_navigation():
        page.click("button.button--primary")
    return context, page, errors


def test_use_my_location_fills_the_fields(browser, live_server, location_survey):
    context, page, errors = open_question(browser, live_server, location_survey, "en",
                                          geolocation={"latitude": 40.4168, "longitude": -3.7038, "accuracy": 12},
                                          permissions=["geolocation"])
    try:
        page.click("[data-geopoint-locate]")
        expect(page.locator("[data-geopoint-status]")).to_have_text("Your location was filled in. Check it, then "
                                                                     "continue.")
        assert page.input_value("[data-geopoint-lat]") == "40.416800"
        assert page.input_value("[data-geopoint-lon]") == "-3.703800"
        assert page.input_value("[data-geopoint-accuracy]") == "12"
        check_accessibility(page, "location-question-en")
        assert errors == []
    finally:
        context.close()


def test_a_refused_permission_is_said_in_the_participants_language(browser, live_server, location_survey):
    context, page, errors = open_question(browser, live_server, location_survey, "ar")
    try:
        page.click("[data-geopoint-locate]")
        status = page.locator("[data-geopoint-status]")
        expect(status).not_to_have_text("")
        assert status.text_content() == "لم تتم مشاركة موقعك. يمكنك كتابة خط العرض وخط الطول بدلًا من ذلك."
        assert page.input_value("[data-geopoint-lat]") == ""
        assert page.get_attribute("html", "dir") == "rtl"
        check_accessibility(page, "location-question-ar")
        assert errors == []
    finally:
        context.close()


def test_every_new_kind_answered_without_javascript(browser, live_server, live_app):
    with live_app.app_context():
        project = db.session.scalars(sa.select(Project).order_by(Project.id)).first()
        survey = services.create_from_definition(project, new_kinds_definition(), actor=None)
        services.set_open(survey, True, actor=None)
        db.session.commit()
        code, survey_id = survey.code, survey.id
    context, page, errors = open_question(browser, live_server, code, "ar", java_script_enabled=False)
    try:
        assert page.locator("[data-geopoint-locate]").count() == 0  # the button needs JavaScript
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "sideways scroll"
        check_accessibility(page, "new-kinds-ar-nojs", javascript=False)
        page.fill("[data-geopoint-lat]", "35.1856, 33.3823")
        page.fill("#question-card-input", "AB-12")
        page.fill("#question-opens-input", "09:05")
        page.fill("#question-visit-input", "2024-03-28T14:30")
        page.check("input[name=q-wait][value='4']")
        page.fill("#question-rooms-input", "55")
        page.check("input[name=q-read]")
        with page.expect_navigation():
            page.click("button.button--primary")
        assert page.url.endswith("/thanks")
        assert errors == []
    finally:
        context.close()
    with live_app.app_context():
        answers = db.session.scalars(sa.select(Response).where(Response.survey_id == survey_id)).one().answers
    assert answers == {"where": {"lat": 35.1856, "lon": 33.3823}, "card": "AB-12", "opens": "09:05",
                       "visit": "2024-03-28T14:30", "wait": 4, "rooms": 55, "read": "OK"}
