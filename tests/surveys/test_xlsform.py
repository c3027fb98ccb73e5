"""XLSForm interchange: forms written the way KoboToolbox users write them, the report of what was not imported,
import(export(survey)) == survey, bad files, and the command line."""
import io

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from cocreate.extensions import db
from cocreate.surveys import services, xlsform
from cocreate.surveys.models import Survey


def workbook_bytes(sheets):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


KOBO_FORM = {
    "survey": [
        ["type", "name", "label::English (en)", "label::Arabic (ar)", "hint::English (en)", "required", "relevant",
         "constraint", "appearance"],
        ["start", "start", None, None, None, None, None, None, None],
        ["end", "end", None, None, None, None, None, None, None],
        ["today", "today", None, None, None, None, None, None, None],
        ["deviceid", "deviceid", None, None, None, None, None, None, None],
        ["begin_group", "about", "About you", "عنك", None, None, None, None, "field-list"],
        ["select_one yes_no", "working", "Do you work?", "هل تعمل؟", None, "TRUE", None, None, None],
        ["integer", "hours", "Hours a week", "ساعات", "Roughly", "false", "${working} = 'yes'",
         ". >= 1 and . <= 80", None],
        ["select_multiple needs or_other", "needs", "Needs", None, None, None, None, None, None],
        ["calculate", "score", None, None, None, None, None, None, None],
        ["geopoint", "where", "Where are you?", None, None, None, None, None, None],
        ["text", "employer", "Employer", None, None, None, "${hours} > 20 and selected(${needs}, 'work')", None, None],
        ["text", "later", "Uses a later answer", None, None, None, "${zzz} = 'x'", None, None],
        ["end_group", None, None, None, None, None, None, None, None],
        ["begin group", "more", "More", None, None, None, "${working} != ''", None, None],
        ["text", "story", "Anything else?", None, None, None, None, None, "multiline"],
        ["decimal", "km", "Distance", None, None, "yes", None, ". > 0", None],
        ["date", "since", "Since", None, None, None, None, None, None],
        ["note", "bye", "Thanks!", "شكرا", None, None, None, None, None],
        ["begin repeat", "kids", "Children", None, None, None, None, None, None],
        ["integer", "kid_age", "Age", None, None, None, None, None, None],
        ["end repeat", None, None, None, None, None, None, None, None],
        ["end group", None, None, None, None, None, None, None, None],
    ],
    "choices": [
        ["list_name", "name", "label::English (en)", "label::Arabic (ar)"],
        ["yes_no", "yes", "Yes", "نعم"], ["yes_no", "no", "No", "لا"],
        ["needs", "work", "Work", "عمل"], ["needs", "health", "Health", None],
    ],
    "settings": [["form_title", "form_id", "default_language"], ["Kobo needs form", "needs_2019", "English (en)"]],
}


def test_a_kobo_form_is_imported_and_what_is_left_out_is_reported(app):
    with app.test_request_context():
        reading = xlsform.read(workbook_bytes(KOBO_FORM))
        problems = {(p.row, p.message) for p in reading.problems}
    defn = reading.definition
    assert defn["source_language"] == "en" and defn["languages"] == ["en", "ar"]
    assert defn["title"] == {"en": "Kobo needs form"}
    assert [s["key"] for s in defn["sections"]] == ["about", "more"]
    questions = {q["key"]: q for s in defn["sections"] for q in s["questions"]}
    assert list(questions) == ["working", "hours", "needs", "where", "employer", "later", "story", "km", "since",
                               "bye", "kids"]
    assert [q["key"] for q in questions["kids"]["settings"]["questions"]] == ["kid_age"]
    assert questions["where"]["kind"] == "geopoint"
    assert questions["working"]["kind"] == "single_choice" and questions["working"]["required"] is True
    assert questions["working"]["choices"][0] == {"value": "yes", "label": {"en": "Yes", "ar": "نعم"}}
    assert questions["hours"]["settings"] == {"min": 1, "max": 80} and questions["hours"]["help"] == {"en": "Roughly"}
    assert questions["hours"]["condition"] == {"op": "eq", "q": "working", "value": "yes"}
    assert questions["employer"]["condition"]["op"] == "and"
    assert questions["story"]["kind"] == "long_text" and questions["km"]["required"] is True
    assert questions["later"]["condition"] is None
    assert questions["km"]["settings"] == {"constraint": {"op": "compare", "cmp": "gt",
                                                          "items": [{"op": "here"}, {"op": "lit", "value": 0}]}}
    assert defn["sections"][1]["condition"] == {"op": "answered", "q": "working"}
    reported_rows = sorted(row for row, _message in problems)
    # start, end, today, deviceid, the group's field-list appearance, or_other, calculate without its
    # calculation and ${zzz}; the repeat is imported with its question
    assert reported_rows == [2, 3, 4, 5, 6, 9, 10, 13]
    assert any("metadata" in message for _row, message in problems)


