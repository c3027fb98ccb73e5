"""Special-category attributes: recorded, never echoed, counted only for people who still take part."""
import re
from datetime import date

import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.projects.models import PilotSite
from cocreate.participants import services as participants


def page(response):
    return response.get_data(as_text=True)


def profile_form(text):
    """The profile form of a participant's page: it is never filled from what was recorded."""
    return re.search(r'<form[^>]*action="[^"]*/profile".*?</form>', text, re.S).group(0)


def person(code):
    return participants.get_participant_by_code(code)


def test_invalid_profile_is_not_echoed_back(world, client, auth, app):
    with app.app_context():
        person_id = person(world["consenting"]).id
    auth.login_as("facilitator")
    response = client.post(f"/participants/{person_id}/profile",
                           data={"gender": "woman", "age_band": "25-34", "nationality": "ZZZ"})
    assert response.status_code == 302
    text = page(client.get(response.headers["Location"]))
    assert "Not a valid choice" in text
    assert not re.search(r"<option[^>]*selected", profile_form(text))
    with app.app_context():
        assert not participants.has_profile(person(world["consenting"]))


def test_profile_statistics_leave_out_withdrawn_people(world, ctx):
    es = db.session.get(PilotSite, world["es"])
    people = [participants.create_participant(es, stakeholder_group="migrant", actor=None) for _ in range(6)]
    for each in people:
        participants.record_consent(each, "take_part", form_version="v1", given_on=date(2019, 3, 1), actor=None)
        participants.record_profile(each, gender="woman", age_band="25-34", nationality="SY", actor=None)
    participants.record_profile(person(world["no_consent"]), gender="woman", actor=None)  # never consented: not counted
    assert str(participants.profile_statistics(es)["total"]) == "6"
    participants.withdraw_consent(participants.active_consent(people[0], "take_part"), actor=None)
    stats = participants.profile_statistics(es)
    assert str(stats["total"]) == "5"
    assert {v: str(c) for v, c in stats["gender"]} == {"woman": "5"}


def test_ethnicity_religion_and_health_are_recorded_and_only_counted(world, client, auth, app):
    with app.app_context():
        es = db.session.get(PilotSite, world["es"])
        people = [participants.create_participant(es, stakeholder_group="migrant", actor=None) for _ in range(5)]
        for each in people:
            participants.record_consent(each, "take_part", form_version="v1", given_on=date(2019, 3, 1), actor=None)
        db.session.commit()
        ids = [each.id for each in people]
    auth.login_as("facilitator")
    for person_id in ids:
        form = page(client.get(f"/participants/{person_id}"))
        assert 'name="ethnicity"' in form and 'name="religion"' in form and 'name="health"' in form
        response = client.post(f"/participants/{person_id}/profile", data={
            "ethnicity": "arab", "religion": "muslim", "health": "disability"})
        assert response.status_code == 302
        text = page(client.get(response.headers["Location"]))
        assert "Attributes are recorded" in text and not re.search(r"<option[^>]*selected", profile_form(text))
    bad = client.post(f"/participants/{ids[0]}/profile", data={"religion": "sentinel-faith"})
    assert "sentinel-faith" not in page(client.get(bad.headers["Location"]))
    statistics = page(client.get(f"/participants/sites/{world['es']}/statistics"))
    for label in ("Ethnicity", "Religion or belief", "Health condition", "Arab", "Muslim", "A disability"):
        assert label in statistics
    assert re.search(r'<th scope="row">A disability</th>\s*<td>5</td>', statistics)
    with app.app_context():
        from cocreate.participants.models import Participant
        assert not any("profile" in name for name in sa.inspect(Participant).relationships.keys())
