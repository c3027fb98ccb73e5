"""Benchmark: the results and exports of a household roster (a repeated group of members, each with a repeated
group of jobs) as the number of responses grows.

Builds a temporary SQLite database with one project and one roster survey, then `--responses` responses of one
to six members each, every adult member with zero to two jobs, written by bulk inserts. Times (median of
`--repeat` runs) and measures the peak Python memory (tracemalloc) of the results, responses.zip (a CSV file
per table) and responses.xlsx (a sheet per table), each at the given sizes.

    .venv/bin/python bench/repeats_exports.py [--responses 1000 4000] [--repeat 3]
"""
import argparse
import datetime
import io
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


def question(key, kind, **extra):
    return {"key": key, "kind": kind, "label": {"en": key.replace("_", " ").title()}, "help": {}, "required": False,
            "choices": [], "settings": {}, "condition": None, **extra}


def roster():
    job = question("job", "repeat", settings={"questions": [question("job_title", "short_text"),
                                                             question("hours", "integer")]})
    member = question("member", "repeat", settings={"questions": [question("first_name", "short_text"),
                                                                   question("age", "integer"), job]})
    return {"source_language": "en", "languages": ["en"], "mode": "anonymous", "title": {"en": "Roster"},
            "description": {}, "sections": [{"key": "household", "title": {"en": "Household"}, "condition": None,
                                             "questions": [question("village", "short_text"), member]}]}


def household(rng):
    members = []
    for _ in range(rng.randint(1, 6)):
        age = rng.randint(0, 80)
        entry = {"first_name": rng.choice(["Amal", "Omar", "Sara", "Yusuf", "Lina"]), "age": age}
        if age >= 15:
            entry["job"] = [{"job_title": rng.choice(["Teacher", "Tailor", "Driver"]), "hours": rng.randint(5, 48)}
                            for _ in range(rng.randint(0, 2))]
        members.append(entry)
    return {"village": rng.choice(["Zaatari", "Azraq", "Irbid"]), "member": members}


def build(url, responses):
    from cocreate import create_app
    from cocreate.config import Config
    from cocreate.extensions import db
    from cocreate.projects.services import save_project
    from cocreate.surveys import services
    from cocreate.surveys.models import Response

    app = create_app(Config, SQLALCHEMY_DATABASE_URI=url, SECRET_KEY="benchmark")
    with app.app_context():
        db.create_all()
        project = save_project(None, slug="bench", name="Bench", actor=None)
        survey = services.create_from_definition(project, roster(), code="ROST", actor=None)
        db.session.commit()
        rng, start, rows = random.Random(9), datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC), []
        for n in range(responses):
            rows.append({"survey_id": survey.id, "survey_version": survey.version, "client_uuid": str(uuid.UUID(int=n + 1)),
                         "language": "en", "channel": "api", "submitted_at": start + datetime.timedelta(minutes=n),
                         "answers": household(rng)})
        db.session.execute(sa.insert(Response), rows)
        db.session.commit()
        return app, survey.id


def measure(app, survey_id, task, repeat):
    from cocreate.extensions import db
    from cocreate.surveys.models import Survey

    times, peak = [], 0
    for _ in range(repeat):
        with app.test_request_context():
            survey = db.session.get(Survey, survey_id)
            tracemalloc.start()
            began = time.perf_counter()
            task(survey)
            times.append(time.perf_counter() - began)
            peak = max(peak, tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
    return statistics.median(times), peak / 2 ** 20


def main():
    from cocreate.surveys import exports, results, services

    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, nargs="+", default=[1000, 4000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    tasks = {"results": lambda survey: results.summarise(survey, services.definition(survey), "en"),
             "responses.zip": lambda survey: exports.write_responses_zip(survey, io.BytesIO()),
             "responses.xlsx": lambda survey: exports.write_responses_xlsx(survey, io.BytesIO())}
    print(f"CPython {platform.python_version()}, SQLite; median of {args.repeat}")
    print("| responses | entries (members / jobs) | " + " | ".join(f"{name} s | MiB" for name in tasks) + " |")
    for responses in args.responses:
        with tempfile.TemporaryDirectory() as folder:
            app, survey_id = build(f"sqlite:///{folder}/bench.db", responses)
            with app.test_request_context():
                from cocreate.extensions import db
                from cocreate.surveys.models import Survey
                tables = exports.entry_tables(db.session.get(Survey, survey_id))
                entries = [sum(1 for _row in rows) for _header, rows in tables.values()]
            cells = [measure(app, survey_id, task, args.repeat) for task in tasks.values()]
            print(f"| {responses} | {entries[0]} / {entries[1]} | "
                  + " | ".join(f"{seconds:.2f} | {mib:.1f}" for seconds, mib in cells) + " |")


if __name__ == "__main__":
    main()
