"""Linked surveys: only participants who consent to take part now can answer, every refusal reads the same, and
the responses of people who withdrew leave results and exports."""
from .conftest import UUID1


def _participants(app, survey_id, make_project):
    """Participants at the survey's site: consenting, never consented, withdrawn; and one at another project: the
    link codes on their cards, by name."""
    from datetime import date

    import sqlalchemy as sa

    from cocreate.extensions import db
    from cocreate.projects.models import PilotSite
    from cocreate.surveys.models import Survey
    from cocreate.participants.models import Consent, ConsentScope, Participant, StakeholderGroup
    other_slug = make_project(slug="elsewhere", sites=("IT",))
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        site = db.session.scalars(sa.select(PilotSite).where(PilotSite.project_id == survey.project_id)).first()
        from cocreate.projects.services import get_project_by_slug
        other_site = get_project_by_slug(other_slug).sites[0]
        people = {}
        for number, (name, where, consent) in enumerate([("yes", site, "active"), ("later", site, "active"),
                                                         ("never", site, None),
                                                         ("withdrawn", site, "withdrawn"),
                                                         ("other", other_site, "active")], start=1):
            person = Participant(site_id=where.id, code=f"ES-M-{number:03d}" if name != "other" else "IT-M-009",
                                 stakeholder_group=StakeholderGroup.MIGRANT, number=number, languages=["ar"])
            db.session.add(person)
            db.session.flush()
            if consent:
                db.session.add(Consent(participant_id=person.id, scope=ConsentScope.TAKE_PART, form_version="v1",
                                       given_on=date(2024, 1, 1),
                                       withdrawn_on=date(2024, 2, 1) if consent == "withdrawn" else None))
            people[name] = person
        db.session.commit()
        from cocreate.participants.services import issue_link_code
        people = {name: issue_link_code(person, actor=None) for name, person in people.items()}
        db.session.commit()
    return people


def _api(client, code, participant, n):
    return client.post(f"/api/v1/surveys/{code}/responses",
                       json={"client_uuid": f"0b7e4c1e-5f0e-4c57-9a3e-6f1d2a0000{n:02d}", "language": "en",
                             "participant": participant, "answers": {"working": "no"}})


def test_only_participants_consenting_to_take_part_can_answer_with_one_message(app, client, make_survey,
                                                                               make_project):
    _id, code = make_survey(mode="linked")
    people = _participants(app, _id, make_project)
    refused = [_api(client, code, people[name], n) for n, name in enumerate(["never", "withdrawn", "other"], 1)]
    refused.append(_api(client, code, "ES-M-999", 9))
    assert {r.status_code for r in refused} == {422}
    assert len({r.json["errors"]["participant"] for r in refused}) == 1  # codes cannot be told apart
    assert _api(client, code, people["yes"], 20).status_code == 201
    web = [client.post(f"/s/{code}/en", data={"client_uuid": UUID1, "section": "", "nav": "next",
                                              "participant": participant}).get_data(as_text=True)
           for participant in [people["never"], people["withdrawn"], people["other"], "ES-M-999"]]
    assert all("This link code is not known for this survey" in html for html in web)


def test_responses_of_people_who_withdrew_are_left_out_of_results_and_exports(app, make_survey, make_project):
    from datetime import date

    from cocreate.extensions import db
    from cocreate.surveys import exports, results, services
    from cocreate.surveys.models import Survey
    from cocreate.participants.models import Consent
    survey_id, _code = make_survey(mode="linked")
    people = _participants(app, survey_id, make_project)
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        consent = None
        for n, name in enumerate(["yes", "later"], 1):
            services.submit_response(survey, client_uuid=f"0b7e4c1e-5f0e-4c57-9a3e-6f1d2a0000{n:02d}",
                                     language="en", answers={"working": "no"}, link_code=people[name])
        db.session.commit()
        consent = db.session.scalars(
            db.select(Consent).where(Consent.participant.has(code="ES-M-002"))).one()
        consent.withdrawn_on = date(2024, 6, 1)
        db.session.commit()
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        assert [r.participant.code for r in services.list_responses(survey)] == ["ES-M-001"]
        assert services.responses_per_version(survey) == {survey.version: 1}  # what results count
        total, _found = results.summarise(survey, services.definition(survey), "en")
        assert str(total) == "<5"
        header, rows = exports.table(survey)
        assert [row[header.index("participant")] for row in rows] == ["ES-M-001"]
