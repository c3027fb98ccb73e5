"""The search of survey answers: the database picks the candidate responses, Python matches the free-text
answers themselves, folded as every kind of evidence is (case and accents), and nothing else they hold."""
import uuid

import pytest
import sqlalchemy as sa

from cocreate.evidence import services as evidence
from cocreate.evidence.services import fold
from cocreate.extensions import db
from cocreate.participants import services as participants
from cocreate.participants.models import ConsentScope
from cocreate.projects.services import get_project_by_slug
from cocreate.surveys.models import Response, Survey, SurveyMode


@pytest.fixture
def ctx(seeded):
    with seeded.app_context():
        yield seeded
        db.session.rollback()


def answer_like_a_demo_one(answers):
    """A new response to the demo's linked survey, by a respondent who consents to quotes, holding `answers`
    beside the demo response's others."""
    model = db.session.scalars(
        sa.select(Response).join(Survey, Survey.id == Response.survey_id)
        .where(Survey.mode == SurveyMode.LINKED, Response.participant_id.in_(
            participants.consenting(ConsentScope.QUOTES))).order_by(Response.id)).all()
    model = next(r for r in model if r.answers.get("comment"))
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
