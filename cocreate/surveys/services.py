"""Rules for surveys: building them, translating them, opening them, and taking in responses.

Services `flush()`; the view (or command) that called them commits once. Those
that change data take who acted as the keyword-only `actor` (None: the system,
or a participant without an account) and announce the change with
`signals.emit("surveys.<what happened>", obj, actor=actor)`.

Answers to questions that skip logic hides: the web form *discards* them (a
participant who goes back and changes an earlier answer should not be stopped
by a question they no longer see), the JSON API *rejects* them with 422 (a
machine client that sends them has a bug worth knowing about).  Unknown
question keys are always rejected.
"""
import collections
import json
import re
import uuid
from dataclasses import dataclass, fields
from datetime import datetime

import sqlalchemy as sa
from flask import current_app, has_app_context
from flask_babel import LazyString, get_locale, lazy_ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import make_transient_to_detached, selectinload

from ..database import as_utc, utcnow
from ..evidence.services import count_codings, forget
from ..extensions import db
from ..participants.models import ConsentScope, Participant
from ..participants.services import consenting, get_participant_by_link_code
from ..projects.models import Project
from .. import sharing
from ..signals import emit
from . import calculated, logic
from .kinds import KINDS, AnswerError, check_range, in_number_range, kind_of
from .models import Question, QuestionMedia, Response, Section, Survey, SurveyMode, SurveyVersion

KEY_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")
# Choice values may start with a digit: Kobo and ODK forms often code choices 1, 2, 3.
CHOICE_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class SurveyError(ValueError):
    """A change to a survey that cannot be made; the message is for the user.

    `field` names the form field the message belongs under ("key", "condition", "choices", …), or None.
    """

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


class SurveyClosed(SurveyError):
    """The survey does not take responses now."""


class InvalidResponse(ValueError):
    """A response with problems: `errors` maps question keys (or "participant", "language") to messages."""

    def __init__(self, errors):
        super().__init__("invalid response")
        self.errors = errors



# --- finding ---------------------------------------------------------------

def list_surveys(project=None, *, archived=False):
    """The surveys (of `project`), newest first: those in use, or with `archived` those put away."""
    query = sa.select(Survey).order_by(Survey.created_at.desc(), Survey.id.desc()).where(
        Survey.archived_at.is_not(None) if archived else Survey.archived_at.is_(None))
    if project is not None:
        query = query.where(Survey.project_id == project.id)
    return db.session.scalars(query).all()


def get_survey(survey_id):
    """The survey with this id, with its sections and questions loaded at once, or None."""
    return db.session.get(Survey, survey_id, options=[selectinload(Survey.sections).selectinload(Section.questions)])


def get_survey_by_code(code):
    """The survey with this 4-character code (case and spaces forgiven), or None."""
    code = (code or "").strip().upper()
    if len(code) != 4:
        return None
    return db.session.scalar(sa.select(Survey).where(Survey.code == code).options(
        selectinload(Survey.sections).selectinload(Section.questions)))


@dataclass(frozen=True)
class SurveyToAnswer:
    """What taking a response needs of a survey, read as plain values with its current version's definition
    (no ORM object: a submission to the API loads nothing it does not use). `submit_response`, `state` and
    `find_participant` take it as they take a Survey."""

    id: int
    project_id: int
    site_id: int | None
    code: str
    version: int
    mode: SurveyMode
    languages: list
    opened_at: datetime | None
    opens_at: datetime | None
    closes_at: datetime | None
    archived_at: datetime | None

    @property
    def project(self):
        return db.session.get(Project, self.project_id)


# Built once: the statement of every submission to the API (its code a bound parameter).
SURVEY_TO_ANSWER = (sa.select(*(Survey.__table__.c[field.name] for field in fields(SurveyToAnswer)),
                              SurveyVersion.__table__.c.definition)
                    .where(Survey.__table__.c.code == sa.bindparam("code"))
                    .outerjoin(SurveyVersion.__table__, sa.and_(SurveyVersion.survey_id == Survey.id,
                                                                SurveyVersion.number == Survey.version)))


def get_survey_to_answer(code):
    """(SurveyToAnswer, definition of the version it takes responses to now) by its code, in one query; or None.

    The definition is the stored version's (`record_version` keeps it equal to the survey's questions after
    every change), read with the survey's row: not cached, since a version nobody has answered yet is
    rewritten in place by the next edit.
    """
    code = (code or "").strip().upper()
    if len(code) != 4:
        return None
    row = db.session.connection().execute(SURVEY_TO_ANSWER, {"code": code}).first()
    if row is None:
        return None
    *values, defn = row
    survey = SurveyToAnswer(*values)
    return survey, defn if defn is not None else definition(get_survey(survey.id))


def response_count(survey, version=None):
    query = sa.select(sa.func.count()).select_from(Response).where(Response.survey_id == survey.id)
    if version is not None:
        query = query.where(Response.survey_version == version)
    return db.session.scalar(query)


def all_questions(survey):
    return [q for section in survey.sections for q in section.questions]


def find_question(survey, key):
    return next((q for q in all_questions(survey) if q.key == key), None)


# --- the definition: a survey as plain data -------------------------------

def question_dict(question):
    return {"key": question.key, "kind": question.kind, "label": dict(question.label or {}),
            "help": dict(question.help or {}), "required": question.required,
            "choices": [dict(c) for c in question.choices or []], "settings": dict(question.settings or {}),
            "condition": question.condition}


def definition(survey):
    """Everything participants see, as plain data: what versions keep and what the API sends."""
    media = media_of(survey)
    return {
        "code": survey.code, "version": survey.version, "source_language": survey.source_language,
        "languages": list(survey.languages), "title": dict(survey.title), "description": dict(survey.description or {}),
        "mode": survey.mode.value,
        "sections": [{"key": s.key, "title": dict(s.title or {}), "condition": s.condition,
                      "questions": [with_media(question_dict(q), media.get(q.id)) for q in s.questions]}
                     for s in survey.sections],
    }


def media_of(survey):
    """{question id: {choice value ("" for the question): [media entry]}} of the survey, in one query.

    A media entry is {"kind", "language", "name", "file"}: `file` is the stored file's name, None while the
    file is only expected."""
    if survey.id is None:
        return {}
    media = {}
    for item in db.session.scalars(sa.select(QuestionMedia).where(QuestionMedia.survey_id == survey.id).order_by(
            QuestionMedia.question_id, QuestionMedia.choice_value, QuestionMedia.kind, QuestionMedia.language)):
        media.setdefault(item.question_id, {}).setdefault(item.choice_value, []).append(
            {"kind": item.kind, "language": item.language, "name": item.name, "file": item.filename})
    return media


def with_media(question, media):
    """The question dict with its media and its choices' (a "media" list where there is any)."""
    if not media:
        return question
    if media.get(""):
        question["media"] = media[""]
    for choice in question["choices"]:
        if media.get(choice["value"]):
            choice["media"] = media[choice["value"]]
    return question


