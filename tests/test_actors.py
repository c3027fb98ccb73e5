"""One way to say who acted: every service that changes data takes `actor` keyword-only and announces the change."""
import importlib
import inspect
from datetime import date

import pytest

SERVICE_MODULES = ["cocreate.auth.services", "cocreate.projects.services", "cocreate.participants.services",
                   "cocreate.evidence.services", "cocreate.workshops.services", "cocreate.surveys.services"]


@pytest.mark.parametrize("module_name", SERVICE_MODULES)
def test_actor_is_keyword_only_wherever_it_is_taken(module_name):
    module = importlib.import_module(module_name)
    wrong = []
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if name.startswith("_") or function.__module__ != module_name:
            continue
        parameter = inspect.signature(function).parameters.get("actor")
        if parameter is not None and (parameter.kind is not inspect.Parameter.KEYWORD_ONLY
                                      or parameter.default is not inspect.Parameter.empty):
            wrong.append(name)
    assert wrong == [], f"{module_name}: actor must be a required keyword-only argument of {wrong}"


def test_changes_are_announced_with_who_did_them(app, make_project, make_user, changes):
    from cocreate.auth.models import User
    from cocreate.evidence import services as evidence
    from cocreate.evidence.registry import Ref
    from cocreate.extensions import db
    from cocreate.participants import services as participants
    from cocreate.projects.services import get_project_by_slug, get_site, save_site
    from cocreate.workshops import services as workshops

    make_project("demo", sites=("ES",))
    user_id, _email = make_user("facilitator")
    with app.app_context():
        actor = db.session.get(User, user_id)
        project = get_project_by_slug("demo")
        site = save_site(project, get_site(project, "ES"), code="ES", country="ES", city="Sevilla",
                         host_languages=["es"], participant_languages=["ar"], actor=actor)
        person = participants.create_participant(site, stakeholder_group="migrant", actor=actor)
        consent = participants.record_consent(person, "take_part", form_version="v1", given_on=date(2020, 1, 1),
                                              actor=actor)
        participants.record_profile(person, gender="woman", actor=actor)
        workshop = workshops.save_workshop(None, site=site, title="Mapping", phase="requirements",
                                           date=date(2020, 2, 1), actor=actor)
        note = workshops.add_note(workshop, body="Maps of the city", actor=actor)
        code = evidence.save_code(project, None, name="Maps", actor=actor)
        evidence.apply_code(code, Ref("note", note.id), actor=actor)
        participants.withdraw_consent(consent, actor=actor)
        seen = [(action, obj, who) for action, obj, who, _details in changes if who is actor]
        assert [action for action, _obj, _who in seen] == [
            "projects.site_changed", "participants.created", "participants.consent_recorded",
            "participants.profile_recorded", "workshops.created", "workshops.note_added", "evidence.code_created",
            "evidence.coded", "participants.consent_withdrawn"]
        assert seen[1][1] is person and seen[5][1] is note
        # the signal says that a profile was recorded, never what it holds
        assert all("woman" not in repr(details) for _a, _o, _w, details in changes)
        db.session.rollback()
