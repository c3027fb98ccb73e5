"""Citing evidence in a requirement: what a link keeps, what is refused (with a message), unlinking, the record
of changes, and a survey question cited with a snapshot of its result."""
import pytest
import sqlalchemy as sa

from cocreate.evidence.registry import Ref
from cocreate.extensions import db
from cocreate.history.models import Change
from cocreate.requirements import services
from cocreate.requirements.models import EvidenceLink, Requirement
from cocreate.requirements.services import RequirementError


def requirement(world):
    return db.session.get(Requirement, world["requirement"])


def refused(world, ref, justification="Says the forms are a barrier."):
    with pytest.raises(RequirementError) as raised:
        services.link_evidence(requirement(world), ref, justification=justification, actor=None)
    return str(raised.value)


def test_a_link_keeps_the_site_and_stakeholder_group_the_evidence_came_from(trace_world, ctx):
    link = services.link_evidence(requirement(trace_world), Ref("quote", trace_world["quote_es"]),
                                  justification="Says the forms are a barrier.", actor=None)
    assert link.site.code == "ES" and link.stakeholder_group == "migrant"
    assert link.justification == "Says the forms are a barrier." and link.removed_on is None


def test_evidence_of_another_project_is_refused(trace_world, ctx):
    assert "belongs to another project" in refused(trace_world, Ref("quote", trace_world["quote_other"]))


def test_unknown_evidence_is_refused(trace_world, ctx):
    for ref in (Ref("quote", 99999), Ref("no-such-kind", 1), Ref("survey_question", trace_world["survey"], "nope")):
        assert "There is no such evidence" in refused(trace_world, ref)


def test_evidence_whose_consent_was_withdrawn_is_refused(trace_world, ctx):
    from cocreate.participants.services import get_participant_by_code, withdraw_consent

    person = get_participant_by_code(trace_world["withdrawn_speaker"])
    withdraw_consent(next(c for c in person.consents if c.scope.value == "quotes"), actor=None)
    assert "was withdrawn on" in refused(trace_world, Ref("quote", trace_world["quote_es"]))


def test_a_second_link_to_the_same_evidence_is_refused(trace_world, ctx):
    services.link_evidence(requirement(trace_world), Ref("quote", trace_world["quote_es"]), justification="First.",
                           actor=None)
    assert "REQ-001 already cites this evidence." == refused(trace_world, Ref("quote", trace_world["quote_es"]))


def test_a_link_needs_a_justification(trace_world, ctx):
    assert "why this evidence supports" in refused(trace_world, Ref("quote", trace_world["quote_es"]), "   ")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EvidenceLink)) == 0


def test_a_survey_question_is_cited_with_its_result_small_counts_suppressed(trace_world, ctx):
    link = services.link_evidence(requirement(trace_world), Ref("survey_question", trace_world["survey"], "city"),
                                  justification="Most answered from Madrid.", actor=None)
    rows = {label: count for label, count, _percent in link.snapshot["rows"]}
    assert link.snapshot["answered"] == "7" and link.snapshot["question"] == "City"
    assert rows == {"Madrid": "<5", "Rome": "<5"}  # 2 is small; 5 would give it away next to the total
    assert link.site.code == "ES" and link.stakeholder_group == ""


def test_linking_and_unlinking_are_recorded(trace_world, app, client, auth):
    auth.login_as("researcher")
    page = client.post(f"/requirements/{trace_world['requirement']}/evidence",
                       data={"kind": "quote", "target_id": trace_world["quote_es"], "justification": "A barrier."},
                       follow_redirects=True).get_data(as_text=True)
    assert "The evidence is cited." in page and "cited evidence in a requirement" in page
    with app.app_context():
        link_id = db.session.scalar(sa.select(EvidenceLink.id))
    page = client.post(f"/requirements/{trace_world['requirement']}/evidence/{link_id}/delete",
                       follow_redirects=True).get_data(as_text=True)
    assert "The citation was removed." in page and "removed a citation of evidence" in page
    with app.app_context():
        actions = set(db.session.scalars(sa.select(Change.action)))
        assert {"requirements.evidence_linked", "requirements.evidence_unlinked"} <= actions
        assert db.session.scalar(sa.select(sa.func.count()).select_from(EvidenceLink)) == 0


def test_a_refused_link_says_why_on_the_page(trace_world, client, auth):
    auth.login_as("researcher")
    page = client.post(f"/requirements/{trace_world['requirement']}/evidence",
                       data={"kind": "quote", "target_id": trace_world["quote_other"], "justification": "A barrier."},
                       follow_redirects=True).get_data(as_text=True)
    assert "This evidence belongs to another project" in page


def test_the_requirement_page_shows_the_quote_in_its_language_with_its_translation(trace_world, app, client, auth):
    with app.test_request_context():
        services.link_evidence(requirement(trace_world), Ref("quote", trace_world["quote_es"]),
                               justification="Says the forms are a barrier.", actor=None)
        db.session.commit()
    auth.login_as("facilitator")
    page = client.get(f"/requirements/{trace_world['requirement']}").get_data(as_text=True)
    assert '<blockquote lang="ar" dir="rtl"><p class="pre">لا أفهم الاستمارات</p></blockquote>' in page
    assert 'lang="en" dir="ltr">Translation: I do not understand the forms' in page
    assert "Says the forms are a barrier." in page


@pytest.mark.parametrize("language, words", [
    ("es", "pertenece a otro proyecto"), ("it", "appartiene a un altro progetto"), ("el", "ανήκει σε άλλο έργο"),
    ("fr", "appartient à un autre projet"), ("ar", "ينتمي هذا الدليل إلى مشروع آخر")])
def test_the_refusal_is_in_the_readers_language(trace_world, client, auth, language, words):
    auth.login_as("researcher")
    client.get(f"/?lang={language}")
    page = client.post(f"/requirements/{trace_world['requirement']}/evidence",
                       data={"kind": "quote", "target_id": trace_world["quote_other"], "justification": "x"},
                       follow_redirects=True).get_data(as_text=True)
    assert words in page and "belongs to another project" not in page
