"""The XLSForm reader reads what pyxform reads, the way pyxform reads it: `bind::` columns, languages by name or
code in any letter case, the older type spellings, choice names such as "camp pitch", "24/7" or "père". What it
cannot keep it reports, one line a column (never one a row, never silence), each line naming the sheet, the row,
the column and the value; and what it keeps survives an export and a new import unchanged."""
import io

import pytest
from openpyxl import Workbook

from cocreate.extensions import db
from cocreate.surveys import services, xlsform
from cocreate.surveys.models import Question
from cocreate.surveys.services import CHOICE_PATTERN
from tests.surveys.test_xlsform import workbook_bytes

YES_NO = [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]]


def _read(app, survey, choices=YES_NO, settings=None):
    sheets = {"survey": survey, "choices": choices}
    if settings:
        sheets["settings"] = settings
    with app.test_request_context():
        return xlsform.read(workbook_bytes(sheets))


def _questions(reading):
    return {q["key"]: q for s in reading.definition["sections"] for q in s["questions"]}


def _lines(reading, column=None):
    return [p for p in reading.problems if column is None or p.column == column]


# --- columns -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("header", ["bind::relevant", "relevance", "BIND::RELEVANT"])
def test_bind_relevant_is_read_as_relevant(app, header):
    reading = _read(app, [["type", "name", "label", header],
                          ["select_one yn", "works", "Works?", None],
                          ["integer", "hours", "Hours", "${works} = 'yes'"]])
    assert _questions(reading)["hours"]["condition"] == {"op": "eq", "q": "works", "value": "yes"}


@pytest.mark.parametrize("header", ["bind::required", "Required", "BIND::REQUIRED"])
def test_bind_required_is_read_as_required(app, header):
    reading = _read(app, [["type", "name", "label", header], ["integer", "age", "Age", "true()"]])
    assert _questions(reading)["age"]["required"] is True


def test_a_row_without_a_type_has_its_line_even_with_values_only_in_unheaded_columns(app):
    reading = _read(app, [["type", "name", "label"], ["integer", "a", "A"], [None, None, None, "stray note"],
                          [None, "b", "B"]])
    assert [(p.row, p.column) for p in reading.problems] == [(3, "type"), (4, "type")]


def test_a_required_expression_has_its_line(app):
    reading = _read(app, [["type", "name", "label", "required"], ["select_one yn", "works", "Works?", "no"],
                          ["integer", "hours", "Hours", "${works} = 'yes'"]])
    assert _questions(reading)["hours"]["required"] is False
    assert [(p.row, p.column, p.value) for p in reading.problems] == [(3, "required", "${works} = 'yes'")]


@pytest.mark.parametrize("header", ["media::big-image", "guidance_hint", "repeat_count",
                                    "parameters", "my_own_column"])
def test_a_column_that_is_not_imported_has_one_line_with_its_count(app, header):
    reading = _read(app, [["type", "name", "label", header],
                          ["integer", "a", "A", "x1"], ["integer", "b", "B", "x2"], ["integer", "c", "C", None],
                          ["integer", "d", "D", "x4"]])
    assert set(_questions(reading)) == {"a", "b", "c", "d"}
    lines = reading.problems
    assert len(lines) == 1, lines
    assert lines[0].sheet == "survey" and lines[0].row == 2 and lines[0].value == "x1"
    assert lines[0].column.lower().replace("::", ":").startswith(header.lower().replace("::", ":")[:5])
    assert "3" in lines[0].message


def test_pyxform_column_aliases_of_type_and_name(app):
    reading = _read(app, [["command", "value", "caption", "control::appearance"],
                          ["text", "story", "Story", "multiline"]])
    assert _questions(reading)["story"]["kind"] == "long_text" and reading.problems == []


def test_the_hint_of_a_group_has_its_line(app):
    reading = _read(app, [["type", "name", "label", "hint::English (en)"], ["begin group", "g", "G", "About you"],
                          ["integer", "a", "A", "In years"], ["end group", None, None, None]])
    assert _questions(reading)["a"]["help"] == {"en": "In years"}
    assert [(p.row, p.column, p.value) for p in reading.problems] == [(2, "hint::English (en)", "About you")]


