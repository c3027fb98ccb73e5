"""The builder's fields and translations have length limits, with messages from our own catalogs."""
import pytest


def test_builder_fields_have_limits_with_our_translated_message(app):
    from werkzeug.datastructures import MultiDict

    from cocreate.surveys.forms import QuestionForm, SectionForm, SurveyForm
    with app.test_request_context(), __import__("flask_babel").force_locale("ar"):
        survey = SurveyForm(MultiDict({"title": "  T  ", "source_language": "en", "mode": "anonymous",
                                       "description": "x" * 5001}), meta={"csrf": False})
        assert not survey.description.validate(survey)
        assert survey.title.data == "T"
        message = survey.description.errors[0]
        assert "5000" in message and message != "Use at most 5000 characters."  # in Arabic, from our catalog
        section = SectionForm(MultiDict({"key": "a", "title": "A", "condition": "${a} = 'x' or " * 200}),
                              meta={"csrf": False})
        assert not section.validate() and section.condition.errors
        question = QuestionForm(MultiDict({"kind": "single_choice", "key": "q", "label": "Q",
                                           "choices": "a = A\n" * 4000}), meta={"csrf": False})
        assert not question.validate() and question.choices.errors


def test_translations_have_a_limit(app, make_survey, survey_in):
    from cocreate.surveys import services
    survey_id, _code = make_survey()
    with survey_in(survey_id) as survey, app.test_request_context():
        with pytest.raises(services.SurveyError):
            services.save_translations(survey, "fr", {"title": "x" * 5001}, actor=None)
