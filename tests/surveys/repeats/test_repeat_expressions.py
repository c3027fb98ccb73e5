"""sum(), count() and position() over the entries of repeated groups, in the one evaluator: parsed once, written
back as XLSForm writes them, checked for forward references, unknown functions still named."""
import collections

import pytest

from cocreate.surveys import logic

ANSWERS = {"village": "Zaatari", "member": [
    {"age": 34, "job": [{"hours": 20}, {"hours": 5}]}, {"age": 9}, {"age": 40, "job": [{"hours": 30}]}]}


@pytest.mark.parametrize("text, value", [
    ("sum(${age})", 83), ("count(${member})", 3), ("count(${job})", 3), ("sum(${hours}) div 5", 11),
    ("count(${member}) > 2", True), ("sum(${nobody})", 0), ("count(${village})", 1),
])
def test_values_over_entries(text, value):
    tree = logic.parse(text, value=True)
    assert logic.evaluate(tree, ANSWERS) == value
    assert logic.parse(logic.to_text(tree), value=True) == tree


def test_position_is_the_entry_place_and_a_sibling_is_read_in_the_same_entry():
    tree = logic.parse("if(position(..) = 2, ${age} * 10, ${age})", value=True)
    assert logic.to_text(tree) == "if(position(..) = 2, ${age} * 10, ${age})"
    values = [logic.evaluate(tree, collections.ChainMap(entry, {logic.POSITION: index}, ANSWERS))
              for index, entry in enumerate(ANSWERS["member"], start=1)]
    assert values == [34, 90, 40]


def test_sum_takes_a_question():
    with pytest.raises(logic.ConditionError, match="repeated group"):
        logic.parse("sum(3)", value=True)


def test_a_count_of_a_later_group_is_a_forward_reference():
    problems = logic.check_order([("rooms", "rooms", logic.parse("count(${member}) > 1"), ()),
                                  ("member", "member", None, ())])
    assert problems and "comes later" in problems[0]
