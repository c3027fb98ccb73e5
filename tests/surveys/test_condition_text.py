"""Conditions written as text: too deep or too long is refused with a clear reason; every literal (quotes, numbers
in any notation, choice lists) reads back as what was written."""
import pytest

from cocreate.surveys import logic


@pytest.mark.parametrize("text", ["(" * 400 + "${a} = 'x'" + ")" * 400, "${a} = 'x' or " * 400 + "${a} = 'y'"])
def test_conditions_too_deep_or_too_long_are_refused_clearly(app, text):
    with pytest.raises(logic.ConditionError) as refused:
        logic.parse(text)
    with app.test_request_context():
        assert "too" in str(refused.value)


def test_reasonably_nested_conditions_still_parse():
    assert logic.parse("((${a} = 'x'))") == {"op": "eq", "q": "a", "value": "x"}


@pytest.mark.parametrize("tree", [
    {"op": "eq", "q": "name", "value": "O'Brien"},
    {"op": "eq", "q": "name", "value": 'say "hi"'},
    {"op": "gt", "q": "n", "value": 1e-05},
    {"op": "lt", "q": "n", "value": 2.5e20},
    {"op": "ge", "q": "n", "value": -0.125},
    {"op": "eq", "q": "n", "value": 12},
    {"op": "any_of", "q": "c", "values": ["1", "2"]},
])
def test_conditions_round_trip_through_their_text(tree):
    text = logic.to_text(tree)
    again = logic.parse(text)
    assert again == tree and type(again.get("value")) is type(tree.get("value"))
