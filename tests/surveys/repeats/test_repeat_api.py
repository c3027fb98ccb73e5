"""The JSON API takes a list of entries for a repeated group, checks every entry as other answers are checked,
and refuses too many entries, an entry of the wrong shape or a missing answer in one entry, storing nothing."""
import pytest
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.surveys.models import Response

from ..conftest import UUID1
from .forms import FIXED

MEMBERS = [{"first_name": "Amal", "age": 34, "works": "yes", "job": [{"job_title": "Teacher", "hours": 20},
                                                                    {"job_title": "Tailor"}]},
           {"first_name": "Omar", "age": 9}, {"first_name": "Sara", "age": 12}]


def post(client, code, answers, language="en"):
    return client.post(f"/api/v1/surveys/{code}/responses",
                       json={"client_uuid": UUID1, "language": language, "answers": answers})


def stored(client):
    with client.application.app_context():
        return db.session.scalars(sa.select(Response.answers)).all()


def test_entries_are_stored_per_entry_with_sum_and_count(client, roster_survey):
    _id, code = roster_survey()
    response = post(client, code, {"village": "Zaatari", "member": MEMBERS, "rooms": 2})
    assert response.status_code == 201, response.get_json()
    assert stored(client) == [{"village": "Zaatari", "member": MEMBERS, "total_age": 55, "rooms": 2}]


@pytest.mark.parametrize("member, language, message", [
    ([MEMBERS[0], MEMBERS[1], {"first_name": "Sara"}], "ar", "الإدخال 3 من member، age"),
    ([MEMBERS[0], MEMBERS[1], {"first_name": "Sara"}], "en", "Entry 3 of member, age: Please answer this question."),
    ([MEMBERS[0], "Sara"], "en", "Entry 2 of member is not a set of answers"),
    ([{"first_name": "Amal", "age": 34, "height": 160}], "en", "Entry 1 of member: height is not a question"),
    ([{"first_name": "Amal", "age": "34"}], "en", "Entry 1 of member, age:"),  # a JSON number, strictly
    ([{"first_name": "Omar", "age": 9, "works": "yes"}], "en", "Entry 1 of member, works: This question is not asked"),
    ([{**MEMBERS[0], "job": [{"hours": 3}]}], "en", "Entry 1 of member, job: Entry 1 of job, job_title"),
    ({"first_name": "Amal"}, "en", "Send the entries of this repeated group as a list."),
])
def test_bad_entries_are_named_and_nothing_is_stored(client, roster_survey, member, language, message):
    _id, code = roster_survey()
    response = post(client, code, {"village": "Zaatari", "member": member}, language)
    assert response.status_code == 422
    assert message in response.get_json()["errors"]["member"]
    assert stored(client) == []


def test_the_number_of_entries_is_capped(app, client, roster_survey):
    app.config["SURVEY_REPEAT_ENTRIES"] = 3
    _id, code = roster_survey()
    response = post(client, code, {"village": "Zaatari", "member": [{"first_name": "A", "age": 1}] * 4}, "fr")
    assert response.status_code == 422
    assert response.get_json()["errors"]["member"] == "member accepte au plus 3 entrées ; 4 ont été envoyées."
    assert post(client, code, {"village": "Zaatari", "member": [{"first_name": "A", "age": 1}] * 3}).status_code == 201


def test_a_repeat_count_fixes_the_number_of_entries(client, roster_survey):
    _id, code = roster_survey(FIXED)
    people = [{"name_given": "Amal"}, {"name_given": "Omar"}]
    response = post(client, code, {"size": 3, "person": people, "pet": [{}, {}]})
    assert response.status_code == 422
    assert response.get_json()["errors"]["person"] == "person takes exactly 3 entries; 2 were sent."
    response = post(client, code, {"size": 2, "person": people, "pet": [{"pet_name": "Rex"}, {}]})
    assert response.status_code == 201, response.get_json()
    answers = stored(client)[0]
    assert answers["pet"] == [{"pet_name": "Rex"}, {}]
    assert answers["person"] == [{"name_given": "Amal", "place": 1}, {"name_given": "Omar", "place": 2}]


def test_a_definition_nesting_repeats_too_deep_is_refused(app, make_project):
    from cocreate.projects.services import get_project_by_slug
    from cocreate.surveys import services

    def group(depth):
        inner = [group(depth - 1)] if depth > 1 else [{"key": "leaf", "kind": "short_text", "label": {"en": "L"},
                                                        "help": {}, "required": False, "choices": [],
                                                        "settings": {}, "condition": None}]
        return {"key": f"g{depth}", "kind": "repeat", "label": {"en": "G"}, "help": {}, "required": False,
                "choices": [], "settings": {"questions": inner}, "condition": None}

    slug = make_project(slug="deep")
    with app.test_request_context():
        project = get_project_by_slug(slug)
        for depth, refused in ((3, False), (4, True)):
            defn = {"source_language": "en", "languages": ["en"], "mode": "anonymous", "title": {"en": "Deep"},
                    "sections": [{"key": "s", "title": {"en": "S"}, "condition": None, "questions": [group(depth)]}]}
            if refused:
                with pytest.raises(services.SurveyError, match="g4 cannot be created"):
                    services.create_from_definition(project, defn, actor=None)
            else:
                services.create_from_definition(project, defn, actor=None)
