"""The surveys part of the demo story: a needs questionnaire per pilot site (spring 2019, anonymous, a few
hundred responses) and a short satisfaction survey with the SUS (2021, linked to participant codes).

Deterministic (fixed seed and dates) and idempotent (a survey found by its code is left as it is).
"""
import random
import uuid
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from ..extensions import db
from ..projects.services import get_project_by_slug, get_site
from ..participants.models import Participant, StakeholderGroup
from . import logic, services
from .models import Response, SurveyMode

SEED = 20190415
UI = ("en", "es", "it", "el", "fr", "ar")
SITE_LANGUAGES = {"ES": ["en", "es", "ar", "fr"], "IT": ["en", "it", "ar", "fr", "ti"],
                  "CY": ["en", "el", "ar", "fa", "fr"]}
NEEDS_CODES = {"ES": "MDR3", "IT": "RMA4", "CY": "NCY6"}
EVALUATION_CODES = {"ES": "MDR7", "IT": "RMA9", "CY": "NCY9"}
# How often each language is chosen by people answering at each site.
LANGUAGE_WEIGHTS = {"ES": {"ar": 5, "fr": 3, "es": 3, "en": 1}, "IT": {"ar": 4, "ti": 2, "en": 2, "fr": 2, "it": 1},
                    "CY": {"ar": 4, "fa": 3, "fr": 1, "en": 2, "el": 1}}
NEEDS_RESPONSES = {"ES": 110, "IT": 95, "CY": 85}
# Only the title is translated into Tigrinya and Farsi so far: the rest shows in English, marked as such.
EXTRA_TITLES = {"IT": {"ti": "ሕቶታት ድሌታት"}, "CY": {"fa": "پرسشنامه نیازها"}}


def t(en, es, it, el, fr, ar):
    return dict(zip(UI, (en, es, it, el, fr, ar)))


SERVICES = [
    ("employment", t("Employment office", "Oficina de empleo", "Centro per l'impiego", "Γραφείο απασχόλησης",
                     "Agence pour l'emploi", "مكتب التوظيف")),
    ("health", t("Health centre", "Centro de salud", "Centro sanitario", "Κέντρο υγείας", "Centre de santé",
                 "المركز الصحي")),
    ("education", t("School or training", "Escuela o formación", "Scuola o formazione", "Σχολείο ή κατάρτιση",
                    "École ou formation", "المدرسة أو التدريب")),
    ("housing", t("Housing office", "Oficina de vivienda", "Ufficio casa", "Γραφείο στέγασης", "Bureau du logement",
                  "مكتب السكن")),
    ("legal", t("Legal advice", "Asesoría legal", "Consulenza legale", "Νομικές συμβουλές", "Conseil juridique",
                "الاستشارة القانونية")),
    ("language", t("Language courses", "Cursos de idioma", "Corsi di lingua", "Μαθήματα γλώσσας",
                   "Cours de langue", "دورات اللغة")),
]
BARRIERS = [
    ("language", t("I do not understand the language", "No entiendo el idioma", "Non capisco la lingua",
                   "Δεν καταλαβαίνω τη γλώσσα", "Je ne comprends pas la langue", "لا أفهم اللغة")),
    ("documents", t("Documents are asked for that I do not have", "Piden documentos que no tengo",
                    "Chiedono documenti che non ho", "Ζητούν έγγραφα που δεν έχω",
                    "On demande des documents que je n'ai pas", "يطلبون وثائق ليست لدي")),
    ("distance", t("The office is far away", "La oficina está lejos", "L'ufficio è lontano",
                   "Το γραφείο είναι μακριά", "Le bureau est loin", "المكتب بعيد")),
    ("childcare", t("Nobody can look after my children", "Nadie puede cuidar a mis hijos",
                    "Nessuno può badare ai miei figli", "Δεν έχω κάποιον να προσέχει τα παιδιά μου",
                    "Personne ne peut garder mes enfants", "لا أحد يعتني بأطفالي")),
    ("fear", t("I am afraid of what they do with my data", "Tengo miedo de lo que hacen con mis datos",
               "Ho paura di cosa fanno con i miei dati", "Φοβάμαι τι θα κάνουν με τα στοιχεία μου",
               "J'ai peur de ce qu'ils font de mes données", "أخاف مما يفعلونه ببياناتي")),
    ("internet", t("I have no internet at home", "No tengo internet en casa", "Non ho internet a casa",
                   "Δεν έχω ίντερνετ στο σπίτι", "Je n'ai pas internet chez moi", "ليس لدي إنترنت في البيت")),
]
RECOGNITION = [
    ("yes", t("Yes, it is recognised", "Sí, está reconocida", "Sì, è riconosciuta", "Ναι, έχει αναγνωριστεί",
              "Oui, il est reconnu", "نعم، معترف بها")),
    ("waiting", t("I am waiting for an answer", "Estoy esperando una respuesta", "Sto aspettando una risposta",
                  "Περιμένω απάντηση", "J'attends une réponse", "أنتظر الرد")),
    ("no", t("No, it is not recognised", "No, no está reconocida", "No, non è riconosciuta",
             "Όχι, δεν έχει αναγνωριστεί", "Non, il n'est pas reconnu", "لا، غير معترف بها")),
    ("none", t("I have no diploma", "No tengo título", "Non ho un titolo di studio", "Δεν έχω δίπλωμα",
               "Je n'ai pas de diplôme", "ليس لدي شهادة")),
]


