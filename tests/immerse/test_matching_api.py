"""The matching JSON API: the library's rankings with their reasons and pseudonyms, staff only (401/403/404 as
JSON), 400 for a bad limit, never cached; and, for generated profiles and any valid firewall configuration,
the candidates never hold a protected attribute or a raw id, and pseudonyms differ between authorities."""
import itertools
from datetime import date

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocreate.extensions import db
from cocreate.immerse import services
from cocreate.profiles import services as profiles
from cocreate.profiles.models import Profile
from cocreate.projects.services import get_project_by_slug
from immerse_core.firewall import SPECIAL_CATEGORIES
from immerse_core.modules import ATTRIBUTES

from ..profiles.conftest import OTHER_SKILL, SKILL
from .matching_helpers import library_matcher, sign_in

CANDIDATES = "/api/v1/matching/opportunities/{}/candidates"
OPPORTUNITIES = "/api/v1/matching/profiles/{}/opportunities"


def test_a_profiles_opportunities_as_json_with_their_reasons(seeded, client):
    sign_in(client, "researcher1@miict.example")
    response = client.get(OPPORTUNITIES.format(3), query_string={"limit": 12})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    with seeded.app_context():
        expected = library_matcher(seeded).top_opportunities(3, 12)
    assert body["profile"] == 3 and body["limit"] == 12
    assert [result["opportunity"] for result in body["results"]] == [match.opportunity_id for match in expected]
    assert [result["score"] for result in body["results"]] == [match.score for match in expected]
    first, match = body["results"][0], expected[0]
    assert first["matched_skills"] == list(match.matched_skills)
    assert first["missing_essential_skills"] == list(match.missing_essential)
    assert first["qualification_credit"] == match.qualification_credit
    assert {result["candidate"] for result in body["results"]} == {match.candidate} != {"3"}


def test_an_opportunitys_candidates_as_json_by_pseudonym(seeded, client):
    sign_in(client, "admin@miict.example")
    body = client.get(CANDIDATES.format(2)).get_json()
    with seeded.app_context():
        expected = [match.candidate for match in library_matcher(seeded).top_candidates(2, 10)]
        ids = {str(number) for number in db.session.scalars(sa.select(Profile.id))}
    assert [result["candidate"] for result in body["results"]] == expected
    assert not ids & set(expected)


def test_not_signed_in_is_401_and_an_officer_403_as_json(seeded, client):
    response = client.get(CANDIDATES.format(1))
    assert response.status_code == 401 and "error" in response.get_json()
    sign_in(client, "officer.employment@miict.example")
    response = client.get(CANDIDATES.format(1))
    assert response.status_code == 403 and response.headers["Cache-Control"] == "no-store"


def test_a_missing_profile_or_opportunity_is_404_as_json(seeded, client):
    sign_in(client, "researcher1@miict.example")
    for url in (OPPORTUNITIES.format(999_999), CANDIDATES.format(999_999)):
        response = client.get(url)
        assert response.status_code == 404 and "error" in response.get_json()


@pytest.mark.parametrize("limit", ["0", "101", "many", "1e3", ""])
def test_a_bad_limit_is_400(seeded, client, limit):
    sign_in(client, "researcher1@miict.example")
    response = client.get(CANDIDATES.format(1) + f"?limit={limit}&lang=es")
    if limit == "":
        assert response.status_code == 200 and response.get_json()["limit"] == 10
        return
    assert response.status_code == 400
    assert response.get_json() == {"code": "bad_limit",
                                   "error": "El límite debe ser un número entero de 1 a 100."}


# --- properties over the web front ----------------------------------------------------------------------------

PLAIN = [name for name in ATTRIBUTES if name not in profiles.PROTECTED and name != "person_id"]
NUMBERS = itertools.count(1)
MARKS = ["Zqxmark", "Vrelmark", "Quomark"]  # protected values that cannot occur in anything else

