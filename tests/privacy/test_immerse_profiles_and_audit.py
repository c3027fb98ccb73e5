"""A participant's IMMERSE profile in their rights (export, rectification, erasure), and the audit log after an
erasure: entries written before it named the participant under their own key, which the erasure takes away."""
import io
import json
import zipfile
from datetime import date

import pytest
import sqlalchemy as sa

from cocreate.audit import services as audit
from cocreate.audit.models import AuditEntry
from cocreate.auth.models import Role, User
from cocreate.extensions import db
from cocreate.participants.models import Consent, ConsentScope, Participant
from cocreate.participants.services import issue_link_code, record_consent, withdraw_consent
from cocreate.privacy import services
from cocreate.profiles import services as profiles
from cocreate.profiles.models import Profile, ProtectedAttributes
from cocreate.pseudonyms import pseudonym

from ..conftest import TEST_PASSWORD
from .conftest import CODE
from .test_erasure import traces

REGION = "Barrio de las Pruebas Únicas"
QUALIFICATION = "Diploma de cocina mediterránea avanzada"
HEALTH = "asma leve, confirmada en 2018"


@pytest.fixture
def profiled(seeded, person):
    """ES-M-001 with an IMMERSE profile of their own (its words found nowhere else) and a printed link card."""
    with seeded.app_context():
        participant = db.session.get(Participant, person.id)
        project = participant.site.project
        profile = profiles.add_profile(project, {
            "skills": [], "languages": [{"language": "ar", "level": "C2"}],
            "qualifications": [{"title": QUALIFICATION, "eqf": 4, "recognition": "pending"}],
            "region": REGION, "availability": ["part_time"], "work_permit": "pending",
            "health": HEALTH, "gender": "woman", "date_of_birth": "1990-05-17"}, site=participant.site, actor=None)
        profiles.attach_participant(profile, participant, actor=None)
        link_code = issue_link_code(participant, actor=None)
        db.session.commit()
        return profile.id, link_code


def archive(participant):
    _name, content = services.export_archive(participant, actor=None)
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return json.loads(package.read("data.json")), package.read("index.html").decode()


def test_the_export_holds_their_profile_as_data_and_on_the_page_in_their_language(seeded, person, profiled):
    profile_id, _link = profiled
    with seeded.app_context():
        data, page = archive(db.session.get(Participant, person.id))
        (record,) = data["other"]["profiles.profile"]
        assert record["person_id"] == profile_id and record["region"] == REGION
        assert record["qualifications"] == [{"title": QUALIFICATION, "eqf": 4, "recognition": "pending"}]
        assert record["health"] == HEALTH and record["date_of_birth"] == "1990-05-17"  # their own: all of it
        assert REGION in page and QUALIFICATION in page and HEALTH in page
        assert 'lang="ar"' in page and "IMMERSE profiles" not in page  # ES-M-001 reads Arabic


def test_an_export_of_someone_without_a_profile_holds_none(seeded, person):
    with seeded.app_context():
        data, _page = archive(db.session.get(Participant, person.id))
        assert "profiles.profile" not in data["other"]


def test_what_the_platform_holds_counts_the_profile(seeded, person, profiled):
    with seeded.app_context():
        holdings = {h.name: h.count for h in services.holdings(db.session.get(Participant, person.id))}
    assert holdings["profiles.profile"] == 1


def test_erasure_removes_the_profile_its_protected_attributes_and_leaves_no_trace_of_it(seeded, person, profiled):
    profile_id, link_code = profiled
    with seeded.app_context():
        admin = db.session.scalars(sa.select(User).where(User.role == Role.ADMIN)).first()
        participant = db.session.get(Participant, person.id)
        profile = db.session.get(Profile, profile_id)
        profiles.rectify_profile(profile, {"region": REGION + " (norte)"}, actor=admin)  # a change of theirs
        services.export_archive(participant, actor=admin)
        db.session.commit()
        needles = {CODE, link_code, link_code.replace("-", ""), REGION, QUALIFICATION, HEALTH}
        folders = [seeded.config["WORKSHOP_UPLOAD_FOLDER"]]
        assert "profiles.region" in traces(needles, folders)  # what is looked for is there before
        erasure = services.erase(db.session.get(Participant, person.id), actor=admin)
        db.session.commit()
        assert erasure.counts["profiles.profile"] == 1
        assert db.session.get(Profile, profile_id) is None
        assert db.session.get(ProtectedAttributes, profile_id) is None
        assert traces(needles, folders) == []
        assert audit.verify().intact


def test_after_erasure_no_page_no_export_and_no_handbook_holds_the_code_or_the_profile(seeded, person, profiled,
                                                                                       client, tmp_path):
    from cocreate.handbook_data import build_snapshot
    from cocreate.projects.models import Project
    from cocreate.surveys import exports
    from cocreate.surveys.models import Survey
    from handbook import document, text

    from ..handbook.conftest import package_text

    profile_id, link_code = profiled
    needles = (CODE, link_code, REGION, QUALIFICATION, HEALTH)
    def survey_rows():
        return json.dumps([exports.table(survey) for survey in db.session.scalars(sa.select(Survey))],
                          ensure_ascii=False, default=str)
    with seeded.app_context():
        assert CODE in survey_rows()  # the row-level exports name them before
        services.erase(db.session.get(Participant, person.id), actor=None)
        db.session.commit()
        assert not [needle for needle in needles if needle in survey_rows()]
        project = db.session.scalars(sa.select(Project).where(Project.slug == "miict")).one()
        snapshot = build_snapshot(project, language="es")
        document.build(snapshot, tmp_path / "handbook.docx", text.translations("es"))
        written = package_text(tmp_path / "handbook.docx")
        assert not [needle for needle in needles if needle in written]
    assert client.post("/login", data={"email": "admin@miict.example", "password": TEST_PASSWORD}).status_code == 302
    assert client.get(f"/profiles/{profile_id}").status_code == 404
    listing = client.get("/profiles/projects/miict")
    assert listing.status_code == 200
    for page in (listing, client.get("/profiles/projects/miict?page=2")):
        text = page.get_data(as_text=True)
        assert REGION not in text and CODE not in text