def _choices(pairs):
    return [{"value": value, "label": label} for value, label in pairs]


def _q(key, kind, label, required=False, condition=None, choices=(), settings=None, help=None):
    return {"key": key, "kind": kind, "label": label, "help": help or {}, "required": required,
            "choices": _choices(choices), "settings": settings or {}, "condition": logic.parse(condition)}


NEEDS = {
    "title": t("Needs questionnaire: work and public services", "Cuestionario de necesidades: trabajo y servicios "
               "públicos", "Questionario sui bisogni: lavoro e servizi pubblici", "Ερωτηματολόγιο αναγκών: εργασία "
               "και δημόσιες υπηρεσίες", "Questionnaire sur les besoins : travail et services publics",
               "استبيان الاحتياجات: العمل والخدمات العامة"),
    "description": t("Ten minutes about finding work and using public services. There are no right or wrong "
                     "answers.", "Diez minutos sobre buscar trabajo y usar los servicios públicos. No hay "
                     "respuestas correctas o incorrectas.", "Dieci minuti sulla ricerca di lavoro e sull'uso dei "
                     "servizi pubblici. Non ci sono risposte giuste o sbagliate.", "Δέκα λεπτά για την αναζήτηση "
                     "εργασίας και τις δημόσιες υπηρεσίες. Δεν υπάρχουν σωστές ή λάθος απαντήσεις.",
                     "Dix minutes sur la recherche d'emploi et les services publics. Il n'y a pas de bonne ou de "
                     "mauvaise réponse.", "عشر دقائق عن البحث عن عمل واستخدام الخدمات العامة. لا توجد إجابات صحيحة "
                     "أو خاطئة."),
    "sections": [
        {"key": "work", "title": t("Work", "Trabajo", "Lavoro", "Εργασία", "Travail", "العمل"), "condition": None,
         "questions": [
             _q("months_here", "integer", t("How many months have you lived in this country?", "¿Cuántos meses "
                "lleva viviendo en este país?", "Da quanti mesi vive in questo paese?", "Πόσους μήνες ζείτε σε "
                "αυτή τη χώρα;", "Depuis combien de mois vivez-vous dans ce pays ?", "كم شهرًا عشت في هذا البلد؟"),
                settings={"min": 0, "max": 600}),
             _q("working", "yes_no", t("Do you have paid work at the moment?", "¿Tiene un trabajo pagado ahora?",
                "Ha un lavoro retribuito in questo momento?", "Έχετε αμειβόμενη εργασία αυτή τη στιγμή;",
                "Avez-vous un travail payé en ce moment ?", "هل لديك عمل مدفوع الأجر حاليًا؟"), required=True),
             _q("hours", "integer", t("About how many hours a week do you work?", "¿Cuántas horas a la semana "
                "trabaja, más o menos?", "Circa quante ore alla settimana lavora?", "Περίπου πόσες ώρες την "
                "εβδομάδα εργάζεστε;", "Environ combien d'heures par semaine travaillez-vous ?",
                "كم ساعة تعمل في الأسبوع تقريبًا؟"), condition="${working} = 'yes'", settings={"min": 1, "max": 80}),
             _q("looking", "yes_no", t("Are you looking for work?", "¿Está buscando trabajo?", "Sta cercando "
                "lavoro?", "Ψάχνετε για εργασία;", "Cherchez-vous du travail ?", "هل تبحث عن عمل؟"),
                required=True, condition="${working} = 'no'"),
             _q("recognition", "single_choice", t("Is your diploma or qualification recognised here?", "¿Está "
                "reconocido aquí su título o cualificación?", "Il suo titolo di studio è riconosciuto qui?",
                "Αναγνωρίζεται εδώ το δίπλωμα ή τα προσόντα σας;", "Votre diplôme ou qualification est-il reconnu "
                "ici ?", "هل شهادتك أو مؤهلك معترف به هنا؟"), choices=RECOGNITION),
         ]},
        {"key": "services", "title": t("Public services", "Servicios públicos", "Servizi pubblici",
                                       "Δημόσιες υπηρεσίες", "Services publics", "الخدمات العامة"),
         "condition": None,
         "questions": [
             _q("used", "multiple_choice", t("Which services have you used in the last year?", "¿Qué servicios ha "
                "usado en el último año?", "Quali servizi ha usato nell'ultimo anno?", "Ποιες υπηρεσίες "
                "χρησιμοποιήσατε τον τελευταίο χρόνο;", "Quels services avez-vous utilisés cette année ?",
                "ما الخدمات التي استخدمتها في السنة الماضية؟"), choices=SERVICES,
                help=t("Choose all that apply.", "Elija todas las que correspondan.", "Scelga tutte quelle che "
                       "valgono.", "Επιλέξτε όσα ισχύουν.", "Choisissez toutes les réponses qui conviennent.",
                       "اختر كل ما ينطبق.")),
             _q("employment_easy", "likert", t("It is easy to get information at the employment office.", "Es "
                "fácil obtener información en la oficina de empleo.", "È facile avere informazioni al centro per "
                "l'impiego.", "Είναι εύκολο να πάρω πληροφορίες στο γραφείο απασχόλησης.", "Il est facile "
                "d'obtenir des informations à l'agence pour l'emploi.", "من السهل الحصول على معلومات في مكتب "
                "التوظيف."), condition="selected(${used}, 'employment')"),
             _q("trust", "likert", t("I feel safe giving my personal information to public services.", "Me siento "
                "seguro dando mis datos personales a los servicios públicos.", "Mi sento sicuro a dare i miei dati "
                "personali ai servizi pubblici.", "Νιώθω ασφαλής να δίνω τα προσωπικά μου στοιχεία στις δημόσιες "
                "υπηρεσίες.", "Je me sens en sécurité quand je donne mes informations personnelles aux services "
                "publics.", "أشعر بالأمان عند إعطاء معلوماتي الشخصية للخدمات العامة."), required=True),
             _q("barriers", "multiple_choice", t("What makes it hard to use public services?", "¿Qué le dificulta "
                "usar los servicios públicos?", "Che cosa rende difficile usare i servizi pubblici?", "Τι σας "
                "δυσκολεύει να χρησιμοποιήσετε τις δημόσιες υπηρεσίες;", "Qu'est-ce qui rend difficile "
                "l'utilisation des services publics ?", "ما الذي يصعّب عليك استخدام الخدمات العامة؟"),
                choices=BARRIERS),
             _q("distance_km", "decimal", t("How far is the nearest employment office, in kilometres?", "¿A qué "
                "distancia está la oficina de empleo más cercana, en kilómetros?", "Quanto dista il centro per "
                "l'impiego più vicino, in chilometri?", "Πόσο μακριά είναι το πλησιέστερο γραφείο απασχόλησης, σε "
                "χιλιόμετρα;", "À quelle distance se trouve l'agence pour l'emploi la plus proche, en "
                "kilomètres ?", "كم يبعد أقرب مكتب توظيف بالكيلومترات؟"), settings={"min": 0, "max": 200}),
         ]},
        {"key": "phone", "title": t("Your phone", "Su teléfono", "Il suo telefono", "Το τηλέφωνό σας",
                                    "Votre téléphone", "هاتفك"), "condition": None,
         "questions": [
             _q("smartphone", "yes_no", t("Do you have a smartphone with internet?", "¿Tiene un teléfono "
                "inteligente con internet?", "Ha uno smartphone con internet?", "Έχετε κινητό με ίντερνετ;",
                "Avez-vous un smartphone avec internet ?", "هل لديك هاتف ذكي مع إنترنت؟"), required=True),
             _q("phone_forms", "rating", t("How confident are you filling in forms on your phone?", "¿Qué "
                "seguridad tiene al rellenar formularios en el teléfono?", "Quanto si sente sicuro a compilare "
                "moduli sul telefono?", "Πόσο σίγουρος νιώθετε να συμπληρώνετε φόρμες στο κινητό;", "Êtes-vous à "
                "l'aise pour remplir des formulaires sur votre téléphone ?", "ما مدى ثقتك في تعبئة النماذج على "
                "هاتفك؟"), condition="${smartphone} = 'yes'"),
         ]},
        {"key": "last_visit", "title": t("Your last visit", "Su última visita", "La sua ultima visita",
                                         "Η τελευταία σας επίσκεψη", "Votre dernière visite", "زيارتك الأخيرة"),
         "condition": logic.parse("${used} != ''"),
         "questions": [
             _q("visit_date", "date", t("When did you last visit a public office?", "¿Cuándo visitó por última vez "
                "una oficina pública?", "Quando è andato l'ultima volta in un ufficio pubblico?", "Πότε "
                "επισκεφθήκατε τελευταία φορά μια δημόσια υπηρεσία;", "Quand êtes-vous allé pour la dernière fois "
                "dans un bureau public ?", "متى زرت مكتبًا حكوميًا آخر مرة؟")),
             _q("wish", "long_text", t("What one thing would make public services easier for you?", "¿Qué cosa "
                "haría más fáciles los servicios públicos para usted?", "Quale cosa renderebbe più facili per lei i "
                "servizi pubblici?", "Ποιο πράγμα θα έκανε πιο εύκολες τις δημόσιες υπηρεσίες για εσάς;", "Quelle "
                "chose rendrait les services publics plus faciles pour vous ?", "ما الشيء الذي يجعل الخدمات العامة "
                "أسهل بالنسبة لك؟")),
             _q("thanks_note", "note", t("Thank you. Your answers help us design better services.", "Gracias. Sus "
                "respuestas nos ayudan a diseñar mejores servicios.", "Grazie. Le sue risposte ci aiutano a "
                "progettare servizi migliori.", "Ευχαριστούμε. Οι απαντήσεις σας μας βοηθούν να σχεδιάσουμε "
                "καλύτερες υπηρεσίες.", "Merci. Vos réponses nous aident à concevoir de meilleurs services.",
                "شكرًا لك. إجاباتك تساعدنا على تصميم خدمات أفضل.")),
         ]},
    ],
}

