"""The demo's requirements register (DEMO.md): REQ-001…010 as the story writes them and more in the same story,
traced back to evidence from the three pilot sites (quotes, notes, storyboard frames, survey answers and
questions) and forward to IMMERSE configuration items, with the holes a real register has: a requirement with
no evidence, one resting on one site only, an accepted one that nothing implements yet, a suspect link, and a
quote whose speaker withdrew consent after it was cited.

Run after the workshops and surveys seeders; seeds only a project whose register is still empty.
"""
from datetime import datetime, timezone

import sqlalchemy as sa

from ..evidence.models import Code
from ..evidence.registry import Ref, kind_of
from ..extensions import db
from ..projects.models import PilotSite
from ..projects.services import get_project_by_slug
from . import recommendations, services
from .models import EvidenceLink, Requirement, Status

F, U, A, L, E, P, D = "functional", "usability", "accessibility", "language", "legal_ethical", "privacy_security", \
    "data"
MIGRANT, NGO, PUBLIC = "migrant", "ngo", "public_service"

# (title, statement, type, priority, groups, sites, acceptance criteria, status, evidence, items)
# evidence: (kind, where, what): a quote/note/frame by site and words it contains, a survey question by survey
# code and key, a survey answer by survey code and question key (the first consenting answer).
REGISTER = [
    ("Every screen in the person's language",
     "Every screen is offered in the person's chosen language, Arabic and Tigrinya included.", L, "must",
     (MIGRANT,), ("ES", "IT", "CY"), "Each screen has a reviewed Arabic and Tigrinya version.", Status.IMPLEMENTED,
     [("quote", "ES", "solo hablaban español"), ("quote", "IT", "ዲግሪ"), ("note", "IT", "Arabic and Tigrinya"),
      ("question", "MDR3", "barriers")],
     ["service_profile/language/offered"]),
    ("Only what job matching needs",
     "The employment office sees skills, languages, qualifications and work-permit status, never gender, "
     "ethnicity or age, when matching jobs.", P, "must", (MIGRANT, NGO), ("ES", "IT", "CY"),
     "For job matching the firewall releases these four attributes and the hours the person can work, the region "
     "only for distance (REQ-024), and never gender, ethnicity or age.", Status.ACCEPTED,
     [("quote", "ES", "فقط عما"), ("quote", "CY", "θρησκεία"), ("note", "CY", "asks for religion"),
      ("question", "NCY6", "trust")],
     ["firewall/employment-office/job-matching/skills", "firewall/employment-office/job-matching/languages",
      "firewall/employment-office/job-matching/qualifications",
      "firewall/employment-office/job-matching/work_permit",
      "firewall/employment-office/job-matching/availability",
      "firewall/employment-office/job-matching/gender", "firewall/employment-office/job-matching/ethnicity",
      "firewall/employment-office/job-matching/date_of_birth"]),
    ("Informal skills count",
     "Informally acquired skills count in matching.", F, "should", (MIGRANT, PUBLIC), ("ES", "IT"),
     "A profile with informal experience only is matched on it.", Status.ACCEPTED,
     [("quote", "ES", "maçon"), ("note", "ES", "informal experience"), ("frame", "ES", "counts her experience")],
     ["matching/criterion/informal_skills"]),
    ("Training for missing skills",
     "Missing skills come with training opportunities that close the gap.", F, "should", (MIGRANT,), ("CY", "IT"),
     "Each missing essential skill lists at least one training.", Status.PROPOSED,
     [("quote", "CY", "formation"), ("answer", "RMA9", "comment")],
     ["matching/criterion/training_for_gaps"]),
    ("Age band for youth employment only",
     "The age band is released only for the youth-employment programme.", P, "must", (MIGRANT, PUBLIC), ("ES",),
     "No other purpose receives an age or an age band.", Status.ACCEPTED,
     [("quote", "ES", "فقط عما")],
     ["firewall/employment-office/youth-employment/date_of_birth"]),
    ("Health service sees language and interpreter need",
     "The health service sees the preferred language and the need of an interpreter, nothing about employment.",
     P, "must", (MIGRANT, NGO), ("IT", "CY"), "The health service's view holds these two attributes only.",
     Status.ACCEPTED,
     [("quote", "IT", "بطاقة الصحة"), ("note", "IT", "health card")],
     ["firewall/health-service/healthcare-access/preferred_language",
      "firewall/health-service/healthcare-access/interpreter_needed",
      "firewall/health-service/healthcare-access/work_experience",
      "service_profile/interpreter/offered"]),
    ("Registration without reading",
     "Registration can be completed without reading the host language, with pictograms and audio.", A, "must",
     (MIGRANT,), ("ES", "IT", "CY"), "A participant who does not read the host language registers unaided.",
     Status.IMPLEMENTED,
     [("note", "ES", "pictograms"), ("note", "IT", "pictogram cards"), ("note", "IT", "needed help reading"),
      ("question", "NCY6", "phone_forms")],
     ["service_profile/pictograms"]),
    ("Qualifications awaiting recognition",
     "Qualifications awaiting recognition still count in matching, at a lower weight.", F, "should",
     (MIGRANT, NGO), ("ES", "IT"), "A qualification marked pending counts at half weight.", Status.ACCEPTED,
     [("note", "IT", "Qualification recognition"),
      ("question", "RMA4", "recognition")],
     ["matching/weight/pending_recognition"]),
    ("A different identifier for each authority",
     "Each authority sees a different identifier for the same person.", P, "must", (MIGRANT, NGO), ("CY",),
     "Two authorities' views of one person share no identifier.", Status.ACCEPTED,
     [("quote", "CY", "پلیس"), ("note", "CY", "registering an address")],
     ["firewall/employment-office/any/person_id", "firewall/health-service/any/person_id",
      "firewall/education-service/any/person_id"]),
    ("See what each authority received",
     "A person can see and download what each authority received about them.", E, "must", (MIGRANT,), (),
     "The person's page lists every release with its authority, purpose and date.", Status.PROPOSED,
     [], []),
    ("Job adverts reach phones",
     "Job opportunities can be received on a phone, in a messaging app the person already uses.", F, "could",
     (MIGRANT,), ("ES", "IT"), "", Status.PROPOSED,
     [("quote", "IT", "WhatsApp"), ("frame", "ES", "WhatsApp"), ("question", "MDR3", "smartphone")], []),
    ("One registration, not four offices",
     "One registration serves the employment, welfare and health offices; nobody is sent between them.", F,
     "should", (MIGRANT, NGO, PUBLIC), ("CY", "IT"), "", Status.PROPOSED,
     [("quote", "CY", "four different offices"), ("note", "CY", "scattered across four offices")], []),
    ("Appointments without weeks of waiting",
     "A person can book and move an appointment online and is told at once which documents to bring.", U,
     "should", (MIGRANT,), ("ES",), "", Status.PROPOSED,
     [("quote", "ES", "tres meses"), ("note", "ES", "appointments take weeks"), ("frame", "ES", "waiting")], []),
    ("Documents asked for once",
     "The list of documents a procedure needs is shown before the first visit and never changes on the way.", U,
     "should", (MIGRANT,), ("ES", "CY"), "", Status.PROPOSED,
     [("note", "CY", "never mentioned"), ("frame", "ES", "CV in Spanish")], []),
    ("Childcare during training",
     "Training opportunities say whether childcare is offered, and matching can prefer those that do.", F,
     "could", (MIGRANT,), ("CY",), "", Status.PROPOSED,
     [("quote", "CY", "enfants"), ("note", "CY", "Childcare was the first topic")], []),
    ("No religion in any form",
     "No form of the service asks for religion.", P, "must", (MIGRANT,), ("CY",),
     "No form field asks for or stores religion.", Status.ACCEPTED,
     [("quote", "CY", "θρησκεία")], []),
    ("Works on a phone with little data",
     "Every page works on a phone with a slow, metered connection.", U, "must", (MIGRANT,), ("ES", "IT"),
     "A page weighs under 200 KB without pictures.", Status.PROPOSED,
     [("note", "ES", "little data"), ("note", "IT", "completed on phones")], []),
    ("A training pictogram that is understood",
     "The pictogram for training is tested again: a graduation cap was read as university.", U, "should",
     (MIGRANT,), ("ES",), "", Status.PROPOSED,
     [("note", "ES", "graduation cap")], []),
    ("Group answers are allowed",
     "A group may answer together and the answer is recorded as the group's view.", D, "could", (MIGRANT,),
     ("IT",), "", Status.PROPOSED,
     [("note", "IT", "answer together")], []),
    ("Trust: say what is never shared",
     "Before any question, the service says in the person's language what is never shared with the police or "
     "immigration offices.", E, "must", (MIGRANT, NGO), ("CY", "ES"), "", Status.PROPOSED,
     [("quote", "CY", "پلیس"), ("question", "MDR3", "trust")], []),
    ("Employment office sees language levels",
     "For job matching the employment office sees language levels (CEFR), not only the languages.", F,
     "should", (PUBLIC,), ("ES",), "", Status.PROPOSED,
     [], ["matching/weight/language"]),
    ("Education service sees qualifications",
     "For enrolment the education service sees qualifications and languages, nothing else.", P, "should",
     (MIGRANT, PUBLIC), ("IT",), "", Status.PROPOSED,
     [("quote", "IT", "ዲግሪ")],
     ["firewall/education-service/education-enrolment/qualifications",
      "firewall/education-service/education-enrolment/languages"]),
    ("Optional skills weigh less",
     "Optional skills of an opportunity weigh less than essential ones in matching.", F, "could", (PUBLIC,), (),
     "", Status.PROPOSED, [], ["matching/weight/optional_skill", "matching/weight/essential_skill"]),
    ("Distance to work counts",
     "Matching takes into account how far the person lives from the opportunity.", F, "could", (MIGRANT,),
     ("ES",), "", Status.PROPOSED,
     [("question", "MDR3", "distance_km")],
     ["matching/weight/region", "firewall/employment-office/job-matching/region"]),
]

