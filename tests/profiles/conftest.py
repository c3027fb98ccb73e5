import pytest

from cocreate.extensions import db
from cocreate.profiles.esco import load_subset, subset_uris

SKILL = "http://data.europa.eu/esco/skill/6ff01827-907d-43d8-b6e4-7162c1cf0aca"  # clean surfaces
OTHER_SKILL = "http://data.europa.eu/esco/skill/c662be22-f17a-4ba0-894f-d720b20c44cf"  # wash the dishes
OCCUPATION = "http://data.europa.eu/esco/occupation/f756fdab-7726-4c48-bfcc-94ff8810fc08"  # kitchen porter
UNKNOWN = "http://data.europa.eu/esco/skill/00000000-0000-0000-0000-000000000000"


def full_profile(**changes):
    """A profile with every attribute given, as `add_profile` takes it."""
    from datetime import date

    data = {
        "skills": [SKILL, OTHER_SKILL], "languages": [{"language": "ar", "level": "C2"},
                                                      {"language": "es", "level": "A2"}],
        "qualifications": [{"title": "Diploma in catering", "eqf": 4, "recognition": "pending"}],
        "work_experience": [{"occupation": OCCUPATION, "years": 3.5}], "region": "Comunidad de Madrid",
        "availability": ["part_time", "evenings"], "work_permit": "granted",
        "contact_preferences": ["sms", "phone"], "preferred_language": "ar", "interpreter_needed": True,
        "gender": "female", "date_of_birth": date(1990, 5, 17), "nationality": "MA", "ethnicity": "Amazigh",
        "religion": "none", "health": "reduced mobility",
    }
    data.update(changes)
    return data


@pytest.fixture
def project(app, make_project):
    """(app, project id) of a project with one site and the shipped ESCO subset loaded."""
    from cocreate.projects.services import get_project_by_slug

    slug = make_project("immerse", sites=("ES",))
    with app.app_context():
        load_subset()
        db.session.commit()
        assert SKILL in subset_uris("skill")
        return get_project_by_slug(slug).id