EVALUATION = {
    "title": t("How did IMMERSE work for you?", "¿Qué tal le funcionó IMMERSE?", "Come si è trovato con IMMERSE?",
               "Πώς σας φάνηκε το IMMERSE;", "Comment IMMERSE a-t-il fonctionné pour vous ?",
               "كيف كانت تجربتك مع IMMERSE؟"),
    "description": {},
    "sections": [
        {"key": "usability", "title": t("Using IMMERSE", "Usar IMMERSE", "Usare IMMERSE", "Η χρήση του IMMERSE",
                                        "Utiliser IMMERSE", "استخدام IMMERSE"), "condition": None,
         "questions": [
             _q("sus", "sus", t("About IMMERSE", "Sobre IMMERSE", "Su IMMERSE", "Σχετικά με το IMMERSE",
                                "À propos d'IMMERSE", "حول IMMERSE"), required=True),
             _q("satisfied", "rating", t("How satisfied are you with the service?", "¿Qué tan satisfecho está con "
                "el servicio?", "Quanto è soddisfatto del servizio?", "Πόσο ικανοποιημένος είστε από την "
                "υπηρεσία;", "Êtes-vous satisfait du service ?", "ما مدى رضاك عن الخدمة؟"), required=True),
             _q("comment", "short_text", t("Anything else you want to tell us?", "¿Algo más que quiera decirnos?",
                "Vuole dirci altro?", "Κάτι άλλο που θέλετε να μας πείτε;", "Autre chose à nous dire ?",
                "هل هناك شيء آخر تريد إخبارنا به؟")),
         ]},
    ],
}