# Derived from analysis (no hole although no evidence is cited directly).
DERIVED = ("Pseudonyms cannot be joined",
           "Pseudonyms are keyed per authority so that two authorities cannot join their views.", P, "must",
           "Follows from REQ-009 and the data-protection impact assessment, not from a single piece of evidence.",
           ["firewall/health-service/any/person_id"])

# REQ-012's statement was sharpened after it was traced: its links are suspect until reviewed.
SHARPENED = ("One registration, not four offices",
             "One registration serves the employment, welfare and health offices, and each sees only its part.")
LINKED_ON = datetime(2020, 6, 15, 10, tzinfo=timezone.utc)


def seed(password=None):
    project = get_project_by_slug("miict")
    if project is None or db.session.scalar(sa.select(Requirement.id).where(Requirement.project_id == project.id)
                                            .limit(1)) is not None:
        return
    for n, (title, statement, type_, priority, groups, sites, criteria, status, evidence, items) in \
            enumerate(REGISTER, start=1):
        requirement = services.create_requirement(
            project, actor=None, title=title, statement=statement, type=type_, priority=priority,
            stakeholder_groups=",".join(groups), site_codes=",".join(sites), acceptance_criteria=criteria,
            rationale="")
        for spec in evidence:
            ref = _find(project, *spec)
            if ref is None:
                continue
            try:
                services.link_evidence(requirement, ref, justification=_why(spec, title), actor=None)
            except services.RequirementError:  # evidence the demo's consents do not let anyone cite
                continue
        for key in items:
            services.link_item(requirement, key, actor=None)
        _advance(requirement, status)
    title, statement, type_, priority, justification, items = DERIVED
    derived = services.create_requirement(project, actor=None, title=title, statement=statement, type=type_,
                                          priority=priority, derived=True, derived_justification=justification)
    for key in items:
        services.link_item(derived, key, actor=None)
    _cited_before_withdrawal(project)
    _suspect_links(project)
    _recommendations(project)
    db.session.flush()