profiles_data = st.lists(st.fixed_dictionaries({
    "skills": st.lists(st.sampled_from([SKILL, OTHER_SKILL]), unique=True),
    "languages": st.lists(st.fixed_dictionaries({"language": st.sampled_from(["es", "ar"]),
                                                 "level": st.sampled_from(["A1", "B2", "C2"])}), max_size=2),
    "region": st.sampled_from(["Madrid", "Lazio", None]),
    "availability": st.lists(st.sampled_from(["full_time", "evenings"]), unique=True),
    "gender": st.sampled_from(MARKS), "ethnicity": st.sampled_from(MARKS), "religion": st.sampled_from(MARKS),
    "health": st.sampled_from(MARKS), "nationality": st.sampled_from(["SY", "MA"]),
    "date_of_birth": st.dates(date(1950, 1, 1), date(2005, 12, 31)),
}), min_size=1, max_size=6)


@st.composite
def firewall_documents(draw):
    """A valid firewall configuration: job matching releases some plain attributes, perhaps generalises or drops
    protected ones (with a requirement), and person_id is pseudonymised for each authority."""
    rules = [{"authority": authority, "purpose": "*", "attribute": "person_id", "action": "pseudonymise",
              "requirements": ["REQ-009"]} for authority in ("employment-office", "health-service")]
    for attribute in draw(st.lists(st.sampled_from(PLAIN), unique=True)):
        rules.append({"authority": "employment-office", "purpose": "job-matching", "attribute": attribute,
                      "action": draw(st.sampled_from(["allow", "drop"])), "requirements": ["REQ-002"]})
    for attribute, generaliser in draw(st.lists(st.sampled_from([("date_of_birth", "age_band"),
                                                                 ("nationality", "world_region"),
                                                                 ("gender", None)]), unique=True, max_size=2)):
        action = "generalise" if generaliser and draw(st.booleans()) else "drop"
        rules.append({"authority": "employment-office", "purpose": "job-matching", "attribute": attribute,
                      "action": action, "generaliser": generaliser if action == "generalise" else None,
                      "requirements": ["REQ-005"]})
    rules.append({"authority": "health-service", "purpose": "healthcare-access", "attribute": "preferred_language",
                  "action": "allow", "requirements": ["REQ-006"]})
    return {"rules": rules}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=profiles_data, document=firewall_documents())
def test_json_candidates_never_hold_a_protected_attribute_or_a_raw_id(app, client, auth, make_project, people,
                                                                      document):
    slug = make_project(f"generated-{next(NUMBERS)}")
    with app.app_context():
        project = get_project_by_slug(slug)
        ids = [profiles.add_profile(project, data, site=project.sites[0], actor=None).id for data in people]
        offer = profiles.add_opportunity(project, {"kind": "job", "title": "Kitchen porter",
                                                   "essential_skills": [SKILL], "region": "Madrid"},
                                         site=project.sites[0], actor=None).id
        services.save(project, "firewall", document, actor=None)
        db.session.commit()
        policy = services.firewall_policy(project, app.config["SECRET_KEY"].encode())
        health = {policy.release({"person_id": number}, "health-service", "healthcare-access")["person_id"]
                  for number in ids}
        special = any(rule["attribute"] in SPECIAL_CATEGORIES and rule["action"] != "drop"
                      for rule in document["rules"] if rule["purpose"] == "job-matching")
    auth.login_as("admin")
    response = client.get(CANDIDATES.format(offer), query_string={"limit": 100})
    text = response.get_data(as_text=True)
    assert not any(mark in text for mark in MARKS)
    if special:
        assert response.status_code == 400 and response.get_json()["code"] == "protected_attribute"
        return
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert len(results) == len(ids)
    for result in results:
        assert not set(result) & (SPECIAL_CATEGORIES | {"person_id"})
        assert result["candidate"] not in {str(number) for number in ids}
    assert not {result["candidate"] for result in results} & health