WISHES = {
    "ar": ["موظف يتكلم العربية", "مواعيد عبر الهاتف", "ورقة واحدة بدل عشر أوراق"],
    "fr": ["Un seul guichet pour tout", "Des explications simples", "Un interprète au rendez-vous"],
    "es": ["Menos papeles", "Horarios de tarde", "Información en mi idioma"],
    "it": ["Meno code", "Informazioni chiare", "Un mediatore culturale"],
    "el": ["Λιγότερη αναμονή", "Πληροφορίες στα αγγλικά"],
    "en": ["One place for all the information", "Someone to explain the letters", "Appointments by phone"],
    "ti": ["ብቋንቋይ ሓበሬታ"],
    "fa": ["مترجم در اداره", "وقت ملاقات آنلاین"],
}


def _definition(template, site_code):
    languages = SITE_LANGUAGES[site_code]

    def keep(texts):
        return {lang: text for lang, text in texts.items() if lang in languages}

    sections = []
    for s in template["sections"]:
        sections.append({**s, "title": keep(s["title"]), "questions": [
            {**q, "label": keep(q["label"]), "help": keep(q["help"]),
             "choices": [{"value": c["value"], "label": keep(c["label"])} for c in q["choices"]]}
            for q in s["questions"]]})
    return {"source_language": "en", "languages": languages, "title": keep(template["title"]),
            "description": keep(template["description"]), "sections": sections}


