"""Relevance as KoboToolbox and ODK forms write it beyond plain comparisons: `not(…)`, `count-selected(…)`,
`string-length(…)`, a bare `${q}` (answered), and text in the curly quotes a word processor puts in. Each is read
into a condition tree, written back to the same tree, evaluated on the server (the browser leaves these to it), and
kept on import instead of being dropped with a line."""
import pytest

from cocreate.surveys import flow, logic, xlsform
from tests.surveys.test_xlsform import workbook_bytes

NEEDS = [["list_name", "name", "label"], ["needs", "work", "Work"], ["needs", "health", "Health"],
         ["needs", "none", "None"], ["yn", "yes", "Yes"], ["yn", "no", "No"]]


@pytest.mark.parametrize("text, tree", [
    ("not(selected(${n}, 'none'))", {"op": "not", "items": [{"op": "any_of", "q": "n", "values": ["none"]}]}),
    ("not(${a} = 'yes' or ${b} > 2)",
     {"op": "not", "items": [{"op": "or", "items": [{"op": "eq", "q": "a", "value": "yes"},
                                                    {"op": "gt", "q": "b", "value": 2}]}]}),
    ("count-selected(${n}) >= 2", {"op": "count", "q": "n", "cmp": "ge", "value": 2}),
    ("count-selected(${n})=0", {"op": "count", "q": "n", "cmp": "eq", "value": 0}),
    ("string-length(${phone}) = 9", {"op": "length", "q": "phone", "cmp": "eq", "value": 9}),
    ("${consent}", {"op": "answered", "q": "consent"}),
    ("${a} and ${b} = 'x'", {"op": "and", "items": [{"op": "answered", "q": "a"}, {"op": "eq", "q": "b", "value": "x"}]}),
    ("${a} = ‘yes’", {"op": "eq", "q": "a", "value": "yes"}),
    ("selected(${n}, “work”)", {"op": "any_of", "q": "n", "values": ["work"]}),
    ("not(not(${a}))", {"op": "not", "items": [{"op": "not", "items": [{"op": "answered", "q": "a"}]}]}),
])
def test_functions_are_read_and_written_back(text, tree):
    assert logic.parse(text) == tree
    assert logic.parse(logic.to_text(tree)) == tree


@pytest.mark.parametrize("text", ["not ${a}", "not(${a}", "count-selected(${n})", "count-selected(${n}) > 'two'",
                                  "count-selected(${n}) > 1.5", "count-selected('x') > 1", "string-length() = 2",
                                  "${a} ${b}", "${a} = ‘yes"])
def test_misused_functions_are_refused_with_a_message(app, text):
    with pytest.raises(logic.ConditionError) as refused:
        logic.parse(text)
    with app.test_request_context():
        assert str(refused.value)


@pytest.mark.parametrize("text, answers, expected", [
    ("not(selected(${n}, 'none'))", {"n": ["work"]}, True),
    ("not(selected(${n}, 'none'))", {"n": ["none"]}, False),
    ("not(${a} = 'yes')", {}, True),
    ("count-selected(${n}) >= 2", {"n": ["work", "health"]}, True),
    ("count-selected(${n}) >= 2", {"n": ["work"]}, False),
    ("count-selected(${n}) = 0", {}, True),
    ("count-selected(${n}) = 1", {"n": "work"}, True),
    ("count-selected(${n}) != 1", {"n": []}, True),
    ("string-length(${p}) = 9", {"p": "612345678"}, True),
    ("string-length(${p}) < 9", {"p": "6123"}, True),
    ("string-length(${p}) > 0", {}, False),
    ("${a}", {"a": "x"}, True), ("${a}", {"a": ""}, False), ("${a}", {}, False),
])
def test_functions_hold_on_answers(text, answers, expected):
    assert logic.holds(logic.parse(text), answers) is expected


def test_the_browser_evaluates_these_conditions_too():
    for text in ("not(${a})", "count-selected(${n}) > 1", "string-length(${p}) = 9"):
        operators = set(flow._operators(logic.parse(text)))
        assert operators <= flow.BROWSER_OPERATORS


def test_references_look_inside_not_and_functions():
    assert logic.references(logic.parse("not(${a} = 'x') and count-selected(${n}) > 1")) == {"a", "n"}


def test_a_form_with_these_conditions_keeps_every_one_of_them(app):
    survey = [["type", "name", "label", "relevant"],
              ["select_multiple needs", "needs", "What do you need?", None],
              ["select_one yn", "works", "Do you work?", None],
              ["text", "which", "Which needs?", "not(selected(${needs}, 'none'))"],
              ["integer", "several", "Several?", "count-selected(${needs}) >= 2"],
              ["text", "phone", "Phone", "${works} = ‘yes’"],
              ["note", "thanks", "Thanks", "${phone}"]]
    with app.test_request_context():
        reading = xlsform.read(workbook_bytes({"survey": survey, "choices": NEEDS}))
    questions = {q["key"]: q for s in reading.definition["sections"] for q in s["questions"]}
    assert [p for p in reading.problems if p.column == "relevant"] == []
    assert questions["which"]["condition"] == {"op": "not", "items": [{"op": "any_of", "q": "needs",
                                                                       "values": ["none"]}]}
    assert questions["several"]["condition"] == {"op": "count", "q": "needs", "cmp": "ge", "value": 2}
    assert questions["phone"]["condition"] == {"op": "eq", "q": "works", "value": "yes"}
    assert questions["thanks"]["condition"] == {"op": "answered", "q": "phone"}


def test_a_function_over_a_later_question_is_still_refused_with_its_line(app):
    survey = [["type", "name", "label", "relevant"],
              ["text", "which", "Which?", "not(selected(${needs}, 'none'))"],
              ["select_multiple needs", "needs", "What do you need?", None]]
    with app.test_request_context():
        reading = xlsform.read(workbook_bytes({"survey": survey, "choices": NEEDS}))
    questions = {q["key"]: q for s in reading.definition["sections"] for q in s["questions"]}
    assert questions["which"].get("condition") is None
    assert [p.row for p in reading.problems if p.column == "relevant"] == [2]


def test_the_answering_flow_decides_pages_by_these_conditions():
    from tests.surveys.conftest import small_definition

    defn = small_definition()
    job = next(section for section in defn["sections"] if section["key"] == "job")
    job["condition"] = logic.parse("not(${working} = 'no') and count-selected(${needs}) >= 1")
    about = ["working", "age", "needs", "city", "trust", "intro"]
    needing = {"working": "yes", "needs": ["work"]}
    assert flow.Answering(defn, needing).after("about", "next", seen=about).key == "job"
    assert flow.Answering(defn, {"working": "yes"}).after("about", "next", seen=about).key == "end"
    assert flow.Answering(defn, {"working": "no", "needs": ["work"]}).after("about", "next", seen=about).key == "end"
