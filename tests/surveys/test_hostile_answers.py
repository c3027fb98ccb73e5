"""What a probe sent to surveys: numbers of thousands of digits, infinite bounds, and thousands of made-up
answer keys. Each is refused with a short, clear answer, and nothing that was stored breaks the results."""
import json

import pytest
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.surveys import services
from cocreate.surveys.models import Question, Response

from .conftest import UUID1, question

UNBOUNDED = [{"key": "all", "title": {"en": "All"}, "condition": None, "questions": [
    question("count", "integer", {"en": "How many?"}),
    question("share", "decimal", {"en": "What share?"}),
]}]


def post(client, code, answers, language="en"):
    return client.post(f"/api/v1/surveys/{code}/responses", data=json.dumps(
        {"client_uuid": UUID1, "language": language, "answers": answers}), content_type="application/json")


def stored(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Response))


@pytest.mark.parametrize("answers", [
    {"count": int("9" * 4000)},  # what the probe stored: from then on the results answered 500
    {"count": 10 ** 15},
    {"count": -(10 ** 15)},
    {"share": 1e300},
    {"share": -1e16},
])
def test_numbers_beyond_fifteen_digits_are_refused_without_bounds(app, client, make_survey, answers):
    _id, code = make_survey(sections=UNBOUNDED)
    response = post(client, code, answers)
    assert response.status_code == 422
    assert list(response.json["errors"].values()) == ["Enter a number of at most 15 digits."]
    assert stored(app) == 0


def test_fifteen_digits_are_taken(app, client, make_survey):
    _id, code = make_survey(sections=UNBOUNDED)
    assert post(client, code, {"count": 10 ** 15 - 1, "share": -123456789012345.5}).status_code == 201


def test_the_refusal_is_in_the_response_language(client, make_survey):
    _id, code = make_survey(sections=UNBOUNDED, languages=["en", "ar"])
    response = post(client, code, {"count": 10 ** 20}, language="ar")
    assert response.json["errors"]["count"] != "Enter a number of at most 15 digits."
    assert "15" in response.json["errors"]["count"] or "١٥" in response.json["errors"]["count"]


def test_the_phone_form_refuses_a_long_number_too(app, client, make_survey):
    _id, code = make_survey(sections=UNBOUNDED)
    page = client.post(f"/s/{code}/en", data={"client_uuid": UUID1, "section": "all", "shown": "count share",
                                              "nav": "submit", "q-count": "9" * 16, "q-share": "1" * 17})
    assert page.status_code == 200
    assert "Enter a whole number, such as 12." in page.text  # the form reads at most 15 digits as a number
    assert "Enter a number of at most 15 digits." in page.text
    assert 'value="' + "9" * 16 + '"' in page.text  # what was typed stays in the field
    assert stored(app) == 0


def test_results_and_exports_survive_a_number_stored_before_the_bound(app, client, auth, make_survey):
    survey_id, code = make_survey(sections=UNBOUNDED)
    assert post(client, code, {"count": 3}).status_code == 201
    with app.app_context():
        survey = db.session.get(services.Survey, survey_id)
        db.session.add(Response(survey_id=survey_id, survey_version=survey.version, language="en",
                                client_uuid="0b7e4c1e-5f0e-4c57-9a3e-6f1d2a000009", answers={"count": int("9" * 400)}))
        db.session.commit()
    auth.login_as("admin")
    assert client.get(f"/surveys/{survey_id}/results").status_code == 200
    for name in ("responses.csv", "responses.xlsx"):
        assert client.get(f"/surveys/{survey_id}/export/{name}").status_code == 200


@pytest.mark.parametrize("bound", [float("inf"), float("-inf"), float("nan"), 10 ** 15, 1e20])
def test_bounds_must_be_finite_numbers_of_fifteen_digits(app, make_survey, bound):
    survey_id, _code = make_survey(sections=UNBOUNDED)
    with app.app_context():
        survey = db.session.get(services.Survey, survey_id)
        with pytest.raises(services.SurveyError) as refused:
            services.save_question(survey.sections[0], key="people", kind="integer", label="People?",
                                   settings={"min": bound}, actor=None)
        assert str(refused.value) == "Give the bound as a number of at most 15 digits."
        assert refused.value.field == "minimum"


@pytest.mark.parametrize("typed", ["inf", "nan", "-Infinity", "1e400"])
def test_the_question_editor_shows_the_refusal_under_the_bound(app, client, auth, make_survey, typed):
    survey_id, _code = make_survey(sections=UNBOUNDED)
    with app.app_context():
        section_id = db.session.get(services.Survey, survey_id).sections[0].id
    auth.login_as("admin")
    page = client.post(f"/surveys/{survey_id}/sections/{section_id}/questions/new", data={
        "kind": "integer", "key": "people", "label": "People?", "maximum": typed})
    assert page.status_code == 200
    assert "Give the bound as a number of at most 15 digits." in page.text
    with app.app_context():
        assert db.session.scalar(sa.select(Question).filter_by(key="people")) is None


def test_an_imported_survey_with_an_endless_bound_is_refused(app, make_project):
    from cocreate.projects.services import get_project_by_slug
    from .conftest import small_definition

    slug = make_project(slug="imported")
    defn = small_definition()
    defn["sections"][0]["questions"][1]["settings"] = {"min": 0, "max": float("inf")}
    with app.app_context(), pytest.raises(services.SurveyError) as refused:
        services.create_from_definition(get_project_by_slug(slug), defn, actor=None)
    assert "age" in str(refused.value) and "15 digits" in str(refused.value)


def test_thousands_of_made_up_keys_get_a_short_reply(app, client, make_survey):
    _id, code = make_survey(sections=UNBOUNDED)
    response = post(client, code, {f"k{n}": 1 for n in range(100_000)})
    assert response.status_code == 422
    errors = response.json["errors"]
    assert len(errors) == services.UNKNOWN_KEYS_NAMED + 1
    assert errors["answers"] == f"{100_000 - services.UNKNOWN_KEYS_NAMED} keys more are not questions of the survey."
    assert len(response.data) < 2000
    assert stored(app) == 0


def test_a_few_made_up_keys_are_each_named(client, make_survey):
    _id, code = make_survey(sections=UNBOUNDED)
    errors = post(client, code, {"nope": 1, "neither": 2, "count": 4}).json["errors"]
    assert errors == {"nope": "There is no question with this key in the survey.",
                      "neither": "There is no question with this key in the survey."}
