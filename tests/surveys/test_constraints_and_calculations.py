"""Constraints with their messages, calculations, defaults and read-only questions: on the web form, through the
API, in exports, in later conditions, in the builder and through an XLSForm and back."""
import datetime
import json
import re

import pytest
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.surveys import exports, logic, services, xlsform
from cocreate.surveys.models import Response, Survey

from .conftest import UUID1, UUID2, question

MESSAGE = {"en": "At most four children per adult.", "fr": "Au plus quatre enfants par adulte."}


def household_definition():
    children = question("children", "integer", {"en": "Children", "fr": "Enfants"},
                        settings={"constraint": logic.parse(". <= ${adults} * 4", here=True),
                                  "constraint_message": MESSAGE})
    postcode = question("postcode", "short_text", {"en": "Postcode", "fr": "Code postal"},
                        settings={"constraint": logic.parse("regex(., '^[0-9]{5}$')", here=True)})
    size = question("size", "calculate", {"en": "size"},
                    settings={"calculation": logic.parse("${adults} + coalesce(${children}, 0)", value=True)})
    office = question("office", "short_text", {"en": "Office", "fr": "Bureau"},
                      settings={"default": {"op": "lit", "value": "Madrid"}, "read_only": True})
    visit = question("visit", "date", {"en": "Day of the visit", "fr": "Jour de la visite"},
                     settings={"default": logic.parse("today()", value=True)})
    return {
        "source_language": "en", "languages": ["en", "fr", "es"], "mode": "anonymous",
        "title": {"en": "Households", "fr": "Foyers"}, "description": {},
        "sections": [
            {"key": "home", "title": {"en": "Home", "fr": "Maison"}, "condition": None, "questions": [
                question("adults", "integer", {"en": "Adults", "fr": "Adultes"}, required=True),
                children, postcode, size, office, visit]},
            {"key": "more", "title": {"en": "More", "fr": "Plus"}, "condition": None, "questions": [
                question("help", "yes_no", {"en": "Would more room help?", "fr": "Plus de place aiderait ?"},
                         condition="${size} >= 5")]},
        ],
    }


@pytest.fixture
def household(app, make_survey):
    return make_survey(**household_definition())


def post(client, code, language, answers, uuid=UUID1):
    return client.post(f"/api/v1/surveys/{code}/responses",
                       json={"client_uuid": uuid, "language": language, "answers": answers})


def stored(app):
    with app.app_context():
        return db.session.scalars(sa.select(Response.answers)).all()


@pytest.mark.parametrize("language, expected", [("en", MESSAGE["en"]), ("fr", MESSAGE["fr"])])
def test_the_api_refuses_an_answer_outside_its_constraint_with_the_forms_message(app, client, household,
                                                                                 language, expected):
    _id, code = household
    response = post(client, code, language, {"adults": 2, "children": 9})
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"children": expected}
    assert stored(app) == []
    assert post(client, code, language, {"adults": 2, "children": 8}).status_code == 201


def test_without_a_message_the_default_is_said_in_the_participants_language(app, client, household):
    _id, code = household
    english = post(client, code, "en", {"adults": 1, "postcode": "2801"}).get_json()["errors"]
    spanish = post(client, code, "es", {"adults": 1, "postcode": "2801"}).get_json()["errors"]
    assert english == {"postcode": "This answer is not allowed."}
    assert spanish["postcode"] and spanish["postcode"] != english["postcode"]
    assert post(client, code, "es", {"adults": 1, "postcode": "28013"}).status_code == 201


def test_a_calculation_is_stored_exported_and_used_by_a_later_condition(app, client, household):
    survey_id, code = household
    assert post(client, code, "en", {"adults": 2, "children": 3, "help": "yes", "size": 99}).status_code == 201
    # size 2 + 1 = 3: the later question is not asked, so the API refuses an answer to it
    refused = post(client, code, "en", {"adults": 2, "children": 1, "help": "yes"}, uuid=UUID2)
    assert refused.status_code == 422 and set(refused.get_json()["errors"]) == {"help"}
    assert post(client, code, "en", {"adults": 2, "children": 1}, uuid=UUID2).status_code == 201
    answers = stored(app)
    assert answers[0]["size"] == 5 and answers[0]["help"] == "yes"  # the posted 99 is ignored
    assert answers[1]["size"] == 3 and "help" not in answers[1]
    with app.app_context():
        header, rows = exports.table(db.session.get(Survey, survey_id))
    assert [row[header.index("size")] for row in rows] == [5, 3]


def test_a_read_only_question_keeps_its_default_whatever_is_posted(app, client, household):
    _id, code = household
    assert post(client, code, "en", {"adults": 1, "office": "Rome"}).status_code == 201
    assert stored(app)[0]["office"] == "Madrid"


def test_the_web_form_fills_in_defaults_and_shows_the_constraint_message_in_french(app, client, household):
    _id, code = household
    html = client.post(f"/s/{code}/fr", data={"client_uuid": UUID1, "section": "", "nav": "next"}).get_data(
        as_text=True)
    assert 'value="Madrid" readonly' in html
    assert f'value="{datetime.date.today().isoformat()}"' in html
    # the calculation is never shown (the browser works it out from the page's parsed logic, not shown either)
    assert "size" not in re.sub(r"data-skip-logic='[^']*'", "", html).replace("size=", "")
    assert json.loads(re.search(r"data-skip-logic='([^']*)'", html).group(1))["calculations"] == {
        "size": {"condition": None, "calculation": logic.parse("${adults} + coalesce(${children}, 0)", value=True)}}
    html = client.post(f"/s/{code}/fr", data={"client_uuid": UUID1, "section": "home", "nav": "next",
                                              "shown": "adults children postcode office visit",
                                              "q-adults": "1", "q-children": "5"}).get_data(as_text=True)
    assert MESSAGE["fr"] in html and "Adultes" in html


