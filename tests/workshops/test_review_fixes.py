"""Regression tests for the review findings on the workshops feature (privacy, consent, crashes, speed)."""
import re
from datetime import date

import pytest
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.projects.models import PilotSite
from cocreate.participants import services as participants
from cocreate.evidence import services as evidence
from cocreate.evidence.registry import Ref
from cocreate.workshops import services
from cocreate.workshops.models import Note, Workshop


def page(response):
    return response.get_data(as_text=True)


def person(code):
    return participants.get_participant_by_code(code)


# 1. the codebook counts only what may be shown -----------------------------

def test_codebook_counts_leave_out_quotes_without_consent(world, client, auth, app, make_project):
    with app.app_context():
        workshop = db.session.get(Workshop, world["workshop"])
        project = workshop.site.project
        code = evidence.save_code(project, None, name="Recognition of qualifications", actor=None)
        for speaker in (world["consenting"], world["no_quotes"]):
            quote = services.add_quote(workshop, speaker_code=speaker, text="Mi título no vale", language="es", actor=None)
            evidence.apply_code(code, Ref("quote", quote.id), actor=None)
        db.session.commit()
        code_id = code.id
    auth.login_as("researcher")
    codebook = page(client.get("/evidence/projects/demo/codebook"))
    row = re.search(rf'/codes/{code_id}".*?</tr>', codebook, re.S).group(0)
    assert "<td>1</td>" in row and "<td>2</td>" not in row
    assert re.search(r"Recognition of qualifications</a></th>\s*<td>0</td><td>1</td><td>1</td>",
                     page(client.get("/evidence/projects/demo/codebook/analysis")))


# 2. the profile form never echoes special-category values ------------------

def test_invalid_profile_is_not_echoed_back(world, client, auth, app):
    with app.app_context():
        person_id = person(world["consenting"]).id
    auth.login_as("facilitator")
    response = client.post(f"/participants/{person_id}/profile",
                           data={"gender": "woman", "age_band": "25-34", "nationality": "ZZZ"})
    assert response.status_code == 302
    text = page(client.get(response.headers["Location"]))
    assert "Not a valid choice" in text
    assert not re.search(r"<option[^>]*selected", text)
    with app.app_context():
        assert not participants.has_profile(person(world["consenting"]))


# 3. statistics count only people who still take part ----------------------

def test_profile_statistics_leave_out_withdrawn_people(world, ctx):
    es = db.session.get(PilotSite, world["es"])
    people = [participants.create_participant(es, stakeholder_group="migrant", actor=None) for _ in range(6)]
    for each in people:
        participants.record_consent(each, "take_part", form_version="v1", given_on=date(2019, 3, 1), actor=None)
        participants.record_profile(each, gender="woman", age_band="25-34", nationality="SY", actor=None)
    participants.record_profile(person(world["no_consent"]), gender="woman", actor=None)  # never consented: not counted
    assert str(participants.profile_statistics(es)["total"]) == "6"
    participants.withdraw_consent(participants.active_consent(people[0], "take_part"), actor=None)
    stats = participants.profile_statistics(es)
    assert str(stats["total"]) == "5"
    assert {v: str(c) for v, c in stats["gender"]} == {"woman": "5"}


# 5. attendance needs consent on the day of the workshop ----------------------

def test_attendance_needs_consent_on_the_workshop_day(world, ctx):
    es = db.session.get(PilotSite, world["es"])
    workshop = db.session.get(Workshop, world["workshop"])  # 2019-04-10
    late = participants.create_participant(es, stakeholder_group="migrant", actor=None)
    participants.record_consent(late, "take_part", form_version="v1", given_on=date(2019, 5, 1), actor=None)
    with pytest.raises(services.WorkshopError, match="on the day of this workshop"):
        services.mark_present(workshop, late, actor=None)
    gone = participants.create_participant(es, stakeholder_group="migrant", actor=None)
    old = participants.record_consent(gone, "take_part", form_version="v1", given_on=date(2019, 1, 1), actor=None)
    participants.withdraw_consent(old, on=date(2019, 2, 1), actor=None)
    participants.record_consent(gone, "take_part", form_version="v2", given_on=date(2019, 6, 1),
                                how_obtained="A new form, read aloud with an interpreter", actor=None)
    with pytest.raises(services.WorkshopError, match="on the day of this workshop"):
        services.mark_present(workshop, gone, actor=None)
    same_day = participants.create_participant(es, stakeholder_group="migrant", actor=None)
    participants.record_consent(same_day, "take_part", form_version="v1", given_on=workshop.date, actor=None)
    services.mark_present(workshop, same_day, actor=None)
    assert same_day in services.attendance(workshop)


# 6. a tampered note version is a conflict, not a crash -------------------------

