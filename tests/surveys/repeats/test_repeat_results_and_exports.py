"""Results of a household roster (entries counted, each question inside over every entry, small counts
suppressed) and its exports: a CSV file (in a ZIP) and an XLSX sheet per repeated group, joined as KoboToolbox
joins them; then the XLSForm export read back gives the same survey."""
import csv
import io
import uuid
import zipfile

import sqlalchemy as sa
from openpyxl import load_workbook

from cocreate.extensions import db
from cocreate.surveys import exports, results, services, xlsform
from cocreate.surveys.models import Question, Response, Survey
from immerse_core.privacy import table

from .forms import FIXED, ROSTER

HOUSEHOLDS = [
    {"village": "Zaatari", "member": [
        {"first_name": "Amal", "age": 34, "works": "yes", "job": [{"job_title": "Teacher", "hours": 20},
                                                                 {"job_title": "=HYPERLINK(\"x\")", "hours": 5}]},
        {"first_name": "Omar", "age": 9}]},
    {"village": "Azraq", "member": [{"first_name": "Sara", "age": 40, "works": "yes",
                                     "job": [{"job_title": "Tailor", "hours": 30}]}]},
    {"village": "Irbid"},
]


def fill(app, survey_id, answers_list, group=None):
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        for answers in answers_list:
            response, _created = services.submit_response(survey, client_uuid=str(uuid.uuid4()), language="en",
                                                          answers=answers, channel="api", strict=True)
            if group:
                db.session.execute(sa.update(Response).where(Response.id == response.id)
                                   .values(stakeholder_group=group))
        db.session.commit()
        return list(db.session.scalars(sa.select(Response.id).order_by(Response.id)))


def test_entries_are_counted_and_questions_inside_are_summarised_over_every_entry(app, roster_survey):
    survey_id, _code = roster_survey()
    fill(app, survey_id, HOUSEHOLDS * 3)  # 9 households, 6 with members: no group below 5
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        total, found = results.summarise(survey, services.definition(survey), "en")
    by_key = {r.question["key"]: r for r in found}
    assert str(total) == "9"
    assert by_key["member"].numbers == {"entries": 9, "mean": 1.5, "median": 1.5, "min": 1, "max": 2}
    assert str(by_key["member"].answered) == "6"
    assert by_key["age"].label == "Member › Age" and str(by_key["age"].answered) == "9"
    assert by_key["age"].numbers["mean"] == round((34 + 9 + 40) / 3, 2)
    assert by_key["hours"].label == "Member › Job › Hours a week" and by_key["hours"].numbers["median"] == 20
    assert [(row.label, str(row.count)) for row in by_key["works"].rows] == [("Yes", "6"), ("No", "0")]
    assert by_key["job"].numbers["entries"] == 9


def test_filtered_results_of_entries_suppress_small_counts(app, roster_survey):
    survey_id, _code = roster_survey()
    fill(app, survey_id, HOUSEHOLDS * 2, group="migrant")
    fill(app, survey_id, [{"village": "Amman"}] * 6, group="ngo")
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        _total, found = results.summarise(survey, services.definition(survey), "en", stakeholder_group="migrant")
        assert all(r.numbers is None for r in found if r.question["key"] == "member")  # 4 households with members
        fill(app, survey_id, HOUSEHOLDS[:1] * 2, group="migrant")
        _total, found = results.summarise(survey, services.definition(survey), "en", stakeholder_group="migrant")
    by_key = {r.question["key"]: r for r in found}
    assert str(by_key["member"].numbers["entries"]) == "10" and "max" not in by_key["member"].numbers
    shown, _all = table({"yes": 6, "no": 0})
    assert [str(row.count) for row in by_key["works"].rows] == [str(shown["yes"]), str(shown["no"])]
    assert "min" not in by_key["age"].numbers


