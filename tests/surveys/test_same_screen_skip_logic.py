"""Skip logic on the same screen: a question that an answer on the page brings up is never blamed before the
participant could see it. Without JavaScript it comes on a follow-up step of the same page; with JavaScript the
browser shows it at once, from conditions the server writes into the page. "Page 2 of 3" never goes back and its
total never grows while moving forward."""
import json
import re

import pytest
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.surveys import flow, logic
from cocreate.surveys.models import Response

from .conftest import UUID1, question

def definition():
    """Work (with a sector for people who work and a question for those who do not), services (a visit page for
    people who used one), and a last page."""
    return {
        "source_language": "en", "languages": ["en", "ar"], "mode": "anonymous",
        "title": {"en": "Work"}, "description": {},
        "sections": [
            {"key": "work", "title": {"en": "Work"}, "condition": None, "questions": [
                question("months", "integer", {"en": "Months here"}, settings={"min": 0, "max": 600}),
                question("working", "yes_no", {"en": "Do you work?"}, required=True),
                question("sector", "single_choice", {"en": "Which sector?"}, required=True,
                         condition="${working} = 'yes'", choices=[("care", {"en": "Care"}), ("it", {"en": "IT"})]),
                question("sector_other", "short_text", {"en": "Anything to add?"}, condition="${sector} = 'care'"),
                question("looking", "yes_no", {"en": "Are you looking for work?"}, required=True,
                         condition="${working} = 'no'"),
                question("usability", "sus", {"en": "About the app"}),
                question("after_sus", "short_text", {"en": "Why?"}, condition="${usability} != ''"),
            ]},
            {"key": "services", "title": {"en": "Services"}, "condition": None, "questions": [
                question("used", "multiple_choice", {"en": "Which services?"},
                         choices=[("employment", {"en": "Employment"}), ("health", {"en": "Health"})]),
                question("easy", "likert", {"en": "It was easy."}, required=True,
                         condition="selected(${used}, 'employment')"),
                question("hours", "integer", {"en": "Hours worked"}, condition="${working} = 'yes'"),
                question("commute", "integer", {"en": "Minutes to the office"},
                         condition="${working} = 'yes' and selected(${used}, 'employment')"),
            ]},
            {"key": "visit", "title": {"en": "Your visit"}, "condition": logic.parse("${used} != ''"),
             "questions": [question("wish", "long_text", {"en": "One wish?"})]},
            {"key": "end", "title": {"en": "Last"}, "condition": None, "questions": [
                question("story", "long_text", {"en": "Anything else?"})]},
        ],
    }


def keys(questions):
    return [q["key"] for q in questions]


def after(answers, current, nav="next", **options):
    return flow.Answering(definition(), answers).after(current, nav, **options)


WORK_SHOWN = ["months", "working", "usability"]  # what the work page shows before "Do you work?" is answered


# --- without JavaScript: never blamed for an unseen question; a follow-up step of the same page

def test_a_required_question_brought_up_on_the_page_is_not_blamed_but_asked_on_a_follow_up_step(app):
    with app.app_context():
        screen = after({"working": "yes"}, "work", seen=WORK_SHOWN)
    assert screen.key == "work" and screen.errors == {}
    assert screen.follow_up and keys(screen.questions) == ["sector"]
    assert screen.earlier == ("months", "working", "usability")


def test_the_follow_up_step_asks_its_own_questions_then_the_next_page_comes(app):
    with app.app_context():
        again = after({"working": "yes"}, "work", seen=["sector"], earlier=WORK_SHOWN)
        assert again.follow_up and set(again.errors) == {"sector"} and keys(again.questions) == ["sector"]
        assert after({"working": "yes", "sector": "it"}, "work", seen=["sector"], earlier=WORK_SHOWN).key == "services"
        # choosing "care" on the follow-up brings up one more question: a further follow-up, nothing blamed
        more = after({"working": "yes", "sector": "care"}, "work", seen=["sector"], earlier=WORK_SHOWN)
        assert more.follow_up and keys(more.questions) == ["sector_other"] and not more.errors
        assert set(more.earlier) == {"months", "working", "usability", "sector"}


def test_back_from_a_follow_up_step_shows_the_whole_page(app):
    screen = after({"working": "yes"}, "work", "back", seen=["sector"], earlier=WORK_SHOWN)
    assert screen.key == "work" and not screen.follow_up
    assert keys(screen.questions) == ["months", "working", "sector", "usability"]


