"""Export cells a spreadsheet program shows as text and never runs as a formula."""
from openpyxl import Workbook

from cocreate.spreadsheets import as_text_cells, safe_cell


def test_text_that_starts_like_a_formula_gets_an_apostrophe():
    for text in ["=HYPERLINK(\"http://x\")", "+1+2", "-3+cmd", "@SUM(A1)", "\t=1", "\r=1"]:
        assert safe_cell(text) == "'" + text


def test_other_values_stay_as_they_are():
    assert safe_cell("plain") == "plain" and safe_cell("a=b") == "a=b" and safe_cell("") == ""
    assert safe_cell(-5) == -5 and safe_cell(2.5) == 2.5 and safe_cell(None) is None


def test_text_cells_of_a_workbook_are_strings_not_formulas():
    workbook = Workbook()
    workbook.active.append(["=1+1", 3])
    as_text_cells(workbook)
    text, number = workbook.active[1]
    assert text.data_type == "s" and number.data_type == "n"


def test_xlsx_cells_keep_their_type_and_text_is_never_a_formula_number_or_link():
    import datetime
    import io

    from openpyxl import load_workbook

    from cocreate.spreadsheets import xlsx_bytes

    header = ["text", "digits", "link", "formula", "number", "flag", "day", "blank"]
    row = ["plain", "0042", "http://example.org", "=1+1", 2.5, True, datetime.date(2026, 12, 4), None]
    sheet = load_workbook(io.BytesIO(xlsx_bytes({"a sheet title longer than thirty-one letters": (header, [row])})))
    cells = list(sheet.worksheets[0].iter_rows(values_only=True))
    assert sheet.sheetnames == ["a sheet title longer than thirt"]
    assert cells[0] == tuple(header)
    assert cells[1] == ("plain", "0042", "http://example.org", "'=1+1", 2.5, True,
                        datetime.datetime(2026, 12, 4), None)
    assert all(cell.data_type != "f" for cell in sheet.worksheets[0][2])
