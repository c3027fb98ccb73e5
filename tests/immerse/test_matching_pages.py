"""The staff matching pages: a profile's ranked opportunities and an opportunity's ranked candidates, as the
library ranks them, with reasons in the reader's language; a facilitator matches only their own sites'
profiles; a bad limit ranks nothing; the protected table is never read for matching."""
import pytest
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.immerse import services
from cocreate.profiles.models import Profile
from cocreate.projects.services import get_project_by_slug

from .matching_helpers import (
    PROTECTED_TABLE,
    Statements,
    library_matcher,
    ranked_candidates,
    ranked_opportunities,
    result_rows,
    sign_in,
)

RESEARCHER = "researcher1@miict.example"
FACILITATOR_ES = "facilitator.es1@miict.example"


def test_a_profiles_opportunities_are_ranked_as_the_library_ranks_them(seeded, client):
    sign_in(client, RESEARCHER)
    page = client.get("/immerse/matching/profiles/1", query_string={"limit": 15, "lang": "en"})
    assert page.status_code == 200
    with seeded.app_context():
        expected = [match.opportunity_id for match in library_matcher(seeded).top_opportunities(1, 15)]
    assert len(expected) == 15
    assert ranked_opportunities(page.get_data(as_text=True)) == expected


def test_the_limit_defaults_to_ten(seeded, client):
    sign_in(client, RESEARCHER)
    page = client.get("/immerse/matching/profiles/2?lang=en").get_data(as_text=True)
    assert len(result_rows(page)) == 10


def test_an_opportunitys_candidates_are_ranked_by_pseudonym_as_the_library_ranks_them(seeded, client):
    sign_in(client, RESEARCHER)
    page = client.get("/immerse/matching/opportunities/1?limit=20&lang=en").get_data(as_text=True)
    with seeded.app_context():
        matcher = library_matcher(seeded)
        expected = [match.candidate for match in matcher.top_candidates(1, 20)]
        ids = db.session.scalars(sa.select(Profile.id)).all()
    shown = ranked_candidates(page)
    assert shown == expected and len(shown) == 20
    assert not {str(number) for number in ids} & set(shown)


def test_the_reasons_name_skills_in_the_readers_language_and_link_the_training(seeded, client):
    sign_in(client, RESEARCHER)
    with seeded.app_context():
        from cocreate.profiles import services as profiles

        matcher = library_matcher(seeded)
        person, match = next((person, match) for person in range(1, 300)
                             for match in matcher.top_opportunities(person, 10) if match.training)
        skill = next(iter(match.training))
        spanish = profiles.labels([skill], "es")[skill]
        arabic = profiles.labels([skill], "ar")[skill]
        english = profiles.labels([skill], "en")[skill]
    assert spanish != english and arabic != english
    es = client.get(f"/immerse/matching/profiles/{person}?lang=es").get_data(as_text=True)
    assert spanish in es and "Habilidades esenciales que faltan" in es
    assert f'href="/profiles/opportunities/{match.training[skill][0]}"' in es
    ar = client.get(f"/immerse/matching/profiles/{person}?lang=ar").get_data(as_text=True)
    assert 'dir="rtl"' in ar and arabic in ar


@pytest.mark.parametrize("limit", ["0", "101", "ten", "2.5", "-3"])
def test_a_bad_limit_ranks_nothing_and_says_why(seeded, client, limit):
    sign_in(client, RESEARCHER)
    for url in ("/immerse/matching/profiles/1", "/immerse/matching/opportunities/1"):
        response = client.get(url, query_string={"limit": limit, "lang": "en"})
        page = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "The limit must be a whole number from 1 to 100." in page and "<tbody>" not in page


def test_a_facilitator_matches_only_the_profiles_of_their_own_sites(seeded, client):
    sign_in(client, FACILITATOR_ES)
    with seeded.app_context():
        italy = next(site for site in get_project_by_slug("miict").sites if site.code == "IT")
        other = db.session.scalar(sa.select(Profile.id).where(Profile.site_id == italy.id).limit(1))
        expected = [match.candidate for match in library_matcher(seeded, site_code="ES").top_candidates(1, 30)]
        everyone = [match.candidate for match in library_matcher(seeded).top_candidates(1, 30)]
    assert expected != everyone
    assert client.get(f"/immerse/matching/profiles/{other}").status_code == 403
    page = client.get("/immerse/matching/opportunities/1?limit=30&lang=en").get_data(as_text=True)
    assert ranked_candidates(page) == expected


def test_matching_never_reads_the_protected_table(seeded, client):
    sign_in(client, RESEARCHER)
    with seeded.app_context():
        engine = db.engine
    with Statements(engine) as statements:
        assert client.get("/immerse/matching/profiles/1").status_code == 200
        assert client.get("/immerse/matching/opportunities/1").status_code == 200
    assert any("profiles" in statement for statement in statements.sent)
    assert statements.touching(PROTECTED_TABLE) == []


def test_a_policy_releasing_a_special_category_for_job_matching_ranks_nothing(seeded, client):
    with seeded.app_context():
        project = get_project_by_slug("miict")
        document = services.current(project, "firewall").document
        rules = [rule for rule in document["rules"]
                 if not (rule["purpose"] == "job-matching" and rule["attribute"] == "date_of_birth")]
        rules.append({"authority": "employment-office", "purpose": "job-matching", "attribute": "date_of_birth",
                      "action": "generalise", "generaliser": "age_band", "requirements": ["REQ-005"]})
        services.save(project, "firewall", {"rules": rules}, actor=None)
        db.session.commit()
        engine = db.engine
    sign_in(client, RESEARCHER)
    with Statements(engine) as statements:
        response = client.get("/immerse/matching/profiles/1?lang=en")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "<tbody>" not in page
    assert "releases date_of_birth for job matching" in page
    assert statements.touching(PROTECTED_TABLE) == []


def test_the_picking_page_leads_to_a_profile_and_to_each_opportunity(seeded, client):
    sign_in(client, RESEARCHER)
    page = client.get("/immerse/matching/projects/miict?lang=en").get_data(as_text=True)
    assert 'href="/immerse/matching/opportunities/1"' in page
    response = client.get("/immerse/matching/profiles?profile=7&limit=5")
    assert response.status_code == 302 and response.headers["Location"].endswith("/immerse/matching/profiles/7?limit=5")
    assert client.get("/immerse/matching/profiles?profile=999999").status_code == 404
