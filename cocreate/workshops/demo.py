"""The workshops part of the demo story: sessions at the three MIICT sites, their participants and consents,
notes, quotes in several languages, pictures of maps and a storyboard (drawn here), reflections, the methods
library and a coded codebook.

Deterministic (a fixed random seed, fixed dates; pictures drawn the same way each time) and idempotent: each
thing is looked for before it is made.
"""
import io
import math
import random
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa
from PIL import Image, ImageDraw, ImageFont

from ..auth.services import find_user
from ..extensions import db
from ..projects.services import get_project_by_slug, get_site
from ..evidence import services as evidence
from ..evidence.models import Code
from ..evidence.registry import Ref
from ..participants.models import Consent, ConsentScope, Participant, ParticipantProfile, StakeholderGroup
from ..participants.services import get_participant_by_code
from . import services
from .models import Method, MethodGuide, Workshop

SEED = 20190401

# participants per site: (group, how many)
PARTICIPANTS = [(StakeholderGroup.MIGRANT, 12), (StakeholderGroup.NGO, 4), (StakeholderGroup.PUBLIC_SERVICE, 3),
                (StakeholderGroup.EXPERT, 1)]
NATIONALITIES = {"ES": ["MA", "SN", "SY", "ML"], "IT": ["ER", "NG", "SY", "ET"], "CY": ["SY", "IR", "SO", "CM"]}
GENDERS = ["woman", "man", "woman", "man", "not_said"]
AGE_BANDS = ["18-24", "25-34", "25-34", "35-44", "45-54"]

METHOD_GUIDES = {
    Method.FOCUS_GROUP: (
        "Hear a group talk through shared experiences of a service, in their own words.",
        "1. Welcome, consent and ground rules, with an interpreter.\n2. Warm-up question everyone can answer.\n"
        "3. Three to five open questions about real situations.\n4. Summarise back what you heard.",
        "Question guide, flip chart, markers, audio recorder (only with consent).",
        "Keep groups of one language or provide one interpreter per language. Offer women-only sessions where "
        "asked. Never ask about legal status in a group."),
    Method.INTERVIEW: (
        "Understand one person's role and constraints in depth, usually a public servant or NGO worker.",
        "1. Explain the purpose and consent.\n2. Ask about a recent case from start to end.\n3. Ask what they would change.",
        "Interview guide, consent form, notebook.",
        "Interviews with migrants work better in a familiar place, with someone they trust present."),
    Method.COGNITIVE_MAPPING: (
        "Show how a person thinks about a task: which steps, places and people they connect.",
        "1. Put the task in the middle.\n2. Participants add what they think of, in any language or as drawings.\n"
        "3. Draw links and talk about them.",
        "Large paper, sticky notes, pictogram cards, pens in several colours.",
        "Pictogram cards help people who do not read the host language; let people draw instead of writing."),
    Method.CONTEXT_MAPPING: (
        "Map the places, offices and people involved in a life situation such as finding work or seeing a doctor.",
        "1. Draw the person in the centre.\n2. Add places and offices around them.\n3. Mark where it goes wrong.",
        "A3 sheets, stickers for offices, red dots for problems.",
        "Ask about the last time it happened, not about the general case: it is easier and more honest."),
    Method.STORYBOARDING: (
        "Tell a service journey as a short comic: what happens, frame by frame, and how it feels.",
        "1. Agree the story (a job search).\n2. Sketch four to eight frames.\n3. Act them out and note reactions.",
        "Frame templates, pencils, a camera for the result.",
        "Draw simple figures yourself so nobody feels judged on drawing; read captions aloud."),
    Method.PAPER_PROTOTYPING: (
        "Test screens of a service on paper before anything is built.",
        "1. Give a task.\n2. The participant points; a facilitator swaps the paper screens.\n3. Note where they hesitate.",
        "Printed screens, scissors, sticky notes.",
        "One question per screen and pictograms work best; test in the participant's language."),
    Method.QUESTIONNAIRE: (
        "Reach more people with a few short questions, on paper or on a phone.",
        "1. Keep it under ten questions.\n2. Translate and test with two people first.\n3. Offer help to fill it in.",
        "Phones or printed forms in every language.",
        "Avoid questions about status or religion; give a 'prefer not to say' answer everywhere."),
    Method.OTHER: (
        "Any other activity: a visit, an observation, a game.",
        "Describe it in the agenda.", "", ""),
}
SPANISH_GUIDES = {
    Method.FOCUS_GROUP: (
        "Escuchar a un grupo hablar de experiencias compartidas con un servicio, con sus propias palabras.",
        "1. Bienvenida, consentimiento y normas, con intérprete.\n2. Una pregunta sencilla para todos.\n"
        "3. De tres a cinco preguntas abiertas sobre situaciones reales.\n4. Resumir lo escuchado.",
        "Guion de preguntas, papelógrafo, rotuladores, grabadora (solo con consentimiento).",
        "Grupos de una sola lengua o un intérprete por lengua. Ofrecer sesiones solo para mujeres si se piden."),
}

