"""`flask seed-scale`: the demo project at the size of a national deployment, to try CoCreate (and time its
pages) with a real project's amount of data.

On top of the demo story (seeded first when missing) it adds, by `--factor` (1 by default):
5,000 participants across the three pilot sites (all consenting to take part, every other one to being
quoted), 50 workshops, 5,000 notes and 5,000 quotes with attendance, 2,000 codings with the demo codebook's
codes, and one 20-question survey with 10,000 responses (about 194,000 answers).  Rows go in with bulk
inserts, a table at a time, then `ANALYZE`; the random choices are seeded, so two runs build the same data.
"""
import random
import uuid
from datetime import date, datetime, timedelta, timezone

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from .database import analyze
from .extensions import db

BASE = {"participants": 5000, "workshops": 50, "notes": 5000, "quotes": 5000, "codings": 2000,
        "responses": 10000}
SEED = 20261204
SURVEY_CODE = "SCL1"
GROUPS = (("migrant", 0.7), ("ngo", 0.15), ("public_service", 0.1), ("expert", 0.05))
WORDS = ("work", "language", "office", "documents", "interpreter", "doctor", "school", "children", "trust", "papers",
         "appointment", "phone", "training", "skills", "recognition", "housing", "waiting", "form", "bus", "rent")
QUOTE_WORDS = {"es": ("trabajo", "idioma", "oficina", "papeles", "médico", "cita", "niños", "confianza"),
               "fr": ("travail", "langue", "bureau", "papiers", "médecin", "rendez-vous", "enfants", "confiance"),
               "ar": ("عمل", "لغة", "مكتب", "أوراق", "طبيب", "موعد", "أطفال", "ثقة")}


def sizes(factor=1.0):
    """How many rows of each kind a factor gives (at least one of each)."""
    return {name: max(1, round(count * factor)) for name, count in BASE.items()}


def _chunks(rows, size=2000):
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _insert(model, rows):
    """Bulk INSERT of plain dicts, a few thousand rows a statement; returns the new ids in order."""
    ids = []
    for chunk in _chunks(rows):
        ids += db.session.scalars(sa.insert(model).returning(model.id, sort_by_parameter_order=True), chunk).all()
    return ids


def _insert_plain(table, rows):
    for chunk in _chunks(rows):
        db.session.execute(sa.insert(table), chunk)


