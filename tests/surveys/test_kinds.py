"""Every question kind: what it accepts from the web form and from JSON, what it refuses, and its score."""
import pytest
from werkzeug.datastructures import MultiDict

from cocreate.surveys.kinds import KINDS, AnswerError, kind_of_xlsform, pick

from .conftest import small_definition

QUESTIONS = {q["key"]: q for s in small_definition()["sections"] for q in s["questions"]}


def coerce(key, raw, strict=False):
    question = QUESTIONS[key]
    return KINDS[question["kind"]].coerce(question, raw, strict=strict)


def test_every_kind_is_registered_with_one_interface():
    assert set(KINDS) == {"single_choice", "multiple_choice", "likert", "rating", "yes_no", "short_text",
                          "long_text", "integer", "decimal", "date", "note", "sus", "geopoint", "barcode", "time",
                          "datetime", "range", "acknowledge", "image", "audio", "video", "file", "calculate",
                          "repeat"}
    for name, kind in KINDS.items():
        assert kind.name == name and str(kind.label)
        for method in ("field_names", "from_form", "coerce", "options", "score", "summarise", "columns",
                       "codebook_rows", "to_xlsform", "reads_xlsform"):
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


def summary(key, values):
    question = QUESTIONS[key]
    return KINDS[question["kind"]].summarise(question, values, "en", "en")


def test_each_kind_summarises_its_answers(app):
    with app.app_context():
        needs = summary("needs", [["work", "school"], ["work"]])
        assert needs.counts == {"work": 2, "health": 0, "school": 1} and needs.labels["work"] == "Work"
        assert summary("trust", [4, 4, 2]).counts == {"1": 0, "2": 1, "3": 0, "4": 2, "5": 0}
        sus = summary("sus", [[5, 1] * 5, [3] * 10])
        assert sus.counts == {"0–50": 0, "50–68": 1, "68–80.3": 0, "80.3–100": 1} and sus.mean_score == 75.0
        assert str(sus.rows_heading) == "SUS score"
    assert summary("hours", [10, 20, 60]).numbers == {"mean": 30, "median": 20, "min": 10, "max": 60}
    assert summary("hours", []).numbers is None
    assert summary("since", ["2024-01-02", "2023-05-06"]).numbers == {"min": "2023-05-06", "max": "2024-01-02"}
    assert summary("story", ["Fine"]).texts and summary("story", ["Fine"]).counts is None


@pytest.mark.parametrize("xlsform_type, appearance, named, expected", [
    ("select_one", "", "", "single_choice"), ("select_one", "likert", "", "single_choice"),
    ("select_one", "", "likert", "likert"), ("select_one", "", "yes_no", "yes_no"),
    ("select_multiple", "", "likert", "multiple_choice"), ("text", "", "", "short_text"),
    ("text", "multiline", "", "long_text"), ("text", "", "long_text", "long_text"),
    ("text", "multiline", "short_text", "long_text"), ("int", "", "", "integer"), ("integer", "", "decimal", "integer"),
    ("note", "", "", "note"), ("begin group", "field-list", "sus", "sus"), ("begin group", "", "", None),
    ("geopoint", "", "", "geopoint"), ("geotrace", "", "", None), ("text", "", "sus", "short_text"),
])
def test_each_kind_says_which_xlsform_rows_it_reads(xlsform_type, appearance, named, expected):
    kind = kind_of_xlsform(xlsform_type, appearance, named)
    assert (kind.name if kind else None) == expected


def test_each_kind_has_its_own_participant_template(app):
    for kind in KINDS.values():
        assert kind.template.startswith("surveys/participant/kinds/")
        app.jinja_env.get_template(kind.template)  # raises when it is missing
