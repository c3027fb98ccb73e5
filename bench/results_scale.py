"""Benchmark: survey results and exports on the demo and on a survey with 10,000 responses x 20 questions.

Builds its data in a temporary SQLite database: the demo story (`seed-demo`), then, in the demo project, one
20-question survey (every kind of question but the SUS block) with `--responses` responses spread over the
three pilot sites, four languages and the stakeholder groups, written by bulk inserts. Then it signs in as a
demo researcher and asks the app (its test client, no server) for the results page, the results filtered by
site and by language, the free-text answers of one question, responses.csv and responses.xlsx, of the demo's
largest survey and of the large one: the median of `--repeat` runs of each, the SQL statements each runs, and
the peak memory (tracemalloc) of each export at scale. Prints a table with the ratio large / demo.

    .venv/bin/python bench/results_scale.py [--responses 10000] [--repeat 3]
"""
import argparse
import datetime
import platform
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "benchmark-password"
LANGUAGES = ["es", "ar", "fr", "en"]
GROUPS = ["migrant", "ngo", "public_service", "expert"]
WORDS = ["work", "papers", "doctor", "school", "office", "language", "interpreter", "wait", "bus", "phone",
         "family", "housing", "course", "training", "contract", "appointment"]


def scale_definition():
    """20 questions: choices, scales, numbers, a date and free text, in three sections."""
    def q(key, kind, choices=(), **settings):
        return {"key": key, "kind": kind, "label": {"en": f"Question {key}", "ar": f"سؤال {key}"}, "help": {},
                "required": False, "choices": [{"value": c, "label": {"en": c.title()}} for c in choices],
                "settings": settings, "condition": None}
    choices = ("work", "health", "school", "housing", "papers")
    questions = ([q("working", "yes_no"), q("age", "integer", min=16, max=99), q("hours", "decimal", min=0, max=80),
                  q("since", "date"), q("employer", "short_text"), q("story", "long_text")]
                 + [q(f"choice{i}", "single_choice", choices) for i in range(1, 5)]
                 + [q(f"needs{i}", "multiple_choice", choices) for i in range(1, 4)]
                 + [q(f"trust{i}", "likert") for i in range(1, 5)]
                 + [q(f"rating{i}", "rating") for i in range(1, 4)])
    return {"source_language": "en", "languages": ["en", "ar", "fr", "es"], "mode": "anonymous",
            "title": {"en": "At scale"}, "description": {},
            "sections": [{"key": f"s{n}", "title": {"en": f"Part {n}"}, "condition": None,
                          "questions": questions[start:start + 7]} for n, start in enumerate((0, 7, 14), start=1)]}


def answer(key, rng):
    if key == "working":
        return rng.choice(["yes", "no"])
    if key == "age":
        return rng.randint(16, 80)
    if key == "hours":
        return round(rng.uniform(0, 60), 1)
    if key == "since":
        return (datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randint(0, 3000))).isoformat()
    if key in ("employer", "story"):
        return " ".join(rng.choices(WORDS, k=rng.randint(3, 25 if key == "story" else 4)))
    if key.startswith("choice"):
        return rng.choice(["work", "health", "school", "housing", "papers"])
    if key.startswith("needs"):
        return sorted(rng.sample(["work", "health", "school", "housing", "papers"], rng.randint(1, 3)))
    return rng.randint(1, 5)