def test_questions_the_participant_saw_are_still_checked(app):
    with app.app_context():
        screen = after({"months": "many"}, "work", seen=WORK_SHOWN)
        assert set(screen.errors) == {"months", "working"} and not screen.follow_up
        # an error on a seen question, and a question brought up: the page again, the new one not blamed
        both = after({"months": "many", "working": "yes"}, "work", seen=WORK_SHOWN)
    assert set(both.errors) == {"months"} and "sector" in keys(both.questions) and both.appeared == ("sector",)


def test_a_question_shown_in_the_browser_counts_as_seen(app):
    with app.app_context():
        screen = after({"working": "yes"}, "work", seen=WORK_SHOWN[:2] + ["sector", "usability"])
    assert screen.key == "work" and set(screen.errors) == {"sector"}


def test_the_last_page_brings_up_its_follow_up_before_sending():
    answers = {"working": "no", "looking": "no"}
    answering = flow.Answering({**definition(), "sections": definition()["sections"][:2]}, answers)
    assert answering.after("services", "submit", seen=["used"]) is flow.SUBMIT
    answering = flow.Answering({**definition(), "sections": definition()["sections"][:2]},
                               {**answers, "used": ["employment"]})
    screen = answering.after("services", "submit", seen=["used"])
    assert screen.follow_up and keys(screen.questions) == ["easy"] and screen.is_last


# --- progress: follow-up steps are part of their page; the total counts pages that may still come

def progress(screen):
    return screen.step, screen.steps


def test_a_follow_up_step_keeps_the_page_number_and_total():
    first = flow.Answering(definition(), {"working": "no", "looking": "no"}).screen("services")
    follow_up = after({"working": "no", "looking": "no", "used": ["employment"]}, "services", seen=["used"])
    assert follow_up.follow_up and progress(follow_up) == progress(first) == (2, 4)


def test_the_total_counts_pages_that_later_answers_may_still_bring_up():
    assert flow.Answering(definition(), {}).screen("").steps == 4  # "There are 4 short pages"
    assert progress(after({}, "", seen=[])) == (1, 4)
    # the visit page depends on the services page: counted until it is answered, then it is known
    assert progress(after({"working": "no", "looking": "no"}, "services", seen=["used"])) == (3, 3)
    assert progress(after({"working": "no", "looking": "no", "used": ["health"]}, "services",
                          seen=["used"])) == (3, 4)


@pytest.mark.parametrize("answers", [
    {"working": "no", "looking": "yes"},
    {"working": "yes", "sector": "care", "sector_other": "x", "used": ["employment"], "easy": 3, "hours": 30},
    {"working": "yes", "sector": "it", "used": ["health"]},
])
def test_moving_forward_the_page_number_never_goes_back_and_the_total_never_grows(app, answers):
    """Answer each screen as a participant without JavaScript would: only what it shows, then Next."""
    given, current, seen, earlier, trail = {}, "", [], None, []
    with app.app_context():
        for _ in range(20):
            screen = after(given, current, seen=seen, earlier=earlier)
            if screen is flow.SUBMIT:
                break
            assert not screen.errors, screen
            trail.append((progress(screen), screen.follow_up))
            given.update({q["key"]: answers[q["key"]] for q in screen.questions if q["key"] in answers})
            current, seen, earlier = screen.key, keys(screen.questions), screen.earlier if screen.follow_up else None
    assert screen is flow.SUBMIT
    steps = [step for (step, _total), _follow in trail]
    totals = [total for (_step, total), _follow in trail]
    assert steps == sorted(steps) and totals == sorted(totals, reverse=True), trail
    for ((step, _), follow_up), ((before, _), _f) in zip(trail[1:], trail):
        assert step == (before if follow_up else before + 1), trail  # a follow-up step is part of its page


# --- with JavaScript: what the page tells the browser

def test_the_page_tells_the_browser_which_hidden_questions_answers_on_it_may_bring_up():
    screen = flow.Answering(definition(), {"months": 4}).screen("work")
    assert keys(screen.questions) == ["months", "working", "usability"]
    assert keys(screen.waiting) == ["sector", "sector_other", "looking"]  # not after_sus: the SUS is not read
    assert screen.conditions == {"sector": logic.parse("${working} = 'yes'"),
                                 "sector_other": logic.parse("${sector} = 'care'"),
                                 "looking": logic.parse("${working} = 'no'")}
    assert [(q["key"], hidden) for q, hidden in screen.blocks] == [
        ("months", False), ("working", False), ("sector", True), ("sector_other", True), ("looking", True),
        ("usability", False)]


