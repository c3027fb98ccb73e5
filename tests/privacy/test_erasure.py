"""Erasing a participant removes every row that names them, of every evidence kind, with their codings, their
attendance, consents, attributes and the participant; it is all or nothing, and recorded without content."""
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from cocreate.audit import services as audit
from cocreate.audit.models import AuditEntry
from cocreate.evidence.models import Coding
from cocreate.extensions import db
from cocreate.participants.models import Consent, Participant, ParticipantProfile
from cocreate.participants.services import create_participant
from cocreate.privacy import services
from cocreate.pseudonyms import pseudonym
from cocreate.signals import evidence_removed
from cocreate.surveys import results
from cocreate.surveys import services as surveys
from cocreate.surveys.models import Response, Survey
from cocreate.workshops import images
from cocreate.workshops.models import (
    Artifact,
    Attendance,
    Quote,
    StoryboardFrame,
    storyboard_frame_people,
)

from .conftest import CODE


def held(person):
    """What the database still holds of the person, table by table."""
    return {
        "participant": db.session.get(Participant, person.id) is not None,
        "quotes": db.session.scalar(sa.select(sa.func.count()).select_from(Quote).where(Quote.id.in_(person.quotes))),
        "frames": db.session.scalar(sa.select(sa.func.count()).select_from(StoryboardFrame).where(
            StoryboardFrame.id.in_(person.frames))),
        "frame_people": db.session.scalar(sa.select(sa.func.count()).select_from(storyboard_frame_people).where(
            storyboard_frame_people.c.participant_id == person.id)),
        "responses": db.session.scalar(sa.select(sa.func.count()).select_from(Response).where(
            Response.id.in_(person.responses))),
        "codings": db.session.scalar(sa.select(sa.func.count()).select_from(Coding).where(
            Coding.id.in_(person.codings))),
        "attendance": db.session.scalar(sa.select(sa.func.count()).select_from(Attendance).where(
            Attendance.participant_id == person.id)),
        "consents": db.session.scalar(sa.select(sa.func.count()).select_from(Consent).where(
            Consent.participant_id == person.id)),
        "profile": db.session.get(ParticipantProfile, person.id) is not None,
    }


NOTHING = {"participant": False, "quotes": 0, "frames": 0, "frame_people": 0, "responses": 0, "codings": 0,
           "attendance": 0, "consents": 0, "profile": False}


def frame_picture(frame_id):
    frame = db.session.get(StoryboardFrame, frame_id)
    return frame.artifact.filename if frame.artifact is not None else None


def test_erasure_removes_every_kind_and_everything_else_that_names_them(seeded, person):
    removed = []

    def record(kind, *, ids, actor, erased):
        removed.append((kind, ids, erased))

    evidence_removed.connect(record)
    try:
        with seeded.app_context():
            before = held(person)
            assert all(before.values()), before
            picture = frame_picture(person.frames[0])
            assert picture and images.path_of(picture).exists()
            erasure = services.erase(db.session.get(Participant, person.id), actor=None)
            db.session.commit()
            assert held(person) == NOTHING
            assert erasure.counts["quote"] == len(person.quotes)
            assert erasure.counts["frame"] == len(person.frames)
            assert erasure.counts["survey_answer"] == len(person.responses)
            assert erasure.counts["workshops.attendance"] == before["attendance"]
            # the picture drawn for the frame goes with it, file and all
            assert db.session.scalar(sa.select(Artifact).where(Artifact.filename == picture)) is None
            assert not images.path_of(picture).exists()
            # the frames left in that storyboard are numbered 1, 2, 3… again
            others = db.session.scalars(sa.select(StoryboardFrame.position).order_by(StoryboardFrame.position)
                                        .where(StoryboardFrame.storyboard_id == 1)).all()
            assert others == list(range(1, len(others) + 1))
    finally:
        evidence_removed.disconnect(record)
    assert {(kind, tuple(ids), erased) for kind, ids, erased in removed} >= {
        ("quote", tuple(person.quotes), True), ("frame", tuple(person.frames), True),
        ("survey_answer", tuple(person.responses), True)}


def test_the_code_of_an_erased_participant_is_never_given_again(seeded, person):
    with seeded.app_context():
        participant = db.session.get(Participant, person.id)
        site, group = participant.site, participant.stakeholder_group
        services.erase(participant, actor=None)
        db.session.commit()
        newcomer = create_participant(site, stakeholder_group=group, actor=None)
        assert newcomer.code != CODE
        assert services.find_participant(site.project, CODE) is None