def build(url, responses):
    """The demo and the large survey in a new database at `url`; returns (app, demo survey id, large survey id)."""
    from cocreate import create_app
    from cocreate.config import Config
    from cocreate.demo import seed_demo
    from cocreate.extensions import db
    from cocreate.projects.services import get_project_by_slug
    from cocreate.surveys import services
    from cocreate.surveys.models import Response

    app = create_app(Config, SQLALCHEMY_DATABASE_URI=url, SECRET_KEY="benchmark", SESSION_COOKIE_SECURE=False,
                     WTF_CSRF_ENABLED=False, PASSWORD_HASH_METHOD="pbkdf2:sha256:1000")
    with app.app_context():
        db.create_all()
        seed_demo(PASSWORD)
        project = get_project_by_slug("miict")
        survey = services.create_from_definition(project, scale_definition(), code="SCAL", actor=None)
        services.set_open(survey, True, actor=None)
        db.session.commit()
        keys = [q["key"] for q in services.questions_of(services.definition(survey))]
        sites = [site.id for site in project.sites]
        rng = random.Random(15)
        start = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
        rows = []
        for n in range(responses):
            rows.append({"survey_id": survey.id, "survey_version": survey.version, "client_uuid": str(uuid.UUID(int=n + 1)),
                         "language": rng.choice(LANGUAGES), "site_id": rng.choice(sites),
                         "stakeholder_group": rng.choice(GROUPS), "channel": "web",
                         "submitted_at": start + datetime.timedelta(minutes=n),
                         "answers": {key: answer(key, rng) for key in keys if rng.random() < 0.95}})
            if len(rows) == 1000:
                db.session.execute(sa.insert(Response), rows)
                rows = []
        if rows:
            db.session.execute(sa.insert(Response), rows)
        db.session.commit()
        large = survey.id
        counts = sa.select(Response.survey_id, sa.func.count()).group_by(Response.survey_id)
        demo = max((count, survey_id) for survey_id, count in db.session.execute(counts) if survey_id != large)[1]
        first_site = db.session.scalar(sa.select(Response.site_id).where(Response.survey_id == demo,
                                                                           Response.site_id.is_not(None)))
        text_keys = {}
        for survey_id in (demo, large):
            defn = services.definition(services.get_survey(survey_id))
            text_keys[survey_id] = next(q["key"] for q in services.questions_of(defn)
                                        if q["kind"] in ("short_text", "long_text"))
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
    return app, demo, large, first_site, text_keys, sites[0]


def pages(survey_id, site_id, text_key, language):
    base = f"/surveys/{survey_id}"
    return [("survey results", f"{base}/results"),
            ("results filtered by site", f"{base}/results?site={site_id}"),
            ("results filtered by language", f"{base}/results?language={language}"),
            ("free-text answers", f"{base}/answers/{text_key}"),
            ("responses.csv", f"{base}/export/responses.csv"),
            ("responses.xlsx", f"{base}/export/responses.xlsx")]


def measure(app, client, path, repeat):
    """(median seconds, bytes, SQL statements, peak MiB of Python memory) of GET `path`."""
    from cocreate.extensions import db

    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path)
        body = response.get_data()
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")
    with app.app_context():
        engine = db.engine
    statements = []

    def count(*_args):
        statements.append(1)
    sa.event.listen(engine, "before_cursor_execute", count)
    tracemalloc.start()
    client.get(path).get_data()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    sa.event.remove(engine, "before_cursor_execute", count)
    return statistics.median(times), len(body), len(statements), peak / 2 ** 20


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'scale.db'}"
        started = time.perf_counter()
        app, demo, large, demo_site, text_keys, large_site = build(url, args.responses)
        print(f"built the data in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        client = app.test_client()
        from cocreate.auth.demo import demo_accounts
        email = next(email for email, role in demo_accounts() if role == "researcher")
        login = client.post("/login", data={"email": email, "password": PASSWORD})
        if login.status_code != 302:
            raise SystemExit("could not sign in as a demo researcher")
        print(f"{datetime.date.today()}, {platform.python_implementation()} {platform.python_version()}, "
              f"SQLite, {args.responses} responses x 20 questions, median of {args.repeat}\n")
        print("| page | demo s | at scale s | ratio | statements demo / scale | page at scale | peak MiB at scale |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for (name, small_path), (_name, large_path) in zip(pages(demo, demo_site, text_keys[demo], "ar"),
                                                           pages(large, large_site, text_keys[large], "ar")):
            small = measure(app, client, small_path, args.repeat)
            big = measure(app, client, large_path, args.repeat)
            print(f"| {name} | {small[0]:.3f} | {big[0]:.3f} | {big[0] / small[0]:.1f} | {small[2]} / {big[2]} "
                  f"| {big[1] / 1024:.0f} KiB | {big[3]:.1f} |", flush=True)


if __name__ == "__main__":
    main()
