"""A facilitator lists a survey's responses (without their answers) and deletes one that should not count,
with its codings; the record of changes keeps who did it. A number stored before numbers were bounded is
pointed out, so that the response that holds it can be found."""
import re

import pytest
import sqlalchemy as sa

from cocreate.evidence import services as evidence
from cocreate.evidence.models import Coding
from cocreate.evidence.registry import Ref
from cocreate.extensions import db
from cocreate.history.models import Change
from cocreate.participants import services as participants
from cocreate.participants.models import ConsentScope
from cocreate.projects.services import get_project_by_slug
from cocreate.surveys import services
from cocreate.surveys.models import Response, Survey, SurveyMode

from ..conftest import TEST_PASSWORD


def sign_in(client, email):
    assert client.post("/login", data={"email": email, "password": TEST_PASSWORD}).status_code == 302


@pytest.fixture
def coded(seeded):
    """(survey id, response id, its comment): a linked demo response whose comment is coded."""
    with seeded.app_context():
        response = next(r for r in db.session.scalars(
            sa.select(Response).join(Survey, Survey.id == Response.survey_id)
            .where(Survey.mode == SurveyMode.LINKED,
                   Response.participant_id.in_(participants.consenting(ConsentScope.QUOTES)))
            .order_by(Response.id)) if r.answers.get("comment"))
        code = evidence.save_code(get_project_by_slug("miict"), None, name="Said in the survey", actor=None)
        evidence.apply_code(code, Ref("survey_answer", response.id, "comment"), actor=None)
        db.session.commit()
        return response.survey_id, response.id, response.answers["comment"]


def test_the_list_shows_responses_but_not_their_answers(seeded, client, coded):
    survey_id, response_id, comment = coded
    sign_in(client, "admin@miict.example")
    page = client.get(f"/surveys/{survey_id}/responses").get_data(as_text=True)
    assert f'id="response-{response_id}"' in page
    assert f"/surveys/{survey_id}/responses/{response_id}/delete" in page
    assert comment not in page
    detail = client.get(f"/surveys/{survey_id}").get_data(as_text=True)
    assert f'href="/surveys/{survey_id}/responses"' in detail


def test_deleting_a_response_says_what_goes_and_takes_its_codings(seeded, client, coded):
    survey_id, response_id, comment = coded
    sign_in(client, "admin@miict.example")
    with seeded.app_context():
        answers = len(db.session.get(Response, response_id).answers)
        before = services.response_count(db.session.get(Survey, survey_id))
    url = f"/surveys/{survey_id}/responses/{response_id}/delete"
    confirm = client.get(url).get_data(as_text=True)
    assert f"{answers} answers" in confirm and "1 coding of its answers" in confirm and comment not in confirm
    assert client.post(url, data={}).status_code == 302  # not confirmed: nothing happens
    with seeded.app_context():
        assert db.session.get(Response, response_id) is not None
    done = client.post(url, data={"confirm": "1"}, follow_redirects=True)
    assert f"Response {response_id} deleted." in done.get_data(as_text=True)
    with seeded.app_context():
        assert db.session.get(Response, response_id) is None
        assert services.response_count(db.session.get(Survey, survey_id)) == before - 1
        assert db.session.scalars(sa.select(Coding).where(Coding.target_type == "survey_answer",
                                                          Coding.target_id == response_id)).all() == []
        change = db.session.scalars(sa.select(Change).where(Change.action == "surveys.response_deleted")).one()
        assert change.object_id == response_id and comment not in change.label
        assert change.actor_name and change.project_id == get_project_by_slug("miict").id
    assert client.get(url).status_code == 404


def test_a_response_of_another_survey_is_not_found_here(seeded, client, coded):
    survey_id, response_id, _comment = coded
    sign_in(client, "admin@miict.example")
    with seeded.app_context():
        other = db.session.scalars(sa.select(Survey.id).where(Survey.id != survey_id)).first()
    assert client.get(f"/surveys/{other}/responses/{response_id}/delete").status_code == 404
    assert client.post(f"/surveys/{other}/responses/{response_id}/delete", data={"confirm": "1"}).status_code == 404
    with seeded.app_context():
        assert db.session.get(Response, response_id) is not None


def test_a_number_too_large_is_pointed_out(seeded, client, coded):
    survey_id, response_id, _comment = coded
    with seeded.app_context():
        response = db.session.get(Response, response_id)
        response.answers = {**response.answers, "comment": "fine", "years": int("9" * 400)}
        db.session.commit()
    sign_in(client, "admin@miict.example")
    page = client.get(f"/surveys/{survey_id}/responses").get_data(as_text=True)
    row = re.search(rf'<tr id="response-{response_id}">.*?</tr>', page, re.S).group(0)
    assert "holds a number too large to count in results" in row
    assert page.count("holds a number too large") == 1


def test_many_responses_come_a_page_at_a_time(seeded, client, coded):
    survey_id, _response_id, _comment = coded
    sign_in(client, "admin@miict.example")
    with seeded.app_context():
        total = services.response_count(db.session.get(Survey, survey_id))
        newest = db.session.scalars(sa.select(Response.id).where(Response.survey_id == survey_id)
                                    .order_by(Response.submitted_at.desc(), Response.id.desc())).all()
    assert total > 10
    url = f"/surveys/{survey_id}/responses"
    first = client.get(f"{url}?per_page=10").get_data(as_text=True)
    second = client.get(f"{url}?per_page=10&page=2").get_data(as_text=True)
    assert re.findall(r'<tr id="response-(\d+)">', first) == [str(i) for i in newest[:10]]
    assert re.findall(r'<tr id="response-(\d+)">', second) == [str(i) for i in newest[10:20]]
    assert f"1–10 of {total}" in first and 'rel="next"' in first and 'rel="prev"' not in first
    assert 'rel="prev"' in second
    last = client.get(f"{url}?per_page=10&page=999").get_data(as_text=True)
    assert re.findall(r'<tr id="response-(\d+)">', last) == [str(i) for i in newest[(total - 1) // 10 * 10:]]


def test_the_pages_speak_arabic(seeded, client, coded):
    survey_id, response_id, _comment = coded
    sign_in(client, "admin@miict.example")
    client.get("/language/ar")
    listing = client.get(f"/surveys/{survey_id}/responses", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    confirm = client.get(f"/surveys/{survey_id}/responses/{response_id}/delete",
                         headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert 'dir="rtl"' in listing
    for english in ("Every response, newest first", "Sent through", "Delete the response", "With it go"):
        assert english not in listing + confirm
