"""Cascading selects, as XLSForm writes them with `choice_filter` (`state=${state}`): imported with the values of
the choices-sheet columns they name, offered on the participant pages only with the choices that fit the earlier
answer (on a follow-up step when that answer is on the same page), refused by the API and the web form when a
choice does not fit, kept when the builder edits the question, and written back out the same."""

import uuid

import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.surveys import flow, logic, services, xlsform
from cocreate.surveys.models import Question, Response, Survey
from tests.surveys.test_answering import hidden, page
from tests.surveys.test_xlsform import workbook_bytes

CHOICES = [["list_name", "name", "label", "State"],
           ["states", "new york", "New York", ""], ["states", "texas", "Texas", ""],
           ["cities", "nyc", "New York City", "new york"], ["cities", "buffalo", "Buffalo", "new york"],
           ["cities", "austin", "Austin", "texas"], ["cities", "dallas", "Dallas", "texas"]]


def form(city_filter="state=${state}", same_page=True, choices=CHOICES):
    rows = [["type", "name", "label", "choice_filter"],
            ["begin group", "where", "Where", None],
            ["select_one states", "state", "Which state?", None]]
    if not same_page:
        rows += [["end group", None, None, None], ["begin group", "city_page", "City", None]]
    rows += [["select_one cities", "city", "Which city?", city_filter], ["end group", None, None, None]]
    return workbook_bytes({"survey": rows, "choices": choices})


def read(app, data):
    with app.test_request_context():
        return xlsform.read(data)


def questions(reading):
    return {q["key"]: q for s in reading.definition["sections"] for q in s["questions"]}


def test_a_cascading_select_is_imported_with_its_filter_and_the_values_it_sorts_by(app):
    reading = read(app, form())
    city = questions(reading)["city"]
    # neither the choice_filter column nor the choices' State column is left out; "new york" is renamed
    assert [(p.sheet, p.column, p.value) for p in reading.problems] == [("choices", "name", "new york")]
    assert city["settings"]["choice_filter"] == [{"column": "state", "q": "state"}]
    # "new york" is stored as new_york: the filter values follow the stored value of the state's choice
    assert [(c["value"], c["filters"]) for c in city["choices"]] == [
        ("nyc", {"state": "new_york"}), ("buffalo", {"state": "new_york"}), ("austin", {"state": "texas"}),
        ("dallas", {"state": "texas"})]
    assert "filters" not in questions(reading)["state"]["choices"][0]


def test_filters_that_cannot_be_used_have_their_line_and_the_question_offers_every_choice(app):
    cases = {"state=${state} or 1": "cannot be used", "state=${later}": "not answered before",
             "region=${state}": "no column region"}
    for text, message in cases.items():
        reading = read(app, form(text))
        city = questions(reading)["city"]
        assert "choice_filter" not in city["settings"] and all("filters" not in c for c in city["choices"])
        lines = [p for p in reading.problems if p.column == "choice_filter"]
        assert len(lines) == 1 and message in lines[0].message and lines[0].row == 4, (text, lines)


def test_a_filter_on_a_question_without_choices_has_its_line(app):
    data = workbook_bytes({"survey": [["type", "name", "label", "choice_filter"],
                                      ["select_one states", "state", "State", None],
                                      ["text", "street", "Street", "state=${state}"]], "choices": CHOICES})
    reading = read(app, data)
    assert [p.row for p in reading.problems if p.column == "choice_filter"] == [3]


def test_answers_that_do_not_fit_the_filter_are_refused(app):
    defn = read(app, form()).definition
    with app.test_request_context():
        clean, errors = services.validate_answers(defn, {"state": "texas", "city": "austin"})
        assert errors == {} and clean["city"] == "austin"
        clean, errors = services.validate_answers(defn, {"state": "texas", "city": "nyc"}, strict=True,
                                                  hidden="reject")
        assert "earlier answer" in str(errors["city"])
        # without the answer it is filtered by, the question is not asked
        _clean, errors = services.validate_answers(defn, {"city": "nyc"}, strict=True, hidden="reject")
        assert "not asked" in str(errors["city"])


def test_the_flow_offers_only_the_choices_that_fit(app):
    defn = read(app, form(same_page=False)).definition
    screen = flow.Answering(defn, {"state": "texas"}).after("where", "next", seen=["state"])
    city = {q["key"]: q for q in screen.questions}["city"]
    assert [c["value"] for c in city["choices"]] == ["austin", "dallas"]


def test_on_the_same_page_a_follow_up_step_offers_the_choices_that_fit(app):
    defn = read(app, form()).definition
    first = flow.Answering(defn, {}).screen("where")
    assert [q["key"] for q in first.questions] == ["state"] and first.conditions == {}  # never the browser's
    follow_up = flow.Answering(defn, {"state": "new_york"}).after("where", "next", seen=["state"])
    assert follow_up.follow_up and [q["key"] for q in follow_up.questions] == ["city"]
    assert [c["value"] for c in follow_up.questions[0]["choices"]] == ["nyc", "buffalo"]


