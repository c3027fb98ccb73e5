"""What surveys offer the shared evidence registry: each free-text answer of a response, one piece of evidence,
and each question as a whole (its result, which a requirement cites with a snapshot taken when it links).

An answer is addressed by (response id, question key).  It may be coded, counted, searched and exported
like a quote: only while its respondent is a known participant who consents to taking part and to being
quoted.  An anonymous answer can be read in the survey's results but is never coded or quoted (nobody
consented to quotes); a withdrawn one is shown nowhere.
"""
import json
from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload

from ..database import byte_length
from ..evidence.registry import ConsentedWords, EvidenceKind, Link, Occasion, Ref
from ..evidence.registry import register as register_evidence
from ..evidence.services import coded_refs, fold
from ..extensions import db
from ..participants.models import Participant
from . import results, services
from .kinds import KINDS, Text, kind_of, pick
from .models import Response, Survey, SurveyVersion
from .services import ANSWERS_TEXT, answers_from_text


@dataclass(frozen=True)
class SurveyAnswer:
    """One free-text answer: the response it belongs to, the question's key and label, the text."""

    response: Response
    key: str
    label: str
    text: str

    @property
    def id(self):
        return self.response.id

    @property
    def access_scope(self):
        return self.response.survey.project_id, self.response.site_id or self.response.survey.site_id


def free_text_keys(defn):
    """{key: question} of the free-text questions of a survey definition."""
    return {q["key"]: q for q in services.questions_of(defn) if isinstance(KINDS.get(q["kind"]), Text)}


def answers_of(responses):
    """[SurveyAnswer] of the free-text answers in `responses` (all of one survey or not), each read through
    the version of the survey it was answered in; a few queries whatever their number."""
    versions = defaultdict(set)
    for response in responses:
        versions[response.survey].add(response.survey_version)
    texts = {}
    for survey, numbers in versions.items():
        for number, defn in services.definitions_of_versions(survey, numbers).items():
            texts[(survey.id, number)] = (free_text_keys(defn), survey.source_language)
    found = []
    for response in responses:
        keys, source = texts[(response.survey_id, response.survey_version)]
        for key, question in keys.items():
            value = response.answers.get(key)
            if isinstance(value, str) and value.strip():
                found.append(SurveyAnswer(response, key, pick(question["label"], source, source)[0], value))
    return found


def _shown(question, value, language, source):
    """An answer as the respondent read it: a choice by its label in their language, several joined."""
    kind = KINDS.get(question["kind"]) if question else None
    if kind is None:
        return value
    options = kind.options(question, language, source)
    if not options:
        return value
    labels = dict(zip((str(option[0]) for option in options), kind.option_labels(question, language, source)))
    if isinstance(value, list):
        return ", ".join(labels.get(str(item), str(item)) for item in value)
    return labels.get(str(value), value)