def seed(password=None):
    project = get_project_by_slug("miict")
    if project is None:
        return
    rng = random.Random(SEED)
    for site_code in ("ES", "IT", "CY"):
        site = get_site(project, site_code)
        if site is None:
            continue
        if services.get_survey_by_code(NEEDS_CODES[site_code]) is None:
            defn = _definition(NEEDS, site_code)
            defn["title"].update(EXTRA_TITLES.get(site_code, {}))
            survey = services.create_from_definition(project, defn, site=site, code=NEEDS_CODES[site_code], actor=None)
            survey.opens_at = survey.opened_at = datetime(2019, 4, 1, 8, tzinfo=timezone.utc)
            _needs_responses(survey, site, rng)
        if services.get_survey_by_code(EVALUATION_CODES[site_code]) is None:
            defn = {**_definition(EVALUATION, site_code), "mode": SurveyMode.LINKED.value}
            survey = services.create_from_definition(project, defn, site=site, code=EVALUATION_CODES[site_code],
                                                     actor=None)
            survey.opens_at = survey.opened_at = datetime(2021, 5, 3, 8, tzinfo=timezone.utc)
            survey.closes_at = datetime(2021, 12, 15, 18, tzinfo=timezone.utc)
            _evaluation_responses(survey, site, rng)
    db.session.flush()


