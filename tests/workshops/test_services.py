"""The rules of workshops, without HTTP: codes, consent, attendance, quotes, notes, codebook, search, statistics."""
from datetime import date

import pytest
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.projects.models import PilotSite
from cocreate.participants import services as participants
from cocreate.evidence import services as evidence
from cocreate.evidence.registry import Ref
from cocreate.workshops import services
from cocreate.participants.models import Participant, StakeholderGroup
from cocreate.workshops.models import Note, Workshop


def site(site_id):
    return db.session.get(PilotSite, site_id)


def test_participant_codes_count_per_site_and_group(world, ctx):
    es = site(world["es"])
    assert world["consenting"] == "ES-M-001" and world["no_quotes"] == "ES-M-002"
    assert world["no_consent"] == "ES-N-001" and world["elsewhere"] == "CY-M-001"
    assert participants.create_participant(es, stakeholder_group="public_service", actor=None).code == "ES-P-001"
    assert participants.create_participant(es, stakeholder_group=StakeholderGroup.MIGRANT, actor=None).code == "ES-M-003"
    assert participants.get_participant_by_code(" es-m-003 ").code == "ES-M-003"
    assert participants.get_participant_by_code("XX-M-999") is None


def test_stakeholder_groups_have_labels_and_letters():
    assert [g.letter for g in StakeholderGroup] == ["M", "N", "P", "E"]
    assert str(StakeholderGroup.MIGRANT.label) == "Migrant or refugee"


def test_a_participant_from_another_site_is_refused(world, ctx):
    with pytest.raises(participants.ParticipantError, match="another pilot site"):
        participants.participant_at_site(world["elsewhere"], site(world["es"]))
    with pytest.raises(participants.ParticipantError, match="no participant"):
        participants.participant_at_site("ES-M-099", site(world["es"]))


def test_no_take_part_consent_no_attendance(world, ctx):
    workshop = db.session.get(Workshop, world["workshop"])
    with pytest.raises(services.WorkshopError, match="no consent to take part"):
        services.mark_present(workshop, participants.get_participant_by_code(world["no_consent"]), actor=None)
    with pytest.raises(services.WorkshopError, match="another pilot site"):
        services.mark_present(workshop, participants.get_participant_by_code(world["elsewhere"]), actor=None)
    services.mark_present(workshop, participants.get_participant_by_code(world["consenting"]), actor=None)
    services.mark_present(workshop, participants.get_participant_by_code(world["consenting"]), actor=None)  # twice is once
    assert [p.code for p in services.attendance(workshop)] == [world["consenting"]]


def test_withdrawn_take_part_consent_blocks_attendance_and_withdraws_the_rest(world, ctx):
    workshop = db.session.get(Workshop, world["workshop"])
    person = participants.get_participant_by_code(world["consenting"])
    take_part = participants.active_consent(person, "take_part")
    withdrawn = participants.withdraw_consent(take_part, on=date(2020, 1, 1), actor=None)
    assert {c.scope.value for c in withdrawn} == {"take_part", "quotes"}
    assert not participants.has_consent(person, "quotes")
    with pytest.raises(services.WorkshopError):
        services.mark_present(workshop, person, actor=None)
    with pytest.raises(participants.ParticipantError, match="already withdrawn"):
        participants.withdraw_consent(take_part, actor=None)


def test_consent_rules(world, ctx):
    person = participants.get_participant_by_code(world["consenting"])
    with pytest.raises(participants.ParticipantError, match="already consents"):
        participants.record_consent(person, "quotes", form_version="v2", given_on=date(2020, 1, 1), actor=None)
    with pytest.raises(participants.ParticipantError, match="future"):
        participants.record_consent(person, "audio", form_version="v2", given_on=date(2999, 1, 1), actor=None)
    consent = participants.record_consent(person, "audio", form_version="v2", given_on=date(2020, 1, 1), actor=None)
    with pytest.raises(participants.ParticipantError, match="before it was given"):
        participants.withdraw_consent(consent, on=date(2019, 12, 31), actor=None)
    with pytest.raises(participants.ParticipantError, match="cannot be dated in the future"):
        participants.withdraw_consent(consent, on=date(2999, 1, 1), actor=None)


