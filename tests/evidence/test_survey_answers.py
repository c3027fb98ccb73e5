"""Researchers code survey answers like quotes: one answer of one response is a piece of evidence, counted,
searched and exported while its respondent consents to being quoted, and never when anonymous or withdrawn."""
import csv
import io
import uuid

import pytest
import sqlalchemy as sa

from cocreate.evidence import services as evidence
from cocreate.evidence.registry import EVIDENCE_KINDS, Ref
from cocreate.evidence.services import fold
from cocreate.extensions import db
from cocreate.participants import services as participants
from cocreate.participants.models import ConsentScope, Participant
from cocreate.projects.services import get_project_by_slug
from cocreate.surveys.models import Response, Survey, SurveyMode


def page(response):
    return response.get_data(as_text=True)


def linked_answer():
    """A demo response to the linked 2021 survey with a comment, whose respondent consents to quotes."""
    responses = db.session.scalars(
        sa.select(Response).join(Survey, Survey.id == Response.survey_id)
        .where(Survey.mode == SurveyMode.LINKED, Response.participant_id.in_(
            participants.consenting(ConsentScope.QUOTES))).order_by(Response.id)).all()
    return next(r for r in responses if r.answers.get("comment"))


def anonymous_answer():
    responses = db.session.scalars(sa.select(Response).where(Response.participant_id.is_(None))
                                   .order_by(Response.id)).all()
    return next(r for r in responses if r.answers.get("wish"))


@pytest.fixture
def ctx(seeded):
    with seeded.app_context():
        yield seeded
        db.session.rollback()


def test_surveys_register_their_answers_in_the_shared_registry(seeded):
    assert {"note", "quote", "frame", "survey_answer"} <= set(EVIDENCE_KINDS)


def test_a_consented_answer_is_coded_and_counts_everywhere(ctx):
    project = get_project_by_slug("miict")
    response = linked_answer()
    text = response.answers["comment"]
    ref = Ref("survey_answer", response.id, "comment")
    first = evidence.save_code(project, None, name="Said in the survey", actor=None)
    second = evidence.save_code(project, None, name="Also said", actor=None)
    coding = evidence.apply_code(first, ref, excerpt=text[:5], actor=None)
    evidence.apply_code(second, ref, actor=None)
    assert coding.ref == ref

    excerpts = evidence.coded_excerpts(project, code=first)
    assert [(e.kind.name, e.text) for e in excerpts] == [("survey_answer", text[:5])]
    assert excerpts[0].site.id == response.participant.site_id
    rows, _sites = evidence.code_frequencies(project)
    assert {code.name: total for code, total, _s, _g in rows}["Said in the survey"] == 1
    codes, pairs = evidence.co_occurrence(project)
    assert pairs[tuple(sorted((first.id, second.id)))] == 1
    hits = evidence.search(project, text.split()[0], code_id=first.id)
    assert [(h.kind.name, h.item.response.id, h.item.key) for h in hits] == [("survey_answer", response.id, "comment")]
    exported = list(csv.DictReader(io.StringIO(evidence.export_coded_excerpts(project, code=first))))
    assert [(row["evidence_type"], row["evidence_id"], row["evidence_part"], row["speaker"], row["excerpt"])
            for row in exported] == [("survey_answer", str(response.id), "comment", response.participant.code,
                                      text[:5])]


def test_an_excerpt_must_come_from_the_answer_and_a_missing_answer_is_nothing(ctx):
    project = get_project_by_slug("miict")
    response = linked_answer()
    code = evidence.save_code(project, None, name="Checked", actor=None)
    with pytest.raises(evidence.EvidenceError, match="copied from the text"):
        evidence.apply_code(code, Ref("survey_answer", response.id, "comment"), excerpt="not in it", actor=None)
    for part in ("satisfied", "nope", ""):  # a rating is no free text; no such key; the whole response
        with pytest.raises(evidence.EvidenceError, match="nothing to code"):
            evidence.apply_code(code, Ref("survey_answer", response.id, part), actor=None)


def test_an_anonymous_answer_cannot_be_coded(ctx):
    project = get_project_by_slug("miict")
    response = anonymous_answer()
    code = evidence.save_code(project, None, name="Anonymous", actor=None)
    with pytest.raises(evidence.EvidenceError, match="anonymously"):
        evidence.apply_code(code, Ref("survey_answer", response.id, "wish"), actor=None)
    assert evidence.search(project, response.answers["wish"]) == []


