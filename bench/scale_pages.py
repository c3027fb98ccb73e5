"""Every list, dashboard, results and export page on the demo data and on the scale data set, side by side.

Builds two SQLite databases once, in a temporary folder: the demo story (`flask seed-demo`) and the demo with
the scale data set on top (`flask seed-scale`: 5,000 participants, 50 workshops, 5,000 notes and quotes,
2,000 codings, a 20-question survey with 10,000 responses).  Then it signs in as the demo's administrator
through Flask's test client and, for each page on each database, counts the SQL statements of a first
request (and for the exports the peak memory it allocated, with tracemalloc, which slows that request),
then takes the median of three more.  It prints page | demo | scale | ratio | statements demo/scale | size.

    .venv/bin/python bench/scale_pages.py [--factor 1] [--runs 3]

Survey pages use, on the demo, the survey with the most responses and, at scale, the scale survey.
"""
import argparse
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

# This folder holds a handbook.py of its own: the project's packages come first.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402

PASSWORD = "scale-benchmark"


def build(folder, factor):
    """(demo database path, scale database path, seconds to build the scale set)."""
    from flask_migrate import upgrade

    from cocreate import create_app
    from cocreate.demo import seed_demo
    from cocreate.extensions import db
    from cocreate.scale import seed_scale

    demo, scale = folder / "demo.db", folder / "scale.db"
    app = create_app(_config(demo, folder))
    with app.app_context():
        upgrade(directory=str(Path(app.root_path) / "migrations"))
        seed_demo(password=PASSWORD)
        db.engine.dispose()
    shutil.copyfile(demo, scale)
    app = create_app(_config(scale, folder))
    with app.app_context():
        started = time.perf_counter()
        seed_scale(factor)
        seconds = time.perf_counter() - started
        db.engine.dispose()
    return demo, scale, seconds


def _config(path, folder):
    return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "scale-benchmark", "TESTING": True,
            "WTF_CSRF_ENABLED": False, "SESSION_COOKIE_SECURE": False, "REMEMBER_COOKIE_SECURE": False,
            "WORKSHOP_UPLOAD_FOLDER": str(folder / "uploads"), "PROTOTYPE_UPLOAD_FOLDER": str(folder / "uploads"),
            "SUBMISSION_WINDOW": 10 ** 9}


def pages(app, scale):
    """[(name, url, is an export)] of the database behind `app`."""
    from cocreate.evidence.models import Code, Coding
    from cocreate.extensions import db
    from cocreate.projects.models import PilotSite, Project
    from cocreate.scale import SURVEY_CODE
    from cocreate.surveys.models import Response, Survey
    from cocreate.workshops.models import Workshop

    with app.app_context():
        project = db.session.scalar(sa.select(Project).where(Project.slug == "miict"))
        site = db.session.scalar(sa.select(PilotSite).where(PilotSite.project_id == project.id, PilotSite.code == "ES"))
        workshop = db.session.scalar(sa.select(Workshop).where(Workshop.site_id == site.id).order_by(Workshop.id))
        code = db.session.scalar(sa.select(Code).join(Coding).group_by(Code.id)
                                 .order_by(sa.func.count(Coding.id).desc(), Code.id))
        if scale:
            survey = db.session.scalar(sa.select(Survey).where(Survey.code == SURVEY_CODE))
        else:
            survey = db.session.scalar(sa.select(Survey).join(Response).group_by(Survey.id)
                                       .order_by(sa.func.count(Response.id).desc(), Survey.id))
        language = next((lang for lang in survey.languages if lang != survey.source_language), survey.source_language)
        s, p = survey.id, project.slug
        return [
            ("projects (dashboard)", "/projects/", False),
            ("project page", f"/projects/{p}", False),
            ("a site's participants", f"/participants/sites/{site.id}", False),
            ("participant statistics", f"/participants/sites/{site.id}/statistics", False),
            ("workshops", "/workshops/", False),
            ("a workshop", f"/workshops/{workshop.id}", False),
            ("attendance", f"/workshops/{workshop.id}/attendance", False),
            ("codebook", f"/evidence/projects/{p}/codebook", False),
            ("code analysis", f"/evidence/projects/{p}/codebook/analysis", False),
            ("a code's excerpts", f"/evidence/codes/{code.id}", False),
            ("search 'work'", f"/evidence/projects/{p}/search?q=work", False),
            ("requirements register", f"/requirements/projects/{p}", False),
            ("configuration items", f"/requirements/projects/{p}/items", False),
            ("traceability matrix", f"/requirements/projects/{p}/matrix", False),
            ("coverage", f"/requirements/projects/{p}/coverage", False),
            ("IMMERSE modules", f"/immerse/projects/{p}", False),
            ("surveys", "/surveys/", False),
            ("survey results", f"/surveys/{s}/results", False),
            ("results by site", f"/surveys/{s}/results?site={site.id}", False),
            ("results by language", f"/surveys/{s}/results?language={language}", False),
            ("survey responses", f"/surveys/{s}/responses", False),
            ("coded-excerpts CSV", f"/evidence/projects/{p}/codebook/export.csv", True),
            ("responses.csv", f"/surveys/{s}/export/responses.csv", True),
            ("responses.xlsx", f"/surveys/{s}/export/responses.xlsx", True),
            ("matrix.xlsx", f"/requirements/projects/{p}/matrix.xlsx", True),
        ]


