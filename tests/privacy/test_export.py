"""A participant's own data, for them to take: a zip with data.json and a page they can read in their language."""
import io
import json
import re
import zipfile

import sqlalchemy as sa

from cocreate.audit.models import AuditEntry
from cocreate.extensions import db
from cocreate.participants.models import Participant, ParticipantProfile
from cocreate.participants.services import record_profile
from cocreate.privacy import services
from cocreate.pseudonyms import pseudonym
from cocreate.workshops.models import Quote

from .conftest import CODE


def archive_of(participant):
    _name, content = services.export_archive(participant, actor=None)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sorted(archive.namelist()) == ["data.json", "index.html"]
        return json.loads(archive.read("data.json")), archive.read("index.html").decode()


def test_the_export_holds_their_record_consents_attendance_evidence_and_answers(seeded, person):
    with seeded.app_context():
        participant = db.session.get(Participant, person.id)
        data, _page = archive_of(participant)
        assert set(data) == {"participant", "evidence", "records", "other"}
        record = data["participant"]
        assert record["code"] == CODE and record["pilot_site"] == "ES" and record["project"] == "miict"
        assert {"stakeholder_group", "languages", "created_at", "consents", "special_categories"} <= set(record)
        assert record["consents"] and {"scope", "form_version", "given_on", "withdrawn_on"} <= set(
            record["consents"][0])
        kinds = {item["kind"] for item in data["evidence"]}
        assert kinds == {"quote", "frame", "survey_answer"}
        quote = db.session.get(Quote, person.quotes[0])
        exported = next(item for item in data["evidence"] if item["kind"] == "quote")
        assert exported["text"] == quote.text and exported["language"] == quote.language
        assert exported["translation"] == quote.translation
        assert exported["occasion"] == quote.workshop.title and exported["date"] == quote.workshop.date.isoformat()
        responses = data["records"]["survey_answer"]
        assert len(responses) == len(person.responses) and responses[0]["answers"]
        assert {"question", "key", "answer", "shown"} == set(responses[0]["answers"][0])
        assert len(data["other"]["workshops.attendance"]) >= 1


def test_their_own_special_categories_are_in_it_and_nobody_elses(seeded, person):
    with seeded.app_context():
        participant = db.session.get(Participant, person.id)
        record_profile(participant, gender="woman", religion="muslim", actor=None)
        other = db.session.scalar(sa.select(Participant).where(Participant.code == "ES-M-002"))
        record_profile(other, gender="man", religion="christian", health="disability", actor=None)
        data, page = archive_of(participant)
        assert data["participant"]["special_categories"] == {"gender": "woman", "religion": "muslim"}
        text = json.dumps(data) + page
        assert "ES-M-002" not in text and "christian" not in text and "disability" not in text
        profiles = db.session.scalar(sa.select(sa.func.count()).select_from(ParticipantProfile))
        assert profiles > 2  # others have attributes too, and none of them came along


def test_the_page_is_in_their_language_right_to_left_for_arabic(seeded, person):
    with seeded.app_context():
        participant = db.session.get(Participant, person.id)
        assert participant.languages[0] == "ar"
        _data, page = archive_of(participant)
        assert re.search(r'<html lang="ar" dir="rtl">', page)
        assert "بياناتك" in page  # "Your data", from the privacy catalog
        participant.languages = ["fr", "ar"]
        _data, page = archive_of(participant)
        assert '<html lang="fr" dir="ltr">' in page


def test_a_language_the_interface_does_not_speak_gives_english(seeded, person):
    with seeded.app_context():
        participant = db.session.scalar(sa.select(Participant).where(Participant.code == "ES-M-002"))
        assert participant.languages == ["wo"]
        _data, page = archive_of(participant)
        assert '<html lang="en" dir="ltr">' in page and "Your data: ES-M-002" in page


def test_the_page_loads_nothing_from_anywhere(seeded, person):
    with seeded.app_context():
        _data, page = archive_of(db.session.get(Participant, person.id))
        assert not re.search(r'\b(src|href)=', page)
        assert "<script" not in page


def test_the_page_escapes_what_they_said(seeded, person):
    with seeded.app_context():
        quote = db.session.get(Quote, person.quotes[0])
        quote.text = '<script>alert(1)</script> "quoted"'
        data, page = archive_of(db.session.get(Participant, person.id))
        assert "<script>" not in page and "&lt;script&gt;" in page
        assert any(item["text"] == quote.text for item in data["evidence"])


def test_an_export_is_kept_by_the_audit_log(seeded, person):
    with seeded.app_context():
        archive_of(db.session.get(Participant, person.id))
        db.session.commit()
        entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "privacy.exported")).one()
        named = db.session.get(Participant, person.id).audit_label  # under the participant's own key
        assert entry.label == named == json.loads(entry.details)["code"] != pseudonym(CODE)
        assert CODE not in entry.label + entry.details
