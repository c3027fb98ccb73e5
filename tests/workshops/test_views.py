"""The workshop pages over HTTP: recording, bad input with clear messages, codebook, search and exports."""
import re
from datetime import date

import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.participants import services as participants
from cocreate.evidence import services as evidence
from cocreate.evidence.registry import Ref
from cocreate.workshops import services
from cocreate.evidence.models import Coding
from cocreate.workshops.models import Attendance, MethodGuide, Note, Quote, Workshop


def page(response):
    return response.get_data(as_text=True)


def test_facilitator_creates_a_workshop_with_an_agenda(world, client, auth):
    auth.login_as("facilitator")
    form = page(client.get(f"/workshops/sites/{world['es']}/new"))
    assert 'value="Spanish, Arabic, French"' in form  # the site's languages to start with
    response = client.post(f"/workshops/sites/{world['es']}/new", data={
        "title": "Storyboarding a job search", "phase": "codesign_1", "date": "2019-10-16",
        "place": "NGO office", "languages": "es, ar", "objectives": "Sketch the journey"})
    assert response.status_code == 302
    detail = page(client.get(response.headers["Location"]))
    assert "Storyboarding a job search" in detail and "Co-design round 1" in detail and "Arabic" in detail
    workshop_id = int(response.headers["Location"].rsplit("/", 1)[1])
    response = client.post(f"/workshops/{workshop_id}/activities/new", data={
        "title": "Storyboard", "method": "storyboarding", "duration_minutes": "45", "materials": "Templates"})
    assert response.status_code == 302
    assert "Storyboarding" in page(client.get(f"/workshops/{workshop_id}"))
    bad = client.post(f"/workshops/{workshop_id}/activities/new", data={"title": "x", "method": "dancing"})
    assert bad.status_code == 200 and "Not a valid choice" in page(bad)


def test_researchers_read_but_do_not_record(world, client, auth):
    auth.login_as("researcher")
    assert client.get(f"/workshops/{world['workshop']}").status_code == 200
    assert client.post(f"/workshops/{world['workshop']}/notes/new", data={"body": "x"}).status_code == 403
    assert client.post(f"/workshops/{world['workshop']}/quotes/new", data={}).status_code == 403


def test_note_is_saved_and_the_draft_cleared(world, client, auth, app):
    auth.login_as("facilitator")
    form = page(client.get(f"/workshops/{world['workshop']}/notes/new"))
    assert re.search(rf'data-draft-key="u\d+-note-new-{world["workshop"]}"', form) and "data-draft-clear" not in form
    assert re.search(r'<script src="/workshops/static/drafts.js"', form)
    response = client.post(f"/workshops/{world['workshop']}/notes/new",
                           data={"body": "Two people needed an interpreter.", "activity": str(world["activity"])})
    assert response.status_code == 302 and "saved=1" in response.headers["Location"]
    assert "data-draft-clear" in page(client.get(response.headers["Location"]))
    with app.app_context():
        note = db.session.scalar(sa.select(Note))
        assert note.body == "Two people needed an interpreter." and note.activity_id == world["activity"]
    empty = client.post(f"/workshops/{world['workshop']}/notes/new", data={"body": ""})
    assert empty.status_code == 200 and "field--invalid" in page(empty)


def test_racing_note_edits_show_both_versions_and_lose_nothing(world, client, auth, app):
    with app.app_context():
        note_id = services.add_note(db.session.get(Workshop, world["workshop"]), body="Original", actor=None).id
        db.session.commit()
    auth.login_as("facilitator")
    edit = page(client.get(f"/workshops/notes/{note_id}/edit"))
    assert 'name="version" type="hidden" value="1"' in edit
    first = client.post(f"/workshops/notes/{note_id}/edit", data={"body": "Facilitator A's text", "version": "1"})
    assert first.status_code == 302 and f"saved_note={note_id}" in first.headers["Location"]
    assert re.search(rf'data-draft-saved="u\d+-note-{note_id}"', page(client.get(first.headers["Location"], follow_redirects=True)))
    second = client.post(f"/workshops/notes/{note_id}/edit", data={"body": "Facilitator B's text", "version": "1"})
    assert second.status_code == 409
    text = page(second)
    assert "Someone else changed this note" in text
    assert "Facilitator A&#39;s text" in text and "Facilitator B&#39;s text" in text
    assert 'name="version" type="hidden" value="2"' in text
    with app.app_context():
        assert db.session.get(Note, note_id).body == "Facilitator A's text"  # nothing overwritten
    merged = client.post(f"/workshops/notes/{note_id}/edit", data={"body": "A and B together", "version": "2"})
    assert merged.status_code == 302
    with app.app_context():
        assert db.session.get(Note, note_id).body == "A and B together"


