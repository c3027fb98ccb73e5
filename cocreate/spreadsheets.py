"""Cells that spreadsheet programs will show, never run.

Text that starts with = + - @ or a tab or carriage return gets a leading
apostrophe, so that a spreadsheet shows it and does not run it as a formula
(OWASP "CSV injection").  Every export of participants' or staff's text goes
through `safe_cell`.
"""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value` with a leading apostrophe when it is text a spreadsheet would run; other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