def test_appearance_that_is_not_used_has_one_line(app):
    reading = _read(app, [["type", "name", "label", "appearance"],
                          ["begin group", "g", "G", "field-list"],
                          ["select_one yn", "a", "A", "minimal"], ["select_one yn", "b", "B", "horizontal"],
                          ["text", "story", "Story", "multiline"],
                          ["end group", None, None, None]])
    assert _questions(reading)["story"]["kind"] == "long_text"
    lines = _lines(reading, "appearance")
    assert len(lines) == 1 and lines[0].row == 2 and lines[0].value == "field-list" and "3" in lines[0].message


def test_unused_columns_of_the_choices_and_settings_sheets_have_a_line_each(app):
    reading = _read(app, [["type", "name", "label"], ["select_one yn", "a", "A"]],
                    choices=[["list_name", "name", "label", "big-image", "state"],
                             ["yn", "yes", "Yes", "yes.png", "x"], ["yn", "no", "No", "no.png", None]],
                    settings=[["form_title", "instance_name"], ["Form", "concat(${a})"]])
    found = {(p.sheet, p.column): p for p in reading.problems}
    assert set(found) == {("choices", "big-image"), ("choices", "state"), ("settings", "instance_name")}, found
    assert "2" in found["choices", "big-image"].message and found["choices", "big-image"].value == "yes.png"


# --- languages -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, code", [
    ("Español", "es"), ("Spanish", "es"), ("SPANISH", "es"), ("Tigrinya", "ti"), ("Tigirigna", "ti"),
    ("Oromiffa", "om"), ("Oromo", "om"), ("EN", "en"), ("English (EN)", "en"), ("français", "fr"),
    ("العربية", "ar"), ("Ελληνικά", "el"), ("ar", "ar")])
def test_a_language_column_is_found_by_name_or_code(app, language, code):
    reading = _read(app, [["type", "name", "label::English (en)", f"label::{language}"],
                          ["integer", "age", "Age", "Edad"]])
    assert _questions(reading)["age"]["label"][code] == "Edad"
    assert reading.problems == []


def test_an_unknown_language_is_reported_once_per_column(app):
    reading = _read(app, [["type", "name", "label::English (en)", "label::Klingonese", "hint::Klingonese"],
                          ["integer", "a", "A", "x", "y"], ["integer", "b", "B", "x", "y"],
                          ["integer", "c", "C", "x", "y"]])
    lines = reading.problems
    assert sorted(p.column for p in lines) == ["hint::Klingonese", "label::Klingonese"], lines
    assert all(p.row == 1 and p.value == "Klingonese" for p in lines)


# --- rows ----------------------------------------------------------------------------------------------------

def test_blank_formatted_rows_do_not_count_towards_the_row_limit(app):
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(["type", "name", "label"])
    for n in range(90):
        sheet.append(["integer", f"q{n}", f"Question {n}"])
    for row in (200, 5000, 1_048_576):  # formatted, never written in
        sheet.cell(row=row, column=1).number_format = "@"
    out = io.BytesIO()
    book.save(out)
    with app.test_request_context():
        reading = xlsform.read(out.getvalue())
    assert len(_questions(reading)) == 90 and reading.problems == []


@pytest.mark.parametrize("type_, kind", [
    ("select one from yn", "single_choice"), ("select1 yn", "single_choice"), ("select one yn", "single_choice"),
    ("select all that apply from yn", "multiple_choice"), ("select all that apply yn", "multiple_choice"),
    ("select_one  yn", "single_choice"), ("string", "short_text"), ("int", "integer"), ("q decimal", "decimal"),
    ("add date prompt", "date")])
def test_older_type_spellings_are_read_as_pyxform_reads_them(app, type_, kind):
    reading = _read(app, [["type", "name", "label"], [type_, "q", "Q"]])
    assert _questions(reading)["q"]["kind"] == kind and reading.problems == []


@pytest.mark.parametrize("begin, end", [("begin_group", "end_group"), ("begin group", "end group"),
                                        ("BEGIN GROUP", "End Group")])