@pytest.mark.parametrize("version", ["abc", "1.5", ""])
def test_tampered_note_version_is_a_conflict(world, client, auth, app, version):
    with app.app_context():
        note_id = services.add_note(db.session.get(Workshop, world["workshop"]), body="Original", actor=None).id
        db.session.commit()
    auth.login_as("facilitator")
    response = client.post(f"/workshops/notes/{note_id}/edit", data={"body": "My new text", "version": version})
    assert response.status_code == 409
    assert "My new text" in page(response) and "Original" in page(response)
    with app.app_context():
        assert db.session.get(Note, note_id).body == "Original"


# 7. participant codes are unique per project ---------------------------------

def test_two_projects_each_have_their_own_es_m_001(world, app, make_project, client, auth):
    from cocreate.projects.services import get_project_by_slug, get_site

    make_project("other", name="Other project", sites=("ES",))
    with app.app_context():
        other = get_project_by_slug("other")
        other_es = get_site(other, "ES")
        newcomer = participants.create_participant(other_es, stakeholder_group="migrant", actor=None)  # was an IntegrityError
        participants.record_consent(newcomer, "take_part", form_version="v1", given_on=date(2019, 3, 1), actor=None)
        workshop = services.save_workshop(None, site=other_es, title="Other focus group", phase="requirements",
                                          date=date(2019, 4, 11), actor=None)
        db.session.commit()
        assert newcomer.code == world["consenting"] == "ES-M-001"
        demo = get_project_by_slug("demo")
        assert participants.get_participant_by_code("es-m-001", demo).site.project_id == demo.id
        assert participants.get_participant_by_code("ES-M-001", site=other_es).id == newcomer.id
        assert participants.get_participant_by_code("ES-M-001") is None  # ambiguous without a project
        assert participants.participant_at_site("ES-M-001", other_es).id == newcomer.id
        workshop_id = workshop.id
    auth.login_as("facilitator")
    response = client.post(f"/workshops/{workshop_id}/attendance", data={"code": "ES-M-001"})
    assert response.status_code == 302
    response = client.post(f"/workshops/{workshop_id}/quotes/new", data={
        "speaker_code": "ES-M-001", "text": "Hola", "language": "es", "activity": "0"})
    assert response.status_code == 302
    with app.app_context():
        assert [p.id for p in services.attendance(db.session.get(Workshop, workshop_id))] == [newcomer.id]


# 9. our own length message, and stripping in the forms ------------------------

def test_forms_strip_and_say_too_long_in_our_own_words(world, client, auth, app):
    from cocreate.workshops import forms

    lengths = [v for form in vars(forms).values() if isinstance(form, type) and issubclass(form, forms.FlaskForm)
               for field in vars(form).values() if hasattr(field, "kwargs")
               for v in field.kwargs.get("validators", []) if type(v).__name__ == "Length"]
    assert lengths and all(str(v.message) == "Use at most %(max)d characters." for v in lengths)
    auth.login_as("facilitator")
    too_long = page(client.post(f"/workshops/sites/{world['es']}/new?lang=ar", data={
        "title": "x" * 201, "phase": "requirements", "date": "2019-10-16"}))
    assert "استخدم 200 حرفًا على الأكثر." in too_long
    response = client.post(f"/workshops/sites/{world['es']}/new", data={
        "title": "  Spaced title \n", "phase": "requirements", "date": "2019-10-16", "place": "  Hall  "})
    assert response.status_code == 302
    response = client.post(f"/workshops/{world['workshop']}/quotes/new", data={
        "speaker_code": f" {world['consenting']} ", "text": "  Hola  ", "language": " ES ",
        "translation": " Hello ", "activity": "0"})
    assert response.status_code == 302
    with app.app_context():
        created = db.session.scalar(sa.select(Workshop).where(Workshop.title == "Spaced title"))
        assert created is not None and created.place == "Hall"
        quote = services.list_quotes(db.session.get(Workshop, world["workshop"]))[-1]
        assert (quote.text, quote.translation, quote.language) == ("Hola", "Hello", "es")


# 10. the stakeholder-group chart ----------------------------------------------

def test_analysis_has_a_chart_by_stakeholder_group(world, client, auth, app):
    with app.app_context():
        workshop = db.session.get(Workshop, world["workshop"])
        code = evidence.save_code(workshop.site.project, None, name="Interpreting", actor=None)
        quote = services.add_quote(workshop, speaker_code=world["consenting"], text="No entendía", language="es", actor=None)
        evidence.apply_code(code, Ref("quote", quote.id), actor=None)
        evidence.apply_code(code, Ref("note", services.add_note(workshop, body="No interpreter came", actor=None).id),
                            actor=None)
        db.session.commit()
    auth.login_as("researcher")
    text = page(client.get("/evidence/projects/demo/codebook/analysis"))
    assert 'data-bokeh-chart="code-frequency-chart"' in text
    block = re.search(r'data-bokeh-chart="code-frequency-by-group-chart">(.*?)</script>', text, re.S)
    assert block and "Migrant or refugee" in block.group(1) and "Not attributed" in block.group(1)
    assert "Times each code was applied, by stakeholder group" in text
    assert text.count(" defer></script>") == len(set(re.findall(r'<script src="([^"]+)"', text)))  # scripts once