def definition_of_version(survey, number):
    version = db.session.scalar(sa.select(SurveyVersion).where(
        SurveyVersion.survey_id == survey.id, SurveyVersion.number == number))
    return version.definition if version else definition(get_survey(survey.id))


def definitions_of_versions(survey, numbers):
    """{version number: definition} for every number in `numbers`, in one query.

    A number without a stored version (none should exist) reads as the current definition.
    """
    numbers = set(numbers)
    stored = {version.number: version.definition for version in db.session.scalars(
        sa.select(SurveyVersion).where(SurveyVersion.survey_id == survey.id, SurveyVersion.number.in_(numbers)))} \
        if numbers else {}
    current = definition(survey) if numbers - set(stored) else None
    return {number: stored.get(number, current) for number in numbers}


def answered_versions(survey):
    """The numbers of the versions that have responses."""
    return set(db.session.scalars(sa.select(Response.survey_version).where(Response.survey_id == survey.id)
                                  .distinct()))


def wording(question, source):
    """What a question means to the person answering it: its kind, its source-language label and its choices."""
    return (question["kind"], (question.get("label") or {}).get(source, ""),
            tuple((c["value"], (c.get("label") or {}).get(source, "")) for c in question.get("choices") or []))


def wordings(key, defns, source):
    """[(question dict, [version numbers])] of question `key`, one entry per distinct wording, oldest first
    (the question dict is the one of the wording's latest version).

    `defns` is {version number: definition}; versions without the question are left out.
    """
    groups = {}
    for number in sorted(defns):
        question = next((q for q in questions_of(defns[number]) if q["key"] == key), None)
        if question is not None:
            signature = wording(question, source)
            versions = groups.get(signature, (None, []))[1]
            groups[signature] = (question, versions + [number])  # the latest texts (translations) of the wording
    return list(groups.values())


def questions_of(defn):
    return [q for section in defn["sections"] for q in section["questions"]]


def record_version(survey):
    """Keep the current definition as the survey's version; start a new version if responses exist."""
    db.session.flush()
    db.session.expire(survey, ["sections"])
    if response_count(survey, survey.version):
        survey.version += 1
    current = db.session.scalar(sa.select(SurveyVersion).where(
        SurveyVersion.survey_id == survey.id, SurveyVersion.number == survey.version))
    defn = definition(survey)
    if current is None:
        db.session.add(SurveyVersion(survey_id=survey.id, number=survey.version, definition=defn))
    else:
        current.definition = defn
    db.session.flush()


# --- building --------------------------------------------------------------

def expect_media(survey, defn):
    """The media a definition names (an imported form's `media::image` cells…) as files the survey's questions
    and choices expect; a facilitator uploads them (`prompts.store`)."""
    questions = {q.key: q for q in all_questions(survey)}
    for q in questions_of(defn):
        question = questions[q["key"]]
        values = {c["value"] for c in question.choices or []}
        items = [("", item) for item in q.get("media") or ()] + [
            (c["value"], item) for c in q.get("choices") or () if c["value"] in values for item in c.get("media") or ()]
        seen = set()
        for choice_value, item in items:
            place = (choice_value, item["kind"], item["language"])
            if place in seen:
                continue
            seen.add(place)
            db.session.add(QuestionMedia(survey_id=survey.id, question_id=question.id, choice_value=choice_value,
                                         kind=item["kind"], language=item["language"], name=item["name"]))
    db.session.flush()


def new_code():
    """A free 4-character survey code."""
    return sharing.new_code(lambda code: get_survey_by_code(code) is not None)


def create_survey(project, *, title, source_language, languages=(), description="", site=None,
                  workshop=None, mode=SurveyMode.ANONYMOUS, opens_at=None, closes_at=None, code=None, actor):
    """A new draft survey with one empty section, in `project`; `title` is in the source language.

    Nobody can answer a draft: it takes responses once a facilitator opens it (`set_open`).
    """
    survey = Survey(project=project, code=code or new_code(), created_by_id=getattr(actor, "id", None))
    db.session.add(survey)
    _apply_settings(survey, title=title, description=description, source_language=source_language,
                    languages=languages, site=site, workshop=workshop, mode=mode,
                    opens_at=opens_at, closes_at=closes_at)
    survey.sections.append(Section(key="section_1", position=0, title={source_language: str(_l("Questions"))}))
    db.session.flush()
    record_version(survey)
    return emit("surveys.survey_created", survey, actor=actor)


def create_from_definition(project, defn, *, site=None, workshop=None, code=None, actor):
    """A new draft survey built from a definition (an XLSForm import, the demo); checked like the builder checks."""
    source = defn["source_language"]
    survey = Survey(project=project, code=code or new_code(), created_by_id=getattr(actor, "id", None))
    db.session.add(survey)
    _apply_settings(survey, title=defn["title"].get(source) or next(iter(defn["title"].values()), ""),
                    source_language=source, languages=defn["languages"], site=site, workshop=workshop,
                    mode=defn.get("mode", "anonymous"))
    survey.title = dict(defn["title"])
    survey.description = dict(defn.get("description") or {})
    keys = set()
    for s_position, s in enumerate(defn["sections"]):
        section = Section(key=s["key"], position=s_position, title=dict(s["title"]), condition=s.get("condition"))
        survey.sections.append(section)
        for q_position, q in enumerate(s["questions"]):
            for inner in [q, *inner_questions(q)]:
                if inner["kind"] not in KINDS or not KEY_PATTERN.match(inner["key"]) or inner["key"] in keys \
                        or _nesting(inner) > MAX_REPEAT_NESTING:
                    raise SurveyError(_l("The question %(key)s cannot be created.", key=inner["key"]))
                keys.add(inner["key"])
            try:
                check_bounds(q.get("settings") or {})
            except SurveyError as error:
                raise SurveyError(_l("The question %(key)s cannot be created: %(reason)s", key=q["key"],
                                     reason=error)) from None
            section.questions.append(Question(
                survey=survey, key=q["key"], kind=q["kind"], position=q_position, label=dict(q["label"]),
                help=dict(q.get("help") or {}), required=bool(q.get("required")) and KINDS[q["kind"]].answers,
                choices=[{k: v for k, v in c.items() if k != "media"} for c in q.get("choices") or []],
                settings=dict(q.get("settings") or {}), condition=q.get("condition")))
    db.session.flush()
    expect_media(survey, defn)
    check_logic(survey)
    record_version(survey)
    return emit("surveys.survey_created", survey, actor=actor)


def update_survey(survey, *, actor, **settings):
    """Change a survey's title, languages, site, workshop, mode or dates."""
    _apply_settings(survey, **settings)
    record_version(survey)
    return emit("surveys.survey_updated", survey, actor=actor)