def test_quote_without_quote_consent_is_stored_but_not_publishable(world, ctx):
    workshop = db.session.get(Workshop, world["workshop"])
    kept = services.add_quote(workshop, speaker_code=world["no_quotes"], text="Je cherche du travail.",
                              language="fr", translation="I am looking for work.", actor=None)
    ok = services.add_quote(workshop, speaker_code=world["consenting"].lower(), text="أبحث عن عمل",
                            language="ar", actor=None)
    assert kept.id and not services.quote_is_publishable(kept)
    assert services.quote_is_publishable(ok)
    project = workshop.site.project
    assert services.publishable_quotes(project) == [ok]
    with pytest.raises(services.WorkshopError, match="another pilot site"):
        services.add_quote(workshop, speaker_code=world["elsewhere"], text="x", language="fa", actor=None)


def test_withdrawing_quote_consent_takes_effect_at_once(world, ctx):
    workshop = db.session.get(Workshop, world["workshop"])
    quote = services.add_quote(workshop, speaker_code=world["consenting"], text="Quiero trabajar", language="es", actor=None)
    code = evidence.save_code(workshop.site.project, None, name="Work", actor=None)
    evidence.apply_code(code, Ref("quote", quote.id), actor=None)
    assert len(evidence.coded_excerpts(workshop.site.project)) == 1
    participants.withdraw_consent(participants.active_consent(quote.speaker, "quotes"), actor=None)
    project = workshop.site.project
    assert evidence.coded_excerpts(project) == []
    assert services.publishable_quotes(project) == []
    assert evidence.search(project, "trabajar") == []
    assert "Quiero" not in evidence.export_coded_excerpts(project)
    rows, _sites = evidence.code_frequencies(project)
    assert rows[0][1] == 0
    assert db.session.get(type(quote), quote.id) is not None  # still stored


def test_note_edit_conflict_keeps_both_versions(world, ctx):
    workshop = db.session.get(Workshop, world["workshop"])
    note = services.add_note(workshop, body="First draft", actor=None)
    assert note.version == 1
    services.update_note(note, body="Edited by facilitator A", expected_version=1, actor=None)
    db.session.commit()
    assert note.version == 2
    with pytest.raises(services.NoteConflict) as conflict:
        services.update_note(note, body="Edited by facilitator B", expected_version=1, actor=None)
    assert conflict.value.submitted_body == "Edited by facilitator B"
    assert conflict.value.note.body == "Edited by facilitator A"
    with pytest.raises(services.WorkshopError, match="empty"):
        services.add_note(workshop, body="   ", actor=None)


def test_a_race_between_read_and_write_is_caught_by_the_version_column(world, app):
    """Two sessions load version 1; the second write finds the row changed and raises a conflict, not an overwrite."""
    from sqlalchemy.orm import Session

    with app.app_context():
        workshop = db.session.get(Workshop, world["workshop"])
        note_id = services.add_note(workshop, body="Shared", actor=None).id
        db.session.commit()
        note = db.session.get(Note, note_id)  # loaded at version 1 in this session
        with Session(db.engine) as other:
            theirs = other.get(Note, note_id)
            theirs.body = "Saved by the other facilitator"
            other.commit()
        with pytest.raises(services.NoteConflict) as conflict:
            services.update_note(note, body="Mine", expected_version=1, actor=None)
        assert conflict.value.note.body == "Saved by the other facilitator"
        assert conflict.value.submitted_body == "Mine"
        db.session.rollback()


