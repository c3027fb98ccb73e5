"""The prototype part of the demo story: "IMMERSE job matching" in two versions, with feedback rounds at the
three pilot sites.  Version 1 packs the skills into one crowded page with a small training link; version 2
asks one question per screen with pictograms and a large training button.  Its SUS is clearly higher and
more first taps find the training courses.

Deterministic (fixed seed, dates and pictures) and idempotent (a prototype found by its title is left alone).
"""
import io
import random
import uuid
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from PIL import Image, ImageDraw, ImageFont

from ..extensions import db
from ..projects.services import get_project_by_slug, get_site
from . import services
from .models import Feedback, Prototype

SEED = 20200304
TITLE = "IMMERSE job matching"
UI = ("en", "es", "it", "el", "fr", "ar")
SITE_LANGUAGES = {"ES": ["en", "es", "ar", "fr"], "IT": ["en", "it", "ar", "fr"], "CY": ["en", "el", "ar", "fr"]}
ROUND_CODES = {1: {"ES": "JMA3", "IT": "JMA4", "CY": "JMA6"}, 2: {"ES": "JMC3", "IT": "JMC4", "CY": "JMC6"}}
ROUND_DATES = {1: datetime(2020, 3, 4, 10, tzinfo=timezone.utc), 2: datetime(2020, 6, 10, 10, tzinfo=timezone.utc)}
PER_ROUND = 12


def t(en, es, it, el, fr, ar):
    return dict(zip(UI, (en, es, it, el, fr, ar)))


CAPTIONS = [
    t("Home", "Inicio", "Home", "Αρχική", "Accueil", "الرئيسية"),
    t("Your skills", "Tus habilidades", "Le tue competenze", "Οι δεξιότητές σας", "Vos compétences", "مهاراتك"),
    t("Jobs and training for you", "Empleos y formación para ti", "Lavori e corsi per te",
      "Θέσεις εργασίας και κατάρτιση για εσάς", "Emplois et formations pour vous", "وظائف وتدريب لك"),
]
TASK = t("Where would you tap to find a training course?", "¿Dónde tocarías para encontrar un curso de formación?",
         "Dove toccheresti per trovare un corso di formazione?",
         "Πού θα πατούσατε για να βρείτε ένα πρόγραμμα κατάρτισης;",
         "Où toucheriez-vous pour trouver une formation ?", "أين تنقر لتجد دورة تدريبية؟")
LABELS = {
    "skills": t("My skills", "Mis habilidades", "Le mie competenze", "Οι δεξιότητές μου", "Mes compétences",
                "مهاراتي"),
    "training": t("Training", "Formación", "Formazione", "Κατάρτιση", "Formation", "التدريب"),
    "matches": t("Show my matches", "Ver mis resultados", "Mostra i risultati", "Δείτε τα αποτελέσματα",
                 "Voir mes résultats", "اعرض النتائج"),
    "home": t("Back to the start", "Volver al inicio", "Torna all'inizio", "Πίσω στην αρχή", "Retour au début",
              "العودة إلى البداية"),
}
COMMENTS = {
    1: ["Too much text on this page", "I did not see the training link", "What does EQF mean?",
        "Demasiadas palabras", "لا أفهم هذه الصفحة", "Je ne trouve pas le bouton", "The skills list is too long"],
    2: ["The pictures help", "Easy to follow", "Muy claro", "الصور واضحة", "One question at a time is good",
        "C'est simple", "I would like a voice option"],
}
# (left, top, width, height) of each hotspot, relative; version 1's training link is small and tucked away.
LAYOUT = {
    1: {"skills": (0.08, 0.30, 0.84, 0.14), "training": (0.70, 0.90, 0.24, 0.05), "matches": (0.08, 0.84, 0.84, 0.1),
        "home": (0.08, 0.86, 0.84, 0.1)},
    2: {"skills": (0.08, 0.28, 0.84, 0.2), "training": (0.08, 0.54, 0.84, 0.2), "matches": (0.08, 0.78, 0.84, 0.14),
        "home": (0.08, 0.8, 0.84, 0.14)},
}


def _font(size):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow before 10.1
        return ImageFont.load_default()


def _box(draw, box, size, fill, text, text_fill="#ffffff", font=22):
    w, h = size
    x, y, bw, bh = box
    draw.rounded_rectangle([x * w, y * h, (x + bw) * w, (y + bh) * h], radius=14, fill=fill)
    draw.text((x * w + 16, y * h + bh * h / 2 - font / 2), text, fill=text_fill, font=_font(font))