def seed_scale(factor=1.0, *, survey_code=SURVEY_CODE):
    """Add the scale data set to the demo project (`miict`); returns {kind: rows added}.

    Refuses to run twice with one survey code (`survey_code`, the scale survey's, is taken): the data set is
    built once; another code adds another such set."""
    from .demo import seed_demo
    from .evidence.models import Code, Coding
    from .evidence.services import fold
    from .participants.models import (
        CodeCounter,
        Consent,
        ConsentScope,
        Participant,
        StakeholderGroup,
    )
    from .projects.services import get_project_by_slug
    from .surveys import services as surveys
    from .surveys.models import Response
    from .workshops.models import Attendance, Note, Phase, Quote, Workshop

    if get_project_by_slug("miict") is None:
        seed_demo()
    project = get_project_by_slug("miict")
    if surveys.get_survey_by_code(survey_code) is not None:
        raise click.ClickException("This database already holds the scale data set.")
    counts, rng = sizes(factor), random.Random(SEED)
    sites = list(project.sites)
    now = datetime(2021, 6, 1, 9, tzinfo=timezone.utc)

    # Participants, numbered after the demo's in each site and group, with their consents.
    numbers = {}
    for site in sites:
        for group in StakeholderGroup:
            numbers[(site.id, group)] = db.session.scalar(sa.select(sa.func.max(Participant.number)).where(
                Participant.site_id == site.id, Participant.stakeholder_group == group)) or 0
    people = []
    for index in range(counts["participants"]):
        site = sites[index % len(sites)]
        group = StakeholderGroup(rng.choices([g for g, _w in GROUPS], weights=[w for _g, w in GROUPS])[0])
        numbers[(site.id, group)] += 1
        number = numbers[(site.id, group)]
        people.append({"site_id": site.id, "stakeholder_group": group, "number": number,
                       "code": f"{site.code}-{group.letter}-{number:03d}",
                       "languages": rng.sample(site.languages or ["en"], 1), "created_at": now})
    person_ids = _insert(Participant, people)
    for (site_id, group), last in numbers.items():
        counter = db.session.get(CodeCounter, (site_id, group))
        if counter is None:
            db.session.add(CodeCounter(site_id=site_id, stakeholder_group=group, last_number=last))
        else:
            counter.last_number = max(counter.last_number, last)
    consents = []
    for index, person_id in enumerate(person_ids):
        scopes = [ConsentScope.TAKE_PART] + ([ConsentScope.QUOTES] if index % 2 == 0 else [])
        consents += [{"participant_id": person_id, "scope": scope, "form_version": "scale-v1",
                      "given_on": date(2021, 5, 1), "how_obtained": ""} for scope in scopes]
    _insert(Consent, consents)
    by_site = {site.id: [] for site in sites}
    for person_id, person in zip(person_ids, people):
        by_site[person["site_id"]].append((person_id, person["languages"][0]))

    # Workshops, and at each a share of the site's participants present.
    workshops = [{"site_id": sites[n % len(sites)].id, "title": f"Scale workshop {n + 1}",
                  "phase": rng.choice(list(Phase)), "date": date(2020, 1, 6) + timedelta(days=7 * n),
                  "place": "", "languages": [], "objectives": "", "created_at": now}
                 for n in range(counts["workshops"])]
    workshop_ids = _insert(Workshop, workshops)
    site_of = {wid: w["site_id"] for wid, w in zip(workshop_ids, workshops)}
    attendance = set()
    for wid in workshop_ids:
        pool = by_site[site_of[wid]]
        for person_id, _language in rng.sample(pool, min(len(pool), 30)):
            attendance.add((wid, person_id))
    _insert_plain(Attendance.__table__, [{"workshop_id": wid, "participant_id": pid, "recorded_at": now}
                                         for wid, pid in sorted(attendance)])

    # Notes and quotes, spread over the workshops; quotes said by people of the workshop's site.
    notes = []
    for n in range(counts["notes"]):
        body = " ".join(rng.choices(WORDS, k=12)).capitalize() + f" (note {n + 1})."
        notes.append({"workshop_id": workshop_ids[n % len(workshop_ids)], "body": body, "search_text": fold(body),
                      "observed_at": now + timedelta(minutes=n), "updated_at": now, "version": 1})
    note_ids = _insert(Note, notes)
    quotes = []
    for n in range(counts["quotes"]):
        wid = workshop_ids[n % len(workshop_ids)]
        speaker, language = rng.choice(by_site[site_of[wid]])
        language = language if language in QUOTE_WORDS else rng.choice(list(QUOTE_WORDS))
        text = " ".join(rng.choices(QUOTE_WORDS[language], k=10)) + f" ({n + 1})"
        translation = " ".join(rng.choices(WORDS, k=10))
        quotes.append({"workshop_id": wid, "speaker_id": speaker, "text": text, "language": language,
                       "translation": translation, "translation_language": "en",
                       "search_text": fold(f"{text} {translation}"), "created_at": now + timedelta(minutes=n)})
    quote_ids = _insert(Quote, quotes)

    # Codings with the demo codebook's codes, half on notes, half on quotes.
    codes = db.session.scalars(sa.select(Code.id).where(Code.project_id == project.id).order_by(Code.id)).all()
    if not codes:
        codes = _insert(Code, [{"project_id": project.id, "parent_id": None, "name": word.capitalize(),
                                "definition": "", "examples": ""} for word in WORDS[:8]])
    codings = []
    for n in range(counts["codings"]):
        on_note = (n // len(codes)) % 2 == 1  # every code applied to notes and to quotes
        targets = note_ids if on_note else quote_ids
        codings.append({"code_id": codes[n % len(codes)], "target_type": "note" if on_note else "quote",
                        "target_id": targets[(n // 2) % len(targets)], "target_part": "", "excerpt": "",
                        "created_at": now})
    _insert(Coding, codings)

    # One linked 20-question survey and its responses.
    survey = surveys.create_from_definition(project, _survey_definition(), code=survey_code, actor=None)
    survey.opens_at = survey.opened_at = now
    db.session.flush()
    responses = []
    everyone = [(pid, person) for pid, person in zip(person_ids, people)]
    for n in range(counts["responses"]):
        person_id, person = everyone[n % len(everyone)]
        responses.append({
            "survey_id": survey.id, "survey_version": survey.version, "client_uuid": str(uuid.UUID(int=rng.getrandbits(128))),
            "language": rng.choice(["en", "es"]), "site_id": person["site_id"], "participant_id": person_id,
            "stakeholder_group": person["stakeholder_group"].value, "channel": rng.choice(["web", "web", "api"]),
            "answers": _answers(rng, n), "submitted_at": now + timedelta(seconds=40 * n)})
    _insert(Response, responses)
    db.session.commit()
    analyze()
    return {"participants": len(person_ids), "workshops": len(workshop_ids), "attendance": len(attendance),
            "notes": len(note_ids), "quotes": len(quote_ids), "codings": len(codings), "responses": len(responses),
            "survey": survey_code}


def _label(en, es):
    return {"en": en, "es": es}


LIKERT_TOPICS = (("employment", "la oficina de empleo"), ("health", "el centro de salud"), ("school", "la escuela"),
                 ("housing", "la oficina de vivienda"), ("legal", "la asesoría legal"), ("language", "los cursos"),
                 ("transport", "el transporte"), ("online", "los trámites en línea"))
CHOICES = (("work", "Trabajo"), ("health", "Salud"), ("school", "Escuela"), ("housing", "Vivienda"),
           ("papers", "Papeles"))


def _survey_definition():
    """20 questions: 8 Likert, 4 single choice, 3 yes/no, 3 numbers, 2 free text."""
    questions = [{"key": f"easy_{key}", "kind": "likert", "label": _label(f"It is easy to deal with the {key} service.",
                  f"Es fácil tratar con {es}."), "required": False} for key, es in LIKERT_TOPICS]
    questions += [{"key": f"first_{n}", "kind": "single_choice", "label": _label(f"What matters most ({n})?",
                   f"¿Qué es lo más importante ({n})?"), "choices": [
                       {"value": value, "label": _label(value.capitalize(), es)} for value, es in CHOICES]}
                  for n in range(1, 5)]
    questions += [{"key": f"yes_{n}", "kind": "yes_no", "label": _label(f"Have you used service {n}?",
                   f"¿Ha usado el servicio {n}?")} for n in range(1, 4)]
    questions += [{"key": f"number_{n}", "kind": "integer", "label": _label(f"How many visits ({n})?",
                   f"¿Cuántas visitas ({n})?"), "settings": {"min": 0, "max": 100}} for n in range(1, 4)]
    questions += [{"key": f"say_{n}", "kind": "long_text", "label": _label(f"Tell us more ({n}).",
                   f"Cuéntenos más ({n}).")} for n in range(1, 3)]
    for question in questions:
        question.setdefault("help", {})
        question.setdefault("choices", [])
        question.setdefault("settings", {})
        question.setdefault("required", False)
        question["condition"] = None
    return {"source_language": "en", "languages": ["en", "es"], "mode": "linked",
            "title": _label("Public services at scale", "Servicios públicos a escala"), "description": {},
            "sections": [{"key": "all", "title": _label("Questions", "Preguntas"), "condition": None,
                          "questions": questions}]}


def _answers(rng, n):
    answers = {f"easy_{key}": rng.randint(1, 5) for key, _es in LIKERT_TOPICS}
    answers.update({f"first_{i}": rng.choice(CHOICES)[0] for i in range(1, 5)})
    answers.update({f"yes_{i}": rng.choice(["yes", "no"]) for i in range(1, 4)})
    answers.update({f"number_{i}": rng.randint(0, 20) for i in range(1, 4)})
    if n % 3 == 0:
        answers["say_1"] = " ".join(rng.choices(WORDS, k=8))
    if n % 7 == 0:
        answers["say_2"] = " ".join(rng.choices(WORDS, k=5))
    return answers


@click.command("seed-scale")
@click.option("--factor", type=click.FloatRange(min=0.001, max=20), default=1.0, show_default=True,
              help="Size of the data set, 1 being 5,000 participants and 10,000 survey responses.")
@with_appcontext
def seed_scale_command(factor):
    """Add a national deployment's amount of data to the demo project (the demo is seeded first if missing)."""
    added = seed_scale(factor)
    click.echo("Added to the demo project: " + ", ".join(
        f"{count} {kind}" for kind, count in added.items() if isinstance(count, int)) + f"; survey {added['survey']}.")
