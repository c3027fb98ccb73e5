"""Numbers written oddly (superscripts, doubled signs, thousands of digits, superscripts after other scripts' digits, huge JSON numbers)
are an answer error the participant can read, never a server error."""
import pytest

from cocreate.surveys.kinds import KINDS, AnswerError

from .conftest import UUID1, small_definition

QUESTIONS = {q["key"]: q for s in small_definition()["sections"] for q in s["questions"]}


@pytest.mark.parametrize("key", ["age", "trust", "rating"])
@pytest.mark.parametrize("raw", ["²", "--5", "9" * 5000, "٣²", "1_0", "+-1", "- 5"])
def test_odd_digits_are_an_answer_error_not_a_crash(app, key, raw):
    with app.test_request_context(), pytest.raises(AnswerError) as refused:
        KINDS[QUESTIONS[key]["kind"]].coerce(QUESTIONS[key], raw)
    with app.test_request_context():
        assert str(refused.value)


def test_odd_digits_in_the_sus_block_and_huge_json_numbers_are_refused(app):
    with app.test_request_context():
        with pytest.raises(AnswerError):
            KINDS["sus"].coerce(QUESTIONS["sus"], ["²"] + ["3"] * 9)
        with pytest.raises(AnswerError):
            KINDS["decimal"].coerce(QUESTIONS["hours"], 10 ** 400, strict=True)
        assert KINDS["integer"].coerce(QUESTIONS["age"], " 30 ") == 30
        assert KINDS["likert"].coerce(QUESTIONS["trust"], "4") == 4


@pytest.mark.parametrize("value", ["²", "--5", "9" * 5000])
def test_odd_digits_on_the_public_form_show_the_error(client, make_survey, value):
    _id, code = make_survey()
    response = client.post(f"/s/{code}/en", data={"client_uuid": UUID1, "section": "about", "nav": "next",
                                                  "q-working": "yes", "q-age": value, "q-trust": value,
                                                  "shown": "working age needs city trust intro"})
    assert response.status_code == 200
    assert "Enter a whole number" in response.get_data(as_text=True)