def rows_of(data):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_and_xlsx_give_a_table_per_repeat_joined_to_the_response(app, client, auth, roster_survey):
    survey_id, _code = roster_survey()
    ids = fill(app, survey_id, HOUSEHOLDS)
    auth.login_as("admin")
    download = client.get(f"/surveys/{survey_id}/export/responses.zip")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.data))
    assert archive.namelist() == ["responses.csv", "member.csv", "job.csv", "codebook.csv"]
    responses = rows_of(archive.read("responses.csv"))
    assert responses[0][-4:] == ["village", "member_count", "total_age", "rooms"]
    assert [row[-4:] for row in responses[1:]] == [["Zaatari", "2", "43", ""], ["Azraq", "1", "40", ""],
                                                   ["Irbid", "0", "0", ""]]
    member = rows_of(archive.read("member.csv"))
    assert member[0] == ["_index", "_parent_index", "_parent_table_name", "_submission__id", "first_name", "age",
                         "works", "job_count"]
    assert member[1:] == [["1", str(ids[0]), "responses", str(ids[0]), "Amal", "34", "yes", "2"],
                          ["2", str(ids[0]), "responses", str(ids[0]), "Omar", "9", "", "0"],
                          ["3", str(ids[1]), "responses", str(ids[1]), "Sara", "40", "yes", "1"]]
    job = rows_of(archive.read("job.csv"))
    assert job[1:] == [["1", "1", "member", str(ids[0]), "Teacher", "20"],
                       ["2", "1", "member", str(ids[0]), "'=HYPERLINK(\"x\")", "5"],
                       ["3", "3", "member", str(ids[1]), "Tailor", "30"]]
    workbook = load_workbook(io.BytesIO(client.get(f"/surveys/{survey_id}/export/responses.xlsx").data))
    assert workbook.sheetnames == ["responses", "member", "job", "codebook"]
    sheet = list(workbook["job"].iter_rows(values_only=True))
    assert sheet[2] == (2, 1, "member", ids[0], "'=HYPERLINK(\"x\")", 5)
    assert workbook["job"]["E3"].data_type == "s"


def test_the_xlsform_export_reads_back_as_the_same_survey(app, roster_survey):
    for form in (ROSTER, FIXED):
        survey_id, _code = roster_survey(form)
        with app.test_request_context():
            survey = db.session.get(Survey, survey_id)
            before = services.definition(survey)
            reading = xlsform.read(xlsform.write(before))
            assert reading.problems == []
            after = services.definition(services.create_from_definition(survey.project, reading.definition,
                                                                        actor=None))
        before.pop("code"), after.pop("code")
        assert after == before
        assert any(q["kind"] == "repeat" for q in services.questions_of(after))


def test_the_exports_stream_each_table_in_one_pass(app, roster_survey):
    survey_id, _code = roster_survey()
    fill(app, survey_id, HOUSEHOLDS)
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        tables = exports.entry_tables(survey)
        _header, rows = tables["job"]
        assert not isinstance(rows, list)  # a generator: rows are read as they are written
        assert len(list(rows)) == 3


def test_the_staff_pages_show_a_roster(app, client, auth, roster_survey):
    survey_id, _code = roster_survey()
    fill(app, survey_id, HOUSEHOLDS * 3)
    auth.login_as("admin")
    detail = client.get(f"/surveys/{survey_id}").get_data(as_text=True)
    assert f"/surveys/{survey_id}/export/responses.zip" in detail
    page = client.get(f"/surveys/{survey_id}/results").get_data(as_text=True)
    assert "Entries in all" in page and "Member › Job › Hours a week" in page
    assert client.get(f"/surveys/{survey_id}/responses").status_code == 200


def test_the_builder_opens_a_repeat_and_does_not_offer_to_make_one(app, client, auth, roster_survey):
    survey_id, _code = roster_survey()
    with app.app_context():
        repeat_id = db.session.scalar(sa.select(Question.id).where(Question.key == "member"))
    auth.login_as("admin")
    page = client.get(f"/surveys/{survey_id}/questions/{repeat_id}")
    assert page.status_code == 200
    assert 'value="repeat"' not in page.get_data(as_text=True)


def test_the_command_writes_a_csv_file_per_repeated_group(app, roster_survey, tmp_path):
    survey_id, _code = roster_survey()
    ids = fill(app, survey_id, HOUSEHOLDS)
    out = tmp_path / "roster.csv"
    result = app.test_cli_runner().invoke(args=["surveys", "export", str(survey_id), "--format", "csv",
                                                "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert rows_of((tmp_path / "roster.job.csv").read_bytes())[3] == ["3", "3", "member", str(ids[1]), "Tailor",
                                                                       "30"]
    assert len(rows_of((tmp_path / "roster.member.csv").read_bytes())) == 4
