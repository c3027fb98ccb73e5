"""What a prototype refuses: hotspots outside the screen or to another version, a task without a target or with
one elsewhere, pins outside the picture, pictures that are not pictures, changes to a version with feedback."""
import pytest

from cocreate.extensions import db
from cocreate.prototypes import services
from cocreate.prototypes.models import Feedback, Hotspot, Round, Screen, Version

from .conftest import CLIENT1, picture


@pytest.mark.parametrize("rectangle", [(-0.1, 0, 0.5, 0.5), (0.6, 0, 0.5, 0.5), (0, 0.7, 0.5, 0.4),
                                       (0.2, 0.2, 0, 0.3), (0.2, 0.2, 0.3, -0.1), (float("nan"), 0, 0.1, 0.1)])
def test_a_hotspot_outside_the_screen_is_refused(proto, ctx, rectangle):
    home, skills = db.session.get(Screen, proto["home"]), db.session.get(Screen, proto["skills"])
    x, y, w, h = rectangle
    with pytest.raises(services.PrototypeError):
        services.add_hotspot(home, x=x, y=y, w=w, h=h, target=skills, actor=None)


def test_a_hotspot_to_a_screen_of_another_version_is_refused(proto, ctx):
    version = db.session.get(Version, proto["version"])
    other = services.new_version(version.prototype, copy_from=version, actor=None)
    home = db.session.get(Screen, proto["home"])
    with pytest.raises(services.PrototypeError, match="same version"):
        services.add_hotspot(home, x=0, y=0, w=0.5, h=0.5, target=other.screens[1], actor=None)
    with pytest.raises(services.PrototypeError):
        services.add_hotspot(home, x=0, y=0, w=0.5, h=0.5, target=None, actor=None)
    with pytest.raises(services.PrototypeError):
        services.add_hotspot(home, x=0, y=0, w=0.5, h=0.5, target=home, actor=None)


def test_a_task_needs_a_target_hotspot_of_the_rounds_version(proto, ctx):
    round_ = db.session.get(Round, proto["round"])
    with pytest.raises(services.PrototypeError, match="hotspot"):
        services.add_task(round_, prompt={"en": "Find training"}, target=None, actor=None)
    version = db.session.get(Version, proto["version"])
    other = services.new_version(version.prototype, copy_from=version, actor=None)
    with pytest.raises(services.PrototypeError, match="round's version"):
        services.add_task(round_, prompt={"en": "Find training"}, target=other.screens[0].hotspots[0], actor=None)


@pytest.mark.parametrize("pin", [{"x": 1.2, "y": 0.5}, {"x": 0.5, "y": -0.01}, {"x": "a", "y": 0.5}, {"x": None, "y": 1},
                                 {"x": float("inf"), "y": 0.5}])
def test_a_pin_outside_the_picture_is_refused_and_nothing_is_saved(proto, ctx, pin):
    round_ = db.session.get(Round, proto["round"])
    data = {"reactions": {proto["home"]: "clear"}, "pins": [{"screen": proto["home"], "comment": "here", **pin}]}
    with pytest.raises(services.FeedbackRefused) as refused:
        services.submit_feedback(round_, client_uuid=CLIENT1, language="en", data=data)
    assert "pins" in refused.value.errors
    assert db.session.query(Feedback).count() == 0


def test_a_pin_on_a_screen_of_another_version_is_refused(proto, ctx):
    version = db.session.get(Version, proto["version"])
    other = services.new_version(version.prototype, copy_from=version, actor=None)
    round_ = db.session.get(Round, proto["round"])
    with pytest.raises(services.FeedbackRefused):
        services.submit_feedback(round_, client_uuid=CLIENT1, language="en",
                                 data={"pins": [{"screen": other.screens[0].id, "x": 0.5, "y": 0.5}]})


def test_what_is_not_a_picture_is_refused(proto, ctx):
    version = db.session.get(Version, proto["version"])
    from cocreate.pictures import ImageRejected
    with pytest.raises(ImageRejected):
        services.add_screen(version, b"%PDF-1.4 not a picture", actor=None)


def test_a_version_with_feedback_is_frozen_and_changes_make_a_new_version(proto, ctx):
    round_ = db.session.get(Round, proto["round"])
    services.submit_feedback(round_, client_uuid=CLIENT1, language="en", data={})
    version = db.session.get(Version, proto["version"])
    home = db.session.get(Screen, proto["home"])
    with pytest.raises(services.PrototypeError, match="has feedback"):
        services.set_caption(home, {"en": "Start"}, actor=None)
    with pytest.raises(services.PrototypeError, match="has feedback"):
        services.add_screen(version, picture(), actor=None)
    editable = services.editable_version(version, actor=None)
    assert editable.number == 2 and [s.caption["en"] for s in editable.screens] == ["Home", "Skills"]
    hotspot = editable.screens[0].hotspots[0]
    assert hotspot.target_id == editable.screens[1].id  # copied hotspots lead within the copy
    services.set_caption(editable.screens[0], {"en": "Start"}, actor=None)
    assert home.caption["en"] == "Home"
    assert db.session.query(Hotspot).count() == 4


def test_a_round_needs_screens_and_a_site_of_the_prototype(proto, ctx, make_project):
    version = db.session.get(Version, proto["version"])
    empty = services.new_version(version.prototype, actor=None)
    with pytest.raises(services.PrototypeError, match="screens"):
        services.create_round(empty, source_language="en", actor=None)
