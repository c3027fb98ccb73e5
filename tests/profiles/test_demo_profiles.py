"""The demo's profiles and opportunities: a few hundred people across the three sites, about sixty offers,
all named in the shipped subset."""
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.profiles import services
from cocreate.profiles.esco import subset_uris
from cocreate.profiles.models import Opportunity, Profile
from cocreate.projects.services import get_project_by_slug


def test_the_demo_holds_profiles_at_each_site_and_jobs_and_trainings(seeded):
    with seeded.app_context():
        project = get_project_by_slug("miict")
        assert 200 <= services.count(project.id) <= 500
        sites = db.session.execute(sa.select(Profile.site_id, sa.func.count()).where(
            Profile.project_id == project.id).group_by(Profile.site_id)).all()
        assert len(sites) == 3 and all(number >= 50 for _site, number in sites)
        offers = services.opportunities(project.id)
        assert 50 <= len(offers) <= 80
        assert {offer["kind"] for offer in offers} == {"job", "training"}
        assert len(db.session.scalars(sa.select(Opportunity.site_id).distinct()).all()) == 3
        shipped = set(subset_uris())
        for record in services.records(project.id, ["skills", "work_experience"]):
            assert set(record["skills"]) <= shipped
            assert {entry["occupation"] for entry in record["work_experience"]} <= shipped
        for offer in offers:
            assert set(offer["essential_skills"] + offer["optional_skills"]) <= shipped
        assert all(not row.unknown_uris for row in db.session.scalars(sa.select(Profile)))


def test_the_demo_profiles_differ_in_what_matching_weighs(seeded):
    with seeded.app_context():
        project = get_project_by_slug("miict")
        records = services.records(project.id, ["languages", "qualifications", "region", "work_permit", "gender"])
        assert len({record["region"] for record in records}) >= 4
        assert {q["recognition"] for r in records for q in r["qualifications"]} == {"recognised", "pending",
                                                                                  "not_recognised"}
        assert {language["level"] for r in records for language in r["languages"]} == {"A1", "A2", "B1", "B2", "C1",
                                                                                      "C2"}
        assert len({record["gender"] for record in records}) >= 3
