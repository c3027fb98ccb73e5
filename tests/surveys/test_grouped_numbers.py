"""Numbers as people write them in their language: thousands grouped their way, either decimal sign on a phone."""
import pytest

from cocreate.surveys.kinds import parse_decimal, parse_int


@pytest.mark.parametrize(("locale", "typed", "number"), [
    ("en", "1,000", 1000.0),        # was read as 1.0
    ("en", "12,500.5", 12500.5),
    ("en", "2,5", 2.5),             # the other decimal sign, where English grouping cannot read it
    ("es", "1.000", 1000.0),
    ("es", "1,5", 1.5),
    ("es", "2.5", 2.5),             # a phone keypad's only decimal sign
    ("es", "1,000", 1.0),           # a Spanish reader's decimal comma
    ("fr", "1 000", 1000.0),
    ("fr", "1\u202f000,5", 1000.5),
    ("ar", "\u0661\u066c\u0660\u0660\u0660", 1000.0),  # ١٬٠٠٠
    ("ar", "\u0662\u066b\u0665", 2.5),                 # ٢٫٥
    ("el", "-3,25", -3.25),
])
def test_a_decimal_is_read_the_readers_way(locale, typed, number):
    assert parse_decimal(typed, locale=locale) == number


@pytest.mark.parametrize(("locale", "typed", "number"), [
    ("en", "1,000", 1000), ("es", "1.000", 1000), ("it", "25.000", 25000), ("fr", "1 000", 1000),
    ("ar", "\u0661\u066c\u0660\u0660\u0660", 1000), ("en", "30", 30),
])
def test_a_whole_number_may_group_its_thousands(locale, typed, number):
    assert parse_int(typed, locale=locale) == number


@pytest.mark.parametrize("typed", ["1.2.3", "1,2,3", "1,,5", "1.000.5", "abc", "2,5e3", "١٫٢٫٣"])
def test_what_is_not_a_number_stays_refused(typed):
    for locale in ("en", "es"):
        assert parse_decimal(typed, locale=locale) == typed


@pytest.mark.parametrize(("locale", "typed"), [("en", "1,5"), ("es", "1,000"), ("en", "-1,000")])
def test_a_whole_number_is_not_a_decimal_in_disguise(locale, typed):
    assert parse_int(typed, locale=locale, signed=False) == typed


def test_the_answering_flow_reads_the_participants_language(app):
    from cocreate.surveys.kinds import KINDS

    question = {"key": "income", "kind": "decimal", "settings": {}}
    with app.test_request_context("/?lang=en"):
        app.preprocess_request()
        assert KINDS["decimal"].coerce(question, "1,000") == 1000.0
    with app.test_request_context("/?lang=es"):
        app.preprocess_request()
        assert KINDS["decimal"].coerce(question, "1,000") == 1.0
        assert KINDS["integer"].coerce({**question, "kind": "integer"}, "1.000") == 1000
