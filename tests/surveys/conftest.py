"""A small survey with every kind of question and some skip logic, built fresh for each test that asks; a clock
for the limits on guessing codes."""
from datetime import timedelta

import pytest

from cocreate import throttle
from cocreate.extensions import db
from cocreate.surveys import logic, services

UUID1 = "0b7e4c1e-5f0e-4c57-9a3e-6f1d2a000001"
UUID2 = "0b7e4c1e-5f0e-4c57-9a3e-6f1d2a000002"


def question(key, kind, label, *, required=False, condition=None, choices=(), settings=None, help=None):
    return {"key": key, "kind": kind, "label": label, "help": help or {}, "required": required,
            "choices": [{"value": v, "label": l} for v, l in choices], "settings": settings or {},
            "condition": logic.parse(condition)}


def small_definition():
    """Two screens; the second only for people who work; every kind once."""
    return {
        "source_language": "en", "languages": ["en", "ar", "fr"], "mode": "anonymous",
        "title": {"en": "Work and services", "ar": "العمل والخدمات"},
        "description": {"en": "A few questions."},
        "sections": [
            {"key": "about", "title": {"en": "About you", "ar": "عنك"}, "condition": None, "questions": [
                question("working", "yes_no", {"en": "Do you work?", "ar": "هل تعمل؟"}, required=True),
                question("age", "integer", {"en": "Age", "ar": "العمر"}, settings={"min": 16, "max": 99}),
                question("needs", "multiple_choice", {"en": "What do you need?", "ar": "ماذا تحتاج؟"},
                         choices=[("work", {"en": "Work", "ar": "عمل"}), ("health", {"en": "Health"}),
                                  ("school", {"en": "School", "ar": "مدرسة"})],
                         help={"en": "Choose all that apply.", "ar": "اختر كل ما ينطبق."}),
                question("city", "single_choice", {"en": "City"},
                         choices=[("madrid", {"en": "Madrid"}), ("rome", {"en": "Rome"})]),
                question("trust", "likert", {"en": "I trust the office.", "ar": "أثق بالمكتب."}),
                question("intro", "note", {"en": "Thanks so far."}),
            ]},
            {"key": "job", "title": {"en": "Your job", "ar": "عملك"}, "condition": logic.parse("${working} = 'yes'"),
             "questions": [
                question("hours", "decimal", {"en": "Hours a week", "ar": "ساعات في الأسبوع"}, required=True,
                         settings={"min": 1, "max": 80}),
                question("since", "date", {"en": "Since when?"}),
                question("rating", "rating", {"en": "How good is it?"}),
                question("employer", "short_text", {"en": "Employer"}, condition="${hours} >= 20"),
             ]},
            {"key": "end", "title": {"en": "Last", "ar": "أخيرًا"}, "condition": None, "questions": [
                question("story", "long_text", {"en": "Anything else?"}),
                question("sus", "sus", {"en": "About the app"}),
            ]},
        ],
    }


@pytest.fixture
def make_survey(app, make_project):
    """make_survey(code=None, **changes) -> (survey id, code): the small survey in a new project, opened now."""
    counter = iter(range(1, 100))

    def make(mode="anonymous", code=None, **changes):
        slug = make_project(slug=f"p{next(counter)}")
        with app.app_context():
            from cocreate.projects.services import get_project_by_slug

            defn = {**small_definition(), "mode": mode, **changes}
            survey = services.create_from_definition(get_project_by_slug(slug), defn, code=code, actor=None)
            services.set_open(survey, True, actor=None)  # a new survey is a draft until opened
            db.session.commit()
            return survey.id, survey.code
    return make


@pytest.fixture
def survey_in(app):
    """survey_in(survey_id) -> context manager giving the survey inside an app context."""
    from contextlib import contextmanager

    @contextmanager
    def open_survey(survey_id):
        with app.app_context():
            yield db.session.get(services.Survey, survey_id)
    return open_survey


def site_of(app, survey_id):
    """The id of the first pilot site of the survey's project."""
    import sqlalchemy as sa

    from cocreate.projects.models import PilotSite
    with app.app_context():
        survey = db.session.get(services.Survey, survey_id)
        return db.session.scalars(sa.select(PilotSite.id).where(PilotSite.project_id == survey.project_id)).first()


@pytest.fixture
def clock(monkeypatch):
    """Moves the limiter's clock: clock(minutes) puts it that many minutes ahead of now."""
    start = throttle._now()

    def move(minutes):
        monkeypatch.setattr(throttle, "_now", lambda: start + timedelta(minutes=minutes))
    move(0)
    return move