def test_answers_from_earlier_pages_come_with_the_conditions_that_use_them():
    screen = flow.Answering(definition(), {"working": "yes", "sector": "it"}).screen("services")
    assert keys(screen.questions) == ["used", "hours"] and keys(screen.waiting) == ["easy", "commute"]
    assert set(screen.conditions) == {"easy", "commute"}  # not hours: it depends only on an earlier page
    assert screen.known == {"working": "yes"}
    # on a follow-up step the page's other answers are fixed: nothing there for the browser to decide
    follow_up = after({"working": "yes", "sector": "care"}, "work", seen=["sector"], earlier=WORK_SHOWN)
    assert keys(follow_up.questions) == ["sector_other"] and follow_up.conditions == {}


# --- over HTTP

SHOWN = " ".join(WORK_SHOWN)


def page(response):
    return response.get_data(as_text=True)


def hidden_value(html, name):
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else None


@pytest.fixture
def code(make_survey):
    _id, code = make_survey(**{k: v for k, v in definition().items() if k != "mode"})
    return code


def test_without_javascript_the_brought_up_question_comes_alone_and_unblamed(client, code):
    data = {"client_uuid": UUID1, "section": "work", "nav": "next", "shown": SHOWN, "q-working": "yes"}
    html = page(client.post(f"/s/{code}/en", data=data))
    assert "Please answer this question" not in html and 'role="alert"' not in html
    assert "Because of your answers, here is more to answer on this page." in html
    assert hidden_value(html, "section") == "work" and hidden_value(html, "shown") == "sector"
    assert hidden_value(html, "earlier") == SHOWN and "Page 1 of 4" in html
    assert 'name="q-working" value="yes"' in html  # carried along, not asked again
    assert 'id="question-months"' not in html
    follow_up = {**data, "shown": "sector", "earlier": SHOWN}
    blamed = page(client.post(f"/s/{code}/en", data=follow_up))
    assert 'id="question-sector-error">Please answer this question.' in blamed and "Page 1 of 4" in blamed
    moved_on = page(client.post(f"/s/{code}/en", data={**follow_up, "q-sector": "it"}))
    assert hidden_value(moved_on, "section") == "services" and "Page 2 of 4" in moved_on


def test_the_follow_up_step_is_in_the_participants_language(client, code):
    data = {"client_uuid": UUID1, "section": "work", "nav": "next", "shown": SHOWN, "q-working": "yes"}
    html = page(client.post(f"/s/{code}/ar", data=data))
    notice = re.search(r'class="flash follow-up"[^>]*>([^<]+)<', html).group(1)
    assert re.search("[\u0600-\u06ff]", notice)


def test_the_page_carries_the_conditions_and_the_hidden_questions_for_the_browser(client, code):
    html = page(client.post(f"/s/{code}/en", data={"client_uuid": UUID1, "section": "", "nav": "next"}))
    assert re.search(r'<div class="question" id="question-sector" data-question="sector" hidden>', html)
    assert '<div class="question" id="question-months" data-question="months">' in html
    described = json.loads(re.search(r"data-skip-logic='([^']*)'", html).group(1))
    assert described["conditions"]["looking"] == {"op": "eq", "q": "working", "value": "no"}
    assert hidden_value(html, "shown") == SHOWN
    assert '<script src="/surveys/static/skip.js" defer></script>' in html and "<script>" not in html
    announce = re.search(r'<p class="visually-hidden" role="status" data-skip-announce[^>]*>', html).group(0)
    assert 'data-appeared="New question below: {question}"' in announce
    assert 'data-removed="Removed, as it no longer applies: {question}"' in announce
    with client.get("/surveys/static/skip.js") as script:
        assert script.status_code == 200 and "data-skip-logic" in script.get_data(as_text=True)


def test_answers_to_questions_hidden_again_are_discarded_on_send(app, client, code):
    """The browser may have shown and filled a question that the answers now hide: the server drops it."""
    data = {"client_uuid": UUID1, "section": "end", "nav": "submit", "shown": "story", "q-working": "no",
            "q-looking": "yes", "q-sector": "care", "q-sector_other": "stale", "q-easy": "3", "q-story": "ok"}
    assert client.post(f"/s/{code}/en", data=data).status_code == 302
    with app.app_context():
        assert db.session.scalars(sa.select(Response)).one().answers == {"working": "no", "looking": "yes",
                                                                         "story": "ok"}
