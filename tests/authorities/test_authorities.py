"""Authorities of a project: short names and purposes checked, officers attached (one authority each), the demo's
three, and who may open which page."""
import re

import pytest
import sqlalchemy as sa

from cocreate.extensions import db

ADMIN = "admin@miict.example"


def authority(slug):
    from cocreate.authorities import services
    from cocreate.projects.services import get_project_by_slug

    return services.get_authority(get_project_by_slug("miict"), slug)


def test_the_demo_has_three_authorities_each_with_its_officer(seeded):
    from cocreate.auth.services import find_user
    from cocreate.authorities import services

    with seeded.app_context():
        found = {a.slug: (a.purposes, [u.email for u in a.officers]) for a in services.list_authorities()}
        assert found == {
            "employment-office": (["job-matching", "youth-employment"], ["officer.employment@miict.example"]),
            "health-service": (["healthcare-access"], ["officer.health@miict.example"]),
            "education-service": (["education-enrolment"], ["officer.education@miict.example"]),
        }
        assert services.authority_of(find_user("officer.health@miict.example")).slug == "health-service"
        assert services.authority_of(find_user(ADMIN)) is None


def test_seeding_the_demo_again_changes_nothing(seeded):
    from cocreate.authorities.models import Authority, authority_officers
    from cocreate.demo import seed_demo

    with seeded.app_context():
        seed_demo(password="another password")
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Authority)) == 3
        assert db.session.scalar(sa.select(sa.func.count()).select_from(authority_officers)) == 3


@pytest.mark.parametrize("value", ["Job Matching", "job matching!", "jobs/matching", "*", "", "a" * 61, "ñ-job"])
def test_purposes_with_odd_characters_are_refused(app, value):
    from cocreate.authorities.services import AuthorityError, checked_purposes

    with app.app_context(), pytest.raises(AuthorityError):
        checked_purposes([value])


def test_purposes_are_kept_once_each_and_sorted(app):
    from cocreate.authorities.services import checked_purposes

    with app.app_context():
        assert checked_purposes(["youth-employment", "job_matching", "youth-employment", " "]) == \
            ["job_matching", "youth-employment"]


def test_an_administrator_creates_an_authority_and_attaches_an_officer(seeded, client, auth, make_user):
    from cocreate.auth.services import find_user
    from cocreate.authorities import services

    officer_id, officer_email = make_user("officer")
    auth.login(ADMIN)
    page = client.get("/authorities/projects/miict/new")
    assert page.status_code == 200 and officer_email in page.get_data(as_text=True)
    response = client.post("/authorities/projects/miict/new", data={
        "slug": "housing-office", "name": "Housing office", "purposes": "housing-support, emergency_shelter",
        "officers": [officer_id]})
    assert response.status_code == 302
    with seeded.app_context():
        housing = authority("housing-office")
        assert housing.name == "Housing office" and housing.purposes == ["emergency_shelter", "housing-support"]
        assert services.authority_of(find_user(officer_email)) == housing
    listing = client.get("/authorities/").get_data(as_text=True)
    assert "housing-office" in listing and "emergency_shelter" in listing


def test_odd_characters_in_a_short_name_or_purpose_are_refused_on_the_page(seeded, client, auth):
    from cocreate.authorities.models import Authority

    auth.login(ADMIN)
    for data, message in (({"slug": "Housing Office", "purposes": "housing"}, "is not a short name"),
                          ({"slug": "housing", "purposes": "Housing Support!"}, "is not a purpose"),
                          ({"slug": "employment-office", "purposes": "x"}, "already has an authority")):
        response = client.post("/authorities/projects/miict/new", data={"name": "Housing", **data})
        assert response.status_code == 400 and message in response.get_data(as_text=True), data
    with seeded.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Authority)) == 3


def test_an_officer_moves_to_the_authority_that_takes_them(seeded, client, auth):
    from cocreate.auth.services import find_user
    from cocreate.authorities import services

    with seeded.app_context():
        health = authority("health-service")
        education = authority("education-service")
        health_id, officer_id = health.id, find_user("officer.health@miict.example").id
        education_officer = find_user("officer.education@miict.example").id
    auth.login(ADMIN)
    response = client.post(f"/authorities/{education.id}/edit", data={
        "slug": "education-service", "name": "Education service", "purposes": "education-enrolment",
        "officers": [officer_id, education_officer]})
    assert response.status_code == 302
    with seeded.app_context():
        assert services.authority_of(find_user("officer.health@miict.example")).slug == "education-service"
        assert db.session.get(type(health), health_id).officers == []


def test_only_officer_accounts_belong_to_an_authority(seeded):
    from cocreate.auth.services import find_user
    from cocreate.authorities import services

    with seeded.app_context(), pytest.raises(services.AuthorityError):
        services.set_officers(authority("health-service"), [find_user("researcher1@miict.example")], actor=None)


def test_an_officer_with_no_authority_is_told_so(seeded, client, auth):
    auth.login_as("officer")
    page = client.get("/authorities/officer")
    assert page.status_code == 200
    assert "belongs to no public authority" in page.get_data(as_text=True)


def test_an_officer_is_offered_only_the_purposes_of_their_authority(seeded, client, auth):
    auth.login("officer.health@miict.example")
    page = client.get("/authorities/officer").get_data(as_text=True)
    assert 'value="healthcare-access"' in page and "job-matching" not in page
    assert client.get("/authorities/officer", query_string={"purpose": "job-matching"}).status_code == 403
    assert client.get("/authorities/officer", query_string={"purpose": "Job Matching"}).status_code == 400


def test_staff_pages_are_forbidden_to_officers_and_officer_pages_to_staff(seeded, client, auth):
    auth.login("officer.employment@miict.example")
    for path in ("/authorities/", "/authorities/tokens", "/authorities/releases",
                 "/authorities/projects/miict/new", "/immerse/projects/miict"):
        assert client.get(path).status_code == 403, path
    auth.logout()
    for staff in (ADMIN, "researcher1@miict.example", "facilitator.es1@miict.example"):
        auth.login(staff)
        assert client.get("/authorities/officer").status_code == 403, staff
        auth.logout()
    auth.login("researcher1@miict.example")
    assert client.get("/authorities/releases").status_code == 200
    assert client.get("/authorities/").status_code == 403


def test_an_officers_start_page_leads_to_their_records(seeded, client, auth):
    auth.login("officer.employment@miict.example")
    page = client.get("/").get_data(as_text=True)
    assert 'href="/authorities/officer">Read records for a declared purpose</a>' in page  # and in the menu
    assert re.search(r'href="/authorities/officer"\s*>Records<', page)
    auth.logout()
    auth.login("researcher1@miict.example")
    assert 'href="/authorities/officer"' not in client.get("/").get_data(as_text=True)
