"""The firewall preview: one stored profile beside what an authority sees of it for a purpose, with the decision
on each attribute; administrators and researchers only, each view in the audit log; on a policy error nothing is
released."""
import json
from datetime import date, timedelta

import sqlalchemy as sa

from cocreate.audit.models import AuditEntry
from cocreate.extensions import db
from cocreate.profiles.models import Profile, ProtectedAttributes

from ..conftest import TEST_PASSWORD

PREVIEW = "/immerse/projects/miict/firewall/preview"


def _profile_with(app, **protected):
    with app.app_context():
        query = sa.select(Profile.id).join(ProtectedAttributes).order_by(Profile.id)
        for name, value in protected.items():
            query = query.where(getattr(ProtectedAttributes, name) == value)
        return db.session.scalar(query)


def _cells(page, attribute_label):
    """The cells of the row whose header is `attribute_label`."""
    start = page.index(f'data-label="Attribute">{attribute_label}')
    return page[start:page.index("</tr>", start)]


def test_the_stored_record_and_the_authoritys_view_side_by_side_with_the_reasons(seeded, client):
    person = _profile_with(seeded, gender="female")
    client.post("/login", data={"email": "researcher1@miict.example", "password": TEST_PASSWORD})
    response = client.get(PREVIEW, query_string={"authority": "employment-office", "purpose": "job-matching",
                                                 "profile": person, "lang": "en"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This page shows the protected attributes of the one record you choose" in page
    gender = _cells(page, "Gender")
    assert "female" in gender and "not released" in gender and "never released" in gender
    assert "firewall/employment-office/job-matching/gender" in gender and "REQ-002" in gender
    skills = _cells(page, "Skills")
    assert "released as stored" in skills and "not released" not in skills
    person_row = _cells(page, "Person identifier")
    assert "pseudonymised" in person_row and "REQ-009" in person_row
    health = _cells(page, "Health")
    assert "No rule names it: denied by default." in health and "not released" in health


def test_pseudonyms_differ_between_authorities(seeded, client):
    person = _profile_with(seeded, gender="female")
    client.post("/login", data={"email": "admin@miict.example", "password": TEST_PASSWORD})
    seen = []
    for authority, purpose in (("employment-office", "job-matching"), ("health-service", "healthcare-access")):
        page = client.get(PREVIEW, query_string={"authority": authority, "purpose": purpose, "profile": person,
                                                 "lang": "en"}).get_data(as_text=True)
        row = _cells(page, "Person identifier")
        seen.append(row.split("<code")[2].split(">", 1)[1].split("<", 1)[0])
    assert seen[0] != seen[1] and str(person) not in seen


def test_each_view_is_recorded_in_the_audit_log(seeded, client):
    person = _profile_with(seeded, gender="male")
    client.post("/login", data={"email": "admin@miict.example", "password": TEST_PASSWORD})
    client.get(PREVIEW, query_string={"authority": "employment-office", "purpose": "youth-employment",
                                      "profile": person})
    with seeded.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "immerse.firewall_previewed"))
        details = json.loads(entry.details)
        assert details["profile"] == person and details["purpose"] == "youth-employment"
        assert "date_of_birth" in details["released"] and entry.actor_name


def test_facilitators_and_officers_cannot_open_it(seeded, client):
    for email in ("facilitator.es1@miict.example", "officer.employment@miict.example"):
        client.post("/login", data={"email": email, "password": TEST_PASSWORD})
        assert client.get(PREVIEW, query_string={"authority": "employment-office", "purpose": "job-matching",
                                                 "profile": 1}).status_code == 403
        client.post("/logout")


def test_a_purpose_the_configuration_does_not_name_is_refused(seeded, client):
    client.post("/login", data={"email": "admin@miict.example", "password": TEST_PASSWORD})
    response = client.get(PREVIEW, query_string={"authority": "employment-office", "purpose": "healthcare-access",
                                                 "profile": 1, "lang": "en"})
    assert response.status_code == 400 and "Choose an authority and one of the purposes" in response.get_data(
        as_text=True)
    assert client.get(PREVIEW, query_string={"authority": "employment-office", "purpose": "job-matching",
                                             "profile": 99999}).status_code == 404
    with seeded.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "immerse.firewall_previewed")) == 0


def test_on_a_policy_error_nothing_is_released_and_the_page_says_why(seeded, client):
    """A date of birth after today cannot be put in an age band: the firewall releases nothing of the record."""
    person = _profile_with(seeded, gender="female")
    with seeded.app_context():
        db.session.get(ProtectedAttributes, person).date_of_birth = date.today() + timedelta(days=30)
        db.session.commit()
    client.post("/login", data={"email": "admin@miict.example", "password": TEST_PASSWORD})
    page = client.get(PREVIEW, query_string={"authority": "employment-office", "purpose": "youth-employment",
                                             "profile": person, "lang": "en"}).get_data(as_text=True)
    assert "The firewall released nothing" in page and "born after the reference date" in page
    table = page[page.index("<tbody>"):page.index("</tbody>")]
    assert table.count("not released") == table.count("<tr>")