# The policy briefs' recommendations, per pilot country in order: (text, language, themes, requirement numbers).
RECOMMENDATIONS = {
    "ES": [
        ("Offer every employment-office form and appointment in Arabic and French, with interpreters booked "
         "through the office rather than brought by the applicant.", "en",
         ("Language barriers",), (1,)),
        ("Reconocer la experiencia laboral informal en los perfiles de empleo, y no solo los títulos "
         "homologados.", "es", ("Informal skills", "Recognition of qualifications"), (3, 8)),
        ("Ask for the age band only in the youth-employment programme, and say on the form why it is asked.",
         "en", ("Only relevant questions", "Fear of authorities"), (5, 2)),
    ],
    "IT": [
        ("Translate the registration screens into Tigrinya and Arabic before the service opens in Rome.", "en",
         ("Language barriers",), (1,)),
        ("Contare i titoli in attesa di riconoscimento, con un peso minore, invece di escluderli.", "it",
         ("Recognition of qualifications",), (8,)),
        ("Bring employment, welfare and health registration to one desk, so that people are not sent from "
         "office to office.", "en", ("Information scattered", "Waiting times"), ()),
    ],
    "CY": [
        ("Release to each authority only what its purpose needs, and show people what each one received.", "en",
         ("Only relevant questions", "Fear of authorities"), (2, 10)),
        ("Να προσφέρονται μόνο γυναικείες ομάδες όταν το ζητούν οι συμμετέχουσες, με φροντίδα παιδιών στον "
         "ίδιο χώρο.", "el", ("Childcare",), ()),
        ("Pair every missing skill in a job match with a training course offered in Nicosia.", "en",
         ("Informal skills",), (4,)),
    ],
}