def test_constraints_calculations_and_defaults_go_through_an_xlsform_and_back(app, household):
    survey_id, _code = household
    with app.test_request_context():
        before = services.definition(db.session.get(Survey, survey_id))
        reading = xlsform.read(xlsform.write(before))
    assert reading.problems == []
    for section_before, section_after in zip(before["sections"], reading.definition["sections"], strict=True):
        assert section_after["questions"] == section_before["questions"]


def test_number_bounds_and_another_constraint_share_the_constraint_column(app):
    form = {"survey": [["type", "name", "label", "constraint", "constraint_message::English (en)", "calculation",
                        "default", "read_only"],
                       ["integer", "age", "Age", ". >= 16 and . <= 99 and . != 50", "Pas 50", None, "30", None],
                       ["calculate", "decade", None, None, None, "int(${age} div 10)", None, None],
                       ["text", "note_it", "Note", None, None, None, None, "yes"]]}
    from .test_xlsform import workbook_bytes
    with app.test_request_context():
        reading = xlsform.read(workbook_bytes(form))
        assert reading.problems == []
        questions = {q["key"]: q for s in reading.definition["sections"] for q in s["questions"]}
        assert questions["age"]["settings"] == {"min": 16, "max": 99,
                                                "constraint": logic.parse(". != 50", here=True),
                                                "constraint_message": {"en": "Pas 50"},
                                                "default": {"op": "lit", "value": "30"}}
        assert questions["decade"]["kind"] == "calculate"
        assert logic.to_text(questions["decade"]["settings"]["calculation"]) == "int(${age} div 10)"
        assert questions["note_it"]["settings"] == {"read_only": True}
        again = xlsform.read(xlsform.write({**reading.definition, "code": "X"}))
        assert again.problems == [] and again.definition["sections"] == reading.definition["sections"]


@pytest.mark.parametrize("row, column", [
    (["integer", "a", "A", "pulldata('x', 'y', 'z', .) > 1", None, None], "constraint"),
    (["integer", "a", "A", ". > ${later}", None, None], "constraint"),
    (["calculate", "a", None, None, "max(${b})", None], "calculation"),
    (["calculate", "a", None, None, None, None], "calculation"),
    (["integer", "a", "A", None, "${b} + 1", None], "calculation"),
    (["integer", "a", "A", None, None, "many"], "default"),
])
def test_what_cannot_be_kept_has_its_line(app, row, column):
    from .test_xlsform import workbook_bytes
    with app.test_request_context():
        reading = xlsform.read(workbook_bytes({"survey": [["type", "name", "label", "constraint", "calculation",
                                                           "default"],
                                                          ["integer", "b", "B", None, None, None], row]}))
        assert [p.column for p in reading.problems] == [column]
        if "pulldata" in (row[3] or ""):
            assert "pulldata() is not supported" in str(reading.problems[0].message)


def test_the_builder_keeps_a_constraint_and_refuses_what_it_cannot_read(app, client, auth, make_project):
    make_project("demo")
    auth.login_as("facilitator")
    client.post("/surveys/new/demo", data={"title": "T", "source_language": "en", "site_id": 0, "workshop_id": 0,
                                           "mode": "anonymous"})
    with app.app_context():
        survey = db.session.scalars(sa.select(Survey)).one()
        survey_id, section_id = survey.id, survey.sections[0].id
    url = f"/surveys/{survey_id}/sections/{section_id}/questions/new"
    client.post(url, data={"kind": "integer", "key": "adults", "label": "Adults"})
    bad = client.post(url, data={"kind": "short_text", "key": "zip", "label": "Zip", "constraint": "regex(., '(')"})
    assert bad.status_code == 200 and "regex() cannot be read" in bad.get_data(as_text=True)
    forward = client.post(url, data={"kind": "integer", "key": "kids", "label": "Kids",
                                     "constraint": ". <= ${later}"})
    assert "not a question of this survey" in forward.get_data(as_text=True)
    no_formula = client.post(url, data={"kind": "calculate", "key": "size", "label": "Size"})
    assert "A calculation needs its formula." in no_formula.get_data(as_text=True)
    client.post(url, data={"kind": "integer", "key": "kids", "label": "Kids", "constraint": ". <= ${adults} * 4",
                           "constraint_message": "Too many"})
    client.post(url, data={"kind": "calculate", "key": "size", "label": "Size",
                           "calculation": "${adults} + ${kids}"})
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        kids, size = services.find_question(survey, "kids"), services.find_question(survey, "size")
        assert logic.to_text(kids.settings["constraint"]) == ". <= ${adults} * 4"
        assert kids.settings["constraint_message"] == {"en": "Too many"}
        assert logic.to_text(size.settings["calculation"]) == "${adults} + ${kids}"
        page = client.get(f"/surveys/{survey_id}/questions/{kids.id}").get_data(as_text=True)
    assert 'value=". &lt;= ${adults} * 4"' in page and 'value="Too many"' in page


def test_a_constraint_message_is_translated_with_the_other_texts(app, client, household):
    survey_id, code = household
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        children = services.find_question(survey, "children")
        item = f"q{children.id}.constraint_message"
        assert (item, MESSAGE) in [(found, texts) for found, _what, texts in services.translatable_items(survey)]
        services.save_translations(survey, "es", {item: "Como mucho cuatro niños por adulto."}, actor=None)
        db.session.commit()
    response = post(client, code, "es", {"adults": 1, "children": 5})
    assert response.get_json()["errors"] == {"children": "Como mucho cuatro niños por adulto."}