def test_group_spellings(app, begin, end):
    reading = _read(app, [["type", "name", "label"], [begin, "about", "About"], ["integer", "age", "Age"],
                          [end, None, None], ["integer", "after", "After"]])
    assert [s["key"] for s in reading.definition["sections"]] == ["about", "section_1"]
    assert reading.problems == []


@pytest.mark.parametrize("begin, end", [("begin repeat", "end repeat"), ("begin_repeat", "end_repeat"),
                                        ("begin loop over yn", "end loop"), ("begin lgroup", "end lgroup")])
def test_a_repeat_is_imported_with_its_questions(app, begin, end):
    reading = _read(app, [["type", "name", "label"], ["integer", "size", "Household size"],
                          [begin, "member", "Member"], ["text", "first", "First name"],
                          ["integer", "age", "Age"], ["begin group", "inner", "Inner"], ["text", "job", "Job"],
                          ["end group", None, None], [end, None, None], ["integer", "after", "After"]])
    assert list(_questions(reading)) == ["size", "member", "after"]
    member = _questions(reading)["member"]
    assert member["kind"] == "repeat" and member["label"] == {"en": "Member"}
    assert [q["key"] for q in member["settings"]["questions"]] == ["first", "age", "job"]
    # the group inside the repeat is flattened into it, with its line
    assert [(p.row, p.column) for p in reading.problems] == [(6, "type")]


def test_a_repeat_without_a_name_is_given_one_with_its_line(app):
    reading = _read(app, [["type", "name", "label"], ["begin repeat", None, "Member"], ["text", "first", "First"],
                          ["end repeat", None, None]])
    assert [q["key"] for q in _questions(reading)["repeat_2"]["settings"]["questions"]] == ["first"]
    assert [(p.row, p.column) for p in reading.problems] == [(2, "name")]


def test_repeats_nest_three_deep_and_a_fourth_is_left_out_with_one_line(app):
    rows = [["type", "name", "label"]]
    for depth in range(1, 5):
        rows += [["begin repeat", f"r{depth}", f"R{depth}"], ["text", f"q{depth}", f"Q{depth}"]]
    rows += [["end repeat", None, None]] * 4
    reading = _read(app, rows)
    r3 = _questions(reading)["r1"]["settings"]["questions"][1]["settings"]["questions"][1]
    assert r3["key"] == "r3" and [q["key"] for q in r3["settings"]["questions"]] == ["q3"]
    assert len(reading.problems) == 1 and reading.problems[0].row == 8 and "r4" in reading.problems[0].message


def test_gps_is_read_as_a_location_question_and_geotrace_is_refused_with_its_line(app):
    reading = _read(app, [["type", "name", "label"], ["integer", "a", "A"], ["gps", "where", "Where?"],
                          ["geotrace", "path", "Path"]])
    assert _questions(reading)["where"]["kind"] == "geopoint"
    assert [(p.row, p.column, p.value) for p in reading.problems] == [(4, "type", "geotrace")]
    assert "geotrace" in reading.problems[0].message and "metadata" not in reading.problems[0].message


def test_nested_groups_are_flattened_with_a_line(app):
    reading = _read(app, [["type", "name", "label", "relevant"], ["integer", "a", "A", None],
                          ["begin group", "outer", "Outer", None], ["begin group", "inner", "Inner", "${a} > 1"],
                          ["integer", "b", "B", None], ["end group", None, None, None], ["end group", None, None, None]])
    assert _questions(reading)["b"]["condition"] == {"op": "gt", "q": "a", "value": 1}
    assert [(p.row, p.column, p.value) for p in reading.problems] == [(4, "type", "begin group")]


# --- choices -------------------------------------------------------------------------------------------------

PITCHES = [["list_name", "name", "label::English (en)", "label::Français (fr)"],
           ["where", "camp pitch", "Camp pitch", "Emplacement"], ["where", "24/7", "Open all day", "Ouvert"],
           ["where", "père", "With my father", "Avec mon père"], ["where", "ok", "Fine", "Bien"]]