def test_round_trip_gives_the_same_survey(app, make_survey):
    survey_id, _code = make_survey(mode="linked")
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        before = services.definition(survey)
        reading = xlsform.read(xlsform.write(before))
        assert reading.problems == []
        again = services.create_from_definition(survey.project, reading.definition, actor=None)
        after = services.definition(again)
    for defn in (before, after):
        defn.pop("code")
    assert after == before


def test_round_trip_of_the_demo_surveys(seeded):
    with seeded.test_request_context():
        for survey in db.session.scalars(sa.select(Survey)):
            before = services.definition(survey)
            reading = xlsform.read(xlsform.write(before))
            assert reading.problems == []
            after = services.definition(services.create_from_definition(survey.project, reading.definition, actor=None))
            before.pop("code"), after.pop("code")
            assert after == before


@pytest.mark.parametrize("data, message", [
    (b"this is not a spreadsheet", "not an Excel"),
    (workbook_bytes({"Sheet1": [["a", "b"]], "Sheet2": [["type", "name"]]}), "no sheet named survey"),
    (workbook_bytes({"Sheet1": [["a", "b"]]}), "no type column"),  # one sheet is read as the survey, as pyxform does
    (workbook_bytes({"survey": [["name", "label"], ["x", "X"]]}), "no type column"),
    (workbook_bytes({"survey": [["type", "name"], ["geotrace", "where"]]}), "No question"),
])
def test_files_that_are_not_xlsforms_are_refused(app, data, message):
    with app.test_request_context(), pytest.raises(xlsform.XLSFormError) as refused:
        xlsform.read(data)
    with app.test_request_context():
        assert message in str(refused.value)


def test_upload_page(app, client, auth, make_project, monkeypatch):
    monkeypatch.setattr(xlsform, "MAX_UPLOAD_BYTES", 256 * 1024)  # a smaller limit keeps the test's upload small
    make_project("demo")
    auth.login_as("facilitator")
    with app.app_context():
        project_id = db.session.scalar(sa.text("SELECT id FROM projects"))

    def upload(data, name):
        return client.post("/surveys/import", data={"project_id": project_id, "file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")

    wrong_type = upload(b"a,b", "form.csv")
    assert wrong_type.status_code == 200 and ".xlsx" in wrong_type.get_data(as_text=True)
    too_big = upload(b"x" * (256 * 1024 + 10), "big.xlsx")
    assert too_big.status_code == 200 and "larger than 0.25 MB" in too_big.get_data(as_text=True)
    malformed = upload(b"PK broken", "broken.xlsx")
    assert malformed.status_code == 200 and "not an Excel" in malformed.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Survey)) == 0  # nothing half-saved
    report = upload(workbook_bytes(KOBO_FORM), "needs.xlsx")
    page = report.get_data(as_text=True)
    assert report.status_code == 200 and "Import report" in page and "metadata" in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Survey)) == 1


def test_command_line_import_and_exports(app, runner, make_project, tmp_path):
    make_project("demo")
    form = tmp_path / "kobo.xlsx"
    form.write_bytes(workbook_bytes(KOBO_FORM))
    result = runner.invoke(args=["surveys", "import-xlsform", str(form), "--project", "demo"])
    assert result.exit_code == 0, result.output
    survey_id, code = result.stdout.split()[1], result.stdout.split()[3]
    assert len(code) == 4 and "not imported: survey row 2" in result.stderr
    for fmt, name in (("csv", "out.csv"), ("xlsx", "out.xlsx"), ("xlsform", "form.xlsx")):
        result = runner.invoke(args=["surveys", "export", survey_id, "--format", fmt, "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "out.codebook.csv").read_text(encoding="utf-8-sig").startswith("column,question")
    again = runner.invoke(args=["surveys", "import-xlsform", str(tmp_path / "form.xlsx"), "--project", "demo"])
    assert again.exit_code == 0 and again.stderr == ""
    assert runner.invoke(args=["surveys", "import-xlsform", str(form), "--project", "nope"]).exit_code != 0
    assert runner.invoke(args=["surveys", "export", "999", "--format", "csv", "--out", "x"]).exit_code != 0
