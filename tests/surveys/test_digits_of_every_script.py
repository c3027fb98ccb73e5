"""Numbers typed in the participant's own digits ("٣٠" in Arabic, "۳۰" in Persian) and with their own decimal
separator ("2,5", "٢٫٥") are stored exactly as if they had been typed in ASCII digits; superscripts stay refused."""
import pytest
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.surveys.kinds import KINDS, AnswerError, parse_int
from cocreate.surveys.models import Response

from .conftest import UUID1, small_definition

QUESTIONS = {q["key"]: q for s in small_definition()["sections"] for q in s["questions"]}


@pytest.mark.parametrize("raw", ["30", "٣٠", "۳۰", "३०", "٣0", " ٣٠ "])
def test_a_whole_number_in_any_scripts_digits_is_that_number(app, raw):
    with app.test_request_context():
        value = KINDS["integer"].coerce(QUESTIONS["age"], raw)
    assert value == 30 and type(value) is int


@pytest.mark.parametrize("raw, number", [("-٤٢", -42), ("۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵", 123456789012345)])
def test_signs_and_the_fifteen_digit_limit_hold_in_every_script(raw, number):
    assert parse_int(raw) == number
    assert parse_int(raw, signed=False) == (number if number > 0 else raw)


@pytest.mark.parametrize("raw", ["۱" * 16, "٣²", "²", "³", "①", "--٥", "٣ ٠", "٣_٠"])
def test_more_than_fifteen_digits_superscripts_and_doubled_signs_are_still_refused(app, raw):
    unbounded = {**QUESTIONS["age"], "settings": {}}
    with app.test_request_context(), pytest.raises(AnswerError):
        KINDS["integer"].coerce(unbounded, raw)
    with app.test_request_context(), pytest.raises(AnswerError):
        KINDS["likert"].coerce(QUESTIONS["trust"], raw)


def test_a_negative_answer_is_refused_where_only_positive_numbers_are_asked(app):
    with app.test_request_context(), pytest.raises(AnswerError):
        KINDS["likert"].coerce(QUESTIONS["trust"], "-٣")


@pytest.mark.parametrize("raw", ["٣", "۳"])
def test_choices_stored_as_numbers_accept_other_digits(app, raw):
    with app.test_request_context():
        assert KINDS["likert"].coerce(QUESTIONS["trust"], raw) == 3
        assert KINDS["sus"].coerce(QUESTIONS["sus"], [raw] * 10) == [3] * 10


@pytest.mark.parametrize("raw", ["2.5", "2,5", "٢٫٥", "۲٫۵", "٢,٥", "٢.٥"])
def test_a_decimal_with_the_participants_digits_and_separator_is_that_number(app, raw):
    with app.test_request_context():
        value = KINDS["decimal"].coerce(QUESTIONS["hours"], raw)
    assert value == 2.5 and type(value) is float


@pytest.mark.parametrize("raw", ["٢²", "²", "٢٫٥٫٥", "9" * 5000, "٩" * 5000])
def test_odd_decimals_in_any_script_are_refused(app, raw):
    with app.test_request_context(), pytest.raises(AnswerError):
        KINDS["decimal"].coerce(QUESTIONS["hours"], raw)


def test_the_json_api_still_takes_only_json_numbers(app):
    """Machine clients send JSON numbers; a string is refused there whatever its digits, as "30" always was."""
    with app.test_request_context():
        assert KINDS["integer"].coerce(QUESTIONS["age"], 30, strict=True) == 30
        for raw in ("30", "٣٠"):
            with pytest.raises(AnswerError):
                KINDS["integer"].coerce(QUESTIONS["age"], raw, strict=True)


def test_an_arabic_participants_answer_in_arabic_digits_is_stored_as_the_number(app, client, make_survey):
    _id, code = make_survey()
    response = client.post(f"/s/{code}/ar", data={
        "client_uuid": UUID1, "section": "end", "nav": "submit", "shown": "story sus",
        "q-working": "yes", "q-age": "٣٠", "q-hours": "٣٧٫٥"})
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.scalars(sa.select(Response)).one()
    assert saved.answers["age"] == 30 and type(saved.answers["age"]) is int
    assert saved.answers["hours"] == 37.5 and saved.language == "ar"