def _pick_language(site_code, rng):
    weights = LANGUAGE_WEIGHTS[site_code]
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _store(survey, defn, answers, language, when, rng, participant=None):
    clean, errors = services.validate_answers(defn, answers)
    assert not errors, errors  # the generator below writes only valid answers
    db.session.add(Response(
        survey_id=survey.id, survey_version=survey.version, client_uuid=str(uuid.UUID(int=rng.getrandbits(128))),
        language=language, site_id=participant.site_id if participant else survey.site_id,
        participant_id=participant.id if participant else None,
        stakeholder_group=participant.stakeholder_group.value if participant else None,
        channel=rng.choice(["web", "web", "web", "api"]), answers=clean, submitted_at=when))


def _needs_responses(survey, site, rng):
    defn = services.definition(survey)
    start = datetime(2019, 4, 2, 9, tzinfo=timezone.utc)
    for n in range(NEEDS_RESPONSES[site.code]):
        language = _pick_language(site.code, rng)
        working = rng.random() < 0.35
        answers = {"months_here": rng.randint(2, 96), "working": "yes" if working else "no",
                   "recognition": rng.choice(["yes", "waiting", "waiting", "no", "no", "none"])}
        if working:
            answers["hours"] = rng.choice([10, 15, 20, 25, 30, 40, 40, 48])
        else:
            answers["looking"] = "yes" if rng.random() < 0.8 else "no"
        used = [value for value, _label in SERVICES if rng.random() < (0.7 if value == "employment" else 0.35)]
        if used:
            answers["used"] = used
        if "employment" in used:
            answers["employment_easy"] = rng.choices([1, 2, 3, 4, 5], weights=[4, 5, 3, 2, 1])[0]
        answers["trust"] = rng.choices([1, 2, 3, 4, 5], weights=[3, 4, 3, 3, 1])[0]
        answers["barriers"] = [value for value, _label in BARRIERS
                               if rng.random() < (0.6 if value in ("language", "documents") else 0.25)] or ["language"]
        if rng.random() < 0.7:
            answers["distance_km"] = round(rng.uniform(0.5, 25), 1)
        answers["smartphone"] = "yes" if rng.random() < 0.85 else "no"
        if answers["smartphone"] == "yes":
            answers["phone_forms"] = rng.choices([1, 2, 3, 4, 5], weights=[2, 3, 4, 3, 2])[0]
        if used:
            answers["visit_date"] = (datetime(2019, 1, 7) + timedelta(days=rng.randint(0, 85))).date().isoformat()
            if rng.random() < 0.45:
                answers["wish"] = rng.choice(WISHES[language])
        _store(survey, defn, answers, language, start + timedelta(hours=7 * n + rng.randint(0, 5)), rng)


def _evaluation_responses(survey, site, rng):
    defn = services.definition(survey)
    people = db.session.scalars(sa.select(Participant).where(Participant.site_id == site.id)
                                .order_by(Participant.code)).all()
    start = datetime(2021, 5, 10, 10, tzinfo=timezone.utc)
    for n, person in enumerate(people):
        if rng.random() < 0.15:  # not everybody came back in 2021
            continue
        language = next((code for code in person.languages if code in survey.languages), "en")
        positive = person.stakeholder_group != StakeholderGroup.PUBLIC_SERVICE or rng.random() < 0.5
        sus = [rng.choice([4, 5, 4, 3]) if i % 2 == 0 else rng.choice([1, 2, 2, 3]) for i in range(10)] if positive \
            else [rng.choice([2, 3, 4]) if i % 2 == 0 else rng.choice([2, 3, 4]) for i in range(10)]
        answers = {"sus": sus, "satisfied": rng.choice([3, 4, 4, 5] if positive else [2, 3, 3, 4])}
        if rng.random() < 0.3:
            answers["comment"] = rng.choice(WISHES[language])
        _store(survey, defn, answers, language, start + timedelta(days=n // 4, hours=n % 4), rng, person)