def _apply_settings(survey, *, title, source_language, languages=(), description="", site=None, workshop=None,
                    mode=SurveyMode.ANONYMOUS, opens_at=None, closes_at=None):
    if site is not None and site.project_id != survey.project.id:
        raise SurveyError(_l("The pilot site belongs to another project."))
    if workshop is not None and (workshop.site.project_id != survey.project.id or
                                 (site is not None and workshop.site_id != site.id)):
        raise SurveyError(_l("The workshop is not at this survey's pilot site."))
    opens_at, closes_at = as_utc(opens_at), as_utc(closes_at)
    if opens_at and closes_at and closes_at <= opens_at:
        raise SurveyError(_l("The survey must close after it opens."))
    if survey.id is not None and survey.source_language != source_language and response_count(survey):
        raise SurveyError(_l("The source language cannot change once responses exist."))
    survey.source_language = source_language
    survey.languages = list(dict.fromkeys([source_language, *languages]))
    if survey.id is not None and source_language == survey.source_language:
        mark_outdated(survey, "title", survey.title, title)
        mark_outdated(survey, "description", survey.description, description or "")
    survey.title = {**(survey.title or {}), source_language: title}
    survey.description = {**(survey.description or {}), source_language: description or ""}
    survey.site, survey.workshop, survey.mode = site, workshop, SurveyMode(mode)
    survey.opens_at, survey.closes_at = opens_at, closes_at


# The settings of a question that the builder's form edits; others (a choice filter from an XLSForm) are kept.
BUILDER_SETTINGS = frozenset({"min", "max", "start", "end", "step", "constraint", "calculation"})
NOT_ALLOWED = _l("This answer is not allowed.")


def constraint_message(question, source):
    """What a participant is told when an answer breaks the question's constraint: the form's message in the
    language being shown (or the source language), else the default one; lazy, decided when it is shown."""
    messages = (question.get("settings") or {}).get("constraint_message") or {}

    def pick():
        return messages.get(str(get_locale())) or messages.get(source) or str(NOT_ALLOWED)

    return LazyString(pick)


def check_bounds(settings):
    """Refuse number bounds that are not finite numbers of at most 15 digits, or a lowest above the highest."""
    for name, field in (("min", "minimum"), ("max", "maximum")):
        if name in settings and not in_number_range(settings[name]):
            raise SurveyError(_l("Give the bound as a number of at most 15 digits."), field=field)
    if "min" in settings and "max" in settings and settings["min"] > settings["max"]:
        raise SurveyError(_l("The lowest allowed number is above the highest."), field="minimum")


def _check_key(survey, key, own=None):
    if not KEY_PATTERN.match(key or ""):
        raise SurveyError(_l("A key starts with a letter and has only letters, digits and _ . - (at most 64)."),
                          field="key")
    taken = {q.key for q in all_questions(survey) if q is not own} | {s.key for s in survey.sections if s is not own}
    if key in taken:
        raise SurveyError(_l("The key %(key)s is already used in this survey.", key=key), field="key")


def check_logic(survey, own=None):
    """Raise SurveyError when a condition points at itself, forwards, nowhere, or in a circle.

    `own` is the section or question just saved: the error belongs under its condition, unless the
    problem remains without that condition (its key changed or it moved), when it belongs under its key.
    """
    problems = logic.check_order(_logic_items(survey))
    if problems:
        field = "condition"
        if own is not None and logic.check_order(_logic_items(survey, without=own)):
            field = "key"
        raise SurveyError(" ".join(problems), field=field)


def _logic_items(survey, without=None):
    def condition(item):
        return None if item is without else item.condition

    items = []
    for section in survey.sections:
        items.append((section.key, None, condition(section), [q.key for q in section.questions]))
        for q in section.questions:
            items += _question_logic(q.key, condition(q), q.settings)
            for inner in inner_questions(question_dict(q)):  # the questions of a repeated group, in order
                items += _question_logic(inner["key"], inner.get("condition"), inner.get("settings"))
    return items


def _question_logic(key, condition, settings):
    """The items of `logic.check_order` for one question: what it is asked after, and its constraint."""
    settings = settings or {}
    asked = logic.when_asked({"condition": condition, "settings": settings})
    # a calculation, and the number of entries of a repeated group, use earlier answers as a condition does
    uses = [item for item in (asked, settings.get("calculation"), settings.get("repeat_count")) if item]
    asked = None if not uses else uses[0] if len(uses) == 1 else {"op": "and", "items": uses}
    items = [(key, key, asked, ())]
    if settings.get("constraint"):  # may use the answer itself and earlier ones
        items.append((key, None, settings["constraint"], ()))
    return items


MAX_REPEAT_NESTING = 3  # repeated groups inside one another: a household, its members, each member's jobs


def _nesting(question):
    """How many repeated groups deep a question's own questions go (0 for a question that is not one)."""
    kind = kind_of(question) if question.get("kind") in KINDS else None
    if kind is None or not kind.repeats:
        return 0
    return 1 + max((_nesting(inner) for inner in kind.questions(question)), default=0)


def inner_questions(question):
    """The questions inside a repeated group, those of the groups nested in it included, in order."""
    found = []
    for inner in kind_of(question).questions(question) if kind_of(question).repeats else ():
        found += [inner, *inner_questions(inner)]
    return found


def parse_condition(text):
    """The condition tree for text typed in the builder; SurveyError with the reason when it cannot be read."""
    try:
        return logic.parse(text)
    except logic.ConditionError as error:
        raise SurveyError(str(error), field="condition") from None


def _renumber(items):
    for position, item in enumerate(items):
        item.position = position


def save_section(survey, section=None, *, key, title, condition=None, actor):
    """Create or change a section; `title` is in the source language, `condition` a tree or None."""
    _check_key(survey, key, own=section)
    if section is None:
        section = Section(position=len(survey.sections))
        survey.sections.append(section)
    if section.id is not None:
        mark_outdated(survey, f"s{section.id}.title", section.title, title)
    section.key, section.condition = key, condition
    section.title = {**(section.title or {}), survey.source_language: title}
    db.session.flush()
    check_logic(survey, own=section)
    record_version(survey)
    return emit("surveys.section_saved", section, actor=actor)


def delete_section(section, *, actor):
    survey = section.survey
    if len(survey.sections) == 1:
        raise SurveyError(_l("A survey keeps at least one section."))
    for question in section.questions:
        _refuse_if_answered(question, _l("Question %(key)s has answers: it cannot be deleted.", key=question.key))
    survey.sections.remove(section)
    _renumber(survey.sections)
    db.session.flush()
    check_logic(survey)
    record_version(survey)
    emit("surveys.section_deleted", section, actor=actor, survey=survey)


def move_section(section, step, *, actor):
    survey = section.survey
    sections = list(survey.sections)
    index = sections.index(section)
    target = max(0, min(len(sections) - 1, index + step))
    sections.insert(target, sections.pop(index))
    _renumber(sections)
    db.session.flush()
    db.session.expire(survey, ["sections"])
    check_logic(survey)
    record_version(survey)
    emit("surveys.section_moved", section, actor=actor, step=step)


