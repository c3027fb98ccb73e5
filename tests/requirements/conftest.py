"""A project with evidence from three pilot sites, a second project with evidence of its own, and a register."""
from datetime import date

import pytest

from cocreate.extensions import db


@pytest.fixture
def ctx(app):
    """An app context for tests that call services directly (in English, as a request would be)."""
    with app.test_request_context():
        yield
        db.session.rollback()


@pytest.fixture
def trace_world(app, make_project):
    """Project `demo` (sites ES, IT, CY) with quotes, a note and a survey; project `other` with a quote.

    Returns ids: quote_es (Arabic, translated, by a migrant at ES), quote_it (by an NGO worker at IT),
    quote_cy (by a migrant at CY), note_es, quote_other (project `other`), withdrawn_speaker (the code of
    the ES migrant), survey (at ES, with 7 responses), requirement (REQ-001 of `demo`).
    """
    from cocreate.participants import services as participants
    from cocreate.projects.services import get_project_by_slug, get_site
    from cocreate.requirements import services as requirements
    from cocreate.surveys import services as surveys
    from cocreate.workshops import services as workshops

    from ..surveys.conftest import small_definition

    make_project("demo", sites=("ES", "IT", "CY"))
    make_project("other", name="Other project", sites=("GR",))
    with app.app_context():
        demo, other = get_project_by_slug("demo"), get_project_by_slug("other")
        found = {}

        def speaker(site, group):
            person = participants.create_participant(site, stakeholder_group=group, languages=["ar"], actor=None)
            for scope in ("take_part", "quotes"):
                participants.record_consent(person, scope, form_version="v1", given_on=date(2019, 3, 1),
                                            actor=None)
            return person

        def workshop_at(site):
            return workshops.save_workshop(None, site=site, title=f"Focus group {site.code}", phase="requirements",
                                           date=date(2019, 4, 10), languages=["es", "ar"], actor=None)

        es, it, cy = (get_site(demo, code) for code in ("ES", "IT", "CY"))
        gr = get_site(other, "GR")
        es_migrant = speaker(es, "migrant")
        at_es = workshop_at(es)
        found["quote_es"] = workshops.add_quote(at_es, speaker_code=es_migrant.code, text="لا أفهم الاستمارات",
                                                language="ar", translation="I do not understand the forms",
                                                actor=None).id
        found["note_es"] = workshops.add_note(at_es, body="Several people asked for forms in Arabic.",
                                              actor=None).id
        found["quote_it"] = workshops.add_quote(workshop_at(it), speaker_code=speaker(it, "ngo").code,
                                                text="Non capiscono i moduli", language="it", actor=None).id
        found["quote_cy"] = workshops.add_quote(workshop_at(cy), speaker_code=speaker(cy, "migrant").code,
                                                text="The forms are only in Greek", language="en", actor=None).id
        found["quote_other"] = workshops.add_quote(workshop_at(gr), speaker_code=speaker(gr, "migrant").code,
                                                   text="Elsewhere", language="en", actor=None).id
        found["withdrawn_speaker"] = es_migrant.code
        survey = surveys.create_from_definition(demo, small_definition(), site=es, actor=None)
        surveys.set_open(survey, True, actor=None)
        for number, (working, city) in enumerate([("yes", "madrid")] * 5 + [("no", "rome")] * 2):
            surveys.submit_response(survey, client_uuid=f"0b7e4c1e-5f0e-4c57-9a3e-6f1d2a0000{number:02d}",
                                    language="en", answers={"working": working, "city": city, "hours": 30})
        found["survey"] = survey.id
        found["requirement"] = requirements.create_requirement(
            demo, actor=None, title="Forms in Arabic", type="language", priority="must",
            statement="The forms are offered in Arabic.", acceptance_criteria="Every form has an Arabic version.").id
        db.session.commit()
        return found
