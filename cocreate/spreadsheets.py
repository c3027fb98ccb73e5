"""Cells that spreadsheet programs show and never run, for every feature's CSV and XLSX exports.

Text a participant or facilitator wrote may start like a formula (`=HYPERLINK(…)`,
`+1`, `@SUM(…)`); a spreadsheet program that opens the export would run it
(OWASP "CSV injection"). Such text gets a leading apostrophe, which the program
hides and which stops it from reading a formula.
"""

import csv
import io

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXACT_DIGITS = 15  # a spreadsheet keeps 15 significant digits of a number


def safe_cell(value):
    """`value` as a cell a spreadsheet will not run as a formula: text that starts like one gets a leading
    apostrophe; numbers, dates and None stay as they are (a negative number is a number, not a formula),
    but a whole number longer than a spreadsheet keeps exactly is written out as its digits."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10 ** EXACT_DIGITS:
        return str(value)
    return value


def as_text_cells(workbook):
    """Force every text cell of an openpyxl `workbook` to the string type (openpyxl makes "=…" a formula)."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"


def csv_bytes(header, rows):
    """A CSV file of `header` and `rows`, every cell made safe, in UTF-8 with the byte-order mark that makes
    spreadsheet programs read it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(sheets):
    """An XLSX workbook with one sheet per entry of `sheets` ({title: (header, rows)}), every cell made safe
    and every text cell kept as text."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(title[:31])
        for row in [header, *rows]:
            sheet.append([safe_cell(cell) for cell in row])
    as_text_cells(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