def _screen(version, index):
    """A phone screen drawn as a paper prototype would be: 360×640, the boxes where the hotspots are."""
    size = (360, 640)
    image = Image.new("RGB", size, "#fbfaf5")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, size[0], 64], fill="#0b5cad")
    draw.text((16, 20), CAPTIONS[index]["en"], fill="#ffffff", font=_font(24))
    layout = LAYOUT[version]
    if index == 0:
        if version == 1:
            for row in range(6):
                draw.line([28, 110 + row * 16, 330, 110 + row * 16], fill="#b0b0b0", width=3)
            _box(draw, layout["skills"], size, "#0b5cad", "My skills, EQF level, CEFR ...", font=16)
            for row in range(12):
                draw.line([28, 300 + row * 20, 330 - (row % 3) * 40, 300 + row * 20], fill="#c8c8c8", width=3)
            draw.text((layout["training"][0] * 360, layout["training"][1] * 640), "training >", fill="#0b5cad",
                      font=_font(14))
        else:
            draw.ellipse([150, 90, 210, 150], outline="#0b5cad", width=5)  # a person
            _box(draw, layout["skills"], size, "#0b5cad", "My skills  [tools]")
            _box(draw, layout["training"], size, "#1a7f37", "Training  [book]")
    elif index == 1:
        if version == 1:
            for row in range(20):
                draw.rectangle([28, 90 + row * 18, 40, 102 + row * 18], outline="#555555", width=2)
                draw.line([50, 96 + row * 18, 330, 96 + row * 18], fill="#b8b8b8", width=3)
        else:
            draw.text((28, 100), "Can you cook?", fill="#222222", font=_font(26))
            draw.ellipse([120, 160, 240, 280], outline="#c0392b", width=6)  # a pan
            _box(draw, (0.08, 0.5, 0.38, 0.12), size, "#1a7f37", "Yes")
            _box(draw, (0.54, 0.5, 0.38, 0.12), size, "#777777", "No")
        _box(draw, layout["matches"], size, "#0b5cad", "Show my matches")
    else:
        for row in range(4):
            top = 90 + row * 110
            draw.rounded_rectangle([24, top, 336, top + 90], radius=10, outline="#0b5cad", width=3)
            draw.line([40, top + 30, 300, top + 30], fill="#333333", width=4)
            draw.line([40, top + 60, 240, top + 60], fill="#aaaaaa", width=3)
        _box(draw, layout["home"], size, "#555555", "Back to the start")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _version(prototype, number):
    version = prototype.versions[0] if number == 1 else services.new_version(prototype, actor=None)
    screens = [services.add_screen(version, _screen(number, i), caption=CAPTIONS[i], actor=None,
                                   name_hint=f"demo-prototype-v{number}-{i + 1}") for i in range(3)]
    layout = LAYOUT[number]
    hotspots = {}
    for name, source, target in (("skills", 0, 1), ("training", 0, 2), ("matches", 1, 2), ("home", 2, 0)):
        x, y, w, h = layout[name]
        hotspots[name] = services.add_hotspot(screens[source], x=x, y=y, w=w, h=h, target=screens[target],
                                              label=LABELS[name], actor=None)
    return version, hotspots


def _sus(rng, good):
    """Ten SUS answers leaning positive (`good`) or negative."""
    positive, negative = ([4, 5, 5, 4, 3], [1, 2, 1, 2, 3]) if good else ([2, 3, 3, 4, 2], [3, 4, 4, 3, 2])
    return [rng.choice(positive) if i % 2 == 0 else rng.choice(negative) for i in range(10)]


def _feedback(rng, round_, version_number, hotspots, site_code):
    screens = round_.version.screens
    task = round_.tasks[0]
    target = hotspots["training"]
    good = version_number == 2
    for n in range(PER_ROUND):
        success = rng.random() < (0.85 if good else 0.35)
        if success:
            x, y = target.x + target.w * rng.uniform(0.2, 0.8), target.y + target.h * rng.uniform(0.2, 0.8)
        else:
            x, y = rng.uniform(0.1, 0.9), rng.uniform(0.15, 0.55)
        reactions = {}
        for screen in screens:
            weights = [6, 2, 1] if good else [2, 3, 4]
            reactions[screen.id] = rng.choices(["clear", "unsure", "confusing"], weights)[0]
        pins = [{"screen": screens[1].id if not good else rng.choice(screens).id, "x": rng.uniform(0.1, 0.9),
                 "y": rng.uniform(0.15, 0.8), "comment": rng.choice(COMMENTS[version_number])}
                for _ in range(rng.choice([0, 1, 1, 2]))]
        comments = {screens[0].id: rng.choice(COMMENTS[version_number])} if rng.random() < 0.3 else {}
        language = rng.choice(round_.languages)
        feedback, _created = services.submit_feedback(
            round_, client_uuid=str(uuid.UUID(int=SEED * 1000 + version_number * 100 + n
                                              + {"ES": 0, "IT": 20, "CY": 40}[site_code])),
            language=language, assisted=n % 4 == 0,
            data={"reactions": reactions, "pins": pins, "comments": comments, "sus": _sus(rng, good),
                  "tasks": {task.id: {"x": x, "y": y, "ms": int(rng.uniform(1500, 5000) if good
                                                                   else rng.uniform(3500, 12000))}}})
        feedback.submitted_at = ROUND_DATES[version_number] + timedelta(minutes=7 * n)


def seed(password=None):
    project = get_project_by_slug("miict")
    if project is None:
        return
    if db.session.scalar(sa.select(Prototype).where(Prototype.project_id == project.id, Prototype.title == TITLE)):
        return
    rng = random.Random(SEED)
    prototype = services.create_prototype(project, title=TITLE, actor=None)
    for number in (1, 2):
        version, hotspots = _version(prototype, number)
        for site_code in ("ES", "IT", "CY"):
            site = get_site(project, site_code)
            if site is None:
                continue
            round_ = services.create_round(version, source_language="en", languages=SITE_LANGUAGES[site_code][1:],
                                           site=site, code=ROUND_CODES[number][site_code],
                                           title={lang: TITLE for lang in SITE_LANGUAGES[site_code]}, actor=None)
            services.add_task(round_, prompt=TASK, target=hotspots["training"], actor=None)
            services.set_round_open(round_, True, actor=None, now=ROUND_DATES[number])
            _feedback(rng, round_, number, hotspots, site_code)
            if number == 1:
                services.set_round_open(round_, False, actor=None, now=ROUND_DATES[number] + timedelta(days=2))
    db.session.flush()


def feedback_count():
    return db.session.scalar(sa.select(sa.func.count()).select_from(Feedback))