def test_erased_answers_no_longer_count_in_the_results(seeded, person):
    with seeded.app_context():
        survey = db.session.get(Survey, db.session.get(Response, person.responses[0]).survey_id)
        defn = surveys.definition(survey)
        total_before, _ = results.summarise(survey, defn, "en")
        anonymous_before = db.session.scalar(sa.select(sa.func.count()).select_from(Response).where(
            Response.survey_id == survey.id, Response.participant_id.is_(None)))
        services.erase(db.session.get(Participant, person.id), actor=None)
        db.session.commit()
        total_after, _ = results.summarise(survey, defn, "en")
        assert total_after.value == total_before.value - 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response).where(
            Response.survey_id == survey.id, Response.participant_id.is_(None))) == anonymous_before


def test_a_participant_deleted_in_the_database_takes_their_answers_with_them(seeded):
    """Not only through erasure: the database itself never keeps a deleted person's answers as anonymous."""
    with seeded.app_context():
        respondent, survey_id = db.session.execute(sa.select(Response.participant_id, Response.survey_id).where(
            Response.participant_id.is_not(None)).order_by(Response.id)).first()
        anonymous = sa.select(sa.func.count()).select_from(Response).where(Response.participant_id.is_(None))
        anonymous_before = db.session.scalar(anonymous)
        theirs = db.session.scalar(sa.select(sa.func.count()).select_from(Response).where(
            Response.participant_id == respondent))
        assert theirs
        total = sa.select(sa.func.count()).select_from(Response).where(Response.survey_id == survey_id)
        total_before = db.session.scalar(total)
        db.session.execute(sa.delete(Participant).where(Participant.id == respondent))
        db.session.commit()
        assert db.session.scalar(anonymous) == anonymous_before
        assert db.session.scalar(total) < total_before


def test_an_erasure_that_fails_midway_leaves_everything(seeded, person, monkeypatch):
    from cocreate.evidence.registry import EVIDENCE_KINDS

    walked = [name for name in EVIDENCE_KINDS if name in {"quote", "frame", "survey_answer"}]
    erased = []
    for name in walked[:-1]:  # the kinds before the last are erased, then the last one fails
        kind = EVIDENCE_KINDS[name]
        monkeypatch.setattr(kind, "erase", lambda ids, *, actor, kind=kind: (
            erased.append(kind.name), type(kind).erase(kind, ids, actor=actor)))

    def fail(ids, *, actor):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(EVIDENCE_KINDS[walked[-1]], "erase", fail)
    with seeded.app_context():
        before = held(person)
        picture = frame_picture(person.frames[0])
        entries = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
        with pytest.raises(RuntimeError):
            services.erase(db.session.get(Participant, person.id), actor=None)
        assert erased == walked[:-1]
        db.session.rollback()
        db.session.commit()  # a later transaction removes no picture the rolled-back one had planned to
        assert held(person) == before
        assert images.path_of(picture).exists()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == entries


def test_the_audit_log_keeps_one_entry_with_the_pseudonym_and_the_counts_never_the_content(seeded, person):
    with seeded.app_context():
        quote_text = db.session.get(Quote, person.quotes[0]).text
        entries = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
        services.erase(db.session.get(Participant, person.id), actor=None)
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == entries + 1
        entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.id > entries)).one()
        details = json.loads(entry.details)
        assert entry.action == "privacy.erased"
        assert entry.label == pseudonym(CODE) == details["code"] and CODE not in entry.details + entry.label
        assert details["counts"]["quote"] == len(person.quotes)
        assert details["counts"]["survey_answer"] == len(person.responses)
        assert quote_text not in entry.details and quote_text not in entry.label
        # the administrator still finds the erasure by the code
        assert [e.id for e in audit.search(text=CODE.lower()).items] == [entry.id]
        assert audit.verify().intact


def traces(needles, folders):
    """Where the database (every text and JSON column of every table) and the upload folders still hold one
    of `needles`: a list of "table.column" and file paths."""
    found = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, sa.String | sa.Text | sa.JSON)]
        if not columns:
            continue
        for row in db.session.execute(sa.select(*columns)).all():
            for column, value in zip(columns, row, strict=True):
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                found += [f"{table.name}.{column.name}" for needle in needles if needle in text]
    for folder in folders:
        for path in Path(folder).rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                found += [str(path) for needle in needles if needle.encode() in data]
    return sorted(set(found))


