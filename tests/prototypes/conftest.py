"""A prototype in two screens with hotspots both ways, and an open round on it, built fresh per test."""
import io

import pytest
from PIL import Image

from cocreate.extensions import db

CLIENT1 = "7c1e4f6a-2b3d-4e5f-8a9b-0c1d2e000001"
CLIENT2 = "7c1e4f6a-2b3d-4e5f-8a9b-0c1d2e000002"


def picture(size=(300, 600), colour=(200, 220, 240), fmt="PNG"):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, fmt)
    return out.getvalue()


@pytest.fixture(autouse=True)
def uploads(app, tmp_path):
    app.config["PROTOTYPE_UPLOAD_FOLDER"] = str(tmp_path / "prototype-uploads")
    return tmp_path / "prototype-uploads"


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield
        db.session.rollback()


@pytest.fixture
def proto(app, make_project):
    """Project `demo` (site ES): prototype "Job matching", version 1 with screens Home and Skills, a hotspot
    Home→Skills (top half) and back, an open anonymous round in en, ar with one task (tap Skills on Home).
    Returns the ids and the round's code."""
    from cocreate.projects.services import get_project_by_slug
    from cocreate.prototypes import services

    make_project("demo", sites=("ES",))
    with app.app_context():
        project = get_project_by_slug("demo")
        prototype = services.create_prototype(project, title="Job matching", actor=None)
        version = prototype.versions[0]
        home = services.add_screen(version, picture(), caption={"en": "Home", "ar": "الرئيسية"}, actor=None)
        skills = services.add_screen(version, picture(colour=(240, 200, 200)),
                                     caption={"en": "Skills", "ar": "المهارات"}, actor=None)
        to_skills = services.add_hotspot(home, x=0.1, y=0.1, w=0.8, h=0.4, target=skills,
                                         label={"en": "Your skills", "ar": "مهاراتك"}, actor=None)
        back = services.add_hotspot(skills, x=0, y=0.9, w=1, h=0.1, target=home, label={"en": "Back"}, actor=None)
        round_ = services.create_round(version, source_language="en", languages=["ar"], site=project.sites[0],
                                       actor=None)
        task = services.add_task(round_, prompt={"en": "Where would you tap to see your skills?",
                                                 "ar": "أين تنقر لترى مهاراتك؟"}, target=to_skills, actor=None)
        services.set_round_open(round_, True, actor=None)
        db.session.commit()
        return {"project": project.id, "prototype": prototype.id, "version": version.id, "home": home.id,
                "skills": skills.id, "to_skills": to_skills.id, "back": back.id, "round": round_.id,
                "code": round_.code, "task": task.id, "site": project.sites[0].id}


def recording(container="webm", seconds=1.0, codec=None):
    """The bytes of a real recording of a tone, made with PyAV: WebM/Opus as Chrome records, Ogg/Opus as
    Firefox, MP4/AAC as Safari, MP3 or WAV as a phone's own recorder may save."""
    import av
    import numpy

    codec = codec or {"webm": "libopus", "ogg": "libopus", "mp4": "aac", "mp3": "libmp3lame",
                      "wav": "pcm_s16le"}[container]
    rate, step = 48000, 960
    out = io.BytesIO()
    with av.open(out, "w", format=container) as file:
        stream = file.add_stream(codec, rate=rate, layout="mono")
        if codec == "libopus":
            stream.bit_rate = 16000  # a voice's rate: a minute stays under 200 KB
        for start in range(0, int(rate * seconds), step):
            samples = numpy.sin(numpy.arange(start, start + step) / rate * 2 * numpy.pi * 440) * 0.3
            frame = av.AudioFrame.from_ndarray(samples.astype(numpy.float32).reshape(1, -1), format="flt",
                                               layout="mono")
            frame.sample_rate, frame.pts = rate, start
            for packet in stream.encode(frame):
                file.mux(packet)
        for packet in stream.encode(None):
            file.mux(packet)
    return out.getvalue()