CODEBOOK = [
    ("Access to services", None, "Barriers and aids on the way to a public service.", ""),
    ("Language barriers", "Access to services", "Not understanding or not being understood by a service.",
     "“They spoke only Spanish and I nodded.”"),
    ("Information scattered", "Access to services", "Information spread across offices, websites and people.",
     "Being sent from one office to another."),
    ("Waiting times", "Access to services", "Long waits for appointments, answers or documents.", ""),
    ("Digital literacy", "Access to services", "Skills and means to use online services; phone-only access.",
     "Filling forms on a phone."),
    ("Trust", None, "Trust in institutions and in the people who represent them.", ""),
    ("Fear of authorities", "Trust", "Fear that sharing data leads to checks or deportation.",
     "“If I write my address, will the police come?”"),
    ("Only relevant questions", "Trust", "The wish to be asked only what a service needs (the firewall's origin).",
     "Why does the job centre ask my religion?"),
    ("Work and skills", None, "Finding work and having skills recognised.", ""),
    ("Recognition of qualifications", "Work and skills", "Diplomas and licences from abroad not recognised.", ""),
    ("Informal skills", "Work and skills", "Skills learned on the job or in the family that no form counts.", ""),
    ("Discrimination in hiring", "Work and skills", "Being refused or treated worse because of origin.", ""),
    ("Childcare", None, "Care duties that keep people, mostly women, from training and work.", ""),
]

# site -> list of workshops: (phase, date, title, place, [(activity title, method, minutes, materials)])
WORKSHOPS = {
    "ES": [
        ("requirements", date(2019, 4, 10), "Focus group: looking for work in Madrid", "Asociación Puentes, Lavapiés",
         [("Welcome and consent", Method.OTHER, 20, "Consent forms in Arabic, French and Spanish"),
          ("Looking for work: what happened last time", Method.FOCUS_GROUP, 60, "Question guide, flip chart")]),
        ("requirements", date(2019, 4, 24), "Interviews with employment agency staff", "Municipal employment agency",
         [("Case walk-through", Method.INTERVIEW, 45, "Interview guide")]),
        ("codesign_1", date(2019, 10, 16), "Context mapping and storyboarding a job search", "Asociación Puentes",
         [("Context map: finding work", Method.CONTEXT_MAPPING, 50, "A3 sheets, office stickers, red dots"),
          ("Storyboard: a job search", Method.STORYBOARDING, 60, "Frame templates, pencils")]),
        ("codesign_2", date(2020, 3, 4), "Paper prototypes of IMMERSE, version 2", "Asociación Puentes",
         [("First-click tasks on paper screens", Method.PAPER_PROTOTYPING, 70, "Printed screens v2")]),
    ],
    "IT": [
        ("requirements", date(2019, 5, 8), "Focus group with migrants and refugees", "Casa Aperta, Esquilino",
         [("Finding work and training", Method.FOCUS_GROUP, 75, "Question guide, Tigrinya interpreter")]),
        ("codesign_1", date(2019, 11, 6), "Mapping the way to a doctor", "Casa Aperta",
         [("Context map: seeing a doctor", Method.CONTEXT_MAPPING, 60, "A3 sheets, pictogram cards"),
          ("Cognitive map: my skills", Method.COGNITIVE_MAPPING, 40, "Sticky notes, pictogram cards")]),
        ("evaluation", date(2021, 5, 12), "Evaluation round", "Lazio regional job centre",
         [("Short satisfaction questionnaire", Method.QUESTIONNAIRE, 30, "Phones, printed forms")]),
    ],
    "CY": [
        ("requirements", date(2019, 3, 27), "Women-only focus group", "Solidarity Cyprus, Nicosia old town",
         [("Childcare and work", Method.FOCUS_GROUP, 70, "Question guide, Arabic and Farsi interpreters")]),
        ("requirements", date(2019, 4, 3), "Focus group with NGO staff", "Solidarity Cyprus",
         [("What migrants ask us most", Method.FOCUS_GROUP, 60, "Flip chart")]),
        ("codesign_1", date(2019, 10, 23), "Storyboarding registration at the employment service", "Solidarity Cyprus",
         [("Storyboard: registering", Method.STORYBOARDING, 60, "Frame templates")]),
    ],
}