def measure(path, folder, runs, scale):
    """{page: (median seconds, statements, bytes, peak MiB or None, status)}."""
    from cocreate import create_app
    from cocreate.extensions import db

    app = create_app(_config(path, folder))
    client = app.test_client()
    assert client.post("/login", data={"email": "admin@miict.example", "password": PASSWORD}).status_code == 302
    with app.app_context():
        engine = db.engine
    found = {}
    for name, url, export in pages(app, scale):
        # The first request counts the statements (and an export's peak memory) and warms what is cached;
        # the next ones are timed.
        seen = []

        def count(_conn, _cursor, statement, *_args):
            seen.append(statement)
        sa.event.listen(engine, "before_cursor_execute", count)
        peak = None
        if export:
            tracemalloc.start()
        try:
            response = client.get(url)
            body = response.get_data()
        finally:
            sa.event.remove(engine, "before_cursor_execute", count)
            if export:
                peak = tracemalloc.get_traced_memory()[1] / 2 ** 20
                tracemalloc.stop()
        times = []
        for _run in range(runs):
            started = time.perf_counter()
            client.get(url).get_data()
            times.append(time.perf_counter() - started)
        found[name] = (statistics.median(times), len(seen), len(body), peak, response.status_code)
    with app.app_context():
        db.engine.dispose()
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=float, default=1.0, help="size of the scale data set (1: the issue's)")
    parser.add_argument("--runs", type=int, default=3, help="timed requests per page (the median is shown)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        demo, scale, seconds = build(folder, args.factor)
        print(f"scale data set (factor {args.factor:g}) built in {seconds:.1f} s")
        small = measure(demo, folder, args.runs, scale=False)
        large = measure(scale, folder, args.runs, scale=True)
    print(f"\nmedian of {args.runs} requests through the test client, SQLite file")
    print("| page | demo | scale | ratio | statements demo / scale | size at scale | peak memory at scale |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for page, (seconds_small, statements_small, _size, _peak, status_small) in small.items():
        seconds_large, statements_large, size, peak, status_large = large[page]
        status = "" if status_small == status_large == 200 else f" (HTTP {status_small} / {status_large})"
        memory = f"{peak:.1f} MiB" if peak is not None else ""
        print(f"| {page}{status} | {seconds_small:.3f} s | {seconds_large:.3f} s | "
              f"{seconds_large / max(seconds_small, 1e-6):.1f} | {statements_small} / {statements_large} | "
              f"{size / 1024:.0f} KiB | {memory} |")


if __name__ == "__main__":
    main()
