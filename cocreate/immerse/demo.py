"""The demo's IMMERSE configuration: the modules' starting configurations, changed twice after the second
round of co-design, as the project team would."""
from ..auth.services import find_user
from ..projects.services import get_project_by_slug
from . import services

CHANGES = (
    ("matching", {"weight/pending_recognition": 0.6},
     "Participants in Rome asked that qualifications awaiting recognition count for more (REQ-008)."),
    ("firewall", {"add": {"authority": "education-service", "purpose": "education-enrolment",
                          "attribute": "work_experience", "action": "allow", "requirements": []}},
     "Education offices place adults by what they have worked as, not only by certificates."),
)


def seed(password=None):
    project = get_project_by_slug("miict")
    researcher = find_user("researcher1@miict.example")
    if project is None or any(services.versions(project, module) for module, _change, _note in CHANGES):
        return
    for module, change, note in CHANGES:
        document = dict(services.current(project, module).document)
        if "add" in change:
            document["rules"] = [*document["rules"], change["add"]]
        else:
            document.update(change)
        services.save(project, module, document, note=note, actor=researcher)