@pytest.mark.parametrize("type_", ["select_one where", "select_multiple where"])
def test_every_choice_name_pyxform_accepts_is_kept(app, type_):
    reading = _read(app, [["type", "name", "label::English (en)", "relevant"], [type_, "place", "Where?", None],
                          ["text", "why", "Why?", "selected(${place}, 'camp pitch')"]], choices=PITCHES)
    choices = _questions(reading)["place"]["choices"]
    assert [c["label"]["en"] for c in choices] == ["Camp pitch", "Open all day", "With my father", "Fine"]
    values = [c["value"] for c in choices]
    assert all(CHOICE_PATTERN.match(v) for v in values) and len(set(values)) == 4 and values[3] == "ok"
    condition = _questions(reading)["why"]["condition"]
    assert condition["values" if "values" in condition else "value"] in (values[0], [values[0]])
    renamed = [p for p in reading.problems if p.sheet == "choices"]
    assert [(p.row, p.column, p.value) for p in renamed] == [(2, "name", "camp pitch"), (3, "name", "24/7"),
                                                             (4, "name", "père")]


def test_a_choice_name_in_another_script_is_kept(app):
    reading = _read(app, [["type", "name", "label"], ["select_one yn", "ok", "OK?"]],
                    choices=[["list_name", "name", "label"], ["yn", "نعم", "نعم"], ["yn", "لا", "لا"]])
    assert [c["value"] for c in _questions(reading)["ok"]["choices"]] == ["choice_2", "choice_3"]
    assert [(p.row, p.column, p.value) for p in reading.problems] == [(2, "name", "نعم"), (3, "name", "لا")]


def test_a_bad_choice_drops_only_that_choice(app):
    reading = _read(app, [["type", "name", "label"], ["select_one where", "place", "Where?"]],
                    choices=[["list_name", "name", "label"], ["where", "a", "A"], ["where", None, "No name"],
                             ["where", "b", "B"], ["where", "c", "C"]])
    assert [c["value"] for c in _questions(reading)["place"]["choices"]] == ["a", "b", "c"]
    assert [(p.sheet, p.row, p.column, p.value) for p in reading.problems] == [("choices", 3, "name", "")]


def test_duplicate_choice_values_are_refused_and_the_question_stays_editable(app, make_project):
    make_project("demo")
    reading = _read(app, [["type", "name", "label"], ["select_one where", "place", "Where?"]],
                    choices=[["list_name", "name", "label"], ["where", "a", "A"], ["where", "b", "B"],
                             ["where", "a", "A again"]])
    assert [c["value"] for c in _questions(reading)["place"]["choices"]] == ["a", "b"]
    assert [(p.sheet, p.row, p.column, p.value) for p in reading.problems] == [("choices", 4, "name", "a")]
    with app.test_request_context():
        from cocreate.projects.models import Project
        project = db.session.scalars(db.select(Project)).first()
        survey = services.create_from_definition(project, reading.definition, actor=None)
        question = db.session.scalars(db.select(Question).where(Question.survey_id == survey.id)).one()
        services.save_question(question.section, question, key="place", kind=question.kind, label="Where now?",
                               choices=[(c["value"], c["label"]["en"]) for c in question.choices], actor=None)
        assert question.label["en"] == "Where now?"


# --- every line names sheet, row, column and value -----------------------------------------------------------

def test_every_line_names_sheet_row_column_and_value(app):
    from tests.surveys.test_xlsform import KOBO_FORM
    with app.test_request_context():
        reading = xlsform.read(workbook_bytes(KOBO_FORM))
        lines = xlsform.report_lines(reading.problems)
    assert reading.problems and all(p.sheet and p.row and p.column for p in reading.problems)
    for problem, line in zip(reading.problems, lines, strict=True):
        assert line.startswith(f"{problem.sheet} row {problem.row}, column {problem.column}")
        assert f"“{problem.value}”" in line


def test_new_lines_are_translated(app):
    with app.test_request_context(headers={"Accept-Language": "es"}):
        reading = xlsform.read(workbook_bytes({"survey": [["type", "name", "label", "guidance_hint"],
                                                          ["integer", "a", "A", "1"]]}))
        line = xlsform.report_lines(reading.problems)[0]
    assert line.startswith("survey fila 2, columna guidance_hint, «1»:") and "This column" not in line, line


# --- round trip ----------------------------------------------------------------------------------------------

