"""Every change to a survey is announced once, with who made it: the facilitator who built it, nobody (None)
for a participant answering without an account."""
import inspect

from cocreate.auth.models import User
from cocreate.extensions import db
from cocreate.surveys import services

from .conftest import UUID1


def test_building_announces_each_change_with_the_facilitator(app, make_survey, survey_in, make_user, changes):
    survey_id, _code = make_survey()
    user_id, _email = make_user("facilitator")
    assert [(action, actor) for action, _obj, actor, _details in changes if action.startswith("surveys.")] == [
        ("surveys.survey_created", None), ("surveys.survey_opened", None)]
    changes.clear()
    with survey_in(survey_id) as survey:
        facilitator = db.session.get(User, user_id)
        section = services.save_section(survey, key="extra", title="Extra", actor=facilitator)
        question = services.save_question(section, key="pets", kind="short_text", label="Pets?", actor=facilitator)
        services.move_question(question, -1, actor=facilitator)
        services.save_translations(survey, "fr", {"title": "Travail"}, actor=facilitator)
        services.set_open(survey, False, actor=facilitator)
        services.delete_question(question, actor=facilitator)
        db.session.commit()

        assert [(action, obj, actor) for action, obj, actor, _details in changes] == [
            ("surveys.section_saved", section, facilitator),
            ("surveys.question_saved", question, facilitator),
            ("surveys.question_moved", question, facilitator),
            ("surveys.translations_saved", survey, facilitator),
            ("surveys.survey_closed", survey, facilitator),
            ("surveys.question_deleted", question, facilitator),
        ]
        assert changes[3][3] == {"language": "fr"}


def test_a_response_is_announced_without_an_actor_and_only_once(app, make_survey, survey_in, changes):
    survey_id, _code = make_survey()
    changes.clear()
    with survey_in(survey_id) as survey:
        answers = {"working": "no", "story": "Fine."}
        response, created = services.submit_response(survey, client_uuid=UUID1, language="en", answers=answers)
        again, created_again = services.submit_response(survey, client_uuid=UUID1, language="en", answers=answers)
        db.session.commit()
        assert created and not created_again and again.id == response.id
        assert changes == [("surveys.response_submitted", response, None, {})]


def test_services_take_the_actor_by_keyword_only():
    """`save_section(survey, actor=user)`, never `save_section(user, survey)`: who acted is never a guess by
    position."""
    positional = [name for name, function in inspect.getmembers(services, inspect.isfunction)
                  if function.__module__ == services.__name__ and not name.startswith("_")
                  and "actor" in inspect.signature(function).parameters
                  and inspect.signature(function).parameters["actor"].kind is not inspect.Parameter.KEYWORD_ONLY]
    assert positional == []
    assert "save_section" in {name for name, function in inspect.getmembers(services, inspect.isfunction)
                              if "actor" in inspect.signature(function).parameters}
