"""Answering a household roster on the participant pages without JavaScript: a fieldset per entry, "Add another"
and "Remove" post the page and bring it back with the entries changed, answers stored per entry."""
import re

import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.surveys.models import Response

from ..conftest import UUID1
from .forms import FIXED

PAGE = {"client_uuid": UUID1, "section": "household", "shown": "village member total_age rooms"}


def page(response):
    return response.get_data(as_text=True)


def fields(html):
    """{name: value} of the page's text inputs and hidden fields, as a browser would post them back."""
    found = {}
    for name, value in re.findall(r'name="([^"]+)" value="([^"]*)"', html):
        found.setdefault(name, value)
    return found


def test_adding_and_removing_entries_without_javascript(client, roster_survey):
    _id, code = roster_survey()
    html = page(client.post(f"/s/{code}/en", data={"client_uuid": UUID1, "section": "", "nav": "next"}))
    assert "Member 1 of 1" in html and "Add another Member" in html and 'name="q-member:1:age"' in html
    data = {**PAGE, "q-village": "Zaatari", "q-member:n": "1", "q-member:1:first_name": "Amal",
            "q-member:1:age": "34", "nav": "add:member"}
    html = page(client.post(f"/s/{code}/en", data=data))
    assert "Member 2 of 2" in html and 'value="Amal"' in html and "Please look at" not in html
    data = {**data, "q-member:n": "2", "q-member:2:first_name": "Omar", "q-member:2:age": "9", "nav": "add:member"}
    html = page(client.post(f"/s/{code}/en", data=data))
    assert "Member 3 of 3" in html
    data = {**data, "q-member:n": "3", "q-member:3:first_name": "Sara", "q-member:3:age": "12",
            "nav": "remove:member:2"}
    html = page(client.post(f"/s/{code}/en", data=data))
    assert "Member 2 of 2" in html and "Member 3 of" not in html and 'value="Sara"' in html and "Omar" not in html
    assert fields(html)["q-member:2:first_name"] == "Sara"
    posted = {**fields(html), "client_uuid": UUID1, "section": "household", "shown": PAGE["shown"],
              "q-member:1:works": "yes", "q-member:1:job:n": "1", "q-member:1:job:1:job_title": "Teacher",
              "q-member:1:job:1:hours": "20", "nav": "submit"}
    assert client.post(f"/s/{code}/en", data=posted).status_code == 302
    with client.application.app_context():
        answers = db.session.scalars(sa.select(Response.answers)).one()
    # flat answers stay as they are; the entries are a list under the group's key; sum(${age}) over them
    assert answers == {"village": "Zaatari", "total_age": 46, "member": [
        {"first_name": "Amal", "age": 34, "works": "yes", "job": [{"job_title": "Teacher", "hours": 20}]},
        {"first_name": "Sara", "age": 12}]}


def test_a_missing_answer_in_an_entry_is_named_and_nothing_is_stored(client, roster_survey):
    _id, code = roster_survey()
    data = {**PAGE, "q-village": "Zaatari", "q-member:n": "3", "q-member:1:first_name": "Amal",
            "q-member:1:age": "34", "q-member:2:first_name": "Omar", "q-member:2:age": "9",
            "q-member:3:first_name": "Sara", "nav": "submit"}
    html = page(client.post(f"/s/{code}/ar", data=data))
    assert "الإدخال 3 من member، age" in html and "Please look" not in html
    assert 'value="Omar"' in html  # what was typed stays
    with client.application.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 0


def test_arabic_entries_are_labelled_in_arabic(client, roster_survey):
    _id, code = roster_survey()
    html = page(client.post(f"/s/{code}/ar", data={"client_uuid": UUID1, "section": "", "nav": "next"}))
    assert '<html lang="ar" dir="rtl">' in html and "فرد 1 من 1" in html and "العمر" in html
    assert "<legend" in html and "إضافة" in html


def test_a_repeat_count_fixes_the_entries_shown(client, roster_survey):
    _id, code = roster_survey(FIXED)
    html = page(client.post(f"/s/{code}/en", data={"client_uuid": UUID1, "section": "", "nav": "next"}))
    assert "Pet 2 of 2" in html and "Person 1 of" not in html and "Add another" not in html
    assert "Remove" not in html
    data = {"client_uuid": UUID1, "section": "section_1", "shown": "size person pet", "q-size": "2",
            "q-pet:n": "2", "nav": "submit"}
    html = page(client.post(f"/s/{code}/en", data=data))
    assert "person takes exactly 2 entries; 0 were sent." in html and "Person 2 of 2" in html
    data = {**fields(html), **data, "q-person:n": "2", "q-person:1:name_given": "Amal",
            "q-person:2:name_given": "Omar"}
    assert client.post(f"/s/{code}/en", data=data).status_code == 302
    with client.application.app_context():
        answers = db.session.scalars(sa.select(Response.answers)).one()
    assert answers["person"] == [{"name_given": "Amal", "place": 1}, {"name_given": "Omar", "place": 2}]
    assert answers["pet"] == [{}, {}]


def test_a_screen_checks_the_required_answers_of_the_entries_it_shows(app, roster_survey):
    from cocreate.surveys import services
    from cocreate.surveys.models import Survey

    survey_id, _code = roster_survey()
    with app.test_request_context():
        defn = services.definition(db.session.get(Survey, survey_id))
        answers = {"village": "Zaatari", "member": [{"first_name": "Amal"}]}
        _clean, errors = services.validate_answers(defn, answers, only={"village", "member"})
        assert str(errors["member"]) == "Entry 1 of member, age: Please answer this question."
        _clean, errors = services.validate_answers(defn, answers, only={"village"})
        assert errors == {}


def test_a_posted_count_of_entries_is_bounded(app, client, roster_survey):
    app.config["SURVEY_REPEAT_ENTRIES"] = 3
    _id, code = roster_survey()
    html = page(client.post(f"/s/{code}/en", data={**PAGE, "q-member:n": "100000000", "nav": "add:member"}))
    assert "Member 3 of 3" in html and "Member 4 of" not in html
    data = {**PAGE, "q-member:n": "3", **{f"q-member:{i}:job:n": "3" for i in range(1, 4)}, "nav": "next"}
    html = page(client.post(f"/s/{code}/en", data=data))
    assert html.count("repeat__entry") == 3 + 9  # three members, three jobs each
