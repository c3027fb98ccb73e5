"""XLSForm expressions: value nodes beside the condition trees — read, written back, evaluated, refused by name."""
import datetime

import pytest

from cocreate.surveys import logic


@pytest.mark.parametrize("text", [
    "${a} + ${b} * 2 > 10",
    "(${a} + ${b}) * 2 > 10",
    "${a} - (${b} - 1) = 0",
    "${a} div 3 mod 2 = 1",
    "-${a} < 0",
    ". >= 0 and . <= ${max}",
    "regex(., '^[0-9]{4}$')",
    "if(${age} >= 18, 'adult', 'minor') = 'adult'",
    "coalesce(${nick}, ${name}) != ''",
    "concat(${first}, ' ', ${last}) = 'Ana Ruiz'",
    ". <= today()",
    "int(${h}) = round(${h})",
    "number(${a}) > -1.5",
    "string-length(.) <= 10",
    "count-selected(.) >= ${n}",
    "${a} = ${b} or not(selected(${c}, 'x'))",
    "selected(${c}, ${d})",
])
def test_expressions_round_trip_through_their_text(text):
    tree = logic.parse(text, here=True)
    assert tree["op"] not in ("eq", "ne", "gt", "ge", "lt", "le") or "q" in tree
    assert logic.parse(logic.to_text(tree), here=True) == tree


@pytest.mark.parametrize("text, tree", [
    ("${a} + 1 > 2", {"op": "compare", "cmp": "gt", "items": [
        {"op": "arith", "fn": "+", "items": [{"op": "ref", "q": "a"}, {"op": "lit", "value": 1}]},
        {"op": "lit", "value": 2}]}),
    ("${a}-1 = 0", {"op": "compare", "cmp": "eq", "items": [
        {"op": "arith", "fn": "-", "items": [{"op": "ref", "q": "a"}, {"op": "lit", "value": 1}]},
        {"op": "lit", "value": 0}]}),
    ("${age} > -5", {"op": "gt", "q": "age", "value": -5}),
    ("regex(., 'a+')", {"op": "call", "fn": "regex", "items": [{"op": "here"}, {"op": "lit", "value": "a+"}]}),
])
def test_expressions_become_value_nodes_and_old_forms_stay_as_they_were(text, tree):
    assert logic.parse(text, here=True) == tree


def test_a_calculation_keeps_its_value_rather_than_becoming_a_condition():
    assert logic.parse("${a}", value=True) == {"op": "ref", "q": "a"}
    assert logic.parse("${a}") == {"op": "answered", "q": "a"}
    assert logic.parse("${a} * 2", value=True)["op"] == "arith"


@pytest.mark.parametrize("text, name", [
    ("pulldata('prices', 'cost', 'id', ${a}) > 1", "pulldata"), ("max(${a}) > 1", "max"),
    ("jr:choice-name(${a}, '${a}') = 'x'", "jr:choice-name"), ("once(${a}) = 1", "once")])
def test_unsupported_functions_are_named(app, text, name):
    with pytest.raises(logic.ConditionError) as refused:
        logic.parse(text)
    with app.test_request_context():
        assert str(refused.value) == f"The function {name}() is not supported."


@pytest.mark.parametrize("text", [". > 1", "${a} + 1", "'yes'", "concat(${a})", "regex(${a}, ${b})",
                                  "regex(${a}, '(')", "regex(${a}, '" + "a" * 201 + "')", "if(${a}, 1) = 1",
                                  "round() = 1", "${a} + = 2", "today(1) = 2", "- " * 22 + "1 = 1"])
def test_misused_expressions_are_refused_with_a_message(app, text):
    with pytest.raises(logic.ConditionError) as refused:
        logic.parse(text)
    with app.test_request_context():
        assert str(refused.value)


def test_the_answer_itself_is_refused_outside_a_constraint(app):
    with pytest.raises(logic.ConditionError) as refused:
        logic.parse(". > 1")
    with app.test_request_context():
        assert "constraint" in str(refused.value)


TODAY = datetime.date.today().isoformat()


