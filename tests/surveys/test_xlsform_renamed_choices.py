"""Choice names the importer stores under another value ("camp pitch" as camp_pitch) are followed by every
expression that compares an answer with them: the short forms, comparisons written the other way round or with
any expression, selected(.) in a constraint, and calculations — so that the imported survey behaves as the form
did."""
import pytest

from cocreate.surveys import logic

from .test_xlsform_reader import PITCHES, _questions, _read

HEADER = ["type", "name", "label::English (en)", "relevant", "constraint", "calculation"]


def read(app, *rows):
    return _questions(_read(app, [HEADER, ["select_one where", "place", "Where?", None, None, None], *rows],
                            choices=PITCHES))


@pytest.mark.parametrize("relevant", [
    "'camp pitch' = ${place}",
    "${place} = concat('camp', ' pitch')",  # not a name: left as written, and never equal
    "if('camp pitch' = ${place}, 1, 0) = 1",
    "not('camp pitch' != ${place})",
    "selected(${place}, 'camp pitch')",
])
def test_a_condition_follows_the_stored_value(app, relevant):
    questions = read(app, ["text", "why", "Why?", relevant, None, None])
    condition = questions["why"]["condition"]
    stored = questions["place"]["choices"][0]["value"]
    assert stored != "camp pitch"
    expected = "concat" not in relevant
    assert logic.holds(condition, {"place": stored}) is expected
    assert logic.holds(condition, {"place": "ok"}) is False


def test_a_constraint_on_the_answer_itself_follows_the_stored_value(app):
    questions = _questions(_read(app, [HEADER, ["select_multiple where", "place", "Where?", None,
                                                "not(selected(., 'camp pitch') and selected(., '24/7'))", None]],
                                 choices=PITCHES))
    constraint = questions["place"]["settings"]["constraint"]
    pitch, day = (c["value"] for c in questions["place"]["choices"][:2])
    assert logic.holds(constraint, {}, here=[pitch]) is True
    assert logic.holds(constraint, {}, here=[pitch, day]) is False


def test_a_calculation_follows_the_stored_value(app):
    questions = read(app, ["calculate", "pitched", None, None, None, "if(${place} = 'père', 'family', 'other')"],
                     ["calculate", "night", None, None, None, "if('24/7' = ${place}, 1, 0)"])
    father, day = (c["value"] for c in questions["place"]["choices"][2:0:-1])
    assert logic.evaluate(questions["pitched"]["settings"]["calculation"], {"place": father}) == "family"
    assert logic.evaluate(questions["night"]["settings"]["calculation"], {"place": day}) == 1