def _answered_values(survey, key):
    """Every value ever given to question `key` (lists flattened), across all versions."""
    values = set()
    for answers in db.session.scalars(sa.select(Response.answers).where(Response.survey_id == survey.id)):
        value = (answers or {}).get(key)
        if value is None:
            continue
        values |= {str(v) for v in value} if isinstance(value, list) else {str(value)}
    return values


def _refuse_if_answered(question, message, field=None):
    if question.id is not None and _answered_values(question.survey, question.key):
        raise SurveyError(message, field=field)


def save_question(section, question=None, *, key, kind, label, help="", required=False, choices=(),
                  settings=None, condition=None, actor):
    """Create or change a question (label, help and choice labels in the source language).

    `choices` is a list of (value, label). Once responses exist, a question's key
    and kind stay as they are, and a choice that was chosen cannot be removed:
    existing answers keep their meaning (the change is recorded as a new version).
    """
    survey = section.survey
    source = survey.source_language
    if kind not in KINDS:
        raise SurveyError(_l("Unknown question type."), field="kind")
    _check_key(survey, key, own=question)
    if KINDS[kind].has_choices:
        values = [value for value, _label in choices]
        if len(values) < 2:
            raise SurveyError(_l("A choice question needs at least two choices."), field="choices")
        if len(set(values)) != len(values) or not all(CHOICE_PATTERN.match(v) for v in values):
            raise SurveyError(_l("Choice values must be different from each other and use only letters, "
                                 "digits and _ . -"), field="choices")
    settings = {k: v for k, v in (settings or {}).items() if v is not None}
    check_bounds(settings)
    if kind == "range":
        try:
            settings.update(check_range(settings))
        except AnswerError as error:
            raise SurveyError(error.args[0], field="range_step") from None
    message = settings.pop("constraint_message", None)  # in the source language; other languages are kept
    if question is not None:  # what the builder's form does not edit (an imported choice filter) stays
        settings = {**{k: v for k, v in (question.settings or {}).items() if k not in BUILDER_SETTINGS}, **settings}
    if isinstance(message, str):
        messages = {**(settings.get("constraint_message") or {}), source: message}
        settings["constraint_message"] = {lang: text for lang, text in messages.items() if text}
    if not settings.get("constraint_message"):
        settings.pop("constraint_message", None)
    if kind == "calculate" and not settings.get("calculation"):
        raise SurveyError(_l("A calculation needs its formula."), field="calculation")
    if question is None:
        question = Question(survey=survey, position=len(section.questions))
        section.questions.append(question)
    else:
        if question.key != key or question.kind != kind:
            _refuse_if_answered(question, _l("Question %(key)s has answers: its key and type cannot change.",
                                             key=question.key), field="key")
        used = _answered_values(survey, question.key) if question.id else set()
        removed = used - {str(value) for value, _label in choices} if KINDS[kind].has_choices else set()
        if removed:
            raise SurveyError(_l("Choices that were already chosen cannot be removed: %(values)s.",
                                 values=", ".join(sorted(removed))), field="choices")
    old_choices = {c["value"]: c["label"] for c in question.choices or []}
    old_filters = {c["value"]: c["filters"] for c in question.choices or [] if "filters" in c}
    if question.id is not None:
        mark_outdated(survey, f"q{question.id}.label", question.label, label)
        mark_outdated(survey, f"q{question.id}.help", question.help, help or "")
        for value, text in choices if KINDS[kind].has_choices else ():
            mark_outdated(survey, f"q{question.id}.choice:{value}", old_choices.get(value), text)
    question.key, question.kind, question.required = key, kind, bool(required) and KINDS[kind].answers
    question.label = {**(question.label or {}), source: label}
    question.help = {**(question.help or {}), source: help or ""}
    question.choices = [{"value": value, "label": {**old_choices.get(value, {}), source: text},
                         **({"filters": old_filters[value]} if value in old_filters else {})}
                        for value, text in choices] if KINDS[kind].has_choices else []
    question.settings, question.condition = settings, condition
    if question.id is not None and KINDS[kind].has_choices and old_choices:
        _follow_renamed_values(survey, question, list(old_choices), [value for value, _text in choices])
    db.session.flush()
    check_logic(survey, own=question)
    record_version(survey)
    return emit("surveys.question_saved", question, actor=actor)


def _follow_renamed_values(survey, question, before, after):
    """Where a choice's value was changed in place (at the same position, the old value gone and the new one
    not there before), every condition, constraint and calculation of the survey that compares the question's
    answer with the old value is rewritten with the new one; the choice's pictures and sounds go with it."""
    renames = {old: new for old, new in zip(before, after, strict=False)
               if old != new and old not in after and new not in before}
    if not renames:
        return
    for media in db.session.scalars(sa.select(QuestionMedia).where(QuestionMedia.question_id == question.id,
                                                                   QuestionMedia.choice_value.in_(renames))):
        media.choice_value = renames[media.choice_value]
    renamed = {question.key: renames}
    for section in survey.sections:
        section.condition = logic.with_values_renamed(section.condition, renamed)
        for q in section.questions:
            own = renames if q is question else None
            q.condition = logic.with_values_renamed(q.condition, renamed)
            settings = dict(q.settings or {})
            for name in ("constraint", "calculation"):
                if settings.get(name):
                    settings[name] = logic.with_values_renamed(settings[name], renamed, own)
            q.settings = settings


def delete_question(question, *, actor):
    from . import prompts  # it builds on this module

    _refuse_if_answered(question, _l("Question %(key)s has answers: it cannot be deleted.", key=question.key))
    survey, section = question.survey, question.section
    files = prompts.stored_files_of(question)
    section.questions.remove(question)
    _renumber(section.questions)
    db.session.flush()
    check_logic(survey)
    record_version(survey)
    prompts.remove_unnamed(survey, files)  # its pictures and sounds, unless a version keeps them
    emit("surveys.question_deleted", question, actor=actor, survey=survey)


def move_question(question, step, *, actor):
    """Move a question up (-1) or down (+1), into the neighbouring section at either end."""
    survey, section = question.survey, question.section
    questions = list(section.questions)
    index = questions.index(question)
    target = index + step
    sections = list(survey.sections)
    if 0 <= target < len(questions):
        questions.insert(target, questions.pop(index))
        _renumber(questions)
    else:
        neighbour_index = sections.index(section) + (1 if step > 0 else -1)
        if not 0 <= neighbour_index < len(sections):
            return
        neighbour = sections[neighbour_index]
        others = [q for q in neighbour.questions if q is not question]
        question.section = neighbour  # moves it between the two lists; it stays a child, so nothing is deleted
        _renumber([q for q in section.questions if q is not question])
        _renumber([question, *others] if step > 0 else [*others, question])
    db.session.flush()
    for s in sections:
        db.session.expire(s, ["questions"])
    check_logic(survey)
    record_version(survey)
    emit("surveys.question_moved", question, actor=actor, step=step)


# --- translations ----------------------------------------------------------