ROUND_TRIP_FORM = {"survey": [["type", "name", "label::English (en)", "label::Español", "hint:English", "bind::required",
                    "bind::relevant", "constraint", "appearance"],
                   ["select one from where", "place", "Where?", "¿Dónde?", "Pick one", "yes", None, None, None],
                   ["begin_group", "more", "More", "Más", None, None, "selected(${place}, '24/7')", None, None],
                   ["select all that apply from where", "also", "Also", "También", None, None, None, None, None],
                   ["int", "age", "Age", "Edad", None, "true()", "${place} = 'camp pitch'", ". >= 0 and . <= 120",
                    None],
                   ["begin group", "inner", "Inner", None, None, None, "${age} > 17", None, None],
                   ["string", "job", "Job", "Trabajo", None, None, None, None, None],
                   ["end group", None, None, None, None, None, None, None, None],
                   ["text", "story", "Story", "Historia", None, None, None, None, "multiline"],
                   ["q note", "bye", "Thanks", "Gracias", None, None, None, None, None],
                   ["end_group", None, None, None, None, None, None, None, None]],
        "choices": PITCHES,
        "settings": [["form_title", "default_language"], ["Camps", "English (en)"]]}


LANGUAGES_FORM = {"survey": [["type", "name", "label::English (en)", "label::Tigirigna", "LABEL::AR",
                               "hint::Oromiffa", "label::Español"],
                              ["select1 yn", "ok", "All right?", "ደሓን ዲኻ?", "هل أنت بخير؟", "Nagaa?", "¿Bien?"],
                              ["string", "name_given", "Your name", "ስምካ", "اسمك", None, "Su nombre"]],
                   "choices": [["list_name", "name", "label::English (en)", "label::Tigirigna", "label::ar"],
                               ["yn", "yes", "Yes", "እወ", "نعم"], ["yn", "no", "No", "ኣይፋል", "لا"]]}


@pytest.mark.parametrize("form", ["kobo", "languages"])
def test_forms_read_in_every_spelling_survive_export_and_import(app, make_project, form):
    from tests.surveys.test_xlsform import KOBO_FORM
    make_project("demo")
    with app.test_request_context():
        from cocreate.projects.models import Project
        project = db.session.scalars(db.select(Project)).first()
        first = xlsform.read(workbook_bytes({"kobo": KOBO_FORM, "languages": LANGUAGES_FORM}[form]))
        before = services.definition(services.create_from_definition(project, first.definition, actor=None))
        again = xlsform.read(xlsform.write(before))
        assert again.problems == []
        after = services.definition(services.create_from_definition(project, again.definition, actor=None))
    before.pop("code"), after.pop("code")
    assert after == before
    if form == "languages":
        assert before["languages"] == ["en", "ti", "ar", "es", "om"]
        assert before["sections"][0]["questions"][0]["choices"][0]["label"] == {"en": "Yes", "ti": "እወ", "ar": "نعم"}


def test_what_the_reader_keeps_survives_export_and_import(app, make_project):
    make_project("demo")
    with app.test_request_context():
        from cocreate.projects.models import Project
        project = db.session.scalars(db.select(Project)).first()
        first = xlsform.read(workbook_bytes(ROUND_TRIP_FORM))
        survey = services.create_from_definition(project, first.definition, actor=None)
        before = services.definition(survey)
        again = xlsform.read(xlsform.write(before))
        assert again.problems == []
        after = services.definition(services.create_from_definition(project, again.definition, actor=None))
    before.pop("code"), after.pop("code")
    assert after == before
    questions = {q["key"]: q for s in before["sections"] for q in s["questions"]}
    assert set(questions) == {"place", "also", "age", "job", "story", "bye"}
    assert questions["job"]["condition"] == {"op": "gt", "q": "age", "value": 17}
    assert before["sections"][1]["condition"] == {"op": "any_of", "q": "place", "values": ["24_7"]}
    assert questions["age"]["condition"] == {"op": "eq", "q": "place", "value": "camp_pitch"}
    assert questions["place"]["label"]["es"] == "¿Dónde?" and questions["place"]["choices"][2]["label"]["fr"] == \
        "Avec mon père"
    assert questions["age"]["required"] is True and questions["age"]["settings"] == {"min": 0, "max": 120}
