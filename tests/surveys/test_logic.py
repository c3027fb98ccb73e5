"""Skip logic: reading conditions as XLSForm writes them, evaluating them, and refusing cycles and forward references."""
import pytest

from cocreate.surveys import logic


@pytest.mark.parametrize("text, tree", [
    ("${a} = 'yes'", {"op": "eq", "q": "a", "value": "yes"}),
    ("${a} != 'no'", {"op": "ne", "q": "a", "value": "no"}),
    ("${age} >= 18", {"op": "ge", "q": "age", "value": 18}),
    ("${h} < 7.5", {"op": "lt", "q": "h", "value": 7.5}),
    ("${a} != ''", {"op": "answered", "q": "a"}),
    ("${a} = ''", {"op": "not_answered", "q": "a"}),
    ("selected(${n}, 'work')", {"op": "any_of", "q": "n", "values": ["work"]}),
    ("selected(${n}, 'work') or selected(${n}, 'health')", {"op": "any_of", "q": "n", "values": ["work", "health"]}),
    ("${a} = 'yes' and (${b} > 2 or ${c} != '')",
     {"op": "and", "items": [{"op": "eq", "q": "a", "value": "yes"},
                             {"op": "or", "items": [{"op": "gt", "q": "b", "value": 2},
                                                    {"op": "answered", "q": "c"}]}]}),
    ("  ", None),
])
def test_conditions_are_read_and_written_back(text, tree):
    assert logic.parse(text) == tree
    assert logic.parse(logic.to_text(tree)) == tree


@pytest.mark.parametrize("text", ["${a} = ", "${a} == 'x'", "a = 'x'", "${a} > 'ten'", "(${a} = 'x'",
                                  "${a} = 'x' and", "selected(${a})", "${a} = 'x' ${b}", "${a} ~ 1"])
def test_unreadable_conditions_are_refused_with_a_message(app, text):
    with pytest.raises(logic.ConditionError) as refused:
        logic.parse(text)
    with app.test_request_context():
        assert str(refused.value)


@pytest.mark.parametrize("text, answers, expected", [
    ("${a} = 'yes'", {"a": "yes"}, True), ("${a} = 'yes'", {"a": "no"}, False), ("${a} = 'yes'", {}, False),
    ("${a} != 'yes'", {"a": "no"}, True), ("${a} != 'yes'", {}, False),
    ("${n} = 'work'", {"n": ["health", "work"]}, True),
    ("selected(${n}, 'work') or selected(${n}, 'school')", {"n": ["school"]}, True),
    ("selected(${n}, 'work')", {"n": ["health"]}, False),
    ("selected(${c}, 'rome')", {"c": "rome"}, True),
    ("${age} >= 18", {"age": 18}, True), ("${age} > 18", {"age": 18}, False), ("${age} < 18", {}, False),
    ("${age} <= 18.5", {"age": 18}, True), ("${r} = 3", {"r": 3}, True), ("${r} = '3'", {"r": 3}, True),
    ("${a} != ''", {"a": "x"}, True), ("${a} != ''", {"a": []}, False), ("${a} = ''", {}, True),
    ("${a} = 'yes' and ${b} > 2", {"a": "yes", "b": 3}, True), ("${a} = 'yes' and ${b} > 2", {"a": "yes"}, False),
    ("${a} = 'yes' or ${b} > 2", {"b": 3}, True),
])
def test_conditions_hold_on_answers(text, answers, expected):
    assert logic.holds(logic.parse(text), answers) is expected


def items(*questions):
    """One section holding questions given as (key, condition text)."""
    return [("s1", None, None, [k for k, _c in questions])] + [(k, k, logic.parse(c), ()) for k, c in questions]


def test_backward_references_are_fine(app):
    with app.test_request_context():
        assert logic.check_order(items(("a", ""), ("b", "${a} = 'x'"), ("c", "${a} = 'x' and ${b} > 1"))) == []


def test_forward_reference_is_refused(app):
    with app.test_request_context():
        problems = logic.check_order(items(("a", "${b} = 'x'"), ("b", "")))
    assert len(problems) == 1 and "comes later" in problems[0]


def test_self_reference_is_refused(app):
    with app.test_request_context():
        problems = logic.check_order(items(("a", "${a} != ''")))
    assert problems and "its own answer" in problems[0]


def test_cycle_is_refused_and_named(app):
    with app.test_request_context():
        problems = logic.check_order(items(("a", "${c} = 'x'"), ("b", "${a} = 'x'"), ("c", "${b} = 'x'")))
    assert len(problems) == 1 and "circle" in problems[0]
    assert all(key in problems[0] for key in "abc")


def test_unknown_question_and_section_on_its_own_questions_are_refused(app):
    with app.test_request_context():
        assert "not a question" in logic.check_order(items(("a", "${zzz} = 'x'")))[0]
        section_on_itself = [("s1", None, logic.parse("${a} = 'x'"), ["a"]), ("a", "a", None, ())]
        assert "its own answer" in logic.check_order(section_on_itself)[0]