# 11. page queries do not grow with the evidence --------------------------------

def add_evidence(app, world, count):
    """`count` more participants at ES, each quoted once (every other one without consent to quotes), a note each,
    and everything coded with two codes."""
    with app.app_context():
        workshop = db.session.get(Workshop, world["workshop"])
        project = workshop.site.project
        codes = [code for code, _depth in evidence.codebook(project)] or [
            evidence.save_code(project, None, name="Work", actor=None), evidence.save_code(project, None, name="Language", actor=None)]
        for index in range(count):
            speaker = participants.create_participant(workshop.site, stakeholder_group="migrant" if index % 3 else "ngo", actor=None)
            participants.record_consent(speaker, "take_part", form_version="v1", given_on=date(2019, 3, 1), actor=None)
            if index % 2:
                participants.record_consent(speaker, "quotes", form_version="v1", given_on=date(2019, 3, 1), actor=None)
            services.mark_present(workshop, speaker, actor=None)
            quote = services.add_quote(workshop, speaker_code=speaker.code, text=f"Trabajo {index}", language="es",
                                       translation=f"Work {index}", actor=None)
            note = services.add_note(workshop, body=f"Work note {index}", actor=None)
            for code in codes:
                evidence.apply_code(code, Ref("quote", quote.id), actor=None)
                evidence.apply_code(code, Ref("note", note.id), actor=None)
        storyboard = services.create_storyboard(workshop, title=f"Board {count}", actor=None)
        frame = services.add_frame(storyboard, caption="Work at the office", actor=None)
        evidence.apply_code(codes[0], Ref("frame", frame.id), actor=None)
        db.session.commit()
        return codes[0].id


def queries_for(app, client, url):
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, url
    return len(statements)


def test_pages_do_not_make_a_query_per_quote_or_participant(world, client, auth, app):
    auth.login_as("admin")
    code_id = add_evidence(app, world, 3)
    urls = ["/evidence/projects/demo/codebook/analysis", f"/workshops/{world['workshop']}",
            f"/participants/sites/{world['es']}", f"/evidence/codes/{code_id}",
            "/evidence/projects/demo/codebook/export.csv", "/evidence/projects/demo/search?q=work",
            "/evidence/projects/demo/codebook", f"/workshops/{world['workshop']}/attendance"]
    small = {url: queries_for(app, client, url) for url in urls}
    add_evidence(app, world, 12)
    large = {url: queries_for(app, client, url) for url in urls}
    assert large == small


# 12. ethnicity, religion and health, kept like the other special categories ------

def test_ethnicity_religion_and_health_are_recorded_and_only_counted(world, client, auth, app):
    with app.app_context():
        es = db.session.get(PilotSite, world["es"])
        people = [participants.create_participant(es, stakeholder_group="migrant", actor=None) for _ in range(5)]
        for each in people:
            participants.record_consent(each, "take_part", form_version="v1", given_on=date(2019, 3, 1), actor=None)
        db.session.commit()
        ids = [each.id for each in people]
    auth.login_as("facilitator")
    for person_id in ids:
        form = page(client.get(f"/participants/{person_id}"))
        assert 'name="ethnicity"' in form and 'name="religion"' in form and 'name="health"' in form
        response = client.post(f"/participants/{person_id}/profile", data={
            "ethnicity": "arab", "religion": "muslim", "health": "disability"})
        assert response.status_code == 302
        text = page(client.get(response.headers["Location"]))
        assert "Attributes are recorded" in text and not re.search(r"<option[^>]*selected", text)
    bad = client.post(f"/participants/{ids[0]}/profile", data={"religion": "sentinel-faith"})
    assert "sentinel-faith" not in page(client.get(bad.headers["Location"]))
    statistics = page(client.get(f"/participants/sites/{world['es']}/statistics"))
    for label in ("Ethnicity", "Religion or belief", "Health condition", "Arab", "Muslim", "A disability"):
        assert label in statistics
    assert re.search(r'<th scope="row">A disability</th>\s*<td>5</td>', statistics)
    with app.app_context():
        from cocreate.participants.models import Participant
        assert not any("profile" in name for name in sa.inspect(Participant).relationships.keys())