# (site, workshop index) -> notes (minutes after start, body)
NOTES = {
    ("ES", 0): [(25, "Most participants found their last job through friends, not through the agency. Two had never "
                     "heard of the municipal employment agency."),
                (55, "Strong reaction when we mentioned online registration: several only have a phone with little "
                     "data. Interpreter had to explain 'currículum' twice.")],
    ("ES", 1): [(30, "Staff say they cannot see informal experience anywhere in the system: 'if it is not a contract, "
                     "it does not exist for us'.")],
    ("ES", 2): [(20, "On the context maps, the red dots cluster around the foreigners' office and the bank: "
                     "appointments take weeks and documents are asked for in a different order each time."),
                (70, "The storyboard group insisted on a frame about waiting: the hero sits for three hours.")],
    ("ES", 3): [(40, "Version 2 with pictograms: 9 of 11 found the skills screen on the first click. The 'training' "
                     "pictogram (a graduation cap) was read as 'university' by two participants.")],
    ("IT", 0): [(30, "Tigrinya speakers preferred to answer together and let one person speak; we adapted and noted "
                     "the group view. Qualification recognition came up again and again.")],
    ("IT", 1): [(35, "Maps of seeing a doctor: nobody knew which office gives the health card. The pictogram cards "
                     "worked well; writing did not.")],
    ("IT", 2): [(15, "Most answers were completed on phones in Arabic and Tigrinya; two people needed help reading.")],
    ("CY", 0): [(20, "Women-only session as requested by participants at the previous meeting. Childcare was the "
                     "first topic raised, before any job question."),
                (50, "Fear that registering an address could lead to checks. One participant asked why the form "
                     "asks for religion.")],
    ("CY", 1): [(25, "NGO staff: people are sent from the employment service to the welfare office and back; the "
                     "information is scattered across four offices.")],
    ("CY", 2): [(30, "Registration storyboard: the frame where the clerk asks for a document that was never "
                     "mentioned got the strongest reaction.")],
}

