"""Measure: how many question rows of real, published XLSForms CoCreate's importer keeps.

Fetches the source distribution of pyxform (the reference XLSForm converter of ODK and KoboToolbox) from PyPI
with pip into a cache folder (nothing downloaded is kept in the repository: the forms keep their own licence),
takes the XLSForms it ships as test fixtures (`tests/example_xls`, `tests/bug_example_xls`), and imports each
with `cocreate.surveys.xlsform.read`. Older `.xls` files are copied cell by cell into `.xlsx` (xlrd, the
`bench` extra) first, since the importer reads `.xlsx` as KoboToolbox exports it.

For each form, and in total, it prints:
- question rows: survey-sheet rows with a type that are neither begin/end group or repeat, nor metadata
  recorded by the data-collection app (start, end, today, deviceid, username, simserial, subscriberid,
  phonenumber, audit and pyxform's spellings of them); notes and calculations count;
- kept: question rows imported as a question (by name);
- reported: question rows not kept that have a line of their own in the import report (or a refused file's
  reason);
- silent: question rows neither kept nor reported — must be 0;
- inside repeats: question rows inside repeat groups, counted apart ("imported once repeats land") and left
  out of the share, so that the figure is honest before and after repeat groups are imported;
- kept share: kept / question rows.

Forms that pyxform's own tests use to check its *errors* (invalid on purpose) are left out, each with a line
saying why. Exits with status 1 when a row is dropped silently.

    .venv/bin/python bench/xlsform_coverage.py [--cache bench/.cache/xlsforms] [--pyxform 1.5.1] [--verbose]
"""
import argparse
import io
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# pyxform's last source distributions that ship its test forms (later ones keep them out of the sdist)
PYXFORM_VERSION = "1.5.1"
FIXTURE_FOLDERS = ("tests/example_xls/", "tests/bug_example_xls/")
METADATA = {"start", "end", "today", "deviceid", "username", "simserial", "subscriberid", "phonenumber", "audit",
            "uri:deviceid", "uri:subscriberid", "uri:simserial", "uri:phonenumber", "uri:username", "uri:email",
            "email", "uuid", "start-geopoint", "background-audio"}
# forms pyxform's tests use to check that pyxform refuses them, and why (its tests/*.py)
INVALID_ON_PURPOSE = {
    "not_closed_group_test": "a group that is never closed (bug_tests: pyxform raises)",
    "duplicate_columns": "the same column twice (bug_tests: pyxform raises)",
    "cascades_old_with_no_cascade_sheet": "an old cascade without its sheet (bug_tests: PyXFormError)",
    "ict_survey_fails": "a choice list that does not exist (bug_tests: KeyError)",
    "unknown_question_type": "a question type that does not exist (builder_tests: PyXFormError)",
    "group_names_must_be_unique": "two groups of one name (builder_tests: pyxform raises)",
    "calculate_without_calculation": "a calculate row without its calculation (xlsform_spec_test: PyXFormError)",
    "bad_calc": "a calculation ODK Validate refuses (xls2xform_tests, bug_tests: ODKValidateError)",
}


def fetch(cache, version):
    """The path of pyxform's sdist in `cache`, downloaded with pip when it is not there yet."""
    cache.mkdir(parents=True, exist_ok=True)
    found = sorted(cache.glob(f"pyxform-{version}.tar.gz"))
    if not found:
        subprocess.run([sys.executable, "-m", "pip", "download", f"pyxform=={version}", "--no-binary", ":all:",
                        "--no-deps", "--quiet", "-d", str(cache)], check=True)
        found = sorted(cache.glob(f"pyxform-{version}.tar.gz"))
    return found[0]


def forms(sdist):
    """[(name, bytes of an .xlsx file)] of the test forms in the sdist, .xls copied into .xlsx; a form that is
    in both fixture folders once."""
    found = {}
    with tarfile.open(sdist) as archive:
        for member in archive.getmembers():
            path = member.name.split("/", 1)[-1]
            if not member.isfile() or not path.startswith(tuple("pyxform/" + f for f in FIXTURE_FOLDERS)):
                continue
            name, _dot, extension = path.rsplit("/", 1)[-1].rpartition(".")
            if extension.lower() not in ("xls", "xlsx") or name in found:
                continue
            data = archive.extractfile(member).read()
            found[name] = data if extension.lower() == "xlsx" else xls_as_xlsx(data)
    return sorted(found.items())