def test_codebook_tree_and_cycles(world, ctx):
    project = site(world["es"]).project
    theme = evidence.save_code(project, None, name="Access", actor=None)
    child = evidence.save_code(project, None, name="Language barriers", parent=theme, actor=None)
    grandchild = evidence.save_code(project, None, name="Interpreters", parent=child, actor=None)
    assert [(c.name, depth) for c, depth in evidence.codebook(project)] == [
        ("Access", 0), ("Language barriers", 1), ("Interpreters", 2)]
    with pytest.raises(evidence.EvidenceError, match="under itself"):
        evidence.save_code(project, theme, name="Access", parent=grandchild, actor=None)
    with pytest.raises(evidence.EvidenceError, match="already has a code"):
        evidence.save_code(project, None, name="Access", actor=None)


def test_applying_codes_with_excerpts_frequencies_and_co_occurrence(world, ctx):
    workshop = db.session.get(Workshop, world["workshop"])
    project = workshop.site.project
    note = services.add_note(workshop, body="Nobody explained the registration number; the queue took hours.", actor=None)
    quote = services.add_quote(workshop, speaker_code=world["consenting"], text="Esperé horas", language="es", actor=None)
    waiting = evidence.save_code(project, None, name="Waiting times", actor=None)
    info = evidence.save_code(project, None, name="Information scattered", actor=None)
    evidence.apply_code(waiting, Ref("note", note.id), excerpt="the QUEUE took hours", actor=None)  # case does not matter
    evidence.apply_code(info, Ref("note", note.id), excerpt="Nobody explained the registration number", actor=None)
    evidence.apply_code(waiting, Ref("quote", quote.id), actor=None)
    with pytest.raises(evidence.EvidenceError, match="copied from the text"):
        evidence.apply_code(info, Ref("note", note.id), excerpt="words that are not there", actor=None)
    with pytest.raises(evidence.EvidenceError):
        evidence.apply_code(info, Ref("note", 9999), actor=None)
    rows, sites = evidence.code_frequencies(project)
    assert sites == ["CY", "ES"]
    by_name = {code.name: (total, by_site, by_group) for code, total, by_site, by_group in rows}
    assert by_name["Waiting times"][0] == 2 and by_name["Waiting times"][1]["ES"] == 2
    assert by_name["Waiting times"][2] == {None: 1, StakeholderGroup.MIGRANT: 1}
    codes, pairs = evidence.co_occurrence(project)
    assert {c.name for c in codes} == {"Waiting times", "Information scattered"}
    assert list(pairs.values()) == [1]
    csv_text = evidence.export_coded_excerpts(project)
    assert csv_text.splitlines()[0].startswith("code,parent_code,evidence_type")
    assert "the QUEUE took hours" in csv_text and "Esperé horas" in csv_text and "ES-M-001" in csv_text


def test_search_is_accent_and_case_blind_and_filters(world, ctx):
    workshop = db.session.get(Workshop, world["workshop"])
    project = workshop.site.project
    activity = workshop.activities[0]
    services.add_note(workshop, body="La situación del empleo es difícil", activity=activity, actor=None)
    services.add_note(workshop, body="Another note about 100% of people", actor=None)
    services.add_quote(workshop, speaker_code=world["consenting"], text="Mi situacion", language="es",
                       translation="My SITUATION", actor=None)
    services.add_quote(workshop, speaker_code=world["no_quotes"], text="Situation sans accord", language="fr", actor=None)
    hits = evidence.search(project, "SITUACIÓN")
    assert {(h.kind.name, getattr(h.item, "body", None) or h.item.text) for h in hits} == {
        ("note", "La situación del empleo es difícil"), ("quote", "Mi situacion")}
    assert [h.kind.name for h in evidence.search(project, "situation")] == ["quote"]  # the translation; not the unconsented
    assert [h.kind.name for h in evidence.search(project, "empleo dificil")] == ["note"]
    assert evidence.search(project, "empleo zebra") == []
    assert len(evidence.search(project, "100%")) == 1 and evidence.search(project, "_") == []
    assert [h.kind.name for h in evidence.search(project, "situacion", filters={"method": "focus_group"})] == ["note"]
    assert evidence.search(project, "situacion", site_id=world["cy"]) == []
    code = evidence.save_code(project, None, name="Employment", actor=None)
    note = evidence.search(project, "empleo")[0].item
    evidence.apply_code(code, Ref("note", note.id), actor=None)
    assert [h.item for h in evidence.search(project, "", code_id=code.id)] == [note]