def test_quote_from_another_sites_participant_is_refused_with_a_message(world, client, auth, app):
    auth.login_as("facilitator")
    response = client.post(f"/workshops/{world['workshop']}/quotes/new", data={
        "speaker_code": world["elsewhere"], "text": "من كار می‌خواهم", "language": "fa", "activity": "0"})
    assert response.status_code == 200
    assert f"Participant {world['elsewhere']} belongs to another pilot site (CY)" in page(response)
    assert "من كار می‌خواهم" in page(response)  # what was typed is still in the form
    bad_language = client.post(f"/workshops/{world['workshop']}/quotes/new", data={
        "speaker_code": world["consenting"], "text": "x", "language": "elvish", "activity": "0"})
    assert "Not a language we know: “elvish”" in page(bad_language)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Quote)) == 0


def test_quote_without_consent_is_saved_and_flagged(world, client, auth):
    auth.login_as("facilitator")
    response = client.post(f"/workshops/{world['workshop']}/quotes/new", data={
        "speaker_code": world["no_quotes"], "text": "On nous envoie partout", "language": "fr",
        "translation": "They send us everywhere", "translation_language": "en", "activity": "0"},
        follow_redirects=True)
    assert "has not consented to quotes" in page(response)
    detail = page(client.get(f"/workshops/{world['workshop']}"))
    assert "On nous envoie partout" in detail and "No consent to quotes: never exported or published." in detail


def test_attendance_needs_consent_to_take_part(world, client, auth, app):
    auth.login_as("facilitator")
    refused = client.post(f"/workshops/{world['workshop']}/attendance", data={"code": world["no_consent"]})
    assert "has no consent to take part on record" in page(refused)
    other_site = client.post(f"/workshops/{world['workshop']}/attendance", data={"code": world["elsewhere"]})
    assert "belongs to another pilot site" in page(other_site)
    ok = client.post(f"/workshops/{world['workshop']}/attendance", data={"code": world["consenting"].lower()})
    assert ok.status_code == 302
    listing = page(client.get(f"/workshops/{world['workshop']}/attendance"))
    assert "No consent to take part" in listing  # shown next to the NGO participant, with no button
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Attendance)) == 1


def test_consent_is_recorded_and_withdrawn_over_http(world, client, auth, app):
    auth.login_as("facilitator")
    with app.app_context():
        person = participants.get_participant_by_code(world["no_consent"])
        person_id = person.id
    response = client.post(f"/participants/{person_id}/consents",
                           data={"scope": "take_part", "form_version": "v2", "given_on": "2019-05-01"})
    assert response.status_code == 302
    again = client.post(f"/participants/{person_id}/consents",
                        data={"scope": "take_part", "form_version": "v2", "given_on": "2019-05-01"})
    assert "already consents" in page(again)
    with app.app_context():
        consent_id = participants.active_consent(participants.get_participant_by_code(world["no_consent"]), "take_part").id
    early = client.post(f"/participants/consents/{consent_id}/withdraw", data={"withdrawn_on": "2019-01-01"},
                        follow_redirects=True)
    assert "cannot be withdrawn before it was given" in page(early)
    done = client.post(f"/participants/consents/{consent_id}/withdraw", data={"withdrawn_on": "2020-02-02"},
                       follow_redirects=True)
    assert "Consent withdrawn" in page(done)
    with app.app_context():
        assert not participants.has_consent(participants.get_participant_by_code(world["no_consent"]), "take_part")


def test_consent_withdrawal_removes_quotes_from_every_page_and_export(world, client, auth, app):
    quote_text, translation = "Nadie me explicó nada", "Nobody explained anything to me"
    with app.app_context():
        workshop = db.session.get(Workshop, world["workshop"])
        quote = services.add_quote(workshop, speaker_code=world["consenting"], text=quote_text, language="es",
                                   translation=translation, actor=None)
        code = evidence.save_code(workshop.site.project, None, name="Information scattered", actor=None)
        evidence.apply_code(code, Ref("quote", quote.id), excerpt="me explicó", actor=None)
        db.session.commit()
        code_id, consent_id = code.id, participants.active_consent(quote.speaker, "quotes").id
    auth.login_as("admin")
    places = [f"/evidence/codes/{code_id}", "/evidence/projects/demo/codebook/export.csv",
              "/evidence/projects/demo/search?q=explico", "/evidence/projects/demo/search?q=nobody+explained"]
    for url in places:
        assert translation in page(client.get(url)) or "me explicó" in page(client.get(url)), url
    analysis = page(client.get("/evidence/projects/demo/codebook/analysis"))
    # one quote: a count below 5, hidden with its row
    assert re.search(r"Information scattered</a></th>\s*<td>&lt;5</td><td>&lt;5</td><td>&lt;5</td>", analysis)

    assert client.post(f"/participants/consents/{consent_id}/withdraw",
                       data={"withdrawn_on": date.today().isoformat()}).status_code == 302
    for url in places:
        text = page(client.get(url))
        assert quote_text not in text and "me explicó" not in text and translation not in text, url
    analysis = page(client.get("/evidence/projects/demo/codebook/analysis"))
    assert re.search(r"Information scattered</a></th>\s*<td>0</td><td>0</td><td>0</td>", analysis)
    detail = page(client.get(f"/workshops/{world['workshop']}"))
    assert "Withdrawn on" in detail and quote_text not in detail and translation not in detail  # kept, text hidden
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Quote)) == 1
        assert services.publishable_quotes(db.session.get(Workshop, world["workshop"]).site.project) == []