class SurveyAnswerEvidence(ConsentedWords):
    name, label, model = "survey_answer", _l("Survey answer"), Response
    rows_label = _l("Survey responses")

    def participant_column(self):
        return Response.participant_id

    def loader_options(self):
        return (joinedload(Response.survey).joinedload(Survey.project), joinedload(Response.site),
                selectinload(Response.participant).selectinload(Participant.consents),
                selectinload(Response.participant).joinedload(Participant.site))

    def ref(self, item):
        return Ref(self.name, item.response.id, item.key)

    def load(self, refs, *, publishable_only=False):
        ids = sorted({ref.id for ref in refs})
        responses = []
        for start in range(0, len(ids), 500):
            query = sa.select(Response).where(Response.id.in_(ids[start:start + 500])).options(*self.loader_options())
            if publishable_only:
                query = query.where(self.publishable_clause())
            responses += db.session.scalars(query).all()
        items = {self.ref(answer): answer for answer in answers_of(responses)}
        return {ref: items[ref] for ref in refs if ref in items}

    def text(self, item):
        return item.text

    def language(self, item):
        return item.response.language

    def site(self, item):
        response = item.response
        if response.site is not None:
            return response.site
        if response.participant is not None:
            return response.participant.site
        return response.survey.site

    def project_id(self, item):
        return item.response.survey.project_id

    def participant(self, item):
        return item.response.participant

    def of_participant(self, participant_id):
        """Every response linked to the participant (a response holds their answers, free text or not)."""
        return list(db.session.scalars(sa.select(Response.id).where(Response.participant_id == participant_id)
                                       .order_by(Response.id)))

    def items_of_rows(self, ids):
        return answers_of(self._responses(ids))

    def records_of_rows(self, ids):
        """Each response with every answer it holds, each named by its question in the response's language."""
        responses = self._responses(ids)
        versions = defaultdict(set)
        for response in responses:
            versions[response.survey].add(response.survey_version)
        questions = {}
        for survey, numbers in versions.items():
            for number, defn in services.definitions_of_versions(survey, numbers).items():
                questions[(survey.id, number)] = {q["key"]: q for q in services.questions_of(defn)}
        records = []
        for response in responses:
            survey, asked = response.survey, questions.get((response.survey_id, response.survey_version), {})
            answers = []
            for key, value in (response.answers or {}).items():
                question = asked.get(key)
                label = pick(question["label"], response.language, survey.source_language)[0] if question else key
                answers.append({"question": label, "key": key, "answer": value,
                                "shown": _shown(question, value, response.language, survey.source_language)})
            records.append({"survey": pick(survey.title, response.language, survey.source_language)[0],
                            "submitted_at": response.submitted_at.isoformat(), "language": response.language,
                            "answers": answers})
        return records

    def _responses(self, ids):
        ids = sorted(set(ids))
        found = []
        for start in range(0, len(ids), 500):
            found += db.session.scalars(sa.select(Response).where(Response.id.in_(ids[start:start + 500]))
                                        .options(*self.loader_options()).order_by(Response.id)).all()
        return found

    def occasion(self, item):
        survey = item.response.survey
        title = pick(survey.title, survey.source_language, survey.source_language)[0]
        return Occasion(title, item.response.submitted_at.date(),
                        Link("surveys.free_text_answers", {"survey_id": survey.id, "key": item.key}))

    def link(self, item):
        return Link("surveys.free_text_answers", {"survey_id": item.response.survey_id, "key": item.key,
                                                  "answer": item.response.id, "_anchor": f"answer-{item.response.id}"})

    def refusal(self, item):
        if item.response.participant_id is None:
            return _l("This answer was given anonymously: it can be read with the survey's results, "
                      "but nobody consented to it being quoted, so it cannot be coded.")
        return super().refusal(item)

    def search(self, project, words, *, site_id=None, code_id=None, filters=None, limit=200):
        """The free-text answers of consenting respondents (the others are never searchable) that hold every
        one of `words` (folded), newest first: a few statements, however many responses there are.

        One query picks the candidate responses (`_candidates`) and reads only their answers; they are matched
        in Python on the free-text answers alone, never on keys, choices, numbers or what JSON escapes, until
        `limit` are found.  Then the responses of those found are read, with their people."""
        wanted = coded_refs(self.name, code_id) if code_id else None
        query = self._candidates(project, words).order_by(Response.submitted_at.desc(), Response.id)
        if site_id:
            query = query.where(Response.site_id == site_id)
        if wanted is not None:
            query = query.where(Response.id.in_({response_id for response_id, _part in wanted} or {0}))
        texts = _free_text_questions(project)
        found = []
        with db.session.execute(query.execution_options(yield_per=SEARCH_ROWS)) as result:
            for response_id, survey_id, version, text in result:
                questions = texts.get((survey_id, version))
                if questions is None:  # a version with no stored definition (none should be): read it
                    questions = texts[(survey_id, version)] = _questions_of_version(survey_id, version)
                answers = answers_from_text(text)
                for key in questions:
                    value = answers.get(key)
                    if not (isinstance(value, str) and value.strip()):
                        continue
                    if wanted is not None and (response_id, key) not in wanted:
                        continue
                    folded = fold(value)
                    if all(word in folded for word in words):
                        found.append((response_id, key, value))
                if len(found) >= limit:
                    break
        found = found[:limit]
        responses = {response.id: response for response in db.session.scalars(
            sa.select(Response).where(Response.id.in_({response_id for response_id, _key, _value in found}))
            .options(*self.loader_options()))}
        answers = []
        for response_id, key, value in found:
            response = responses[response_id]
            source = response.survey.source_language
            question = texts[(response.survey_id, response.survey_version)][key]
            answers.append(SurveyAnswer(response, key, pick(question["label"], source, source)[0], value))
        return answers

    def _candidates(self, project, words):
        """SQL: (id, survey id, version, answers as JSON text) of the responses of consenting respondents in
        `project` whose answers may hold every one of `words` (folded): a response whose JSON text, lower-cased,
        holds each word as JSON writes it, or whose text holds anything outside ASCII (an escape `\\u…`, or
        the character itself), which SQL cannot fold as `fold` does and Python reads instead.  On text all
        in ASCII, folding is lower-casing, so no answer that holds the words is left out."""
        text = sa.func.lower(ANSWERS_TEXT)
        holds_words = sa.and_(sa.true(), *(text.like(f"%{_like_escaped(json.dumps(word)[1:-1])}%", escape="\\")
                                           for word in words))
        beyond_ascii = sa.or_(ANSWERS_TEXT.like("%\\\\u%", escape="\\"),
                              byte_length(ANSWERS_TEXT) != sa.func.length(ANSWERS_TEXT))
        return (sa.select(Response.id, Response.survey_id, Response.survey_version, ANSWERS_TEXT)
                .join(Survey, Survey.id == Response.survey_id)
                .where(Survey.project_id == project.id, self.publishable_clause(), sa.or_(holds_words, beyond_ascii)))


