"""The demo's IMMERSE people and offers: a few hundred synthetic profiles across the three pilot sites and
about sixty jobs and trainings, all named in the shipped ESCO subset.  Seeded random, so every run builds the
same story; nothing here describes a real person."""
import random
from datetime import date

from ..projects.services import get_project_by_slug, get_site
from . import services
from .esco import load_subset, subset

PROFILES_PER_SITE = 100
OPPORTUNITIES_PER_SITE = 20

SITES = {  # site code -> (region, host language, languages people bring, nationalities)
    "ES": ("Comunidad de Madrid", "es", ("ar", "fr", "wo", "en"), ("MA", "SN", "DZ", "ML", "SY", "CO")),
    "IT": ("Lazio", "it", ("ar", "ti", "en", "fr"), ("ER", "NG", "TN", "EG", "SO", "GM")),
    "CY": ("Lefkosia", "el", ("ar", "fa", "so", "fr"), ("SY", "AF", "SO", "CM", "CD", "IQ")),
}
OTHER_REGIONS = {"ES": "Andalucía", "IT": "Sicilia", "CY": "Lemesos"}  # a few people live further away

SECTORS = {  # sector -> (occupations, essential skills, optional skills), by English preferred label
    "care": (("home care aide", "healthcare assistant", "care home worker", "child care worker"),
             ("assist patients with special needs", "empathise with the healthcare user", "provide first aid"),
             ("support individuals to adjust to physical disability", "assist clients with special needs",
              "prepare ready-made dishes")),
    "hospitality": (("kitchen porter", "kitchen assistant", "cook", "waiter/waitress", "room attendant"),
                    ("comply with food safety and hygiene", "wash the dishes", "use cooking techniques"),
                    ("serve food in table service", "take food and beverage orders from customers",
                     "greet guests", "serve beverages")),
    "agriculture": (("fruit and vegetable picker", "crop production worker", "vineyard worker",
                     "livestock worker"),
                    ("harvest crop", "work in outdoor conditions", "operate agricultural machinery"),
                    ("harvest grapes", "irrigate soil", "feed livestock", "prune hedges and trees")),
    "construction": (("building construction worker", "bricklayer", "plasterer", "construction painter"),
                     ("follow health and safety procedures in construction", "use safety equipment in construction",
                      "mix concrete"),
                     ("lay bricks", "plaster surfaces", "paint surfaces")),
    "cleaning": (("domestic cleaner", "window cleaner", "room attendant"),
                 ("perform cleaning duties", "clean surfaces", "handle chemical cleaning agents"),
                 ("vacuum surfaces", "clean rooms", "maintain inventory of cleaning supplies")),
    "logistics": (("warehouse worker", "forklift operator", "car and van delivery driver"),
                  ("stack goods", "pick orders for dispatching", "load cargo"),
                  ("operate forklift", "handle cargo", "drive vehicles", "drive in urban areas")),
    "retail": (("shop assistant", "cashier", "sales assistant"),
               ("communicate with customers", "operate cash register", "customer service"),
               ("use e-services", "greet guests")),
    "ict": (("ICT help desk agent", "data entry clerk", "web developer"),
            ("use ICT systems", "use spreadsheets software", "use word processing software"),
            ("apply basic programming skills", "use online tools to collaborate", "search engines")),
    "interpreting": (("interpreter", "translator"),
                     ("interpret spoken language between two parties", "translate spoken language",
                      "show intercultural awareness"),
                     ("speak different languages", "work in an international environment",
                      "use word processing software")),
}
LANGUAGE_SKILLS = {"ar": "Arabic", "es": "Spanish", "it": "Italian", "el": "Greek", "fr": "French", "en": "English",
                   "fa": "Persian"}
PROVIDERS = {
    "ES": ("Hostelería Castellana", "Cuidados Vallecas", "Huertas del Jarama", "Logística Coslada",
           "Construcciones Tajo", "Asociación Puentes"),
    "IT": ("Trattoria San Lorenzo", "Cooperativa Assistenza Roma", "Agricola Pontina", "Magazzini Tiburtina",
           "Edilizia Laziale", "Casa Aperta"),
    "CY": ("Hotel Lefkosia", "Care Cyprus", "Agros Farms", "Cyprus Freight", "Nicosia Builders",
           "Solidarity Cyprus"),
}
QUALIFICATIONS = {"care": "Certificate in social care", "hospitality": "Diploma in catering",
                  "agriculture": "Agricultural vocational certificate", "construction": "Building trades certificate",
                  "cleaning": "Certificate in professional cleaning", "logistics": "Logistics operator certificate",
                  "retail": "Certificate in retail sales", "ict": "Bachelor in computer science",
                  "interpreting": "Diploma in translation"}
LEVEL_ORDER = ("A1", "A2", "B1", "B2", "C1", "C2")


def _uris():
    uris = {}
    for concept in subset()["concepts"]:
        uris[(concept["kind"], concept["labels"]["en"])] = concept["uri"]
    return uris


