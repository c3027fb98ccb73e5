"""Link codes: a linked survey or feedback round takes the random code printed on the participant's link card, never
the sequential participant code; a wrong link code reads exactly like an unknown one; printing a new card stops the
old one and is recorded in the audit log."""
import json
import re
import time

import pytest
import sqlalchemy as sa

from cocreate.audit.models import AuditEntry
from cocreate.extensions import db
from cocreate.participants import linking
from cocreate.participants.models import Participant
from cocreate.participants.services import issue_link_code
from cocreate.surveys.models import Response

from .conftest import UUID1
from .test_consent_for_linked_surveys import _participants


def test_a_link_code_is_80_random_bits_in_four_groups_of_unambiguous_characters():
    codes = {linking.new_link_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}", code), code
    assert linking.RANDOM_BYTES * 8 >= 64


def test_a_typed_link_code_forgives_case_spaces_and_look_alike_letters():
    code = "7KQ2-M9XD-4TNB-HW30"
    digest = linking.link_digest(code)
    assert linking.link_digest("7kq2 m9xd 4tnb hw3o") == digest  # O typed for 0
    assert linking.link_digest("7KQ2M9XD4TNBHW30") == digest
    assert linking.link_digest("ES-M-001") is None and linking.link_digest("") is None
    assert linking.link_digest(None) is None
    assert linking.link_digest("7KQ2-M9XD-4TNB-HW3U") is None  # U is not a character of the alphabet


@pytest.fixture
def linked(app, make_survey, make_project):
    survey_id, code = make_survey(mode="linked")
    return survey_id, code, _participants(app, survey_id, make_project)


def api(client, code, participant, n):
    return client.post(f"/api/v1/surveys/{code}/responses",
                       json={"client_uuid": f"0b7e4c1e-5f0e-4c57-9a3e-6f1d2a0001{n:02d}", "language": "en",
                             "participant": participant, "answers": {"working": "no"}})


def web(client, code, participant):
    return client.post(f"/s/{code}/en", data={"client_uuid": UUID1, "section": "", "nav": "next",
                                              "participant": participant})


def without_nonce(response):
    return re.sub(r'nonce="[^"]*"', "", response.get_data(as_text=True))


def test_a_participant_code_no_longer_links_a_response(app, client, linked):
    """What a guesser knows (codes are sequential: ES-M-001, ES-M-002…) links nothing, on the API or the web."""
    _id, code, _people = linked
    refused = api(client, code, "ES-M-001", 1)  # ES-M-001 exists and consents to take part
    assert refused.status_code == 422 and "participant" in refused.json["errors"]
    assert "This link code is not known" in web(client, code, "ES-M-001").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 0


def test_the_link_code_on_the_card_links_the_response_to_its_participant(app, client, linked):
    _id, code, people = linked
    stored = api(client, code, people["yes"], 2)
    assert stored.status_code == 201
    with app.app_context():
        assert db.session.get(Response, stored.json["id"]).participant.code == "ES-M-001"
    page = web(client, code, people["yes"].lower().replace("-", " "))
    assert page.status_code == 200 and "This link code is not known" not in page.get_data(as_text=True)


def test_a_wrong_link_code_reads_like_an_unknown_participant_code(app, client, linked):
    """Same status, same message, on the API and the web, for: a made-up link code, a participant code that
    exists, one that does not, and the right link code of someone who does not consent."""
    _id, code, people = linked
    tries = [linking.new_link_code(), "ES-M-001", "ES-M-999", people["never"], "not a code at all"]
    replies = [api(client, code, value, n) for n, value in enumerate(tries, 10)]
    assert {r.status_code for r in replies} == {422}
    assert len({json.dumps(r.json, sort_keys=True) for r in replies}) == 1
    pages = [web(client, code, value) for value in tries]
    assert {p.status_code for p in pages} == {200}
    errors = {re.search(r'id="participant-error">([^<]*)<', p.get_data(as_text=True)).group(1) for p in pages}
    assert len(errors) == 1
    # the pages differ only by the value sent back in the field (and the CSRF token, signed with the time)
    shapes = {re.sub(r'name="csrf_token" value="[^"]*"', "", without_nonce(p).replace(value, ""))
              for p, value in zip(pages, tries, strict=True)}
    assert len(shapes) == 1