def test_a_withdrawn_respondent_is_left_out_at_once_and_their_words_hidden(seeded, client, auth):
    with seeded.app_context():
        project = get_project_by_slug("miict")
        response = linked_answer()
        response_id, survey_id, text = response.id, response.survey_id, response.answers["comment"]
        code = evidence.save_code(project, None, name="Withdrawn later", actor=None)
        evidence.apply_code(code, Ref("survey_answer", response_id, "comment"), actor=None)
        code_id, person_id = code.id, response.participant_id
        db.session.commit()
    auth.login_as("admin")
    places = [f"/evidence/codes/{code_id}", "/evidence/projects/miict/codebook/export.csv",
              f"/evidence/projects/miict/search?q={text.split()[0]}&code={code_id}", f"/surveys/{survey_id}/answers/comment"]
    for url in places:
        assert text in page(client.get(url)), url

    with seeded.app_context():
        person = db.session.get(Participant, person_id)
        participants.withdraw_consent(participants.active_consent(person, "quotes"), actor=None)
        db.session.commit()
    for url in places + [f"/surveys/{survey_id}/results",
                         f"/evidence/survey_answer/{response_id}/comment/codes"]:
        assert text not in page(client.get(url)), url
    assert "Withdrawn on" in page(client.get(f"/surveys/{survey_id}/answers/comment"))
    coding_page = page(client.get(f"/evidence/survey_answer/{response_id}/comment/codes"))
    assert "Withdrawn on" in coding_page and 'name="excerpt"' not in coding_page
    refused = client.post(f"/evidence/survey_answer/{response_id}/comment/codes", data={"code": code_id})
    assert refused.status_code == 200 and "withdrawn" in page(refused)
    with seeded.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response).where(Response.id == response_id))


def test_a_researcher_codes_an_answer_from_the_results(seeded, client, auth):
    with seeded.app_context():
        response = linked_answer()
        response_id, survey_id, text = response.id, response.survey_id, response.answers["comment"]
        code_id = evidence.save_code(get_project_by_slug("miict"), None, name="From the results", actor=None).id
        db.session.commit()
    auth.login_as("researcher")
    results = page(client.get(f"/surveys/{survey_id}/results"))
    assert f"/surveys/{survey_id}/answers/comment" in results
    answers = page(client.get(f"/surveys/{survey_id}/answers/comment"))
    assert text in answers and f"/evidence/survey_answer/{response_id}/comment/codes" in answers
    saved = client.post(f"/evidence/survey_answer/{response_id}/comment/codes", data={"code": code_id, "excerpt": ""})
    assert saved.status_code == 302
    assert text in page(client.get(f"/evidence/codes/{code_id}"))
    assert "From the results" in page(client.get(f"/surveys/{survey_id}/answers/comment"))
    # an anonymous answer of the same project offers no coding at all
    with seeded.app_context():
        anonymous = anonymous_answer()
        url = f"/evidence/survey_answer/{anonymous.id}/wish/codes"
    refused = page(client.get(url))
    assert "anonymously" in refused and 'name="excerpt"' not in refused
    assert client.get("/evidence/survey_answer/999999/comment/codes").status_code == 404
    assert client.get(f"/surveys/{survey_id}/answers/satisfied").status_code == 404


# --- search: the database picks the candidate responses, Python matches the free-text answers themselves,
# folded as every kind of evidence is (case and accents), and nothing else they hold.

def answer_like_a_demo_one(answers):
    """A new response to the demo's linked survey, by a respondent who consents to quotes, holding `answers`
    beside the demo response's others."""
    model = linked_answer()
    response = Response(survey_id=model.survey_id, survey_version=model.survey_version, client_uuid=str(uuid.uuid4()),
                        language=model.language, site_id=model.site_id, participant_id=model.participant_id,
                        stakeholder_group=model.stakeholder_group, answers={**model.answers, **answers})
    db.session.add(response)
    db.session.flush()
    return response


def found(words):
    return {(hit.item.response.id, hit.item.key) for hit in evidence.search(get_project_by_slug("miict"), words)
            if hit.kind.name == "survey_answer"}


def test_words_match_whatever_their_case_and_accents(ctx):
    response = answer_like_a_demo_one({"comment": "Trabajé en la COCINA de un hotel, Ελλάδα"})
    ascii_only = answer_like_a_demo_one({"comment": "The WORKSHOP-ROOM was too cold"})
    for words in ("trabaje", "TRABAJÉ cocina", "Trabajé", "ελλαδα", "Ελλάδα hotel"):
        assert (response.id, "comment") in found(words), words
    assert (ascii_only.id, "comment") in found("workshop-room cold")
    assert (ascii_only.id, "comment") not in found("workshop-room warm")


def test_what_json_writes_around_an_answer_is_not_searched(ctx):
    response = answer_like_a_demo_one({"comment": "Café \"avec\" lait"})
    assert (response.id, "comment") in found('"avec"')
    for words in ("u00e9", "caf\\u00e9", "comment", '"comment":', "satisfied"):  # an escape, a key, JSON syntax
        assert all(words.lower() in fold(text) for text in answer_texts(found(words))), words
        assert (response.id, "comment") not in found(words), words


def answer_texts(refs):
    return [db.session.get(Response, response_id).answers[key] for response_id, key in refs]


def test_only_free_text_answers_are_searched(ctx):
    """The answer to a question that is not free text (a choice, a rating, what a person may say of
    themselves) is never found, whatever it holds; the same word in a free-text answer is."""
    chose = answer_like_a_demo_one({"satisfied": "zzqchosen", "comment": "Nothing to add"})
    wrote = answer_like_a_demo_one({"comment": "I wrote zzqchosen here"})
    assert found("zzqchosen") == {(wrote.id, "comment")}
    assert not {ref for ref in found("nothing add") if ref[0] == chose.id and ref[1] != "comment"}