def _recommendations(project):
    """The demo's recommendations, attached to the demo codebook's themes and the register's requirements."""
    themes = {code.name: code.id for code in db.session.scalars(sa.select(Code).where(
        Code.project_id == project.id))}
    numbers = {r.number: r.id for r in services.requirements_of(project)}
    countries = recommendations.pilot_countries(project)
    for country, items in RECOMMENDATIONS.items():
        if country not in countries:
            continue
        for text, language, theme_names, requirement_numbers in items:
            recommendations.save_recommendation(
                project, country=country, text=text, language=language,
                theme_ids=[themes[name] for name in theme_names if name in themes],
                requirement_ids=[numbers[n] for n in requirement_numbers if n in numbers], actor=None)


def _why(spec, title):
    kind, _where, _what = spec
    if kind == "question":
        return f"The survey result shows how widely this is felt ({title.lower()})."
    return f"Said or observed at the pilot site; the requirement answers it ({title.lower()})."


def _advance(requirement, status):
    """Move `requirement` along the workflow, one step at a time, to `status`."""
    for step in (Status.ACCEPTED, Status.IMPLEMENTED, Status.VERIFIED):
        if requirement.status == status:
            return
        services.change_status(requirement, step, actor=None)


def _items_of(kind_name, project):
    """{Ref: item} of every piece of evidence of a kind in `project` (the demo holds a few dozen of each)."""
    kind = kind_of(kind_name)
    if kind is None:
        return {}
    ids = db.session.scalars(sa.select(kind.model.id).order_by(kind.model.id)).all()
    return {ref: item for ref, item in kind.load([Ref(kind_name, i) for i in ids]).items()
            if kind.project_id(item) == project.id}


def _find(project, kind_name, where, what):
    """The Ref of the demo evidence a spec describes, or None when that part of the demo is missing: a quote,
    note or frame at site `where` whose text holds `what`; a survey question (`where` the survey's code, `what`
    its key); a survey answer (the first answer to question `what` of survey `where` that may be quoted)."""
    if kind_name in ("quote", "note", "frame"):
        kind = kind_of(kind_name)
        return next((ref for ref, item in _items_of(kind_name, project).items()
                     if kind.site(item).code == where and what in kind.text(item)), None)
    questions = kind_of("survey_question")
    if questions is None:
        return None
    survey = db.session.scalar(sa.select(questions.model).where(questions.model.code == where,
                                                                questions.model.project_id == project.id))
    if survey is None:
        return None
    if kind_name == "question":
        return Ref("survey_question", survey.id, what)
    answers = kind_of("survey_answer")
    response = answers.model
    response_ids = db.session.scalars(sa.select(response.id).where(
        response.survey_id == survey.id, response.participant_id.is_not(None)).order_by(response.id)).all()
    found = answers.load([Ref("survey_answer", rid, what) for rid in response_ids])
    return next((ref for ref, item in found.items() if answers.publishable(item)), None)


def _cited_before_withdrawal(project):
    """IT-M-004's quote was cited in November 2019, before they withdrew consent to quotes (January 2020):
    the requirement keeps the citation, shown as a tombstone."""
    quote = _find(project, "quote", "IT", "diploma andava")
    requirement = db.session.scalar(sa.select(Requirement).where(Requirement.project_id == project.id,
                                                                 Requirement.number == 3))
    if quote is None or requirement is None:
        return
    site = db.session.scalar(sa.select(PilotSite).where(PilotSite.project_id == project.id, PilotSite.code == "IT"))
    db.session.add(EvidenceLink(requirement_id=requirement.id, kind="quote", target_id=quote.id,
                                justification="Recognition that never comes keeps skills out of matching.",
                                site_id=site.id, stakeholder_group="migrant",
                                linked_at=datetime(2019, 11, 20, 9, tzinfo=timezone.utc)))


def _suspect_links(project):
    """An honest suspect link: REQ-012 changed after it was traced.  (The IMMERSE demo, which runs next, changes
    the weight of qualifications awaiting recognition: REQ-008's link to it becomes suspect too.)"""
    title, statement = SHARPENED
    requirement = db.session.scalar(sa.select(Requirement).where(Requirement.project_id == project.id,
                                                                 Requirement.title == title))
    if requirement is not None:
        services.link_item(requirement, "firewall/health-service/healthcare-access/work_experience", actor=None)
        services.update_requirement(requirement, statement=statement, actor=None)
