"""Choices coded with numbers, as Kobo and ODK forms often are: imported from XLSForm with the conditions that use
them, and accepted by the builder."""


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
