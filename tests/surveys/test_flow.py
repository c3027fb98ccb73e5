"""The answering flow without HTTP: which screen follows Back and Next, what it shows, when the response is sent;
and the web form validates the posted answers once per request."""
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.surveys import flow, services
from cocreate.surveys.models import Response

from .conftest import UUID1, small_definition

WORKS = {"working": "yes", "hours": "30"}
SHOWN_ON_JOB = ["hours", "since", "rating", "employer"]
SHOWN = {"": [], "about": ["working", "age", "needs", "city", "trust", "intro"], "job": SHOWN_ON_JOB,
         "end": ["story", "sus"]}


def after(answers, current, nav="next", **options):
    """What follows a POST from `current`, by default from a screen that showed all its questions."""
    options.setdefault("seen", SHOWN[current])
    return flow.Answering(small_definition(), answers).after(current, nav, **options)


def test_start_leads_to_the_first_section():
    screen = after({}, "")
    # the job page may still come (it depends on an answer on this page): counted until it is ruled out
    assert (screen.key, screen.step, screen.steps, screen.is_last) == ("about", 1, 3, False)
    assert [q["key"] for q in screen.questions] == ["working", "age", "needs", "city", "trust", "intro"]


def test_a_required_answer_missing_keeps_the_screen_with_its_errors_only(app):
    screen = after({"hours": "500"}, "about")
    assert screen.key == "about" and set(screen.errors) == {"working"}  # the job screen's error waits


def test_skip_logic_decides_the_next_and_the_previous_screen():
    assert after({"working": "no"}, "about").key == "end"
    assert after(WORKS, "about").key == "job"
    assert after({"working": "no"}, "end", "back").key == "about"
    assert after(WORKS, "end", "back").key == "job"
    assert after(WORKS, "about", "back").key == ""


def test_a_screen_an_earlier_answer_hid_gives_way_to_the_visible_one_before_it():
    # the form still names the job screen, but its answers now say "not working": the job screen is gone
    assert after({"working": "no"}, "job").key == "about"
    assert after({"working": "no"}, "job", "back").key == ""


def test_a_follow_up_brought_up_on_the_screen_is_shown_before_moving_on():
    screen = after(WORKS, "job", seen=["hours", "since", "rating"])
    assert screen.key == "job" and screen.follow_up and not screen.errors
    assert [q["key"] for q in screen.questions] == ["employer"] and screen.earlier == ("hours", "since", "rating")
    assert after(WORKS, "job").key == "end"


def test_the_last_screen_or_send_submits():
    assert after(WORKS, "end") is flow.SUBMIT
    assert after(WORKS, "job", "submit") is flow.SUBMIT
    assert flow.Answering(small_definition(), WORKS).screen("end").is_last


def test_a_linked_survey_asks_for_a_known_participant_code_first(app):
    answering = flow.Answering({**small_definition(), "mode": "linked"}, {})
    with app.app_context():
        refused = answering.after("", "next", participant_known=lambda: False)
    assert refused.key == "" and refused.participant_error
    assert answering.after("", "next", participant_known=lambda: True).key == "about"
    assert flow.Answering(small_definition(), {}).after("", "next", participant_known=lambda: False).key == "about"


def test_a_refused_submission_shows_the_screen_of_the_first_problem():
    answering = flow.Answering(small_definition(), WORKS)
    screen = answering.refused({"story": "Too long.", "hours": "Too many.", "language": "No."})
    assert screen.key == "job" and screen.errors == {"story": "Too long.", "hours": "Too many."}
    assert answering.refused({"participant": "Unknown."}).participant_error == "Unknown."


def test_each_post_validates_the_answers_once(app, client, make_survey, monkeypatch):
    _id, code = make_survey()
    calls = []
    validate = services.validate_answers

    def counted(*args, **kwargs):
        calls.append(args[1])
        return validate(*args, **kwargs)

    monkeypatch.setattr(services, "validate_answers", counted)
    answers = {"client_uuid": UUID1, "q-working": "no", "q-story": "Fine."}
    for data in ({"section": "", "nav": "next"},
                 {"section": "about", "nav": "next", "shown": "working age needs city trust intro"},
                 {"section": "end", "nav": "submit", "shown": "story sus"}):
        calls.clear()
        response = client.post(f"/s/{code}/en", data={**answers, **data})
        assert response.status_code in (200, 302)
        assert len(calls) == 1, data
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 1
