"""A survey with responses is archived, not deleted; one without may be deleted after a confirmation."""
import sqlalchemy as sa
import pytest

from cocreate.extensions import db
from cocreate.surveys import services
from cocreate.surveys.models import Question, Section, Survey, SurveyVersion

from .conftest import UUID1


@pytest.fixture
def facilitator(auth, make_project):
    make_project("demo")
    return auth.login_as("facilitator")


def answer(app, survey_id):
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        services.submit_response(survey, client_uuid=UUID1, language="en", answers={"working": "no"})
        db.session.commit()


def test_a_survey_with_responses_is_archived_not_deleted(app, client, facilitator, make_survey, changes):
    survey_id, code = make_survey()
    answer(app, survey_id)
    confirm = client.get(f"/surveys/{survey_id}/delete").get_data(as_text=True)
    assert "cannot be deleted" in confirm and "Archive" in confirm
    assert client.post(f"/surveys/{survey_id}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(Survey, survey_id) is not None
    assert client.post(f"/surveys/{survey_id}/archive", data={"archive": "1"}).status_code == 302
    assert "survey_archived" in " ".join(action for action, *_rest in changes)
    # out of the default list, in the archive's
    assert f"/surveys/{survey_id}\"" not in client.get("/surveys/").get_data(as_text=True)
    assert f"/surveys/{survey_id}\"" in client.get("/surveys/?show=archived").get_data(as_text=True)
    # refuses answers like a closed survey, keeps results and exports
    assert "This survey is closed." in client.get(f"/s/{code}/en").get_data(as_text=True)
    assert client.get(f"/api/v1/surveys/{code}").get_json()["state"] == "closed"
    assert client.get(f"/surveys/{survey_id}/results").status_code == 200
    assert b"working" in client.get(f"/surveys/{survey_id}/export/responses.csv").data
    assert "Archived" in client.get(f"/surveys/{survey_id}").get_data(as_text=True)
    client.post(f"/surveys/{survey_id}/archive", data={"archive": "0"})
    assert f"/surveys/{survey_id}\"" in client.get("/surveys/").get_data(as_text=True)


def test_a_survey_without_responses_is_deleted_with_what_goes_with_it(app, client, facilitator, make_survey,
                                                                       changes):
    survey_id, _code = make_survey()
    confirm = client.get(f"/surveys/{survey_id}/delete").get_data(as_text=True)
    assert "3 sections" in confirm and "12 questions" in confirm and "2 languages" in confirm
    response = client.post(f"/surveys/{survey_id}/delete", data={"confirm": "1"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Survey, survey_id) is None
        for model in (Section, Question, SurveyVersion):
            assert db.session.scalars(sa.select(model).where(model.survey_id == survey_id)).first() is None
    assert "surveys.survey_deleted" in [action for action, *_rest in changes]
    assert "Survey deleted." in client.get(response.location).get_data(as_text=True)


def test_only_editors_at_the_survey_site_archive_or_delete(app, client, auth, make_survey):
    survey_id, _code = make_survey()
    auth.login_as("researcher")
    assert client.post(f"/surveys/{survey_id}/delete", data={"confirm": "1"}).status_code == 403
    assert client.post(f"/surveys/{survey_id}/archive", data={"archive": "1"}).status_code == 403
