"""The JSON API: 201 stored, 200 the same client_uuid again, 422 per-question errors, 404, 409 closed."""
from datetime import datetime, timezone

import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.surveys.models import Response

from .conftest import UUID1, UUID2

GOOD = {"working": "yes", "age": 30, "needs": ["work", "health"], "hours": 38, "employer": "Casa Aperta",
        "sus": [4, 2, 4, 2, 4, 2, 4, 2, 4, 2]}


def post(client, code, body, **kwargs):
    return client.post(f"/api/v1/surveys/{code}/responses", json=body, **kwargs)


def stored(app):
    with app.app_context():
        return db.session.scalars(sa.select(Response).order_by(Response.id)).all()


def test_a_valid_response_is_stored_once(app, client, make_survey):
    _id, code = make_survey()
    first = post(client, code, {"client_uuid": UUID1, "language": "ar", "answers": GOOD})
    assert first.status_code == 201, first.json
    again = post(client, code, {"client_uuid": UUID1, "language": "ar", "answers": GOOD})
    assert again.status_code == 200 and again.json["id"] == first.json["id"]
    other = post(client, code.lower(), {"client_uuid": UUID2, "language": "fr", "answers": {"working": "no"}})
    assert other.status_code == 201 and other.json["id"] != first.json["id"]
    responses = stored(app)
    assert len(responses) == 2
    assert responses[0].answers == {**GOOD, "hours": 38.0} and responses[0].language == "ar"
    assert responses[0].channel == "api" and responses[0].survey_version == 1


def test_invalid_answers_get_errors_per_question_and_nothing_is_stored(app, client, make_survey):
    _id, code = make_survey()
    response = post(client, code, {"client_uuid": UUID1, "language": "en", "answers": {
        "age": "30", "needs": ["cinema"], "nonsense": 1, "hours": 20, "trust": 9}})
    assert response.status_code == 422
    errors = response.json["errors"]
    assert set(errors) == {"working", "age", "needs", "nonsense", "hours", "trust"}
    assert errors["working"] == "Please answer this question."
    assert errors["nonsense"] == "There is no question with this key in the survey."
    assert "not asked" in errors["hours"]  # hidden: the job screen is only for people who work
    assert stored(app) == []


def test_errors_come_in_the_language_of_the_response(client, make_survey):
    _id, code = make_survey()
    response = post(client, code, {"client_uuid": UUID1, "language": "ar", "answers": {}})
    assert response.status_code == 422
    assert response.json["errors"]["working"] not in ("", "Please answer this question.")


def test_hidden_questions_are_rejected_by_the_api(client, make_survey):
    _id, code = make_survey()
    response = post(client, code, {"client_uuid": UUID1, "language": "en",
                                   "answers": {"working": "yes", "hours": 10, "employer": "x"}})
    assert response.status_code == 422 and set(response.json["errors"]) == {"employer"}


def test_malformed_requests(client, make_survey):
    _id, code = make_survey()
    assert client.post(f"/api/v1/surveys/{code}/responses", data="not json",
                       content_type="application/json").status_code == 400
    assert post(client, code, ["a", "list"]).status_code == 400
    response = post(client, code, {"client_uuid": "123", "language": "de", "answers": [], "extra": 1})
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"answers", "extra"}
    response = post(client, code, {"client_uuid": "123", "language": "de", "answers": {"working": "no"}})
    assert set(response.json["errors"]) == {"client_uuid"}
    response = post(client, code, {"client_uuid": UUID1, "language": "de", "answers": {"working": "no"}})
    assert set(response.json["errors"]) == {"language"}


def test_unknown_code_is_404_and_closed_survey_is_409(app, client, make_survey):
    survey_id, code = make_survey()
    response = post(client, "ZZZZ", {"client_uuid": UUID1, "language": "en", "answers": {}})
    assert response.status_code == 404 and response.is_json
    with app.app_context():
        survey = db.session.get(Response.survey.property.mapper.class_, survey_id)
        stored_first = post(client, code, {"client_uuid": UUID1, "language": "en", "answers": {"working": "no"}})
        survey.closes_at = datetime(2020, 1, 1, tzinfo=timezone.utc)
        db.session.commit()
    response = post(client, code, {"client_uuid": UUID2, "language": "en", "answers": {"working": "no"}})
    assert response.status_code == 409 and response.json["error"]
    # a client syncing late gets its earlier response back, not an error
    again = post(client, code, {"client_uuid": UUID1, "language": "en", "answers": {"working": "no"}})
    assert again.status_code == 200 and again.json["id"] == stored_first.json["id"]


def test_the_api_needs_no_csrf_token(app, make_survey):
    app.config["WTF_CSRF_ENABLED"] = True
    _id, code = make_survey()
    response = post(app.test_client(), code, {"client_uuid": UUID1, "language": "en", "answers": {"working": "no"}})
    assert response.status_code == 201


def test_the_definition_is_served_for_clients(client, make_survey):
    _id, code = make_survey()
    definition = client.get(f"/api/v1/surveys/{code}").json
    assert definition["code"] == code and definition["state"] == "open"
    assert [s["key"] for s in definition["sections"]] == ["about", "job", "end"]
    assert definition["sections"][1]["condition"] == {"op": "eq", "q": "working", "value": "yes"}