def xls_as_xlsx(data):
    """An old .xls workbook copied cell by cell (values as they show) into an .xlsx one."""
    import xlrd
    from openpyxl import Workbook

    book = xlrd.open_workbook(file_contents=data)
    out = Workbook()
    out.remove(out.active)
    for sheet in book.sheets():
        target = out.create_sheet(sheet.name[:31])
        for index in range(sheet.nrows):
            target.append([_cell(book, cell) for cell in sheet.row(index)])
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _cell(book, cell):
    import xlrd

    if cell.ctype == xlrd.XL_CELL_NUMBER and float(cell.value).is_integer():
        return int(cell.value)
    if cell.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return cell.value if cell.ctype != xlrd.XL_CELL_EMPTY else None


def question_rows(data):
    """[(row number, name, inside a repeat)] of the form's question rows, read as the survey sheet writes them
    (with the importer's reading of headers and type spellings, not its decisions)."""
    from openpyxl import load_workbook

    from cocreate.surveys import xlsform

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = xlsform.survey_sheet(workbook)
    finally:
        workbook.close()
    rows, depth = [], 0
    for number, cells in sheet.rows if sheet else ():
        row = xlsform.Row(number, cells)
        if not row.type:
            continue
        if row.control:
            if row.control[1] == "repeat":
                depth = max(0, depth + (1 if row.control[0] == "begin" else -1))
            continue
        if row.kind in METADATA:
            continue
        rows.append((number, row.name, depth > 0))
    return rows


def measure(data):
    """{question, kept, reported, silent, repeats, refused, lines} of one form."""
    from cocreate.surveys import xlsform

    rows = question_rows(data)
    refused = None
    try:
        reading = xlsform.read(data)
        problems, definition = reading.problems, reading.definition
    except xlsform.XLSFormError as error:
        problems, definition, refused = error.problems, None, str(error)
    kept_keys = {q["key"] for s in (definition or {}).get("sections", ()) for q in s["questions"]}
    reported_rows = {p.row for p in problems if p.sheet == "survey"}
    counts = {"question": 0, "kept": 0, "reported": 0, "silent": 0, "repeats": 0, "refused": refused,
              "lines": [xlsform.report_lines([p])[0] for p in problems], "silent_rows": []}
    for number, name, in_repeat in rows:
        if in_repeat:
            counts["repeats"] += 1
            continue
        counts["question"] += 1
        if name in kept_keys or (not name and f"note_{number}" in kept_keys):  # an unnamed note, named by its row
            counts["kept"] += 1
        elif number in reported_rows or (refused and not problems):
            counts["reported"] += 1
        else:
            counts["silent"] += 1
            counts["silent_rows"].append(number)
    return counts


def share(kept, total):
    return f"{100 * kept / total:.1f}%" if total else "—"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=ROOT / "bench" / ".cache" / "xlsforms")
    parser.add_argument("--pyxform", default=PYXFORM_VERSION, help="the pyxform version whose test forms to use")
    parser.add_argument("--verbose", action="store_true", help="print every report line of every form")
    options = parser.parse_args()

    from cocreate import create_app
    from cocreate.config import TestConfig

    app = create_app(TestConfig)
    sdist = fetch(options.cache, options.pyxform)
    total = {"question": 0, "kept": 0, "reported": 0, "silent": 0, "repeats": 0}
    print(f"pyxform {options.pyxform} test forms ({sdist.name}), imported with cocreate.surveys.xlsform.read")
    print(f"{'form':40} {'question rows':>13} {'kept':>5} {'reported':>8} {'silent':>6} {'in repeats':>10} "
          f"{'kept share':>10}")
    left_out, measured = [], 0
    with app.test_request_context():
        for name, data in forms(sdist):
            if name in INVALID_ON_PURPOSE:
                left_out.append(f"  {name}: left out, invalid on purpose: {INVALID_ON_PURPOSE[name]}")
                continue
            counts = measure(data)
            measured += 1
            for key in total:
                total[key] += counts[key]
            note = f"  refused: {counts['refused']}" if counts["refused"] else ""
            print(f"{name:40} {counts['question']:>13} {counts['kept']:>5} {counts['reported']:>8} "
                  f"{counts['silent']:>6} {counts['repeats']:>10} {share(counts['kept'], counts['question']):>10}"
                  f"{note}")
            if counts["silent_rows"]:
                print(f"    silent rows: {counts['silent_rows']}")
            if options.verbose:
                for line in counts["lines"]:
                    print(f"    {line}")
    print(f"{'total (' + str(measured) + ' forms)':40} {total['question']:>13} {total['kept']:>5} "
          f"{total['reported']:>8} {total['silent']:>6} {total['repeats']:>10} "
          f"{share(total['kept'], total['question']):>10}")
    print("\n".join(left_out))
    return 1 if total["silent"] else 0


if __name__ == "__main__":
    sys.exit(main())