def _imported_survey(app, make_survey, **options):
    reading = read(app, form(**options))
    survey_id, code = make_survey(sections=reading.definition["sections"], languages=["en"], title={"en": "Places"},
                                  source_language="en")
    return survey_id, code


def test_the_api_refuses_a_city_of_another_state(app, client, make_survey):
    _id, code = _imported_survey(app, make_survey)
    wrong = client.post(f"/api/v1/surveys/{code}/responses",
                        json={"client_uuid": str(uuid.uuid4()), "language": "en", "answers": {"state": "texas", "city": "buffalo"}})
    assert wrong.status_code == 422 and "city" in wrong.get_json()["errors"]
    right = client.post(f"/api/v1/surveys/{code}/responses",
                        json={"client_uuid": str(uuid.uuid4()), "language": "en", "answers": {"state": "texas", "city": "dallas"}})
    assert right.status_code == 201
    with app.app_context():
        assert [r.answers for r in db.session.scalars(sa.select(Response))] == [{"state": "texas", "city": "dallas"}]


def test_the_participant_pages_show_the_cities_of_the_state_chosen(app, client, make_survey):
    _id, code = _imported_survey(app, make_survey)
    client_uuid = str(uuid.uuid4())
    html = page(client.post(f"/s/{code}/en", data={"client_uuid": client_uuid, "section": "", "nav": "next"}))
    assert "Which state?" in html and "Which city?" not in html
    data = {"client_uuid": client_uuid, "section": hidden(html, "section"), "shown": hidden(html, "shown"),
            "nav": "next", "q-state": "texas"}
    html = page(client.post(f"/s/{code}/en", data=data))
    assert "Which city?" in html and "Austin" in html and "Dallas" in html
    assert "Buffalo" not in html and "New York City" not in html


def test_the_builder_keeps_the_filter_when_the_question_is_edited(app, make_survey):
    survey_id, _code = _imported_survey(app, make_survey)
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        city = db.session.scalar(sa.select(Question).where(Question.survey_id == survey_id, Question.key == "city"))
        services.save_question(city.section, city, key="city", kind=city.kind, label="Which city do you live in?",
                               choices=[("nyc", "NYC"), ("buffalo", "Buffalo"), ("austin", "Austin"),
                                        ("dallas", "Dallas")], settings={"min": None, "max": None}, actor=None)
        db.session.commit()
        city = db.session.get(Question, city.id)
        assert city.settings["choice_filter"] == [{"column": "state", "q": "state"}]
        assert city.choices[0] == {"value": "nyc", "label": {"en": "NYC"}, "filters": {"state": "new_york"}}
        assert services.definition(survey)


def test_moving_the_filtering_question_after_the_filtered_one_is_refused(app, make_survey):
    survey_id, _code = _imported_survey(app, make_survey)
    with app.test_request_context():
        state = db.session.scalar(sa.select(Question).where(Question.survey_id == survey_id, Question.key == "state"))
        try:
            services.move_question(state, +1, actor=None)
        except services.SurveyError as refused:
            assert "city" in str(refused) and "state" in str(refused)
        else:
            raise AssertionError("moving the question its choices are filtered by after it was accepted")


def test_an_exported_cascading_select_comes_back_the_same(app, make_survey):
    survey_id, _code = _imported_survey(app, make_survey)
    with app.test_request_context():
        before = services.definition(db.session.get(Survey, survey_id))
        reading = xlsform.read(xlsform.write(before))
        assert reading.problems == []  # the stored values are written, so nothing is renamed
        after = services.definition(services.create_from_definition(
            db.session.get(Survey, survey_id).project, reading.definition, actor=None))
    before.pop("code"), after.pop("code")
    assert after == before


def test_the_filter_is_read_in_either_order_and_joined_by_and():
    assert logic.parse_choice_filter("${state} = state and county=${county}") == [
        {"column": "state", "q": "state"}, {"column": "county", "q": "county"}]
    assert logic.choice_filter_text([{"column": "state", "q": "s"}]) == "state=${s}"
    assert logic.parse_choice_filter("  ") is None



def test_the_builder_pages_say_the_question_offers_filtered_choices(app, client, auth, make_survey):
    survey_id, _code = _imported_survey(app, make_survey)
    auth.login_as("admin")
    html = client.get(f"/surveys/{survey_id}").get_data(as_text=True)
    assert "Offers only the choices that fit an earlier answer" in html and "state=${state}" in html
    with app.app_context():
        city_id = db.session.scalar(sa.select(Question.id).where(Question.survey_id == survey_id,
                                                                 Question.key == "city"))
    html = client.get(f"/surveys/{survey_id}/questions/{city_id}").get_data(as_text=True)
    assert "cascading select" in html and "state=${state}" in html