@pytest.mark.parametrize("text, answers, here, expected", [
    ("${a} + ${b} * 2", {"a": 1, "b": 4}, None, 9),
    ("(${a} + ${b}) * 2", {"a": 1, "b": 4}, None, 10),
    ("10 div 4", {}, None, 2.5),
    ("10 div 2", {}, None, 5),
    ("7 mod 3", {}, None, 1),
    ("-7 mod 3", {}, None, -1),
    ("1 div 0", {}, None, None),
    ("${a} + 1", {}, None, None),
    ("${a} + 1", {"a": "3"}, None, 4),
    ("-${a}", {"a": 2.5}, None, -2.5),
    ("int(-3.7)", {}, None, -3),
    ("round(2.5)", {}, None, 3),
    ("round(${h}, 1)", {"h": 1.25}, None, 1.3),
    ("number('x')", {}, None, None),
    ("concat(${a}, '-', ${b}, '-', 3)", {"a": "x", "b": ["p", "q"]}, None, "x-p q-3"),
    ("coalesce(${a}, 'none')", {}, None, "none"),
    ("coalesce(${a}, 'none')", {"a": "given"}, None, "given"),
    ("if(${age} >= 18, 'adult', 'minor')", {"age": 17}, None, "minor"),
    ("if(${age} >= 18, 'adult', 'minor')", {"age": 40}, None, "adult"),
    ("string-length(${a})", {"a": "héllo"}, None, 5),
    ("count-selected(${n})", {"n": ["a", "b", "c"]}, None, 3),
    ("today()", {}, None, TODAY),
    (". * 2", {}, 21, 42),
])
def test_values_are_worked_out_as_by_hand(text, answers, here, expected):
    assert logic.evaluate(logic.parse(text, here=True, value=True), answers, here) == expected


@pytest.mark.parametrize("text, answers, here, expected", [
    (". >= 0 and . <= 120", {}, 35, True),
    (". >= 0 and . <= 120", {}, 121, False),
    (". <= ${max}", {"max": 10}, 10, True),
    (". <= ${max}", {"max": 10}, 11, False),
    ("regex(., '^[0-9]{5}$')", {}, "28013", True),
    ("regex(., '^[0-9]{5}$')", {}, "2801", False),
    ("regex(., '^(a+)+$')", {}, "a" * 5000 + "b", False),
    ("regex(., '^(a+)+$')", {}, "a" * 20_000 + "b", False),
    ("regex(., '^(a+)+$')", {}, "a" * 20_000, True),
    (". <= today()", {}, "2000-01-31", True),
    (". <= today()", {}, "2999-01-31", False),
    (". > ${start}", {"start": "2026-05-01"}, "2026-06-01", True),
    ("${a} = ${b}", {"a": 3, "b": "3"}, None, True),
    ("${a} != ${b}", {"a": "x", "b": "y"}, None, True),
    ("${a} = ${b}", {}, None, True),
    ("${a} > ${b}", {"a": "x", "b": "y"}, None, False),
    ("${a} + ${b} > 10", {"a": 6, "b": 5}, None, True),
    ("${a} + ${b} > 10", {"a": 6}, None, False),
    ("selected(., ${c})", {"c": "work"}, ["health", "work"], True),
    ("count-selected(.) <= 2", {}, ["a", "b", "c"], False),
    ("string-length(.) = 4", {}, "abcd", True),
    ("not(${a} * 2 = 4)", {"a": 2}, None, False),
    ("${a} = 'yes' or ${b} div 2 = 3", {"b": 6}, None, True),
    ("if(${a} = 'x', ${b}, ${c}) > 5", {"a": "x", "b": 6, "c": 1}, None, True),
    ("if(${a} = 'x', ${b}, ${c}) > 5", {"a": "y", "b": 6, "c": 1}, None, False),
])
def test_conditions_with_expressions_hold_as_by_hand(text, answers, here, expected):
    assert logic.holds(logic.parse(text, here=True), answers, here) is expected


def test_references_find_every_question_inside_expressions():
    tree = logic.parse("if(${a} > 1, concat(${b}, .), coalesce(${c}, round(${d}))) = ${e}", here=True)
    assert logic.references(tree) == {"a", "b", "c", "d", "e"}


def test_forward_references_in_expressions_are_refused(app):
    items = [("s1", None, None, ["a", "b"]), ("a", "a", logic.parse("${b} + 1 > 2"), ()), ("b", "b", None, ())]
    with app.test_request_context():
        assert "comes later" in " ".join(logic.check_order(items))


def test_long_chains_of_operations_are_refused_before_they_are_too_deep_to_evaluate(app):
    assert logic.holds(logic.parse("1+" * 90 + "1=91"), {}) is True
    with pytest.raises(logic.ConditionError) as refused:
        logic.parse("1+" * 995 + "1=996")
    with app.test_request_context():
        assert "too many operations" in str(refused.value)
