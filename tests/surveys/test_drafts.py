"""A new survey is a draft: nobody can answer it until a facilitator opens it, and it cannot open empty."""
import io
import json

import pytest
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.surveys import services, xlsform
from cocreate.surveys.models import Survey

from .conftest import UUID1, small_definition


@pytest.fixture
def facilitator(auth, make_project):
    make_project("demo")
    return auth.login_as("facilitator")


def new_survey(app, client):
    response = client.post("/surveys/new/demo", data={"title": "Needs", "source_language": "en", "languages": "ar",
                                                      "site_id": 0, "workshop_id": 0, "mode": "anonymous"})
    assert response.status_code == 302
    with app.app_context():
        survey = db.session.scalars(sa.select(Survey)).one()
        return survey.id, survey.code, survey.sections[0].id


def test_a_new_survey_is_a_draft_nobody_can_answer(app, client, facilitator):
    survey_id, code, _section = new_survey(app, client)
    with app.app_context():
        assert services.state(db.session.get(Survey, survey_id)) == "draft"
    detail = client.get(f"/surveys/{survey_id}").get_data(as_text=True)
    assert "Draft" in detail and ">Open<" in detail and "Close now" not in detail
    assert "Draft" in client.get("/surveys/").get_data(as_text=True)
    # participants and machine clients are told it is not open yet
    assert "This survey is not open yet." in client.get(f"/s/{code}/en").get_data(as_text=True)
    assert client.get(f"/api/v1/surveys/{code}").get_json()["state"] == "not_yet_open"
    refused = client.post(f"/api/v1/surveys/{code}/responses", data=json.dumps(
        {"client_uuid": UUID1, "language": "en", "answers": {}}), content_type="application/json")
    assert refused.status_code == 409 and refused.get_json()["error"] == "This survey is not open yet."


def test_a_survey_without_questions_cannot_be_opened(app, client, facilitator):
    survey_id, code, section_id = new_survey(app, client)
    refused = client.post(f"/surveys/{survey_id}/state?lang=es", data={"open": "1"}, follow_redirects=True)
    assert "Añada al menos una pregunta antes de abrir la encuesta." in refused.get_data(as_text=True)
    with app.app_context():
        assert services.state(db.session.get(Survey, survey_id)) == "draft"
    client.post(f"/surveys/{survey_id}/sections/{section_id}/questions/new",
                data={"kind": "yes_no", "key": "working", "label": "Do you work?"})
    opened = client.post(f"/surveys/{survey_id}/state?lang=en", data={"open": "1"}, follow_redirects=True)
    assert "The survey is open." in opened.get_data(as_text=True)
    with app.app_context():
        assert services.state(db.session.get(Survey, survey_id)) == "open"
    assert "This survey is not open yet." not in client.get(f"/s/{code}/en").get_data(as_text=True)


def test_an_imported_xlsform_is_a_draft(app, client, facilitator, make_survey):
    survey_id, _code = make_survey()
    with app.app_context():
        data = xlsform.write(services.definition(db.session.get(Survey, survey_id)))
        project_id = db.session.get(Survey, survey_id).project_id
    response = client.post("/surveys/import", data={"project_id": project_id, "file": (io.BytesIO(data), "f.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    with app.app_context():
        imported = db.session.scalars(sa.select(Survey).where(Survey.id != survey_id)).one()
        assert services.state(imported) == "draft"


def test_the_demo_surveys_keep_their_states(seeded):
    from cocreate.surveys.demo import EVALUATION_CODES, NEEDS_CODES

    with seeded.app_context():
        assert {services.state(services.get_survey_by_code(code)) for code in NEEDS_CODES.values()} == {"open"}
        assert {services.state(services.get_survey_by_code(code)) for code in EVALUATION_CODES.values()} == {"closed"}


def test_opening_a_draft_with_a_later_opening_time_keeps_the_time(app, make_project):
    from datetime import datetime, timezone

    from cocreate.projects.services import get_project_by_slug

    make_project("demo")
    later = datetime(2031, 3, 1, 9, tzinfo=timezone.utc)
    with app.app_context():
        survey = services.create_from_definition(get_project_by_slug("demo"), small_definition(), actor=None)
        survey.opens_at = later
        services.set_open(survey, True, now=datetime(2031, 1, 1, tzinfo=timezone.utc), actor=None)
        assert services.state(survey, now=datetime(2031, 1, 1, tzinfo=timezone.utc)) == "not_yet_open"
        assert services.state(survey, now=later) == "open"
