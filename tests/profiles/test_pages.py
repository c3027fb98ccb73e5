"""The staff pages of profiles: lists by site and flag, a profile's page without its protected attributes, the
opportunities, and the import page; a facilitator reads only their own sites' profiles."""
import io

import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.profiles.models import Opportunity, Profile, ProtectedAttributes
from cocreate.projects.models import PilotSite

from ..conftest import TEST_PASSWORD
from .conftest import UNKNOWN

ADMIN, FACILITATOR_ES, RESEARCHER = ("admin@miict.example", "facilitator.es1@miict.example",
                                     "researcher1@miict.example")


def _first_profile(app, code):
    with app.app_context():
        site = db.session.scalar(sa.select(PilotSite).where(PilotSite.code == code))
        return db.session.scalar(sa.select(Profile).where(Profile.site_id == site.id).order_by(Profile.id)).id


def test_a_profile_page_shows_labels_in_the_readers_language_and_no_protected_attribute(seeded, client):
    with seeded.app_context():
        profile = next(row for row in db.session.scalars(
            sa.select(Profile).join(ProtectedAttributes).where(ProtectedAttributes.gender.is_not(None),
                                                               ProtectedAttributes.nationality.is_not(None))
            .order_by(Profile.id)) if row.work_experience)
        protected = profile.protected
        secrets = [protected.gender, protected.nationality, protected.date_of_birth.isoformat()
                   if protected.date_of_birth else None, protected.health]
        profile_id = profile.id
    client.post("/login", data={"email": RESEARCHER, "password": TEST_PASSWORD})
    page = client.get(f"/profiles/{profile_id}?lang=en").get_data(as_text=True)
    assert "Protected attributes are held separately." in page
    main = page[page.index("<main"):]
    for secret in filter(None, secrets):
        assert f">{secret}<" not in main and f" {secret} " not in main, secret
    assert "female" not in main and "male<" not in main
    spanish = client.get(f"/profiles/{profile_id}?lang=es").get_data(as_text=True)
    assert "Los atributos protegidos se guardan aparte." in spanish


def test_skills_read_in_the_readers_language(seeded, client):
    wash = "http://data.europa.eu/esco/skill/c662be22-f17a-4ba0-894f-d720b20c44cf"
    with seeded.app_context():
        profile_id = next(row.id for row in db.session.scalars(sa.select(Profile).order_by(Profile.id))
                          if wash in row.skills)
    client.post("/login", data={"email": ADMIN, "password": TEST_PASSWORD})
    assert "wash the dishes" in client.get(f"/profiles/{profile_id}?lang=en").get_data(as_text=True)
    assert "lavar los platos" in client.get(f"/profiles/{profile_id}?lang=es").get_data(as_text=True)
    assert "غسل الأطباق" in client.get(f"/profiles/{profile_id}?lang=ar").get_data(as_text=True)


def test_the_list_pages_by_site_and_flags_and_never_shows_protected_attributes(seeded, client):
    with seeded.app_context():
        profile = db.session.scalar(sa.select(Profile).order_by(Profile.id.desc()))
        profile.unknown_uris = [UNKNOWN]
        db.session.commit()
        flagged_id = profile.id
    client.post("/login", data={"email": ADMIN, "password": TEST_PASSWORD})
    page = client.get("/profiles/projects/miict?lang=en").get_data(as_text=True)
    assert "300 profiles" in page and "Page 1 of 6" in page
    assert "Gender" not in page[page.index("<table"):] and "female" not in page
    italian = client.get("/profiles/projects/miict?site=IT&lang=en").get_data(as_text=True)
    assert "100 profiles" in italian
    flagged = client.get("/profiles/projects/miict?flagged=1&lang=en").get_data(as_text=True)
    assert "1 profile" in flagged and f"/profiles/{flagged_id}" in flagged and "1 unknown ESCO URI" in flagged
    assert client.get("/profiles/projects/miict?site=XX").status_code == 404


def test_a_facilitator_lists_and_opens_only_their_own_sites_profiles(seeded, client):
    spanish, italian = _first_profile(seeded, "ES"), _first_profile(seeded, "IT")
    client.post("/login", data={"email": FACILITATOR_ES, "password": TEST_PASSWORD})
    page = client.get("/profiles/projects/miict?lang=en").get_data(as_text=True)
    assert "100 profiles" in page and "IT – Rome" not in page
    assert client.get("/profiles/projects/miict?site=IT").status_code == 404
    assert client.get(f"/profiles/{spanish}").status_code == 200
    assert client.get(f"/profiles/{italian}").status_code == 403


def test_officers_see_nothing_of_the_profiles(seeded, client):
    client.post("/login", data={"email": "officer.employment@miict.example", "password": TEST_PASSWORD})
    for path in ("/profiles/", "/profiles/projects/miict", f"/profiles/{_first_profile(seeded, 'ES')}",
                 "/profiles/projects/miict/opportunities", "/profiles/projects/miict/import"):
        assert client.get(path).status_code == 403, path


def test_opportunities_list_and_page(seeded, client):
    with seeded.app_context():
        training = db.session.scalar(sa.select(Opportunity).where(Opportunity.kind == "training")
                                     .order_by(Opportunity.id))
        training_id, title = training.id, training.title
    client.post("/login", data={"email": RESEARCHER, "password": TEST_PASSWORD})
    page = client.get("/profiles/projects/miict/opportunities?kind=training&lang=en").get_data(as_text=True)
    assert "18 opportunities" in page and title in page
    detail = client.get(f"/profiles/opportunities/{training_id}?lang=en").get_data(as_text=True)
    assert "Skills it teaches" in detail


HEADER = "site,skills,languages,qualifications"
SKILL = "http://data.europa.eu/esco/skill/6ff01827-907d-43d8-b6e4-7162c1cf0aca"


def _upload(client, text, **fields):
    data = {"file": (io.BytesIO(text.encode()), "profiles.csv"), **fields}
    return client.post("/profiles/projects/miict/import?lang=en", data=data, content_type="multipart/form-data")


def _count(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Profile))


def test_the_import_page_reports_each_row_and_writes_all_or_nothing(seeded, client):
    client.post("/login", data={"email": ADMIN, "password": TEST_PASSWORD})
    before = _count(seeded)
    bad = "\n".join([HEADER, f"ES,{SKILL},es:B1,Diploma|4|recognised", f"ES,{SKILL},es:D1,Diploma|12|recognised"])
    response = _upload(client, bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Line 3" in page and "the level D1 is not a CEFR level" in page and "the level 12 is not an EQF level" in page
    assert "Nothing was written" in page and _count(seeded) == before
    good = "\n".join([HEADER, f"ES,{SKILL},es:B1,Diploma|4|recognised", f"IT,{UNKNOWN},it:A2,"])
    assert _upload(client, good, dry_run="y").status_code == 200 and _count(seeded) == before
    response = _upload(client, good)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "2 rows written." in page and "kept and flagged" in page
    assert _count(seeded) == before + 2


def test_a_facilitator_imports_only_rows_of_their_own_sites(seeded, client):
    client.post("/login", data={"email": FACILITATOR_ES, "password": TEST_PASSWORD})
    before = _count(seeded)
    response = _upload(client, "\n".join([HEADER, f"ES,{SKILL},es:B1,", f"IT,{SKILL},it:B1,"]))
    assert response.status_code == 400 and "your own pilot sites (IT)" in response.get_data(as_text=True)
    assert _count(seeded) == before
    assert _upload(client, "\n".join([HEADER, f"ES,{SKILL},es:B1,"])).status_code == 200
    assert _count(seeded) == before + 1