SEARCH_ROWS = 500  # candidate responses read from the database at a time by a search


def _like_escaped(text):
    """`text` for a LIKE pattern with `\\` as its escape character."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _free_text_questions(project):
    """{(survey id, version number): {key: question}} of the free-text questions of every stored version of
    the surveys of `project`, in one query."""
    versions = db.session.execute(sa.select(SurveyVersion.survey_id, SurveyVersion.number, SurveyVersion.definition)
                                  .join(Survey, Survey.id == SurveyVersion.survey_id)
                                  .where(Survey.project_id == project.id))
    return {(survey_id, number): free_text_keys(defn) for survey_id, number, defn in versions}


def _questions_of_version(survey_id, number):
    survey = db.session.get(Survey, survey_id)
    return free_text_keys(services.definitions_of_versions(survey, {number})[number])


@dataclass(frozen=True)
class SurveyQuestion:
    """One question of a survey as a whole: what its result says, not one person's answer."""

    survey: Survey
    key: str
    question: dict
    defn: dict

    @property
    def id(self):
        return self.survey.id

    @property
    def label(self):
        source = self.defn["source_language"]
        return pick(self.question["label"], source, source)[0]

    @property
    def access_scope(self):
        return self.survey.project_id, self.survey.site_id


class SurveyQuestionEvidence(EvidenceKind):
    """A survey question, addressed by (survey id, question key): cited with a snapshot of its result.
    It names nobody, so it is never withdrawn; it is not searched nor coded as words are."""

    name, label, model = "survey_question", _l("Survey question"), Survey

    def loader_options(self):
        return (joinedload(Survey.project), joinedload(Survey.site))

    def ref(self, item):
        return Ref(self.name, item.survey.id, item.key)

    def load(self, refs, *, publishable_only=False):
        ids = sorted({ref.id for ref in refs})
        found = {}
        for survey in db.session.scalars(sa.select(Survey).where(Survey.id.in_(ids)).options(*self.loader_options())):
            defn = services.definition(survey)
            for question in services.questions_of(defn):
                if kind_of(question).answers:
                    found[Ref(self.name, survey.id, question["key"])] = SurveyQuestion(survey, question["key"],
                                                                                         question, defn)
        return {ref: found[ref] for ref in refs if ref in found}

    def text(self, item):
        return item.label

    def language(self, item):
        return item.survey.source_language

    def site(self, item):
        return item.survey.site

    def project_id(self, item):
        return item.survey.project_id

    def occasion(self, item):
        survey = item.survey
        return Occasion(pick(survey.title, survey.source_language, survey.source_language)[0], None,
                        Link("surveys.show_results", {"survey_id": survey.id}))

    def link(self, item):
        return Link("surveys.show_results", {"survey_id": item.survey.id, "_anchor": f"result-{item.key}"})

    def snapshot(self, item):
        return results.snapshot(item.survey, item.question, item.defn)


def register():
    register_evidence(SurveyAnswerEvidence())
    register_evidence(SurveyQuestionEvidence())
