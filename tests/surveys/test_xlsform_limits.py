"""XLSForm uploads that would unpack to too much (a "zip bomb"), hold too many rows or too deep a condition are
refused or reported clearly, before anything large is unpacked."""
import pytest


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


def test_an_xlsform_zip_bomb_is_refused_before_it_is_unpacked(app, monkeypatch):
    """The size the zip's directory declares is read first: openpyxl never opens the file, so nothing is
    decompressed and memory stays bounded, whatever the file would unpack to."""
    from cocreate.surveys import xlsform
    bomb = _xlsform(400_000)
    assert len(bomb) < xlsform.MAX_UPLOAD_BYTES

    def must_not_be_opened(*args, **kwargs):
        raise AssertionError("the workbook was opened before its unpacked size was checked")

    monkeypatch.setattr(xlsform, "load_workbook", must_not_be_opened)
    with app.test_request_context(), pytest.raises(xlsform.XLSFormError) as refused:
        xlsform.read(bomb)
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
