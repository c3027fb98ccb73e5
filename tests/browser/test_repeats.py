"""A household roster in a real browser, in Arabic, without JavaScript: "Add another" brings a second entry,
each entry is a fieldset with its legend, the page passes axe-core, and the entries are stored."""
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.projects.models import Project
from cocreate.surveys import services, xlsform
from cocreate.surveys.models import Response

from ..surveys.repeats.forms import ROSTER, workbook_bytes
from .conftest import PHONE, check_accessibility


def open_roster(live_app):
    """(code, id) of the roster XLSForm imported into the demo's first project and opened."""
    with live_app.test_request_context():
        project = db.session.scalars(sa.select(Project).order_by(Project.id)).first()
        survey = services.create_from_definition(project, xlsform.read(workbook_bytes(ROSTER)).definition,
                                                 actor=None)
        services.set_open(survey, True, actor=None)
        db.session.commit()
        return survey.code, survey.id


def test_adding_two_entries_in_arabic_without_javascript(browser, live_server, live_app):
    code, survey_id = open_roster(live_app)
    context = browser.new_context(viewport=PHONE, locale="ar", base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"/s/{code}/ar")
        with page.expect_navigation():
            page.click("button.button--primary")
        assert page.locator("html").get_attribute("dir") == "rtl"
        page.fill('[name="q-village"]', "الزعتري")
        page.fill('[name="q-member:1:first_name"]', "أمل")
        page.fill('[name="q-member:1:age"]', "٣٤")
        with page.expect_navigation():
            page.click('button[value="add:member"]')
        assert page.locator("fieldset.repeat__entry > legend").all_inner_texts() == ["فرد 1 من 2", "عمل 1 من 1",
                                                                                     "فرد 2 من 2", "عمل 1 من 1"]
        assert page.input_value('[name="q-member:1:first_name"]') == "أمل"
        page.fill('[name="q-member:2:first_name"]', "عمر")
        page.fill('[name="q-member:2:age"]', "9")
        check_accessibility(page, "repeats-ar-nojs", javascript=False)
        with page.expect_navigation():
            page.click("button.button--primary")
        # two members bring up the question of rooms (count(${member}) > 1): a follow-up step asks it
        assert page.locator('[name="q-rooms"]').count() == 1
        page.fill('[name="q-rooms"]', "2")
        with page.expect_navigation():
            page.click("button.button--primary")
        assert page.url.endswith("/thanks")
    finally:
        context.close()
    with live_app.app_context():
        answers = db.session.scalars(sa.select(Response.answers).where(Response.survey_id == survey_id)).one()
    assert answers == {"village": "الزعتري", "member": [{"first_name": "أمل", "age": 34},
                                                        {"first_name": "عمر", "age": 9}],
                       "total_age": 43, "rooms": 2}


def test_with_javascript_a_removed_entry_never_comes_back_from_the_draft(browser, live_server, live_app):
    code, _survey_id = open_roster(live_app)
    context = browser.new_context(viewport=PHONE, locale="en", base_url=live_server)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"/s/{code}/en")
        with page.expect_navigation():
            page.click("button.button--primary")
        page.fill('[name="q-member:1:first_name"]', "Amal")
        page.fill('[name="q-member:1:age"]', "34")
        with page.expect_navigation():
            page.click('button[value="add:member"]')
        page.fill('[name="q-member:2:first_name"]', "Omar")
        with page.expect_navigation():
            page.click('button[value="remove:member:1"]')
        assert page.locator("fieldset.repeat__entry > legend").first.inner_text() == "Member 1 of 1"
        assert page.input_value('[name="q-member:1:first_name"]') == "Omar"
        assert page.input_value('[name="q-member:1:age"]') == ""  # not Amal's 34 from the saved draft
        assert page.locator('[name="q-member:2:first_name"]').count() == 0
        check_accessibility(page)
        assert errors == []
    finally:
        context.close()