def mark_outdated(survey, item, texts, new_source_text):
    """When the source text of `item` changes, flag its existing translations as outdated.

    A translation written for the old text would otherwise keep saying the old
    thing in that language; flagged, it is shown like an untranslated text on the
    translation screen until the translator changes it.
    """
    texts = texts or {}
    source = survey.source_language
    if (texts.get(source) or "") == (new_source_text or ""):
        return
    languages = {lang for lang, text in texts.items() if lang != source and text}
    if languages:
        outdated = dict(survey.outdated_translations or {})
        outdated[item] = sorted(set(outdated.get(item, [])) | languages)
        survey.outdated_translations = outdated


def _outdated_key(item_id, survey):
    """The key in `outdated_translations` of a translation-screen item id (choices are kept by value)."""
    owner, _dot, field = item_id.partition(".")
    if owner.startswith("q") and field.startswith("c") and field[1:].isdigit():
        question = next((q for q in all_questions(survey) if f"q{q.id}" == owner), None)
        if question is not None and int(field[1:]) < len(question.choices or []):
            return f"{owner}.choice:{question.choices[int(field[1:])]['value']}"
    return item_id


def outdated_items(survey, language):
    """The translation-screen item ids whose translation into `language` is outdated."""
    outdated = survey.outdated_translations or {}
    return {item_id for item_id, _what, texts in translatable_items(survey)
            if (texts or {}).get(language) and language in outdated.get(_outdated_key(item_id, survey), [])}


def translatable_items(survey):
    """(id, what, texts dict) of every text of the survey, in reading order; ids name where it is stored."""
    items = [("title", _l("Title"), survey.title), ("description", _l("Introduction"), survey.description)]
    for s in survey.sections:
        items.append((f"s{s.id}.title", _l("Section %(key)s", key=s.key), s.title))
        for q in s.questions:
            items.append((f"q{q.id}.label", _l("Question %(key)s", key=q.key), q.label))
            if (q.help or {}).get(survey.source_language):
                items.append((f"q{q.id}.help", _l("Help for %(key)s", key=q.key), q.help))
            for i, choice in enumerate(q.choices or []):
                items.append((f"q{q.id}.c{i}", _l("Choice %(value)s of %(key)s", value=choice["value"], key=q.key),
                              choice["label"]))
            if (q.settings or {}).get("constraint_message"):
                items.append((f"q{q.id}.constraint_message", _l("Message when an answer to %(key)s is not allowed",
                                                                key=q.key), q.settings["constraint_message"]))
    return [item for item in items if (item[2] or {}).get(survey.source_language)]


def missing_translations(survey, language):
    """How many texts have no translation into `language` (they show the source text instead), or an outdated one."""
    return (sum(1 for _id, _what, texts in translatable_items(survey) if not (texts or {}).get(language))
            + len(outdated_items(survey, language)))


MAX_TRANSLATION_LENGTH = 5000


def save_translations(survey, language, values, *, actor):
    """Store translations into `language` from {item id: text}; empty text removes a translation."""
    if language not in survey.languages or language == survey.source_language:
        raise SurveyError(_l("This survey is not offered in that language."))
    if any(len(text or "") > MAX_TRANSLATION_LENGTH for text in values.values()):
        raise SurveyError(_l("Use at most %(max)d characters.", max=MAX_TRANSLATION_LENGTH))
    sections = {f"s{s.id}": s for s in survey.sections}
    questions = {f"q{q.id}": q for q in all_questions(survey)}
    outdated = {key: list(langs) for key, langs in (survey.outdated_translations or {}).items()}
    for item_id, text in values.items():
        text = (text or "").strip()
        key = _outdated_key(item_id, survey)
        if language in outdated.get(key, []) and text != _current_text(survey, item_id, language):
            outdated[key].remove(language)  # the translator rewrote it for the new source text
        owner_id, _dot, field = item_id.partition(".")
        if item_id in ("title", "description"):
            owner, attribute = survey, item_id
        elif owner_id in sections and field == "title":
            owner, attribute = sections[owner_id], "title"
        elif owner_id in questions and field in ("label", "help"):
            owner, attribute = questions[owner_id], field
        elif owner_id in questions and field.startswith("c") and field[1:].isdigit():
            question = questions[owner_id]
            index = int(field[1:])
            if index < len(question.choices):
                choices = [dict(c, label=dict(c["label"])) for c in question.choices]
                _set_text(choices[index]["label"], language, text)
                question.choices = choices
            continue
        elif owner_id in questions and field == "constraint_message":
            question = questions[owner_id]
            messages = dict((question.settings or {}).get("constraint_message") or {})
            _set_text(messages, language, text)
            question.settings = {**(question.settings or {}), "constraint_message": messages}
            continue
        else:
            continue
        texts = dict(getattr(owner, attribute) or {})
        _set_text(texts, language, text)
        setattr(owner, attribute, texts)
    survey.outdated_translations = {key: langs for key, langs in outdated.items() if langs}
    record_version(survey)
    emit("surveys.translations_saved", survey, actor=actor, language=language)


def _current_text(survey, item_id, language):
    return next(((texts or {}).get(language, "") for found, _what, texts in translatable_items(survey)
                 if found == item_id), "")


def _set_text(texts, language, text):
    if text:
        texts[language] = text
    else:
        texts.pop(language, None)


# --- opening and answering ------------------------------------------------

def state(survey, now=None):
    """'draft' (never opened: nobody can answer it yet), 'not_yet_open', 'open' or 'closed'.

    An archived survey is 'closed' (`survey.archived_at` tells it apart on staff pages).
    """
    now = now or utcnow()
    if survey.archived_at is not None:
        return "closed"
    if survey.opened_at is None:
        return "draft"
    if survey.opens_at and now < as_utc(survey.opens_at):
        return "not_yet_open"
    if survey.closes_at and now >= as_utc(survey.closes_at):
        return "closed"
    return "open"


def public_state(survey, now=None):
    """The state as participants and data-collection clients see it: a draft is 'not_yet_open'."""
    current = state(survey, now)
    return "not_yet_open" if current == "draft" else current


def set_open(survey, open_now, now=None, *, actor):
    """Open the survey from now on (no closing date) or close it now.

    Opening a draft keeps an opening time set for later (it opens then); a survey without a question
    to answer cannot open, nor can an archived one.
    """
    now = now or utcnow()
    if open_now:
        if survey.archived_at is not None:
            raise SurveyError(_l("An archived survey cannot be opened. Take it out of the archive first."))
        if not any(KINDS[q.kind].answers for q in all_questions(survey) if q.kind in KINDS):
            raise SurveyError(_l("Add at least one question before opening the survey."))
        scheduled = survey.opened_at is None and survey.opens_at is not None and as_utc(survey.opens_at) > now
        if survey.opened_at is None:
            survey.opened_at = now
        if not scheduled and (survey.opens_at is None or as_utc(survey.opens_at) > now):
            survey.opens_at = now
        if survey.closes_at is not None and as_utc(survey.closes_at) <= now:
            survey.closes_at = None
    else:
        survey.closes_at = now
    db.session.flush()
    emit("surveys.survey_opened" if open_now else "surveys.survey_closed", survey, actor=actor)


