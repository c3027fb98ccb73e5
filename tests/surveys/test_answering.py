"""The participant pages without JavaScript: language first, one section per screen, back and next keep answers,
errors next to the question in the participant's language, skip logic, and one response however often Send is pressed."""
import re

import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.surveys.models import Response

from ..conftest import link_code_of
from .conftest import UUID1

SHOWN = {"about": "working age needs city trust intro", "job": "hours since rating", "end": "story sus"}


def page(response):
    return response.get_data(as_text=True)


def hidden(html, name):
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else None


def test_language_comes_first(client, make_survey):
    # A code with letters, so that its lower-case spelling differs (a random code can be all digits, such as 3467)
    _id, code = make_survey(code="K7MX")
    html = page(client.get(f"/s/{code}"))
    for language, own in (("en", "English"), ("ar", "العربية"), ("fr", "français")):
        assert f'href="/s/{code}/{language}"' in html and own in html
    assert client.get(f"/s/{code.lower()}").status_code == 302
    missing = client.get("/s/QQQQ")
    assert missing.status_code == 404 and missing.mimetype == "text/html"  # a page; the API answers JSON
    assert client.get(f"/s/{code}/de").headers["Location"] == f"/s/{code}"  # not offered: choose again


def test_typing_the_code(client, make_survey):
    _id, code = make_survey()
    assert client.get("/s/", query_string={"code": f" {code.lower()} "}).headers["Location"] == f"/s/{code}"
    html = page(client.get("/s/", query_string={"code": "ZZZZ"}))
    assert "No survey has this code" in html and 'aria-invalid="true"' in html


def test_arabic_pages_are_right_to_left_and_fall_back_visibly(client, make_survey):
    _id, code = make_survey()
    html = page(client.get(f"/s/{code}/ar"))
    assert '<html lang="ar" dir="rtl">' in html and "العمل والخدمات" in html
    html = page(client.post(f"/s/{code}/ar", data={"client_uuid": UUID1, "section": "", "nav": "next"}))
    assert "هل تعمل؟" in html
    # "Health" has no Arabic text: it shows in English, marked, never blank
    assert '<span lang="en" dir="ltr" class="untranslated">Health</span>' in html
    assert '<span lang="en" dir="ltr" class="untranslated">City</span>' in html


def walk(client, code, language, steps):
    """Post each screen's data in turn; returns the last response."""
    response = None
    data = {"client_uuid": UUID1, "section": ""}
    for extra in steps:
        data = {**data, **extra}
        response = client.post(f"/s/{code}/{language}", data=data)
        html = page(response)
        data = {"client_uuid": UUID1, "section": hidden(html, "section") or "", "shown": hidden(html, "shown") or "",
                **{k: v for k, v in re.findall(r'<input type="hidden" name="(q-[^"]+)" value="([^"]*)"', html)}}
    return response


def test_a_whole_survey_with_skip_logic(app, client, make_survey):
    _id, code = make_survey()
    response = walk(client, code, "fr", [
        {"nav": "next"},
        {"nav": "next", "q-working": "no", "q-age": "29", "q-trust": "2"},
        {"nav": "submit", "q-story": "Merci", **{f"q-sus-{i}": "3" for i in range(1, 11)}},
    ])
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/s/{code}/fr/thanks")
    with app.app_context():
        saved = db.session.scalars(sa.select(Response)).one()
        assert saved.answers == {"working": "no", "age": 29, "trust": 2, "story": "Merci", "sus": [3] * 10}
        assert saved.language == "fr" and saved.channel == "web" and saved.client_uuid == UUID1


def test_the_job_screen_appears_only_for_people_who_work(client, make_survey):
    _id, code = make_survey()
    base = {"client_uuid": UUID1, "section": "about", "nav": "next", "shown": SHOWN["about"]}
    works = page(client.post(f"/s/{code}/en", data={**base, "q-working": "yes"}))
    assert hidden(works, "section") == "job" and "Hours a week" in works and "Page 2 of 3" in works
    does_not = page(client.post(f"/s/{code}/en", data={**base, "q-working": "no"}))
    assert hidden(does_not, "section") == "end" and "Page 2 of 2" in does_not


def test_a_follow_up_question_on_the_same_screen_is_shown_before_moving_on(client, make_survey):
    _id, code = make_survey()
    data = {"client_uuid": UUID1, "section": "job", "nav": "next", "shown": SHOWN["job"], "q-working": "yes",
            "q-hours": "30"}
    html = page(client.post(f"/s/{code}/en", data=data))
    assert hidden(html, "section") == "job" and "Employer" in html and "more to answer on this page" in html
    assert hidden(html, "shown") == "employer" and hidden(html, "earlier") == "hours since rating"
    assert 'id="question-hours"' not in html and 'name="q-hours" value="30"' in html  # asked once, carried along
    follow_up = {**data, "shown": "employer", "earlier": hidden(html, "earlier")}
    moved_on = page(client.post(f"/s/{code}/en", data=follow_up))
    assert hidden(moved_on, "section") == "end"


def test_errors_are_shown_next_to_the_question_and_answers_kept(client, make_survey):
    _id, code = make_survey()
    response = client.post(f"/s/{code}/en", data={"client_uuid": UUID1, "section": "about", "nav": "next",
                                                  "shown": SHOWN["about"], "q-age": "twelve", "q-needs": ["work", "school"]})
    assert response.status_code == 200
    html = page(response)
    assert hidden(html, "section") == "about"
    assert 'id="question-working-error">Please answer this question.' in html
    assert 'id="question-age-error">Enter a whole number, such as 12.' in html
    assert 'value="twelve"' in html and html.count("checked") == 2
    assert 'aria-invalid="true"' in html and 'href="#question-working"' in html


