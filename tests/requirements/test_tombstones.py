"""Evidence that is deleted, erased or whose consent is withdrawn stays in the trace as a tombstone: the day it
went, never its text, speaker or code."""
from datetime import date

import sqlalchemy as sa

from cocreate.evidence.registry import Ref
from cocreate.evidence.services import forget
from cocreate.extensions import db
from cocreate.requirements import services
from cocreate.requirements.models import EvidenceLink, Requirement


def cite(app, world, ref):
    with app.test_request_context():
        link = services.link_evidence(db.session.get(Requirement, world["requirement"]), ref,
                                      justification="It is about the forms.", actor=None)
        link_id = link.id
        db.session.commit()
    return link_id


def page_of(client, auth, world):
    auth.login_as("researcher")
    return client.get(f"/requirements/{world['requirement']}").get_data(as_text=True)


def test_deleting_a_cited_quote_leaves_a_tombstone_dated_today(trace_world, app, client, auth):
    link_id = cite(app, trace_world, Ref("quote", trace_world["quote_es"]))
    auth.login_as("admin")
    assert client.post(f"/workshops/quotes/{trace_world['quote_es']}/delete").status_code == 302
    with app.app_context():
        link = db.session.get(EvidenceLink, link_id)
        assert link.removed_on == date.today() and link.erased is False
    page = page_of(client, auth, trace_world)
    assert "Evidence withdrawn on" in page and "It is about the forms." in page
    assert "لا أفهم الاستمارات" not in page and "I do not understand the forms" not in page


def test_erasing_marks_every_part_of_a_row_and_drops_the_snapshot(trace_world, app):
    with app.app_context():
        for part in ("wish", "story"):
            db.session.add(EvidenceLink(requirement_id=trace_world["requirement"], kind="survey_answer",
                                        target_id=7, part=part, justification="x", snapshot={"rows": []}))
        db.session.add(EvidenceLink(requirement_id=trace_world["requirement"], kind="survey_answer", target_id=8,
                                    part="wish", justification="another response"))
        db.session.commit()
        forget("survey_answer", [7], actor=None, erased=True)
        db.session.commit()
        links = {(link.target_id, link.part): link for link in db.session.scalars(sa.select(EvidenceLink))}
        for part in ("wish", "story"):
            assert links[(7, part)].erased and links[(7, part)].removed_on == date.today()
            assert links[(7, part)].snapshot is None
        assert links[(8, "wish")].removed_on is None and not links[(8, "wish")].erased


def test_a_withdrawn_consent_shows_as_a_tombstone_without_text_or_speaker(trace_world, app, client, auth):
    from cocreate.participants.services import get_participant_by_code, withdraw_consent

    cite(app, trace_world, Ref("quote", trace_world["quote_es"]))
    with app.app_context():
        person = get_participant_by_code(trace_world["withdrawn_speaker"])
        withdraw_consent(next(c for c in person.consents if c.scope.value == "quotes"), on=date(2020, 5, 4),
                         actor=None)
        db.session.commit()
    page = page_of(client, auth, trace_world)
    assert "Evidence withdrawn on" in page and "2020" in page
    assert "لا أفهم الاستمارات" not in page and trace_world["withdrawn_speaker"] not in page
    assert "See in context" not in page