def test_a_wrong_link_code_takes_about_as_long_as_an_existing_participant_code(app, linked):
    """One indexed look-up of the digest whatever is typed: timed in the service, many times each, medians compared."""
    from cocreate.surveys import services

    survey_id, _code, _people = linked
    with app.app_context():
        survey = db.session.get(services.Survey, survey_id)

        def median(value):
            times = []
            for _ in range(60):
                start = time.perf_counter()
                assert services.find_participant(survey, value) is None
                times.append(time.perf_counter() - start)
            return sorted(times)[len(times) // 2]
        median("ES-M-001")  # warm up
        existing, unknown, malformed = median("ES-M-001"), median(linking.new_link_code()), median("x")
        assert max(existing, unknown, malformed) < 3 * min(existing, unknown, malformed)


def test_printing_a_new_card_stops_the_old_one_and_is_audited(app, client, auth, linked):
    _id, code, people = linked
    with app.app_context():
        person = db.session.scalars(sa.select(Participant).where(Participant.code == "ES-M-001")).one()
        person_id, slug = person.id, person.site.project.slug
        entries = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
    auth.login_as("facilitator", projects=[slug], sites=[(slug, "ES")])
    page = client.get(f"/participants/{person_id}")
    assert "Print a new link card" in page.get_data(as_text=True)
    card = client.post(f"/participants/{person_id}/link-card")
    assert card.status_code == 200 and card.headers["Cache-Control"] == "no-store"
    new_code = re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", card.get_data(as_text=True)).group()
    assert new_code != people["yes"]
    assert api(client, code, people["yes"], 30).status_code == 422  # the old card no longer works
    assert api(client, code, new_code, 31).status_code == 201
    with app.app_context():
        entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.id > entries)
                                   .where(AuditEntry.action == "participants.link_code_issued")).one()
        assert "ES-M-001" not in entry.label + entry.details and new_code not in entry.label + entry.details
        assert new_code not in json.dumps(db.session.execute(sa.select(Participant.__table__)).all(), default=str)


def test_a_facilitator_of_another_site_cannot_print_a_card(app, client, auth, make_project, linked):
    _id, _code, _people = linked
    with app.app_context():
        person = db.session.scalars(sa.select(Participant).where(Participant.code == "ES-M-001")).one()
        person_id, digest = person.id, person.link_digest
    auth.login_as("facilitator", projects=["elsewhere"], sites=[("elsewhere", "IT")])
    assert client.post(f"/participants/{person_id}/link-card").status_code == 403
    with app.app_context():
        assert db.session.get(Participant, person_id).link_digest == digest


def test_each_new_participant_gets_a_link_digest_of_their_own(app, make_project):
    from cocreate.participants.services import create_participant
    from cocreate.projects.services import get_project_by_slug, get_site

    make_project("cards", sites=("ES",))
    with app.app_context():
        site = get_site(get_project_by_slug("cards"), "ES")
        people = [create_participant(site, stakeholder_group="migrant", actor=None) for _ in range(3)]
        assert len({p.link_digest for p in people}) == 3
        before = people[0].link_digest
        issued = issue_link_code(people[0], actor=None)
        assert people[0].link_digest == linking.link_digest(issued) != before


def test_a_site_prints_a_card_for_everyone_consenting_and_each_card_links(app, client, auth, linked):
    _id, code, people = linked
    with app.app_context():
        site = db.session.scalars(sa.select(Participant).where(Participant.code == "ES-M-001")).one().site
        site_id, slug = site.id, site.project.slug
    auth.login_as("facilitator", projects=[slug], sites=[(slug, "ES")])
    assert "Print new link cards for this site" in client.get(f"/participants/sites/{site_id}").get_data(as_text=True)
    cards = client.post(f"/participants/sites/{site_id}/link-cards")
    assert cards.status_code == 200 and cards.headers["Cache-Control"] == "no-store"
    text = cards.get_data(as_text=True)
    printed = re.findall(r"<strong class=\"survey-code\" dir=\"ltr\">([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})</strong>", text)
    # ES-M-001 and ES-M-002 consent to take part (never asked, withdrawn and the other project's get none)
    assert "ES-M-001" in text and "ES-M-002" in text and "ES-M-003" not in text and "ES-M-004" not in text
    assert len(set(printed)) == 2
    assert api(client, code, people["yes"], 40).status_code == 422  # the card printed before stops working
    assert {api(client, code, link_code, 41 + n).status_code for n, link_code in enumerate(set(printed))} == {201}