def test_profile_statistics_suppress_small_counts(world, ctx):
    es = site(world["es"])
    people = [participants.create_participant(es, stakeholder_group="migrant", actor=None) for _ in range(8)]
    for person in people:  # only people who take part are counted
        participants.record_consent(person, "take_part", form_version="v1", given_on=date(2019, 3, 1), actor=None)
    for index, person in enumerate(people):
        participants.record_profile(person, gender="woman" if index < 6 else "man", age_band="25-34",
                                nationality="SY" if index < 7 else "ER", actor=None)
    stats = participants.profile_statistics(es)
    assert str(stats["total"]) == "8"
    genders = {value: str(count) for value, count in stats["gender"]}
    assert genders == {"woman": "<5", "man": "<5"}  # 6 would give 2 away, so it is hidden too, and reads the same
    assert {v: str(c) for v, c in stats["age_band"]} == {"25-34": "8"}
    assert {v: str(c) for v, c in stats["nationality"]} == {"SY": "<5", "ER": "<5"}
    assert participants.has_profile(people[0])
    participants.record_profile(people[0], actor=None)  # recording again replaces
    assert "" in dict(participants.profile_statistics(es)["gender"])


def test_participant_never_loads_its_profile(world, ctx):
    """The special-category table is not reachable from a participant: lists cannot show it by accident."""
    assert not any("profile" in name for name in sa.inspect(Participant).relationships.keys())
    assert not any("gender" in column.key for column in sa.inspect(Participant).columns)


def test_methods_library_falls_back_to_english(ctx):
    services.save_method_guide("storyboarding", "en", purpose="Tell a journey as frames", steps="", materials="",
                               tips="", actor=None)
    assert services.method_guide("storyboarding", "ar").purpose == "Tell a journey as frames"
    services.save_method_guide("storyboarding", "ar", purpose="رواية رحلة", steps="", materials="", tips="", actor=None)
    assert services.method_guide("storyboarding", "ar").language == "ar"
    assert services.method_guide("interview", "ar") is None


def test_agenda_activities_belong_to_their_workshop(world, ctx):
    workshop = db.session.get(Workshop, world["workshop"])
    other = services.save_workshop(None, site=workshop.site, title="Other", phase="evaluation",
                                   date=date(2021, 1, 1), actor=None)
    second = services.save_activity(workshop, None, title="Storyboard", method="storyboarding", duration_minutes=30, actor=None)
    assert [a.position for a in workshop.activities] == [1, 2]
    assert services.activity_of(workshop, second.id) is second
    with pytest.raises(services.WorkshopError):
        services.activity_of(other, second.id)
    note = services.add_note(workshop, body="During the storyboard", activity=second, actor=None)
    services.delete_activity(second, actor=None)
    db.session.expire_all()
    assert db.session.get(Note, note.id).activity_id is None


def test_csv_export_neutralises_spreadsheet_formulas(world, ctx):
    workshop = db.session.get(Workshop, world["workshop"])
    note = services.add_note(workshop, body="=HYPERLINK(\"http://x\")", actor=None)
    code = evidence.save_code(workshop.site.project, None, name="+Risky", actor=None)
    evidence.apply_code(code, Ref("note", note.id), actor=None)
    row = evidence.export_coded_excerpts(workshop.site.project).splitlines()[1]
    assert row.startswith("'+Risky,") and "\"'=HYPERLINK(\"\"http://x\"\")\"" in row
