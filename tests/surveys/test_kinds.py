"""Every question kind: what it accepts from the web form and from JSON, what it refuses, and its score."""
import pytest
from werkzeug.datastructures import MultiDict

from cocreate.surveys.kinds import KINDS, AnswerError, pick

from .conftest import small_definition

QUESTIONS = {q["key"]: q for s in small_definition()["sections"] for q in s["questions"]}


def coerce(key, raw, strict=False):
    question = QUESTIONS[key]
    return KINDS[question["kind"]].coerce(question, raw, strict=strict)


def test_every_kind_is_registered_with_one_interface():
    assert set(KINDS) == {"single_choice", "multiple_choice", "likert", "rating", "yes_no", "short_text",
                          "long_text", "integer", "decimal", "date", "note", "sus"}
    for name, kind in KINDS.items():
        assert kind.name == name and str(kind.label)
        for method in ("from_form", "coerce", "options", "score", "columns"):
            assert callable(getattr(kind, method))


@pytest.mark.parametrize("key, raw, expected", [
    ("working", "yes", "yes"), ("working", True, "no" if False else "yes"), ("working", False, "no"),
    ("city", "rome", "rome"),
    ("needs", ["school", "work", "work"], ["work", "school"]),
    ("trust", "4", 4), ("trust", 1, 1),
    ("rating", 5, 5),
    ("age", "42", 42), ("age", 16, 16),
    ("hours", "7,5", 7.5), ("hours", 20, 20.0),
    ("since", "2019-04-01", "2019-04-01"),
    ("employer", "  Casa Aperta  ", "Casa Aperta"),
    ("story", "نعم", "نعم"),
    ("sus", ["3"] * 10, [3] * 10),
    ("age", "", None), ("needs", [], None), ("working", None, None),
])
def test_accepted_answers_are_converted(key, raw, expected):
    assert coerce(key, raw) == expected


@pytest.mark.parametrize("key, raw, strict", [
    ("working", "maybe", False), ("city", "paris", False), ("needs", ["work", "cinema"], False),
    ("needs", "work", False), ("trust", 6, False), ("trust", "0", False), ("rating", True, True),
    ("age", "forty", False), ("age", 15, False), ("age", 100, False), ("age", 4.5, True), ("age", "42", True),
    ("hours", "many", False), ("hours", 0.5, False), ("hours", 81, True), ("hours", "8", True),
    ("since", "01/04/2019", False), ("since", "2019-02-30", False), ("since", 20190401, True),
    ("employer", 12, True), ("employer", "x" * 301, False),
    ("sus", [3] * 9, True), ("sus", [3] * 9 + [6], True), ("sus", [3] * 9 + [None], True), ("sus", "3", True),
    ("intro", "an answer to a note", True),
])
def test_refused_answers_say_why(app, key, raw, strict):
    with pytest.raises(AnswerError) as refused:
        coerce(key, raw, strict=strict)
    with app.test_request_context():
        assert str(refused.value.args[0])


def test_number_bounds_are_in_the_message(app):
    with app.test_request_context(), pytest.raises(AnswerError) as refused:
        coerce("age", 120)
    with app.test_request_context():
        assert str(refused.value.args[0]) == "Enter a number from 16 to 99."


def test_sus_is_scored_the_standard_way():
    sus = KINDS["sus"]
    question = QUESTIONS["sus"]
    assert sus.score(question, [5, 1] * 5) == 100.0
    assert sus.score(question, [1, 5] * 5) == 0.0
    assert sus.score(question, [3] * 10) == 50.0
    # odd items: score - 1; even items: 5 - score; sum x 2.5
    assert sus.score(question, [4, 2, 4, 1, 4, 2, 5, 1, 4, 2]) == 2.5 * (3 + 3 + 3 + 4 + 3 + 3 + 4 + 4 + 3 + 3)
    columns = dict(sus.columns(question))
    assert columns["sus_score"]([3] * 10) == 50.0 and columns["sus_10"](list(range(1, 11))) == 10


def test_likert_has_pictograms_and_words():
    options = KINDS["likert"].options(QUESTIONS["trust"], "ar", "en")
    assert [value for value, _label, _picture in options] == [1, 2, 3, 4, 5]
    assert all(picture.endswith(".svg") and str(label) for _value, label, picture in options)


def test_web_form_values_are_read_per_kind():
    form = MultiDict([("q-needs", "work"), ("q-needs", "health"), ("q-age", "33"), ("q-working", ""),
                      *[(f"q-sus-{i}", "4") for i in range(1, 11)]])
    assert KINDS["multiple_choice"].from_form(QUESTIONS["needs"], form) == ["work", "health"]
    assert KINDS["integer"].from_form(QUESTIONS["age"], form) == "33"
    assert KINDS["yes_no"].from_form(QUESTIONS["working"], form) is None
    assert KINDS["sus"].from_form(QUESTIONS["sus"], form) == ["4"] * 10
    assert KINDS["note"].from_form(QUESTIONS["intro"], form) is None


def test_untranslated_text_falls_back_to_the_source_visibly():
    assert pick({"en": "Health", "ar": "صحة"}, "ar", "en") == ("صحة", False)
    assert pick({"en": "Health"}, "ar", "en") == ("Health", True)
    assert pick({"en": "Health", "fr": ""}, "fr", "en") == ("Health", True)
    assert pick({"en": "Health"}, "en", "en") == ("Health", False)