# (site, workshop index) -> quotes: (speaker number among migrants or group letter, text, language, translation)
QUOTES = {
    ("ES", 0): [((StakeholderGroup.MIGRANT, 1), "Cuando fui a la oficina solo hablaban español y yo solo decía que sí.",
                 "es", "When I went to the office they only spoke Spanish and I just said yes."),
                ((StakeholderGroup.MIGRANT, 2), "J'ai travaillé dix ans comme maçon, mais ici on me demande un diplôme.",
                 "fr", "I worked ten years as a bricklayer, but here they ask me for a diploma."),
                ((StakeholderGroup.MIGRANT, 3), "أريد أن يسألوني فقط عما يحتاجون إليه للعمل.",
                 "ar", "I want them to ask me only what they need for the job.")],
    ("ES", 2): [((StakeholderGroup.MIGRANT, 4), "Esperé tres meses una cita para el permiso y perdí el trabajo.",
                 "es", "I waited three months for an appointment for the permit and lost the job.")],
    ("IT", 0): [((StakeholderGroup.MIGRANT, 1), "ዲግሪ ኣለኒ፡ ግን ኣብዚ ዋጋ የብሉን።",
                 "ti", "I have a degree, but here it is worth nothing."),
                ((StakeholderGroup.MIGRANT, 2), "Cerco lavoro su WhatsApp, non sul sito della regione.",
                 "it", "I look for work on WhatsApp, not on the region's website."),
                ((StakeholderGroup.MIGRANT, 4), "Nessuno mi ha detto che il mio diploma andava tradotto.",
                 "it", "Nobody told me my diploma had to be translated.")],
    ("IT", 1): [((StakeholderGroup.MIGRANT, 3), "لا أعرف أي مكتب يعطي بطاقة الصحة.",
                 "ar", "I don't know which office gives the health card.")],
    ("CY", 0): [((StakeholderGroup.MIGRANT, 1), "اگر آدرسم را بنویسم، پلیس می‌آید؟",
                 "fa", "If I write my address, will the police come?"),
                ((StakeholderGroup.MIGRANT, 2), "Je ne peux pas suivre la formation, je n'ai personne pour les enfants.",
                 "fr", "I cannot follow the training, I have nobody for the children."),
                ((StakeholderGroup.MIGRANT, 3), "Γιατί το έντυπο ρωτά τη θρησκεία μου;",
                 "el", "Why does the form ask my religion?")],
    ("CY", 1): [((StakeholderGroup.NGO, 1), "We send people to four different offices for one job registration.",
                 "en", "")],
}

# which codes apply to which notes and quotes: (site, workshop index, "note"/"quote", index) -> [(code, excerpt)]
CODINGS = {
    ("ES", 0, "note", 0): [("Information scattered", "never heard of the municipal employment agency")],
    ("ES", 0, "note", 1): [("Digital literacy", "only have a phone with little data"), ("Language barriers", "")],
    ("ES", 0, "quote", 0): [("Language barriers", "")],
    ("ES", 0, "quote", 1): [("Recognition of qualifications", ""), ("Informal skills", "")],
    ("ES", 0, "quote", 2): [("Only relevant questions", "")],
    ("ES", 1, "note", 0): [("Informal skills", "if it is not a contract, it does not exist for us")],
    ("ES", 2, "note", 0): [("Waiting times", "appointments take weeks"), ("Information scattered", "")],
    ("ES", 2, "quote", 0): [("Waiting times", ""), ("Work and skills", "")],
    ("IT", 0, "note", 0): [("Recognition of qualifications", "")],
    ("IT", 0, "quote", 0): [("Recognition of qualifications", "")],
    ("IT", 0, "quote", 1): [("Digital literacy", "")],
    ("IT", 0, "quote", 2): [("Recognition of qualifications", ""), ("Information scattered", "")],
    ("IT", 1, "note", 0): [("Information scattered", "nobody knew which office gives the health card")],
    ("IT", 1, "quote", 0): [("Information scattered", "")],
    ("CY", 0, "note", 0): [("Childcare", "")],
    ("CY", 0, "note", 1): [("Fear of authorities", "Fear that registering an address could lead to checks"),
                           ("Only relevant questions", "why the form asks for religion")],
    ("CY", 0, "quote", 0): [("Fear of authorities", "")],
    ("CY", 0, "quote", 1): [("Childcare", "")],
    ("CY", 0, "quote", 2): [("Only relevant questions", "")],
    ("CY", 1, "note", 0): [("Information scattered", "scattered across four offices")],
    ("CY", 1, "quote", 0): [("Information scattered", "")],
}

