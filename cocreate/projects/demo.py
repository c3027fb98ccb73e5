"""The demo project `miict` and its three pilot sites."""
from datetime import date

from .services import get_project_by_slug, get_site, save_project, save_site

PROJECT = {
    "slug": "miict",
    "name": "MIICT pilot: co-designing access to employment, health and education services",
    "description": ("Migrants, refugees, NGOs and public services co-design IMMERSE, a service that matches "
                    "migrants to jobs and development opportunities and shares with each authority only "
                    "what its task needs."),
    "start_date": date(2019, 1, 15),
    "end_date": date(2021, 12, 15),
}

SITES = [
    {"code": "ES", "country": "ES", "city": "Madrid", "host_languages": ["es"],
     "participant_languages": ["ar", "fr", "wo", "es"],
     "partner_organisation": "Asociación Puentes (NGO)", "public_partner": "Madrid municipal employment agency"},
    {"code": "IT", "country": "IT", "city": "Rome", "host_languages": ["it"],
     "participant_languages": ["ar", "ti", "en", "fr"],
     "partner_organisation": "Casa Aperta (NGO)", "public_partner": "Lazio regional job centre"},
    {"code": "CY", "country": "CY", "city": "Nicosia", "host_languages": ["el", "en"],
     "participant_languages": ["ar", "fa", "so", "fr"],
     "partner_organisation": "Solidarity Cyprus (NGO)", "public_partner": "Nicosia public employment service"},
]


def seed(password=None):
    project = get_project_by_slug(PROJECT["slug"]) or save_project(None, **PROJECT, actor=None)
    for site in SITES:
        if get_site(project, site["code"]) is None:
            save_site(project, None, **site, actor=None)
    return project
