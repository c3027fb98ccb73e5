"""An .xlsx is a zip of XML: entity expansion ("billion laughs") inside a sheet is refused, never expanded, and a
truncated or corrupt file is refused with a clear message, on the command line and on the web."""
import io
import zipfile

import pytest
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.surveys import xlsform
from tests.surveys.test_xlsform import workbook_bytes

FORM = {"survey": [["type", "name", "label"], ["integer", "age", "Age"]]}
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{n} "{("&lol%s;" % (n - 1 if n > 1 else "")) * 10}">' for n in range(1, 10))
          + ']>')


def _with_sheet(change):
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes(FORM)))
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, change(data.decode()).encode() if item.filename.endswith("sheet1.xml") else data)
    return packed.getvalue()


def _with_laughs():
    """A valid form whose first sheet declares nested entities and uses the deepest one in a cell."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes(FORM)))
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith("sheet1.xml"):
                text = data.decode()
                text = LAUGHS + text[text.index("<worksheet"):]
                text = text.replace("<t>Age</t>", "<t>&lol9;</t>", 1)
                data = text.encode()
            target.writestr(item, data)
    return packed.getvalue()


def test_openpyxl_reads_through_defusedxml():
    """defusedxml is one of the application's own dependencies, not there by chance through a test tool."""
    from importlib.metadata import requires

    from openpyxl import xml
    assert any(r.split(">")[0].split("=")[0].strip().lower() == "defusedxml" for r in requires("cocreate"))
    assert xml.DEFUSEDXML


def test_entity_expansion_in_a_sheet_is_refused_not_expanded(app):
    with app.test_request_context(), pytest.raises(xlsform.XLSFormError) as refused:
        xlsform.read(_with_laughs())
    with app.test_request_context():
        assert "not an Excel" in str(refused.value)


@pytest.mark.parametrize("damage", ["truncated file", "cut sheet", "broken sheet"])
def test_a_damaged_file_is_refused_with_a_message(app, damage):
    good = workbook_bytes(FORM)
    data = {"truncated file": lambda: good[: len(good) // 2],
            "cut sheet": lambda: _with_sheet(lambda xml: xml[: xml.index("<t>Age</t>")]),
            "broken sheet": lambda: _with_sheet(lambda xml: xml.replace("<t>Age</t>", "<t>Age</x>"))}[damage]()
    with app.test_request_context(), pytest.raises(xlsform.XLSFormError) as refused:
        xlsform.read(data)
    with app.test_request_context():
        assert "not an Excel" in str(refused.value)


def test_the_refusal_of_a_damaged_file_is_translated(app):
    with app.test_request_context(headers={"Accept-Language": "es"}), pytest.raises(xlsform.XLSFormError) as refused:
        xlsform.read(b"PK broken")
    with app.test_request_context(headers={"Accept-Language": "es"}):
        assert "Excel" in str(refused.value) and "This is not" not in str(refused.value)


def test_the_command_line_and_the_web_refuse_the_laughs(app, runner, client, auth, make_project, tmp_path):
    make_project("demo")
    form = tmp_path / "laughs.xlsx"
    form.write_bytes(_with_laughs())
    result = runner.invoke(args=["surveys", "import-xlsform", str(form), "--project", "demo"])
    assert result.exit_code == 1 and "Error:" in result.stderr and "Traceback" not in result.output
    auth.login_as("facilitator")
    with app.app_context():
        project_id = db.session.scalar(sa.text("SELECT id FROM projects"))
    page = client.post("/surveys/import", data={"project_id": project_id,
                                                "file": (io.BytesIO(_with_laughs()), "laughs.xlsx")},
                       content_type="multipart/form-data")
    assert page.status_code == 200 and "Import an XLSForm" in page.get_data(as_text=True)