def set_archived(survey, archived, now=None, *, actor):
    """Put a survey away (out of the default list, no more answers; results and exports stay) or bring it back.

    Bringing it back leaves it closed: a facilitator opens it again if it should take answers.
    """
    now = now or utcnow()
    if archived and survey.archived_at is None:
        survey.archived_at = now
        if survey.opened_at is not None and (survey.closes_at is None or as_utc(survey.closes_at) > now):
            survey.closes_at = now
        db.session.flush()
        emit("surveys.survey_archived", survey, actor=actor)
    elif not archived and survey.archived_at is not None:
        survey.archived_at = None
        db.session.flush()
        emit("surveys.survey_restored", survey, actor=actor)
    return survey


def response_ids(survey):
    return list(db.session.scalars(sa.select(Response.id).where(Response.survey_id == survey.id)))


def what_goes_with(survey):
    """What deleting `survey` takes with it: {"sections", "questions", "languages" (translations), "codings"}."""
    return {"sections": len(survey.sections), "questions": len(all_questions(survey)),
            "languages": len([code for code in survey.languages if code != survey.source_language]),
            "codings": count_codings("survey_answer", response_ids(survey))}


def delete_survey(survey, *, actor):
    """Delete a survey that nobody answered, with its sections, questions, translations and versions.

    A survey with responses is archived instead (`set_archived`): its answers are evidence.
    """
    if response_count(survey):
        raise SurveyError(_l("This survey has responses: archive it instead of deleting it."))
    from . import prompts  # it builds on this module

    forget("survey_answer", response_ids(survey), actor=actor)
    forget("survey_question", [survey.id], actor=actor)
    prompts.remove_all(survey)  # the files of its questions' pictures and sounds, once the deletion is committed
    db.session.execute(sa.delete(SurveyVersion).where(SurveyVersion.survey_id == survey.id))
    db.session.delete(survey)
    db.session.flush()
    emit("surveys.survey_deleted", survey, actor=actor)


def responses_query(survey):
    """SQL: every response to `survey`, newest first, for the facilitator who keeps the data clean (a page at a
    time: `paging.paginate`)."""
    return (sa.select(Response).where(Response.survey_id == survey.id)
            .order_by(Response.submitted_at.desc(), Response.id.desc())
            .options(selectinload(Response.participant), selectinload(Response.site)))


def get_response(survey, response_id):
    response = db.session.get(Response, response_id)
    return response if response is not None and response.survey_id == survey.id else None


def out_of_range(response):
    """Whether `response` holds a number that numbers are no longer allowed to be (stored before the bound):
    results leave it out, and the facilitator is shown it so that they can delete the response."""
    return any(isinstance(value, int | float) and not isinstance(value, bool) and not in_number_range(value)
               for value in (response.answers or {}).values())


def what_goes_with_response(response):
    """What deleting `response` takes with it: {"answers", "codings"}."""
    return {"answers": len(response.answers or {}),
            "codings": count_codings("survey_answer", [response.id])}


def delete_response(response, *, actor):
    """Delete one response with its answers and their codings (a test entry, a mistake, a number typed wrong)."""
    forget("survey_answer", [response.id], actor=actor)
    db.session.delete(response)
    db.session.flush()
    emit("surveys.response_deleted", response, actor=actor)


def visible_sections(defn, answers):
    """[(section, [question, ...])] that skip logic shows for these answers, in order."""
    shown = []
    for section in defn["sections"]:
        if not logic.holds(section.get("condition"), answers):
            continue
        questions = [q for q in section["questions"]
                     if kind_of(q).shown and logic.holds(logic.when_asked(q), answers)]
        shown.append((section, questions))
    return shown


def validate_answers(defn, raw_answers, *, strict=False, hidden="discard", only=None):
    """(clean answers, errors) for raw answers {key: value}.

    Goes through the survey in order, so that each condition is evaluated on the
    clean answers before it. `hidden` is "discard" or "reject" (answers to
    questions skip logic hides); `only` limits the required-check to some keys
    (one screen of the web form). Error messages are lazy strings.

    The answer to a repeated group is a list of entries, each {key: answer} of the questions inside it,
    checked as answers are, where conditions see the entry's own answers first (`${x}` is the sibling in
    the same entry, `position(..)` the entry's place) and then the answers outside it.  A problem in an
    entry is reported under the group's key, naming the entry and the question.
    """
    raw_answers = dict(raw_answers or {})
    known = {q["key"]: q for q in questions_of(defn)}
    errors = _unknown_keys(raw_answers, known)
    clean = {}
    check = _Checker(defn, strict=strict, hidden=hidden, only=only)
    for section in defn["sections"]:
        section_shown = logic.holds(section.get("condition"), clean)
        check.questions(section["questions"], raw_answers, clean, clean, errors, section_shown)
    return clean, errors


def repeat_limit():
    """How many entries a repeated group takes in one response (`SURVEY_REPEAT_ENTRIES`, 100 by default)."""
    return current_app.config.get("SURVEY_REPEAT_ENTRIES", 100) if has_app_context() else 100


