"""Cells that spreadsheet programs show and never run, for every feature's CSV and XLSX exports.

Text a participant or facilitator wrote may start like a formula (`=HYPERLINK(…)`,
`+1`, `@SUM(…)`); a spreadsheet program that opens the export would run it
(OWASP "CSV injection"). Such text gets a leading apostrophe, which the program
hides and which stops it from reading a formula.
"""

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
