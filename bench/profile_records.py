"""Benchmark: reading stored profile records with `cocreate.profiles.services.records`, against the straightforward
way measured in the same run (the ORM loading each `Profile` with its `ProtectedAttributes` row and building the
dict attribute by attribute).

Synthetic profiles are written to a SQLite file of their own; each way reads every record of the project holding
all 17 attributes, then the 11 that are not protected (without the protected table), best of `--repeat` runs.

    .venv/bin/python bench/profile_records.py [--profiles 10000] [--repeat 5]
"""
import argparse
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

# Run as a script, this file's folder comes first on the path, and bench/handbook.py would hide the `handbook`
# package; the checkout's root comes instead.
sys.path[:] = [str(Path(__file__).resolve().parent.parent)] + [
    p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from cocreate import create_app
from cocreate.config import TestConfig
from cocreate.extensions import db
from cocreate.profiles import services
from cocreate.profiles.esco import load_subset, subset_uris
from cocreate.profiles.models import Profile, ProtectedAttributes
from cocreate.projects.services import save_project
from immerse_core.modules import ATTRIBUTES


def fill(project_id, count, rng):
    skills, occupations = subset_uris("skill"), subset_uris("occupation")
    rows = [{"project_id": project_id, "skills": sorted(rng.sample(skills, 6)),
             "languages": [{"language": "ar", "level": "C2"}, {"language": "es", "level": rng.choice("AB") + "1"}],
             "qualifications": [{"title": "Diploma", "eqf": rng.randint(2, 6), "recognition": "pending"}],
             "work_experience": [{"occupation": rng.choice(occupations), "years": 2.5}], "region": "Lazio",
             "availability": ["full_time"], "work_permit": "granted", "contact_preferences": ["sms", "phone"],
             "preferred_language": "ar", "interpreter_needed": False, "unknown_uris": []} for _ in range(count)]
    db.session.execute(sa.insert(Profile), rows)
    ids = db.session.scalars(sa.select(Profile.id)).all()
    db.session.execute(sa.insert(ProtectedAttributes), [
        {"profile_id": i, "gender": "female", "date_of_birth": date(1990, 1, 1), "nationality": "MA"} for i in ids])
    db.session.commit()


def straightforward(project_id, attributes):
    protected = services.PROTECTED.intersection(attributes)
    query = sa.select(Profile).where(Profile.project_id == project_id).order_by(Profile.id)
    if protected:
        query = query.options(selectinload(Profile.protected))
    found = []
    for profile in db.session.scalars(query):
        record = {}
        for name in attributes:
            if name == "person_id":
                record[name] = profile.id
            elif name in protected:
                record[name] = getattr(profile.protected, name) if profile.protected else None
            else:
                record[name] = getattr(profile, name)
        found.append(record)
    db.session.expunge_all()
    return found


def best(run, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'bench.db'}")
    with app.app_context():
        db.create_all()
        load_subset()
        project = save_project(None, slug="bench", name="Bench", actor=None)
        db.session.commit()
        fill(project.id, args.profiles, random.Random(1))
        plain = [name for name in ATTRIBUTES if name not in services.PROTECTED]
        assert services.records(project.id, ATTRIBUTES) == straightforward(project.id, ATTRIBUTES)
        print(f"{args.profiles:,} profiles, best of {args.repeat}")
        for label, attributes in (("all 17 attributes", list(ATTRIBUTES)), ("11 unprotected attributes", plain)):
            ours = best(lambda a=attributes: services.records(project.id, a), args.repeat)
            theirs = best(lambda a=attributes: straightforward(project.id, a), args.repeat)
            print(f"{label:>26}: records() {ours * 1000:7.0f} ms, ORM per row {theirs * 1000:7.0f} ms, "
                  f"{theirs / ours:4.1f}x faster")


if __name__ == "__main__":
    main()