class _Checker:
    """The checks of `validate_answers` for one response, question by question and entry by entry."""

    def __init__(self, defn, *, strict, hidden, only):
        self.defn, self.strict, self.hidden, self.only = defn, strict, hidden, only
        self.limit = repeat_limit()

    def questions(self, questions, raw_answers, clean, scope, errors, section_shown, required=None):
        """Check `questions` against `raw_answers`, putting answers into `clean` and problems into `errors`;
        conditions are evaluated on `scope` (the answers so far that the questions can see). `required`: whether
        missing answers are wrong (None: for the keys of `only`, as `validate_answers` says)."""
        for question in questions:
            key = question["key"]
            asks = (self.only is None or key in self.only) if required is None else required
            raw = raw_answers.get(key)
            shown = section_shown and logic.holds(logic.when_asked(question), scope)
            kind = kind_of(question)
            if not shown:
                if raw not in (None, "", []) and self.hidden == "reject":
                    errors[key] = _l("This question is not asked after the answers given, so it takes no answer.")
                continue
            settings = question.get("settings") or {}
            if not kind.shown or settings.get("read_only"):  # worked out here: a posted value is ignored
                value = computed(question, scope)
                if value is not None:
                    clean[key] = value
                continue
            try:
                value = kind.coerce(question, raw, strict=self.strict)
                if kind.repeats:  # none sent is no entry: wrong when repeat_count asks for some
                    value = self.entries(question, value or [], scope, asks)
            except AnswerError as error:
                errors[key] = error.args[0]
                continue
            if value is None:
                if question["required"] and kind.answers and asks:
                    errors[key] = _l("Please answer this question.")
                continue
            if logic.filter_references(question) and not _offered(question, value, scope):
                errors[key] = _l("This choice does not go with an earlier answer: choose one of the options shown.")
                continue
            constraint = (question.get("settings") or {}).get("constraint")
            if constraint and not logic.holds(constraint, scope, here=value):
                errors[key] = constraint_message(question, self.defn["source_language"])
                continue
            clean[key] = value

    def entries(self, question, entries, scope, required):
        """The clean entries of a repeated group, or AnswerError naming the first entry and question with a
        problem. Entries the web form left wholly empty are dropped, unless the group has a fixed number."""
        key, inner = question["key"], kind_of(question).questions(question)
        wanted = entry_count(question, scope, self.limit)
        if not self.strict and wanted is None:
            entries = [entry for entry in entries if entry]
        if len(entries) > self.limit:
            raise AnswerError(_l("%(repeat)s takes at most %(limit)s entries; %(count)s were sent.", repeat=key,
                                 limit=self.limit, count=len(entries)))
        if wanted is not None and len(entries) != wanted:
            raise AnswerError(_l("%(repeat)s takes exactly %(wanted)s entries; %(count)s were sent.", repeat=key,
                                 wanted=wanted, count=len(entries)))
        known = {q["key"] for q in inner}
        clean_entries = []
        for index, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict):
                raise AnswerError(_l("Entry %(index)s of %(repeat)s is not a set of answers (an object of "
                                     "question keys and answers).", index=index, repeat=key))
            unknown = sorted(str(name) for name in entry if name not in known)
            if unknown:
                raise AnswerError(_l("Entry %(index)s of %(repeat)s: %(question)s is not a question of this "
                                     "repeated group.", index=index, repeat=key, question=unknown[0]))
            clean, problems = {}, {}
            entry_scope = collections.ChainMap(clean, {logic.POSITION: index}, scope)
            self.questions(inner, entry, clean, entry_scope, problems, True, required)
            if problems:
                name, problem = next(iter(problems.items()))
                raise AnswerError(_l("Entry %(index)s of %(repeat)s, %(question)s: %(problem)s", index=index,
                                     repeat=key, question=name, problem=problem))
            clean_entries.append(clean)
        return clean_entries or None



def entry_count(question, answers, limit=None):
    """The fixed number of entries of a repeated group (its repeat_count, worked out on `answers`), or None
    when it has none or it cannot be worked out yet."""
    tree = (question.get("settings") or {}).get("repeat_count")
    number = logic.evaluate(tree, answers) if tree else None
    limit = repeat_limit() if limit is None else limit
    if isinstance(number, bool) or not isinstance(number, int | float) or not 0 <= number <= limit:
        return None
    return int(number)


def computed(question, answers):
    """The value of a question the server works out (a calculation, or a read-only question's default) from
    the answers before it; None when it has none."""
    settings = question.get("settings") or {}
    tree = settings.get("calculation") or settings.get("default")
    if not tree:
        return None
    value = calculated.stored(logic.evaluate(tree, answers))
    if not settings.get("calculation") and "kind" in question:  # a default is read as an answer would be
        kind = kind_of(question)
        if isinstance(value, str) and kind.has_choices and kind.input_type == "checkbox":
            value = value.split()  # several choices, as XLSForm writes them
        try:
            return kind.coerce(question, value)
        except AnswerError:
            return None
    return value


def _offered(question, value, answers):
    """Whether every choice in `value` is one the question's choice filter offers after `answers`."""
    offered = {str(choice["value"]) for choice in logic.offered_choices(question, answers)}
    return all(str(chosen) in offered for chosen in (value if isinstance(value, list) else [value]))


UNKNOWN_KEYS_NAMED = 10  # an error per unknown key up to this many, then one line for the rest


def _unknown_keys(raw_answers, known):
    """Errors for answer keys that are not questions of the survey: the first few by name, then a count,
    so that a client sending thousands of made-up keys gets a short reply."""
    unknown = [key for key in raw_answers if key not in known]
    message = _l("There is no question with this key in the survey.")
    errors = dict.fromkeys(unknown[:UNKNOWN_KEYS_NAMED], message)
    if len(unknown) > UNKNOWN_KEYS_NAMED:
        errors["answers"] = lazy_ngettext("%(num)d key more is not a question of the survey.",
                                          "%(num)d keys more are not questions of the survey.",
                                          len(unknown) - UNKNOWN_KEYS_NAMED)
    return errors


def submit_response(survey, *, client_uuid, language, answers, link_code=None, channel="web",
                    strict=False, hidden="discard", now=None, checked=None, defn=None, admit=None):
    """Store a response; returns (response, created).

    The same `client_uuid` again returns the stored response and stores nothing
    (created=False), even when two copies arrive at the same moment. Raises
    SurveyClosed when the survey takes no responses now, InvalidResponse with
    per-question errors otherwise. Nothing is written unless everything is valid.
    `checked` is what `validate_answers(definition(survey), answers, strict=…, hidden=…)`
    gave already (the answering flow validates once per request); None validates here,
    against `defn` (the definition of the survey's current version, which the API reads
    with the survey: `get_survey_to_answer`) or else the survey's questions.

    A new response costs one INSERT: the unique constraint on (survey, client_uuid) decides
    whether it was stored before, and only then is the stored one read.

    `admit`, when given, is called once the submission is found valid (or a retry of a stored one), before
    anything is written, and may raise to refuse it: the API counts it there, in the same transaction.
    """
    client_uuid = _valid_uuid(client_uuid)
    try:
        values = _new_response(survey, client_uuid=client_uuid, language=language, answers=answers,
                               link_code=link_code, channel=channel, strict=strict, hidden=hidden,
                               now=now, checked=checked, defn=defn)
    except (SurveyClosed, InvalidResponse):
        # A client syncing late, or sending again what no longer passes: what it stored before stands.
        existing = _find_response(survey, client_uuid)
        if existing is not None and _is_retry(survey, existing, channel, answers, link_code, strict, hidden):
            if admit is not None:
                admit()
            return existing, False
        raise
    if admit is not None:
        admit()
    for _attempt in range(3):
        response = _insert_unless_stored(values)
        if response is not None:
            emit("surveys.response_submitted", response, actor=None)  # a participant answers without an account
            return response, True
        existing = _find_response(survey, values["client_uuid"])
        if existing is None:
            continue  # the response holding this client_uuid was deleted in between: store this one
        if _is_retry(survey, existing, channel, answers, link_code, strict, hidden):
            return existing, False
        # A web form sent again under a stored client_uuid with other answers: a phone passed on to the next
        # person brought back the previous person's draft. Their answers are a response of their own.
        values["client_uuid"] = str(uuid.uuid4())
    raise RuntimeError("a response could not be stored under a client_uuid of its own")


