"""The workshops part of the demo story: complete, deterministic and idempotent."""
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.workshops import demo, images, services
from cocreate.participants.models import Consent, Participant
from cocreate.evidence.models import Code, Coding
from cocreate.workshops.models import Artifact, Note, Quote, Reflection, Storyboard, StoryboardFrame, Workshop

MODELS = (Workshop, Participant, Consent, Note, Quote, Artifact, Storyboard, StoryboardFrame, Reflection, Code,
          Coding)


def counts():
    return {model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model)) for model in MODELS}


def test_demo_tells_the_story_and_seeding_again_changes_nothing(seeded):
    with seeded.app_context():
        first = counts()
        assert first["Workshop"] == 10 and first["Participant"] == 60 and first["StoryboardFrame"] == 8
        sites = {w.site.code for w in db.session.scalars(sa.select(Workshop))}
        assert sites == {"ES", "IT", "CY"}
        languages = {q.language for q in db.session.scalars(sa.select(Quote))}
        assert {"ar", "es", "fr", "ti", "fa", "el"} <= languages
        flagged = [q for q in db.session.scalars(sa.select(Quote)) if not services.quote_is_publishable(q)]
        assert [q.speaker.code for q in flagged] == ["IT-M-004"]  # withdrew consent to quotes
        for artifact in db.session.scalars(sa.select(Artifact)):
            assert images.path_of(artifact.filename).exists()
            assert images.path_of(artifact.filename, thumbnail=True).exists()
        demo.seed()
        db.session.commit()
        assert counts() == first


def test_demo_pictures_are_drawn_the_same_every_time():
    assert demo.png_bytes(demo.draw_frame(2, "Waiting")) == demo.png_bytes(demo.draw_frame(2, "Waiting"))
    one = demo.png_bytes(demo.draw_context_map("Finding work", ["Bank", "NGO"], seed="x"))
    assert one == demo.png_bytes(demo.draw_context_map("Finding work", ["Bank", "NGO"], seed="x"))
