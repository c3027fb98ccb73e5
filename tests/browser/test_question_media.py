"""A question with a picture and a spoken version, and picture choices, in a real browser on a phone, in Arabic: with
JavaScript the large play button (at least 44×44 px) plays the question; without it the plain player is there;
a picture choice is chosen by tapping it; the page passes axe-core both ways."""
import io

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from cocreate.extensions import db
from cocreate.projects.models import Project
from cocreate.surveys import prompts, services

from ..prototypes.conftest import recording
from ..surveys.test_answer_files import picture
from ..surveys.test_question_media import definition
from .conftest import check_accessibility
from .test_location_question import open_question


@pytest.fixture(scope="module")
def illustrated_survey(live_app):
    """The code of an open survey whose first question has a picture, an Arabic sound and picture choices."""
    with live_app.app_context():
        project = db.session.scalars(sa.select(Project).order_by(Project.id)).first()
        survey = services.create_from_definition(project, definition(), actor=None)
        how = survey.sections[0].questions[0]
        prompts.store(how, io.BytesIO(picture(size=(320, 200))), kind="image", actor=None)
        prompts.store(how, io.BytesIO(recording("ogg", seconds=2.0)), kind="audio", language="ar", actor=None)
        prompts.store(how, io.BytesIO(picture(size=(160, 160))), kind="image", choice_value="bus", actor=None)
        prompts.store(how, io.BytesIO(picture(size=(160, 160))), kind="image", choice_value="foot", actor=None)
        services.set_open(survey, True, actor=None)
        db.session.commit()
        return survey.code


def test_the_large_play_button_plays_the_question_and_picture_choices_are_chosen(browser, live_server,
                                                                                illustrated_survey):
    context, page, errors = open_question(browser, live_server, illustrated_survey, "ar")
    try:
        assert page.get_attribute("html", "dir") == "rtl"
        button = page.locator("[data-listen-button]")
        expect(button).to_be_visible()
        expect(button).to_have_text("▶ استمع إلى السؤال")
        box = button.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
        page.wait_for_function("document.querySelector('.question__picture').naturalWidth > 0")  # served
        button.click()
        expect(button).to_contain_text("إيقاف مؤقت")  # playing: the button now pauses
        assert page.evaluate("!document.querySelector('.listen__audio').paused")
        button.click()
        expect(button).to_contain_text("استمع إلى السؤال")
        page.locator("label.option--picture", has_text="مشيًا").locator("img").click()
        assert page.is_checked("input[name=q-how][value=foot]")
        check_accessibility(page, "question-media-ar")
        assert errors == []
    finally:
        context.close()


def test_without_javascript_the_player_is_there_and_the_page_passes_axe(browser, live_server, illustrated_survey):
    context, page, errors = open_question(browser, live_server, illustrated_survey, "ar", java_script_enabled=False)
    try:
        expect(page.locator("[data-listen-button]")).to_be_hidden()
        expect(page.locator("audio.listen__audio")).to_be_visible()
        expect(page.locator(".listen__label")).to_have_text("استمع إلى السؤال")
        assert page.locator("label.option--picture img.option__picture").count() == 2
        check_accessibility(page, "question-media-ar-no-js", javascript=False)
        assert errors == []
    finally:
        context.close()


def test_the_builder_offers_the_file_field_and_the_recorder(page_for, sign_in, live_app, illustrated_survey):
    from cocreate.surveys.models import Survey

    with live_app.app_context():
        survey = db.session.scalar(sa.select(Survey).where(Survey.code == illustrated_survey))
        survey_id, question_id = survey.id, survey.sections[0].questions[0].id
    page = page_for("fr")
    sign_in(page, "admin@miict.example")
    page.goto(f"/surveys/{survey_id}/questions/{question_id}/media?lang=fr")
    expect(page.locator("input#file")).to_be_visible()  # a picture is still chosen where the page can record
    expect(page.locator("[data-voice-record]")).to_be_visible()
    expect(page.locator("img.media-preview").first).to_be_visible()
    assert page.locator("table audio[controls]").count() == 1  # the Arabic sound, to play
    check_accessibility(page, "question-media-builder-fr")
