"""Skip conditions in the builder: errors under the condition field, and a picker that writes the condition
(question → comparison → value) for those who do not know XLSForm, with or without JavaScript."""
import re

import pytest
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.surveys import logic, services
from cocreate.surveys.models import Survey


@pytest.mark.parametrize("key, comparison, value, numeric, tree", [
    ("working", "is", "yes", False, {"op": "eq", "q": "working", "value": "yes"}),
    ("working", "is_not", "no", False, {"op": "ne", "q": "working", "value": "no"}),
    ("age", "at_least", "18", True, {"op": "ge", "q": "age", "value": 18}),
    ("hours", "at_most", "7.5", True, {"op": "le", "q": "hours", "value": 7.5}),
    ("age", "is", "30", True, {"op": "eq", "q": "age", "value": 30}),
    ("needs", "includes", "health", False, {"op": "any_of", "q": "needs", "values": ["health"]}),
    ("name", "is", "O'Brien", False, {"op": "eq", "q": "name", "value": "O'Brien"}),
    ("phone", "answered", "", False, {"op": "answered", "q": "phone"}),
])
def test_the_picker_writes_conditions_the_parser_reads(key, comparison, value, numeric, tree):
    text = logic.write_condition(key, comparison, value, numeric=numeric)
    assert logic.parse(text) == tree


@pytest.mark.parametrize("comparison, value", [("at_least", "many"), ("is", ""), ("nearly", "1")])
def test_the_picker_refuses_what_it_cannot_write(comparison, value):
    with pytest.raises(logic.ConditionError):
        logic.write_condition("age", comparison, value)


@pytest.fixture
def built(app, client, auth, make_project):
    """A survey with a yes/no, a number and a multiple-choice question; (survey id, section id)."""
    make_project("demo")
    auth.login_as("facilitator")
    client.post("/surveys/new/demo", data={"title": "T", "source_language": "en", "site_id": 0, "workshop_id": 0,
                                           "mode": "anonymous"})
    with app.app_context():
        survey = db.session.scalars(sa.select(Survey)).one()
        survey_id, section_id = survey.id, survey.sections[0].id
    url = f"/surveys/{survey_id}/sections/{section_id}/questions/new"
    client.post(url, data={"kind": "yes_no", "key": "working", "label": "Do you work?"})
    client.post(url, data={"kind": "integer", "key": "age", "label": "How old are you?"})
    client.post(url, data={"kind": "multiple_choice", "key": "needs", "label": "What do you need?",
                           "choices": "work = Work\nhealth = Health care"})
    return survey_id, section_id


def error_of(page, field):
    match = re.search(rf'<p class="field__error" id="{field}-error">(.*?)</p>', page, re.S)
    return match.group(1).strip() if match else None


def test_a_wrong_condition_is_reported_under_the_condition_field(client, built):
    survey_id, section_id = built
    url = f"/surveys/{survey_id}/sections/{section_id}/questions/new"
    syntax = client.post(url, data={"kind": "yes_no", "key": "c", "label": "C", "condition": "${age} == 3"})
    assert error_of(syntax.get_data(as_text=True), "condition") and not error_of(syntax.get_data(as_text=True), "key")
    later = client.post(url, data={"kind": "yes_no", "key": "c", "label": "C", "condition": "${nobody} = 'yes'"})
    page = later.get_data(as_text=True)
    assert "not a question of this survey" in (error_of(page, "condition") or "") and error_of(page, "key") is None
    taken = client.post(url, data={"kind": "yes_no", "key": "age", "label": "C"}).get_data(as_text=True)
    assert "already used" in (error_of(taken, "key") or "") and error_of(taken, "condition") is None
    section = client.post(f"/surveys/{survey_id}/sections/new",
                          data={"key": "age", "title": "Second", "condition": ""}).get_data(as_text=True)
    assert "already used" in (error_of(section, "key") or "") and error_of(section, "condition") is None


def test_the_picker_works_without_javascript(app, client, built):
    survey_id, section_id = built
    form = client.get(f"/surveys/{survey_id}/sections/{section_id}/questions/new").get_data(as_text=True)
    assert "<legend>" in form and '<option value="working">Do you work? (working)</option>' in form
    assert 'value="needs:health"' in form and "Health care" in form and 'value="working:yes"' in form
    url = f"/surveys/{survey_id}/sections/{section_id}/questions/new"
    assert client.post(url, data={"kind": "short_text", "key": "employer", "label": "Employer",
                                  "when_question": "working", "when_comparison": "is",
                                  "when_choice": "working:yes"}).status_code == 302
    assert client.post(url, data={"kind": "short_text", "key": "school", "label": "School",
                                  "when_question": "age", "when_comparison": "at_most",
                                  "when_value": "17"}).status_code == 302
    bad = client.post(url, data={"kind": "short_text", "key": "x", "label": "X", "when_question": "age",
                                 "when_comparison": "at_least", "when_value": "old"})
    assert bad.status_code == 200 and error_of(bad.get_data(as_text=True), "when_value")
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        assert services.find_question(survey, "employer").condition == {"op": "eq", "q": "working", "value": "yes"}
        assert services.find_question(survey, "school").condition == {"op": "le", "q": "age", "value": 17}
    # typed text wins over the picker
    section = client.post(f"/surveys/{survey_id}/sections/new", data={
        "key": "more", "title": "More", "condition": "${age} >= 18", "when_question": "needs",
        "when_comparison": "includes", "when_choice": "needs:work"})
    assert section.status_code == 302
    with app.app_context():
        assert db.session.get(Survey, survey_id).sections[-1].condition == {"op": "ge", "q": "age", "value": 18}


def test_the_picker_script_is_served_and_loaded_without_inline_code(client, built):
    survey_id, section_id = built
    page = client.get(f"/surveys/{survey_id}/sections/{section_id}").get_data(as_text=True)
    assert '/surveys/static/condition-picker.js"' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    script = client.get("/surveys/static/condition-picker.js")
    assert script.status_code == 200 and b"when_question" in script.data
    script.close()


def test_the_picker_is_translated(client, built):
    survey_id, section_id = built
    page = client.get(f"/surveys/{survey_id}/sections/{section_id}/questions/new?lang=es").get_data(as_text=True)
    assert "es al menos" in page