REFLECTIONS = {
    ("ES", 0): ("Starting from 'the last time you looked for work' got everyone talking.",
                "One interpreter for three languages was not enough; French speakers waited a long time.",
                "We split into an Arabic and a French table for the second half."),
    ("ES", 3): ("Pictograms and one question per screen: clearly easier than version 1.",
                "The graduation-cap pictogram for 'training' was misunderstood as 'university'.",
                "Screens were printed in Arabic and French as well as Spanish."),
    ("IT", 0): ("Having a Tigrinya interpreter from the community built trust quickly.",
                "Individual answers were rare; people spoke as a group.",
                "We accepted group answers and recorded them as such."),
    ("CY", 0): ("The women-only format, asked for by participants, led to the most open discussion so far.",
                "Trust in authorities is low: questions about addresses made people uneasy.",
                "We dropped all questions about addresses and status and said so at the start."),
}

STORYBOARD_FRAMES = [
    ("Amina sees a job advert on WhatsApp", "A friend forwards an advert for a kitchen assistant.",
     "Everyone recognised this: most jobs come through friends."),
    ("The agency asks for a CV in Spanish", "At the agency she is asked for a CV and a registration number.",
     "Laughter, then frustration: 'nobody told us about the number'."),
    ("Three hours of waiting", "She waits for an appointment that is then moved.",
     "Strongest reaction; several people wanted this frame first."),
    ("A match that counts her experience", "In the imagined service, her cooking experience counts.",
     "Hope, but doubt whether employers would accept it."),
]


def _font(size):
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):
        return ImageFont.load_default()


def draw_context_map(title, places, seed):
    """A context map as drawn on a workshop table: the person in the middle, places around, red dots for problems."""
    rng = random.Random(seed)
    image = Image.new("RGB", (960, 640), "#fbf8ef")
    draw = ImageDraw.Draw(image)
    draw.text((24, 18), title, fill="#1b1f24", font=_font(28))
    centre = (480, 340)
    draw.ellipse((centre[0] - 70, centre[1] - 70, centre[0] + 70, centre[1] + 70), outline="#0b5cad", width=5)
    draw.text((centre[0] - 30, centre[1] - 12), "ME", fill="#0b5cad", font=_font(26))
    for index, place in enumerate(places):
        angle = index / len(places)
        x = int(centre[0] + 330 * math.cos(angle * 6.283))
        y = int(centre[1] + 220 * math.sin(angle * 6.283))
        draw.line((centre, (x, y)), fill="#4a5360", width=3)
        draw.rounded_rectangle((x - 95, y - 28, x + 95, y + 28), radius=10, fill="#ffffff", outline="#1b1f24", width=3)
        draw.text((x - 85, y - 10), place, fill="#1b1f24", font=_font(18))
        if rng.random() < 0.5:
            draw.ellipse((x + 70, y - 40, x + 94, y - 16), fill="#a4141c")
    return image


def draw_frame(number, caption):
    """A storyboard frame: a panel with a stick figure, a speech bubble and the caption."""
    image = Image.new("RGB", (640, 480), "#ffffff")
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 630, 470), outline="#1b1f24", width=4)
    draw.text((24, 20), str(number), fill="#0b5cad", font=_font(36))
    x = 160 + 60 * (number % 3)
    draw.ellipse((x - 30, 160, x + 30, 220), outline="#1b1f24", width=4)
    draw.line((x, 220, x, 330), fill="#1b1f24", width=4)
    draw.line((x - 50, 260, x + 50, 260), fill="#1b1f24", width=4)
    draw.line((x, 330, x - 40, 400), fill="#1b1f24", width=4)
    draw.line((x, 330, x + 40, 400), fill="#1b1f24", width=4)
    draw.rounded_rectangle((x + 80, 90, 600, 200), radius=20, outline="#4a5360", width=3)
    draw.text((x + 100, 130), "..." if number % 2 else "?", fill="#4a5360", font=_font(32))
    draw.text((24, 420), caption[:56], fill="#1b1f24", font=_font(20))
    return image