def test_the_audit_log_names_no_code_after_erasure_and_earlier_entries_are_unlinkable(seeded, person, profiled):
    """Exports, consent changes and link cards printed before the erasure named the participant under their own
    key; once erased, neither the code nor its SECRET_KEY pseudonym finds them, only the erasure is found."""
    with seeded.app_context():
        admin = db.session.scalars(sa.select(User).where(User.role == Role.ADMIN)).first()
        participant = db.session.get(Participant, person.id)
        first = db.session.scalar(sa.select(sa.func.max(AuditEntry.id))) or 0
        services.export_archive(participant, actor=admin)
        consent = db.session.scalars(sa.select(Consent).where(Consent.participant_id == person.id,
                                                              Consent.scope == ConsentScope.PHOTOS)).first()
        if consent is None or consent.withdrawn_on is not None:
            consent = record_consent(participant, ConsentScope.PHOTOS, form_version="v9", given_on=date(2021, 1, 4),
                                     how_obtained="asked again", actor=admin)
        withdraw_consent(consent, on=date(2021, 2, 1), actor=admin)
        issue_link_code(participant, actor=admin)
        db.session.commit()
        before = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.id > first)).all()
        assert len(before) >= 3
        own = participant.audit_label
        assert own != pseudonym(CODE) and own.startswith("P-")
        found = {entry.id for entry in audit.search(text=CODE, per_page=1000).items}
        assert {e.id for e in before if e.object_type == "participants"} <= found  # found by the code, before
        services.erase(db.session.get(Participant, person.id), actor=admin)
        db.session.commit()
        rows = db.session.execute(sa.select(AuditEntry.label, AuditEntry.details)).all()
        assert not [row for row in rows if CODE in row.label + row.details]
        assert own not in audit.pseudonyms_of(CODE)  # the key that made it went with the participant
        found_after = audit.search(text=CODE, per_page=1000).items
        assert [entry.action for entry in found_after] == ["privacy.erased"]
        assert found_after[0].object_id is None  # no participant id that the earlier entries share
        assert audit.verify().intact


def test_the_chain_still_shows_a_changed_or_deleted_entry_after_an_erasure(seeded, person, profiled):
    with seeded.app_context():
        services.erase(db.session.get(Participant, person.id), actor=None)
        db.session.commit()
        last = db.session.scalar(sa.select(sa.func.max(AuditEntry.id)))
        db.session.execute(sa.update(AuditEntry).where(AuditEntry.id == last).values(details='{"code":"P-0"}'))
        assert audit.verify().broken_at == last
        db.session.rollback()
        db.session.execute(sa.delete(AuditEntry).where(AuditEntry.id == last - 1))
        assert not audit.verify().intact
        db.session.rollback()


def test_rectification_corrects_the_profile_and_never_shows_a_protected_value(seeded, person, profiled, client):
    profile_id, _link = profiled
    assert client.post("/login", data={"email": "facilitator.es1@miict.example",
                                       "password": TEST_PASSWORD}).status_code == 302
    form = client.get(f"/profiles/{profile_id}/edit")
    text = form.get_data(as_text=True)
    assert form.status_code == 200 and REGION in text and QUALIFICATION in text
    assert HEALTH not in text and "1990-05-17" not in text and "woman" not in text
    fields = {"skills": "", "languages": "ar:C2; es:B1", "qualifications": f"{QUALIFICATION}|5|recognised",
              "work_experience": "", "region": "Madrid centro", "availability": "part_time; evenings",
              "work_permit": "granted", "contact_preferences": "", "preferred_language": "ar",
              "interpreter_needed": "yes", "gender": "", "date_of_birth": "", "nationality": "", "ethnicity": "",
              "religion": "", "health": "ninguna", "participant": CODE}
    refused = client.post(f"/profiles/{profile_id}/edit", data={**fields, "date_of_birth": "2199-01-01",
                                                               "work_permit": "maybe"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "2199-01-01" not in page and "ninguna" not in page
    with seeded.app_context():
        assert db.session.get(Profile, profile_id).region == REGION  # nothing written
    saved = client.post(f"/profiles/{profile_id}/edit", data=fields)
    assert saved.status_code == 302
    with seeded.app_context():
        profile = db.session.get(Profile, profile_id)
        assert profile.region == "Madrid centro" and profile.work_permit == "granted"
        assert profile.languages == [{"language": "ar", "level": "C2"}, {"language": "es", "level": "B1"}]
        assert profile.qualifications == [{"title": QUALIFICATION, "eqf": 5, "recognition": "recognised"}]
        assert profile.protected.health == "ninguna"
        assert profile.protected.date_of_birth == date(1990, 5, 17) and profile.protected.gender == "woman"  # kept
        assert profile.participant_id == person.id


def test_the_privacy_page_links_to_the_correction_of_their_profile(seeded, person, profiled, client):
    profile_id, _link = profiled
    assert client.post("/login", data={"email": "admin@miict.example", "password": TEST_PASSWORD}).status_code == 302
    page = client.get(f"/privacy/participants/{person.id}").get_data(as_text=True)
    assert f'href="/profiles/{profile_id}/edit"' in page