def seed(password=None):
    project = get_project_by_slug("miict")
    load_subset()
    if project is None or services.count(project.id):
        return
    uris = _uris()
    rng = random.Random(12)
    for code, (region, host, brought, nationalities) in SITES.items():
        site = get_site(project, code)
        for _number in range(PROFILES_PER_SITE):
            services.add_profile(project, _profile(rng, uris, code, region, host, brought, nationalities),
                                 site=site, actor=None)
        for number in range(OPPORTUNITIES_PER_SITE):
            services.add_opportunity(project, _opportunity(rng, uris, code, region, host, number),
                                     site=site, actor=None)


def _skill(uris, label):
    return uris[("skill", label)]


def _profile(rng, uris, code, region, host, brought, nationalities):
    sector = rng.choice(list(SECTORS))
    occupations, essential, optional = SECTORS[sector]
    skills = set(rng.sample(essential, rng.randint(1, len(essential))))
    skills.update(rng.sample(optional, rng.randint(0, len(optional))))
    if rng.random() < 0.3:  # a second trade
        other = SECTORS[rng.choice(list(SECTORS))]
        skills.add(rng.choice(other[1] + other[2]))
    mother_tongue = rng.choice(brought)
    host_level = rng.choice(LEVEL_ORDER[:5])
    languages = [{"language": mother_tongue, "level": "C2"}, {"language": host, "level": host_level}]
    if mother_tongue != "en" and rng.random() < 0.35:
        languages.append({"language": "en", "level": rng.choice(LEVEL_ORDER[1:5])})
    uri_skills = {_skill(uris, label) for label in skills}
    uri_skills.update(uris[("skill", LANGUAGE_SKILLS[entry["language"]])] for entry in languages
                      if entry["language"] in LANGUAGE_SKILLS and rng.random() < 0.5)
    qualifications = []
    if rng.random() < 0.6:
        qualifications.append({"title": QUALIFICATIONS[sector], "eqf": rng.randint(2, 6),
                               "recognition": rng.choice(("recognised", "pending", "pending", "not_recognised"))})
    if rng.random() < 0.2:
        qualifications.append({"title": "Secondary school leaving certificate", "eqf": 4,
                               "recognition": rng.choice(("recognised", "pending"))})
    experience = [{"occupation": uris[("occupation", occupation)], "years": round(rng.uniform(0.5, 15), 1)}
                  for occupation in rng.sample(occupations, rng.randint(0, min(2, len(occupations))))]
    availability = sorted(rng.sample(("full_time", "part_time", "evenings", "weekends"), rng.randint(0, 3)))
    born = date(rng.randint(1966, 2006), rng.randint(1, 12), rng.randint(1, 28))
    return {
        "skills": sorted(uri_skills), "languages": languages, "qualifications": qualifications,
        "work_experience": experience,
        "region": OTHER_REGIONS[code] if rng.random() < 0.08 else (None if rng.random() < 0.03 else region),
        "availability": availability,
        "work_permit": rng.choice(("granted", "granted", "pending", "none", None)),
        "contact_preferences": rng.sample(("in_person", "phone", "sms", "messaging_app", "email"), rng.randint(1, 2)),
        "preferred_language": mother_tongue if rng.random() < 0.7 else host,
        "interpreter_needed": LEVEL_ORDER.index(host_level) < 2,
        "gender": rng.choice(("female", "male", "female", "male", "non-binary", None)),
        "date_of_birth": born if rng.random() < 0.95 else None,
        "nationality": rng.choice(nationalities),
        "ethnicity": None, "religion": None,
        "health": rng.choice((None,) * 9 + ("reduced mobility",)),
    }


def _opportunity(rng, uris, code, region, host, number):
    sector = list(SECTORS)[number % len(SECTORS)]
    occupations, essential, optional = SECTORS[sector]
    provider = rng.choice(PROVIDERS[code])
    if number % 3 == 2:  # every third offer is a training
        taught = rng.sample(essential + optional, 2)
        return {"kind": "training", "title": f"Course: {taught[0]}", "provider": provider, "occupation": None,
                "essential_skills": [_skill(uris, label) for label in taught[:1]],
                "optional_skills": [_skill(uris, label) for label in taught[1:]],
                "languages": [{"language": host, "level": "A2"}], "min_eqf": None,
                "region": region, "schedule": rng.choice(("evenings", "weekends", "part_time"))}
    occupation = rng.choice(occupations)
    return {"kind": "job", "title": occupation[0].upper() + occupation[1:], "provider": provider,
            "occupation": uris[("occupation", occupation)],
            "essential_skills": [_skill(uris, label) for label in rng.sample(essential, 2)],
            "optional_skills": [_skill(uris, label) for label in rng.sample(optional, rng.randint(1, 2))],
            "languages": [{"language": host, "level": rng.choice(("A2", "B1", "B1", "B2"))}],
            "min_eqf": rng.choice((None, None, 2, 3, 4)), "region": region,
            "schedule": rng.choice(("full_time", "full_time", "part_time", "evenings", "weekends"))}