def png_bytes(image):
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _at(day, minutes):
    return datetime.combine(day, time(10, 0), tzinfo=timezone.utc) + timedelta(minutes=minutes)


def seed(password=None):
    project = get_project_by_slug("miict")
    if project is None:
        return
    rng = random.Random(SEED)
    _seed_method_guides()
    codes = _seed_codebook(project)
    for site_code, plans in WORKSHOPS.items():
        site = get_site(project, site_code)
        if site is None:
            continue
        people = _seed_participants(site, rng)
        facilitators = [u for u in (find_user(f"facilitator.{site_code.lower()}{n}@miict.example") for n in (1, 2)) if u]
        for index, plan in enumerate(plans):
            _seed_workshop(site, index, plan, people, facilitators, codes)
        if site_code == "IT":
            _withdraw_quote_consent(people[(StakeholderGroup.MIGRANT, 4)])
    db.session.flush()


def _withdraw_quote_consent(participant):
    """IT-M-004 withdrew consent to quotes in January 2020, after their quote had been coded."""
    consent = next(c for c in participant.consents if c.scope == ConsentScope.QUOTES)
    if consent.withdrawn_on is None:
        consent.withdrawn_on = date(2020, 1, 15)


def _seed_method_guides():
    for guides, language in ((METHOD_GUIDES, "en"), (SPANISH_GUIDES, "es")):
        for method, (purpose, steps, materials, tips) in guides.items():
            exists = db.session.scalar(sa.select(MethodGuide).where(MethodGuide.method == method,
                                                                    MethodGuide.language == language))
            if exists is None:
                services.save_method_guide(method, language, purpose=purpose, steps=steps, materials=materials,
                                           tips=tips, actor=None)


def _seed_codebook(project):
    codes = {}
    for name, parent, definition, examples in CODEBOOK:
        code = db.session.scalar(sa.select(Code).where(Code.project_id == project.id, Code.name == name))
        if code is None:
            code = evidence.save_code(project, None, name=name, parent=codes.get(parent), definition=definition,
                                      examples=examples, actor=None)
        codes[name] = code
    return codes


def _seed_participants(site, rng):
    """{(group, number): participant}; everyone consents to take part, most to quotes; one withdraws.

    Built directly rather than through the services, one flush per site: the demo is seeded in many tests.
    """
    people = {}
    consent_day = date(2019, 3, 1)
    for group, count in PARTICIPANTS:
        for number in range(1, count + 1):
            code = f"{site.code}-{group.letter}-{number:03d}"
            participant = get_participant_by_code(code, site=site)
            languages = [rng.choice(site.participant_languages)] if group == StakeholderGroup.MIGRANT \
                else list(site.host_languages)
            profile = (rng.choice(GENDERS), rng.choice(AGE_BANDS), rng.choice(NATIONALITIES[site.code]))
            if participant is None:
                participant = Participant(site=site, stakeholder_group=group, number=number, code=code,
                                          languages=languages)
                db.session.add(participant)
                scopes = [ConsentScope.TAKE_PART]
                if number != 5:  # one person in each group agrees to take part but not to be quoted
                    scopes.append(ConsentScope.QUOTES)
                if number % 3 == 0:
                    scopes.append(ConsentScope.AUDIO)
                for scope in scopes:
                    participant.consents.append(Consent(scope=scope, form_version="v1", given_on=consent_day))
                if group == StakeholderGroup.MIGRANT:
                    db.session.add(ParticipantProfile(participant=participant, gender=profile[0],
                                                      age_band=profile[1], nationality=profile[2]))
            people[(group, number)] = participant
    db.session.flush()
    return people