def test_researcher_codes_evidence_and_exports(world, client, auth, app):
    with app.app_context():
        workshop = db.session.get(Workshop, world["workshop"])
        note = services.add_note(workshop, body="The queue at the foreigners' office took four hours.", actor=None)
        db.session.commit()
        note_id = note.id
    auth.login_as("researcher")
    assert client.post("/evidence/projects/demo/codebook/new", data={
        "name": "Waiting times", "parent": "0", "definition": "Long waits", "examples": ""}).status_code == 302
    duplicate = client.post("/evidence/projects/demo/codebook/new", data={"name": "Waiting times", "parent": "0"})
    assert "already has a code named Waiting times" in page(duplicate)
    with app.app_context():
        code_id = evidence.codebook(services.get_workshop(world["workshop"]).site.project)[0][0].id
    wrong = client.post(f"/evidence/note/{note_id}/codes", data={"code": code_id, "excerpt": "six hours"})
    assert "must be copied from the text" in page(wrong)
    ok = client.post(f"/evidence/note/{note_id}/codes", data={"code": code_id, "excerpt": "four hours"})
    assert ok.status_code == 302
    assert "four hours" in page(client.get(f"/evidence/codes/{code_id}"))
    export = client.get("/evidence/projects/demo/codebook/export.csv")
    assert export.mimetype == "text/csv" and "attachment" in export.headers["Content-Disposition"]
    assert "Waiting times,,note" in page(export) and "four hours" in page(export)
    assert client.get("/evidence/memo/1/codes").status_code == 404
    auth.logout()
    auth.login_as("facilitator")
    assert client.post(f"/evidence/note/{note_id}/codes", data={"code": code_id}).status_code == 403
    assert client.get("/evidence/projects/demo/codebook/export.csv").status_code == 403


def test_methods_library_is_edited_per_language(world, client, auth, app):
    auth.login_as("facilitator")
    with app.app_context():
        services.save_method_guide("interview", "en", purpose="Understand one person's role", steps="", materials="",
                                   tips="", actor=None)
        db.session.commit()
    form = page(client.get("/workshops/methods/interview/edit?lang=ar"))
    assert "Understand one person&#39;s role" in form  # the translator starts from the English text
    saved = client.post("/workshops/methods/interview/edit", data={"purpose": "فهم دور شخص واحد"})
    assert saved.status_code == 302
    assert "فهم دور شخص واحد" in page(client.get("/workshops/methods"))
    assert "Understand one person&#39;s role" in page(client.get("/workshops/methods?lang=en"))
    assert client.get("/workshops/methods/juggling/edit").status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MethodGuide)) == 2


def test_reflection_and_storyboard_pages(world, client, auth):
    auth.login_as("facilitator")
    assert client.post(f"/workshops/{world['workshop']}/reflection", data={
        "what_worked": "Pictograms", "what_did_not": "One interpreter for three languages",
        "adaptations": "Women-only session"}).status_code == 302
    detail = page(client.get(f"/workshops/{world['workshop']}"))
    assert "One interpreter for three languages" in detail and "Women-only session" in detail
    created = client.post(f"/workshops/{world['workshop']}/storyboards/new", data={"title": "Job search"})
    board_url = created.headers["Location"]
    frame = client.post(f"{board_url}/frames/new", data={"caption": "Waiting three hours", "reactions": "Anger"})
    assert frame.status_code == 302
    assert "Waiting three hours" in page(client.get(board_url)) and "Anger" in page(client.get(board_url))


def test_search_page_filters(world, client, auth, app):
    with app.app_context():
        workshop = db.session.get(Workshop, world["workshop"])
        services.add_note(workshop, body="La situación es difícil", activity=workshop.activities[0], actor=None)
        db.session.commit()
    auth.login_as("researcher")
    found = page(client.get("/evidence/projects/demo/search", query_string={"q": "situacion"}))
    assert "1 result" in found and "La situación es difícil" in found
    other_site = page(client.get("/evidence/projects/demo/search",
                                 query_string={"q": "situacion", "site": world["cy"]}))
    assert "0 results" in other_site
    by_method = page(client.get("/evidence/projects/demo/search",
                                query_string={"q": "", "method": "interview"}))
    assert "0 results" in by_method
    assert client.get("/evidence/projects/nope/search").status_code == 404


def test_codings_cascade_with_their_code(world, app, ctx):
    workshop = db.session.get(Workshop, world["workshop"])
    note = services.add_note(workshop, body="x", actor=None)
    code = evidence.save_code(workshop.site.project, None, name="Theme", actor=None)
    evidence.apply_code(code, Ref("note", note.id), actor=None)
    db.session.delete(code)
    db.session.flush()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Coding)) == 0
