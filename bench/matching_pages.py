"""Benchmark: the matching pages, the matching API and the fairness audit page on the demo (300 profiles ×
60 opportunities), through the app's test client, each request building its matcher afresh (nothing is cached).

The demo is seeded into a SQLite file of its own; each URL is requested once to warm up, then `--repeat` times.

    .venv/bin/python bench/matching_pages.py [--repeat 7]
"""
import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Run as a script, this file's folder comes first on the path, and bench/handbook.py would hide the `handbook`
# package; the checkout's root comes instead.
sys.path[:] = [str(Path(__file__).resolve().parent.parent)] + [
    p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from cocreate import create_app
from cocreate.config import TestConfig
from cocreate.demo import seed_demo
from cocreate.extensions import db

PASSWORD = "bench-password-1"
URLS = ("/immerse/matching/profiles/1", "/immerse/matching/opportunities/1",
        "/api/v1/matching/opportunities/1/candidates?limit=100", "/immerse/matching/projects/miict/fairness?attribute=gender")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/bench.db")
        with app.app_context():
            db.create_all()
            seed_demo(password=PASSWORD)
        client = app.test_client()
        assert client.post("/login", data={"email": "researcher1@miict.example", "password": PASSWORD}).status_code == 302
        for url in URLS:
            assert client.get(url).status_code == 200
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - start)
                assert response.status_code == 200
            print(f"{url:58} median {statistics.median(times) * 1000:5.0f} ms, best {min(times) * 1000:5.0f} ms")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