def test_after_erasure_no_table_and_no_upload_holds_the_code_or_the_erased_words(seeded, person):
    """Changes made by staff before the erasure put the code and the words in the record of changes (a quote
    is named by its speaker's code; a frame's people are listed by code): the erasure takes them out too."""
    from cocreate.auth.models import Role, User
    from cocreate.evidence.registry import EVIDENCE_KINDS
    from cocreate.participants.services import save_participant_languages
    from cocreate.workshops.services import set_frame_people, update_quote

    with seeded.app_context():
        admin = db.session.scalars(sa.select(User).where(User.role == Role.ADMIN)).first()
        participant = db.session.get(Participant, person.id)
        quote = db.session.get(Quote, person.quotes[0])
        words = quote.text + " (as said at the workshop)"
        update_quote(quote, speaker_code=CODE, text=words, language=quote.language, translation=quote.translation,
                     translation_language=quote.translation_language, activity=quote.activity, actor=admin)
        set_frame_people(db.session.get(StoryboardFrame, person.frames[0]), [], actor=admin)
        set_frame_people(db.session.get(StoryboardFrame, person.frames[0]), [CODE], actor=admin)
        save_participant_languages(participant, ["ar", "es"], actor=admin)
        services.export_archive(participant, actor=admin)
        for response in db.session.scalars(sa.select(Response).where(Response.id.in_(person.responses))):
            response.answers = {key: f"{value}, solo una vez" if isinstance(value, str) and len(value) >= 12
                                else value for key, value in response.answers.items()}  # words of theirs alone
        db.session.commit()
        needles = {CODE}
        for name in ("quote", "survey_answer"):
            kind = EVIDENCE_KINDS[name]
            needles |= {kind.text(item) for item in kind.items_of_rows(kind.of_participant(person.id))
                        if isinstance(kind.text(item), str) and len(kind.text(item)) >= 12}
        others = json.dumps(db.session.scalars(sa.select(Response.answers).where(
            Response.id.not_in(person.responses))).all(), ensure_ascii=False)
        needles = {needle for needle in needles if needle not in others}  # words someone else wrote too stay
        assert words in needles and len(needles) >= 3, needles
        folders = [seeded.config["WORKSHOP_UPLOAD_FOLDER"]]
        assert "changes.label" in traces(needles, folders)  # what the test looks for is there before
        services.erase(db.session.get(Participant, person.id), actor=admin)
        db.session.commit()
        assert traces(needles, folders) == []
        assert audit.verify().intact


def leaves(value):
    """Every text in `value` (a label, details: dicts and lists of texts)."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return {leaf for item in value.values() for leaf in leaves(item)}
    if isinstance(value, list):
        return {leaf for item in value for leaf in leaves(item)}
    return set()


def test_the_record_of_changes_names_the_erased_person_by_nothing_the_audit_log_or_their_key_holds(seeded, person):
    """Staff changes name the code in the record of changes: after the erasure no change holds it, and none holds
    a text of the audit log's erasure entry (its SECRET_KEY pseudonym) nor the pseudonym under the participant's
    own key (which the earlier audit entries hold); the record still says that a participant's data was erased."""
    from cocreate.auth.models import Role, User
    from cocreate.history.models import Change
    from cocreate.history.services import record
    from cocreate.workshops.services import set_frame_people

    with seeded.app_context():
        admin = db.session.scalars(sa.select(User).where(User.role == Role.ADMIN)).first()
        frame = db.session.get(StoryboardFrame, person.frames[0])
        set_frame_people(frame, [], actor=admin)
        set_frame_people(frame, [CODE], actor=admin)
        participant = db.session.get(Participant, person.id)
        own = participant.pseudonym_of(CODE)
        note = record(participant.site.project, actor=admin, action="projects.updated", summary=f"{CODE} joined")
        db.session.commit()
        before = db.session.scalar(sa.select(sa.func.max(Change.id)))
        assert any(CODE in json.dumps([c.label, c.details]) for c in db.session.scalars(sa.select(Change)))
        entries = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
        services.erase(participant, actor=admin)
        db.session.commit()
        entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.id > entries,
                                                               AuditEntry.action == "privacy.erased")).one()
        audited = {entry.label} | leaves(json.loads(entry.details))
        assert pseudonym(CODE) in audited
        changes = db.session.scalars(sa.select(Change)).all()
        held_texts = {text for change in changes for text in leaves([change.label, change.details])}
        assert not any(CODE in text or own in text for text in held_texts)
        assert not held_texts & audited
        assert not any(text in held for text in audited if len(text) >= 8 for held in held_texts)
        erased = [change for change in changes if change.id > before and change.action == "privacy.erased"]
        assert len(erased) == 1 and erased[0].label == "" and erased[0].details == {}
        # the erased person's earlier changes were rewritten, with a pseudonym nothing else holds
        rewritten = db.session.get(Change, note.id).details["summary"].removesuffix(" joined")
        assert rewritten.startswith("P-") and rewritten not in audited | {own, pseudonym(CODE)}