def test_errors_in_the_participants_language(client, make_survey):
    _id, code = make_survey()
    html = page(client.post(f"/s/{code}/ar", data={"client_uuid": UUID1, "section": "about", "nav": "next",
                                                       "shown": SHOWN["about"]}))
    error = re.search(r'id="question-working-error">([^<]+)<', html).group(1)
    assert error != "Please answer this question." and re.search("[\u0600-\u06ff]", error)


def test_back_keeps_every_answer(client, make_survey):
    _id, code = make_survey()
    data = {"client_uuid": UUID1, "section": "job", "nav": "back", "q-working": "yes", "q-age": "40",
            "q-hours": "12"}
    html = page(client.post(f"/s/{code}/en", data=data))
    assert hidden(html, "section") == "about"
    assert 'name="q-age" value="40"' in html and 'name="q-hours" value="12"' in html
    assert re.search(r'value="yes"\s+checked', html)


def test_pressing_send_twice_stores_one_response(app, client, make_survey):
    _id, code = make_survey()
    data = {"client_uuid": UUID1, "section": "end", "nav": "submit", "shown": SHOWN["end"], "q-working": "no"}
    assert client.post(f"/s/{code}/en", data=data).status_code == 302
    assert client.post(f"/s/{code}/en", data=data).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 1


def test_answers_to_questions_hidden_later_are_discarded(app, client, make_survey):
    _id, code = make_survey()
    data = {"client_uuid": UUID1, "section": "end", "nav": "submit", "shown": SHOWN["end"], "q-working": "no",
            "q-hours": "30",
            "q-employer": "Old job"}
    assert client.post(f"/s/{code}/en", data=data).status_code == 302
    with app.app_context():
        assert db.session.scalars(sa.select(Response)).one().answers == {"working": "no"}


def test_a_closed_survey_says_so(app, client, make_survey, survey_in):
    from datetime import datetime, timezone

    survey_id, code = make_survey()
    with survey_in(survey_id) as survey:
        survey.closes_at = datetime(2020, 1, 1, tzinfo=timezone.utc)
        db.session.commit()
    assert "This survey is closed." in page(client.get(f"/s/{code}/en"))
    response = client.post(f"/s/{code}/en", data={"client_uuid": UUID1, "section": "end", "nav": "submit",
                                                  "shown": SHOWN["end"], "q-working": "no"})
    assert response.status_code == 409


def test_linked_mode_asks_for_a_known_participant_code(app, client, make_survey):
    from datetime import date

    from cocreate.projects.models import PilotSite
    from cocreate.participants.models import Consent, ConsentScope, Participant, StakeholderGroup

    survey_id, code = make_survey(mode="linked")
    with app.app_context():
        survey = db.session.get(Response.survey.property.mapper.class_, survey_id)
        site = db.session.scalars(sa.select(PilotSite).where(PilotSite.project_id == survey.project_id)).first()
        participant = Participant(site_id=site.id, code="ES-M-001", stakeholder_group=StakeholderGroup.MIGRANT,
                                  number=1, languages=["ar"])
        db.session.add(participant)
        db.session.flush()
        db.session.add(Consent(participant_id=participant.id, scope=ConsentScope.TAKE_PART, form_version="v1",
                               given_on=date(2024, 1, 1)))
        db.session.commit()
        link_code = link_code_of("ES-M-001")
    html = page(client.get(f"/s/{code}/en"))
    assert 'name="participant"' in html
    refused = client.post(f"/s/{code}/en", data={"client_uuid": UUID1, "section": "", "nav": "next",
                                                 "participant": "ES-M-999"})
    assert refused.status_code == 200 and "not known" in page(refused)
    done = client.post(f"/s/{code}/en", data={"client_uuid": UUID1, "section": "end", "nav": "submit",
                                              "shown": SHOWN["end"], "participant": link_code.lower(), "q-working": "no"})
    assert done.status_code == 302
    with app.app_context():
        saved = db.session.scalars(sa.select(Response)).one()
        assert saved.participant.code == "ES-M-001" and saved.stakeholder_group == "migrant"


def test_anonymous_mode_stores_no_participant(app, client, make_survey):
    _id, code = make_survey()
    client.post(f"/s/{code}/en", data={"client_uuid": UUID1, "section": "end", "nav": "submit",
                                       "shown": SHOWN["end"], "participant": "ES-M-001", "q-working": "no"})
    with app.app_context():
        saved = db.session.scalars(sa.select(Response)).one()
        assert saved.participant_id is None and saved.stakeholder_group is None


def test_participant_pages_load_no_inline_script_and_a_served_draft_script(client, make_survey):
    _id, code = make_survey()
    html = page(client.get(f"/s/{code}/ar"))
    assert "<script>" not in html and "style=" not in html
    assert '<script src="/surveys/static/draft.js" defer></script>' in html
    with client.get("/surveys/static/draft.js") as script, client.get("/surveys/static/likert-3.svg") as picture:
        assert script.status_code == 200 and picture.mimetype == "image/svg+xml"


def test_one_text_direction_and_one_utcnow():
    from cocreate.participants.shell import page_direction
    from cocreate.surveys import models, services
    assert page_direction("ar") == "rtl" and page_direction("ar-SY") == "rtl"
    assert page_direction("fr") == "ltr" and page_direction(None) == "ltr"
    assert services.utcnow is models.utcnow
