"""A refused XLSForm says why, row by row, on the command line and on the web import page; after a success every
row that was left out has its line too."""
import io

import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.surveys import xlsform
from tests.surveys.test_xlsform import workbook_bytes

# every question row is of a kind that cannot be imported: the file is refused
NOTHING_USABLE = {"survey": [["type", "name", "label"],
                             ["calculate", "total", "Total"],
                             ["mystery_kind", "q1", "What?"]]}
ONE_USABLE = {"survey": [["type", "name", "label"],
                         ["integer", "age", "Age"],
                         ["mystery_kind", "q1", "What?"]]}


def test_the_refusal_carries_the_row_by_row_reasons(app):
    with app.test_request_context():
        try:
            xlsform.read(workbook_bytes(NOTHING_USABLE))
        except xlsform.XLSFormError as refusal:
            lines = xlsform.report_lines(refusal.problems)
        else:
            raise AssertionError("the file should have been refused")
    assert any(line.startswith("survey row 3, column type, “mystery_kind”:") for line in lines), lines


def test_the_command_line_prints_the_reasons_of_a_refusal(app, runner, make_project, tmp_path):
    make_project("demo")
    form = tmp_path / "refused.xlsx"
    form.write_bytes(workbook_bytes(NOTHING_USABLE))
    result = runner.invoke(args=["surveys", "import-xlsform", str(form), "--project", "demo"])
    assert result.exit_code != 0
    assert "No question in the file could be imported" in result.stderr
    assert "not imported: survey row 3, column type" in result.stderr and "mystery_kind" in result.stderr


def _upload(app, client, auth, make_project, sheets):
    make_project("demo")
    auth.login_as("facilitator")
    with app.app_context():
        project_id = db.session.scalar(sa.text("SELECT id FROM projects"))
    return client.post("/surveys/import", data={"project_id": project_id,
                                                "file": (io.BytesIO(workbook_bytes(sheets)), "form.xlsx")},
                       content_type="multipart/form-data")


def test_the_web_page_shows_the_reasons_of_a_refusal(app, client, auth, make_project):
    page = _upload(app, client, auth, make_project, NOTHING_USABLE).get_data(as_text=True)
    assert "No question in the file could be imported" in page
    assert 'class="import-problems"' in page and "survey row 3, column type" in page and "mystery_kind" in page


def test_the_web_report_after_a_success_lists_the_rows_left_out(app, client, auth, make_project):
    page = _upload(app, client, auth, make_project, ONE_USABLE).get_data(as_text=True)
    assert "Import report" in page
    assert 'class="import-problems"' in page and "survey row 3, column type" in page and "mystery_kind" in page