def _new_response(survey, *, client_uuid, language, answers, link_code, channel, strict, hidden, now,
                  checked, defn):
    """The column values of a new response, once the survey is open and everything in it is valid."""
    current = state(survey, now)
    if current != "open":
        raise SurveyClosed(_l("This survey is closed.") if current == "closed" else
                           _l("This survey is not open yet."))
    errors = {}
    if language not in survey.languages:
        errors["language"] = _l("This survey is not offered in that language.")
    participant = None
    if survey.mode == SurveyMode.LINKED:
        participant = find_participant(survey, link_code)
        if participant is None:
            errors["participant"] = PARTICIPANT_REFUSED
    if checked is None:
        checked = validate_answers(defn if defn is not None else definition(survey), answers, strict=strict,
                                   hidden=hidden)
    clean, answer_errors = checked
    errors.update(answer_errors)
    if errors:
        raise InvalidResponse(errors)
    values = {"survey_id": survey.id, "survey_version": survey.version, "client_uuid": client_uuid,
              "language": language, "answers": clean, "channel": channel,
              "site_id": participant.site_id if participant else survey.site_id,
              "participant_id": participant.id if participant else None,
              "stakeholder_group": participant.stakeholder_group.value if participant else None}
    if now is not None:
        values["submitted_at"] = now
    return values


INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
_insert_statements = {}


def _insert_unless_stored(values):
    """The new Response, or None when its (survey, client_uuid) is stored already.

    One `INSERT … ON CONFLICT DO NOTHING RETURNING id`: the unique constraint decides, so that of two copies
    arriving at once exactly one is stored (on PostgreSQL the later INSERT waits for the earlier's commit, on
    SQLite for its write lock), and nothing fails, so the request's transaction goes on either way. The
    statement is built once per database dialect. The Response returned is the row as it was written, not
    read back and kept out of the session (detached: it has its column values, and nothing to load or flush),
    so that the commit has no object to go through.
    """
    dialect = db.session.get_bind(Response.__mapper__).dialect.name
    statement = _insert_statements.get(dialect)
    if statement is None:
        table = Response.__table__
        statement = _insert_statements[dialect] = (
            INSERTS[dialect](table).on_conflict_do_nothing(index_elements=["survey_id", "client_uuid"])
            .returning(table.c.id))
    values = {"submitted_at": utcnow(), **values}  # every column given: the row is known whole
    new_id = db.session.connection().execute(statement, values).scalar()
    if new_id is None:
        return None
    response = Response(id=new_id, **values)
    make_transient_to_detached(response)
    return response


def _is_retry(survey, existing, channel, answers, link_code, strict, hidden):
    """Whether a submission under `existing`'s client_uuid is that response sent again.

    Machine clients' client_uuids are theirs: the same one is always a retry. The web form compares what
    was sent (see `_same_submission`).
    """
    return channel != "web" or _same_submission(survey, existing, answers, link_code, strict, hidden)


def _same_submission(survey, existing, answers, link_code, strict, hidden):
    """Whether `answers` (and the participant code) are what `existing` stored: the same submission again."""
    clean, errors = validate_answers(definition_of_version(survey, existing.survey_version), answers,
                                     strict=strict, hidden=hidden)
    if errors or clean != existing.answers:
        return False
    if existing.participant_id is None:
        return True
    participant = find_participant(survey, link_code)
    return participant is not None and participant.id == existing.participant_id


def _valid_uuid(value):
    try:
        return str(uuid.UUID(str(value)))
    except (ValueError, TypeError, AttributeError):
        raise InvalidResponse({"client_uuid": _l("client_uuid must be a UUID.")}) from None


def _find_response(survey, client_uuid):
    return db.session.scalar(sa.select(Response).where(Response.survey_id == survey.id,
                                                       Response.client_uuid == client_uuid))


# One message for every refusal of a link code (unknown, no consent to take part, another site or
# project), so that trying codes tells nobody which ones exist.
PARTICIPANT_REFUSED = _l("This link code is not known for this survey. Please check it, or ask the facilitator.")


def _taking_part():
    """SQL: ids of participants whose consent to take part is active now."""
    return consenting(ConsentScope.TAKE_PART)


def find_participant(survey, link_code):
    """The participant whose link code (printed on their card) this is, if they consent to take part now and
    belong to the survey's project (and site, if it has one); None otherwise, whatever the reason (see
    PARTICIPANT_REFUSED)."""
    participant = get_participant_by_link_code(link_code, survey.project, consenting_to=ConsentScope.TAKE_PART)
    if participant is None or (survey.site_id is not None and participant.site_id != survey.site_id):
        return None
    return participant


def response_counts(survey, attribute):
    """{value: number of analysable responses} by a Response column (site_id, stakeholder_group, language),
    counted by the database; the same responses as `list_responses`."""
    column = getattr(Response, attribute)
    query = (sa.select(column, sa.func.count()).where(Response.survey_id == survey.id, column.is_not(None))
             .where(sa.or_(Response.participant_id.is_(None), Response.participant_id.in_(_taking_part())))
             .group_by(column))
    return dict(db.session.execute(query).all())


def analysable(survey, *, site_id=None, stakeholder_group=None, language=None):
    """SQL: the WHERE clauses of the responses to `survey` that may be analysed (see `list_responses`), of
    one pilot site, stakeholder group or language where one is given."""
    clauses = [Response.survey_id == survey.id,
               sa.or_(Response.participant_id.is_(None), Response.participant_id.in_(_taking_part()))]
    if site_id:
        clauses.append(Response.site_id == site_id)
    if stakeholder_group:
        clauses.append(Response.stakeholder_group == stakeholder_group)
    if language:
        clauses.append(Response.language == language)
    return clauses


def responses_per_version(survey, **filters):
    """{version number: number of analysable responses} (`filters` as `analysable`), counted by the database."""
    return dict(db.session.execute(sa.select(Response.survey_version, sa.func.count())
                                   .where(*analysable(survey, **filters)).group_by(Response.survey_version)).all())


# The answers of a response as the JSON text the database holds: decoded with `json.loads` by a pass over many
# rows, it costs about half of what decoding them through the column's type does.
ANSWERS_TEXT = sa.cast(Response.answers, sa.Text)


def answers_from_text(text):
    """The answers of a row read with ANSWERS_TEXT, as a dict."""
    return json.loads(text) if text else {}


def list_responses(survey, *, site_id=None, stakeholder_group=None, language=None):
    """The responses to `survey` that may be analysed: anonymous ones, and linked ones whose participant
    consents to take part now (a withdrawal takes their responses out of results and exports)."""
    query = (sa.select(Response)
             .where(*analysable(survey, site_id=site_id, stakeholder_group=stakeholder_group, language=language))
             .order_by(Response.submitted_at, Response.id)
             .options(selectinload(Response.participant).selectinload(Participant.consents),
                      selectinload(Response.participant).joinedload(Participant.site),
                      selectinload(Response.site), selectinload(Response.survey)))
    return db.session.scalars(query).all()


def responses_submitted_before(moment):
    """Ids of the responses submitted before `moment`: those past their retention period."""
    return list(db.session.scalars(sa.select(Response.id).where(Response.submitted_at < moment)
                                   .order_by(Response.id)))
