"""Hotspot labels in each language of the version, given the way captions are, and shown to participants in
their language (falling back to the round's source language, as captions do)."""
import pytest

from cocreate.extensions import db
from cocreate.prototypes import services
from cocreate.prototypes.models import Hotspot

from .test_participant_flow import post

BACK_AR = "العودة إلى البداية"


def walk_to_skills(client, proto, language):
    code = proto["code"]
    start = client.get(f"/p/{code}/{language}").get_data(as_text=True)
    task = post(client, code, language, start, go="next").get_data(as_text=True)
    home = post(client, code, language, task, tap_hotspot=str(proto["to_skills"]), go="next").get_data(as_text=True)
    return post(client, code, language, home, go=str(proto["skills"])).get_data(as_text=True)


def test_staff_give_a_hotspot_label_per_language_and_participants_read_theirs(app, client, auth, proto):
    fallback = '<span lang="en" dir="ltr">Back</span>'
    assert fallback in walk_to_skills(client, proto, "ar")  # only English so far: the fallback
    auth.login_as("facilitator")
    page = client.get(f"/prototypes/versions/{proto['version']}").get_data(as_text=True)
    assert f'id="label-{proto["back"]}-ar"' in page and 'name="label-ar"' in page
    response = client.post(f"/prototypes/hotspots/{proto['back']}/label",
                           data={"label-en": "Back", "label-ar": BACK_AR})
    assert response.status_code == 302 and response.location.endswith(f"#screen-{proto['skills']}")
    with app.app_context():
        assert db.session.get(Hotspot, proto["back"]).label == {"en": "Back", "ar": BACK_AR}
    page = client.get(f"/prototypes/versions/{proto['version']}").get_data(as_text=True)
    assert f'value="{BACK_AR}"' in page
    auth.logout()
    arabic = walk_to_skills(client, proto, "ar")
    assert BACK_AR in arabic and fallback not in arabic
    english = walk_to_skills(client, proto, "en")
    assert "Back" in english and BACK_AR not in english


def test_a_hotspot_keeps_at_least_one_label(app, client, auth, proto):
    auth.login_as("facilitator")
    response = client.post(f"/prototypes/hotspots/{proto['back']}/label", data={"label-en": " ", "label-ar": ""},
                           follow_redirects=True)
    assert "needs a label in at least one language" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Hotspot, proto["back"]).label == {"en": "Back"}


def test_an_emptied_label_is_removed_and_the_change_is_recorded(app, ctx, proto, changes):
    hotspot = db.session.get(Hotspot, proto["to_skills"])
    services.set_hotspot_label(hotspot, {"ar": "", "fr": "Vos compétences"}, actor=None)
    assert hotspot.label == {"en": "Your skills", "fr": "Vos compétences"}
    assert [action for action, *_ in changes] == ["prototypes.hotspot_changed"]


def test_the_label_of_a_frozen_version_cannot_change(app, ctx, proto):
    from cocreate.prototypes.models import Feedback, Round
    db.session.add(Feedback(round=db.session.get(Round, proto["round"]), client_uuid="c1", language="en"))
    db.session.flush()
    with pytest.raises(services.PrototypeError):
        services.set_hotspot_label(db.session.get(Hotspot, proto["back"]), {"ar": BACK_AR}, actor=None)
