"""Counts on participant pages take each language's plural form ("صفحة قصيرة واحدة", not "1 صفحات قصيرة")."""
import pytest
from flask_babel import force_locale

from cocreate.surveys.kinds import KINDS, AnswerError

from .conftest import small_definition


def sections(count):
    """The small survey's first `count` screens, all shown to everyone."""
    return [{**section, "condition": None} for section in small_definition()["sections"][:count]]


def start_page(client, code, language):
    return client.get(f"/s/{code}/{language}").get_data(as_text=True)


def test_an_arabic_start_page_says_one_page_in_the_singular(client, make_survey):
    _id, code = make_survey(sections=sections(1))
    html = start_page(client, code, "ar")
    assert "هناك صفحة قصيرة واحدة (1)" in html and "صفحات" not in html


def test_an_arabic_start_page_says_three_pages_in_the_plural_for_three_to_ten(client, make_survey):
    _id, code = make_survey(sections=sections(3))
    html = start_page(client, code, "ar")
    assert "هناك 3 صفحات قصيرة." in html and "1 صفحات" not in html


@pytest.mark.parametrize("language, one, three", [
    ("en", "There is 1 short page.", "There are 3 short pages."),
    ("fr", "Il y a 1 page courte.", "Il y a 3 pages courtes."),
])
def test_other_languages_say_one_page_and_three_pages(client, make_survey, language, one, three):
    _id, single = make_survey(sections=sections(1))
    _id, several = make_survey(sections=sections(3))
    assert one in start_page(client, single, language)
    assert three in start_page(client, several, language)


@pytest.mark.parametrize("limit, words", [(1, "حرفًا واحدًا"), (5, "5 أحرف"), (20, "20 حرفًا")])
def test_the_length_limit_is_said_in_the_arabic_plural_form(app, limit, words):
    question = {"key": "name", "kind": "short_text", "settings": {"max_length": limit}}
    with app.test_request_context(), force_locale("ar"):
        with pytest.raises(AnswerError) as refused:
            KINDS["short_text"].coerce(question, "x" * (limit + 1))
        assert words in str(refused.value)