def _seed_workshop(site, index, plan, people, facilitators, codes):
    phase, day, title, place, activities = plan
    existing = db.session.scalar(sa.select(Workshop).where(Workshop.site_id == site.id, Workshop.title == title))
    if existing is not None:
        return existing
    objectives = {
        "requirements": "Learn how participants look for work and use public services today, and what gets in the way.",
        "codesign_1": "Map the situations together and sketch how a better service would work.",
        "codesign_2": "Test IMMERSE screens on paper and see where people hesitate.",
        "evaluation": "Ask how satisfied participants are with the service they helped design.",
    }[phase]
    workshop = services.save_workshop(None, site=site, title=title, phase=phase, date=day, place=place,
                                      languages=site.languages, objectives=objectives, facilitators=facilitators,
                                      actor=None)
    made = [services.save_activity(workshop, None, title=a_title, method=method, duration_minutes=minutes,
                                   materials=materials, actor=None) for a_title, method, minutes, materials in activities]
    migrants = [p for (group, _n), p in people.items() if group == StakeholderGroup.MIGRANT]
    for participant in migrants[:8 + index]:
        services.mark_present(workshop, participant, actor=None)
    for participant in [p for (group, _n), p in people.items() if group != StakeholderGroup.MIGRANT][:2]:
        services.mark_present(workshop, participant, actor=None)

    notes = []
    for minutes, body in NOTES.get((site.code, index), []):
        note = services.add_note(workshop, body=body, activity=made[-1] if minutes > 40 else made[0],
                                 actor=facilitators[0] if facilitators else None)
        note.observed_at = _at(day, minutes)
        notes.append(note)
    quotes = []
    for (group, number), text, language, translation in QUOTES.get((site.code, index), []):
        quotes.append(services.add_quote(workshop, speaker_code=people[(group, number)].code, text=text,
                                         language=language, translation=translation, activity=made[0],
                                         actor=facilitators[-1] if facilitators else None))
    for (s, i, kind, position), applied in CODINGS.items():
        if (s, i) != (site.code, index):
            continue
        target = (notes if kind == "note" else quotes)[position]
        for code_name, excerpt in applied:
            evidence.apply_code(codes[code_name], Ref(kind, target.id), excerpt=excerpt, actor=None)

    for a in made:
        if a.method in (Method.CONTEXT_MAPPING, Method.COGNITIVE_MAPPING):
            places = ["Job centre", "Friends", "NGO", "Bank", "Foreigners office", "WhatsApp"] \
                if "work" in a.title or "skills" in a.title else ["Doctor", "Health card office", "Pharmacy",
                                                                  "NGO", "Hospital", "Interpreter"]
            image = draw_context_map(a.title, places, seed=f"{site.code}-{index}")
            services.add_artifact(workshop, upload=png_bytes(image), kind="context_map" if a.method ==
                                  Method.CONTEXT_MAPPING else "cognitive_map", title=a.title, activity=a,
                                  description="Drawn by participants at one table; photographed after the session.",
                                  name_hint=f"demo-{site.code.lower()}-{index}-map", actor=None)
        if a.method == Method.STORYBOARDING:
            board = services.create_storyboard(workshop, title="A job search, as participants told it",
                                               description="Four frames drawn together and acted out.", actor=None)
            for number, (caption, narration, reactions) in enumerate(STORYBOARD_FRAMES, start=1):
                frame = services.add_frame(board, caption=caption, narration=narration, reactions=reactions,
                                           upload=png_bytes(draw_frame(number, caption)),
                                           name_hint=f"demo-{site.code.lower()}-{index}-frame{number}", actor=None)
                if number == 3:
                    evidence.apply_code(codes["Waiting times"], Ref("frame", frame.id), actor=None)
                if number == 4:
                    evidence.apply_code(codes["Informal skills"], Ref("frame", frame.id), actor=None)
    if (site.code, index) in REFLECTIONS:
        worked, did_not, adapted = REFLECTIONS[(site.code, index)]
        services.save_reflection(workshop, what_worked=worked, what_did_not=did_not, adaptations=adapted,
                                 actor=facilitators[0] if facilitators else None)
    return workshop
