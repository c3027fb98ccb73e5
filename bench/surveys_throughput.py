"""Benchmark: many concurrent clients POST survey responses to a served CoCreate, against a bare Flask +
SQLAlchemy insert endpoint served the same way in the same run.

Both apps run under gunicorn (same workers and threads, the app built once before the workers start:
`--preload`) on 127.0.0.1 with a SQLite file of their own. Before the clock starts, every worker is warmed
(it has answered requests that store nothing: its database connection, message catalogs and code paths are
ready), so that the clients' kept-alive connections spread over all of them. Each client sends its responses and then sends a share of them again (a client retrying after a dropped
connection). Then, in bursts, the same submission is sent several times at the same moment from different
connections (a phone that retried before its first request was answered), which is the case the
idempotency check and the unique constraint must hold against. Prints requests per second of each with the
median (p50) and 95th-percentile (p95) latency of a request (the bursts are timed apart), how many requests
each worker answered, the ratio, and the responses lost or stored twice (both must be 0). A request answered
503 with Retry-After (the database busy: nothing saved) is sent again after that wait with the same
client_uuid, up to three times, as a phone does; how many were is printed beside the rest, and only what is
still not stored after that counts as lost.

    .venv/bin/python bench/surveys_throughput.py [--clients 32] [--per-client 40] [--workers 4] [--threads 8]
                                                 [--bursts 50] [--copies 4]
"""
import argparse
import datetime
import http.client
import json
import os
import random
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
# The project's packages before this folder, whose handbook.py (a benchmark) would hide the handbook package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))
sys.path.append(str(Path(__file__).resolve().parent))

from surveys_apps import BARE_METADATA, BARE_RESPONSES, bare_engine  # noqa: E402

SURVEY_CODE = "BNCH"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_cocreate(url):
    """An empty CoCreate database with one project and one survey, opened; returns nothing."""
    from cocreate import create_app
    from cocreate.config import Config
    from cocreate.extensions import db
    from cocreate.projects.services import save_project
    from cocreate.surveys import logic, services

    app = create_app(Config, SQLALCHEMY_DATABASE_URI=url, SECRET_KEY="benchmark")
    with app.app_context():
        db.create_all()
        project = save_project(None, slug="bench", name="Benchmark", actor=None)

        def q(key, kind, condition=None, **extra):
            return {"key": key, "kind": kind, "label": {"en": key}, "help": {}, "required": False,
                    "choices": extra.get("choices", []), "settings": extra.get("settings", {}),
                    "condition": logic.parse(condition)}
        services.create_from_definition(project, {
            "source_language": "en", "languages": ["en", "ar", "fr"], "mode": "anonymous", "title": {"en": "Bench"},
            "description": {}, "sections": [{"key": "s1", "title": {"en": "S1"}, "condition": None, "questions": [
                q("working", "yes_no"), q("hours", "integer", "${working} = 'yes'", settings={"min": 1, "max": 80}),
                q("needs", "multiple_choice", choices=[{"value": v, "label": {"en": v}}
                                                       for v in ("work", "health", "school")]),
                q("trust", "likert"), q("story", "long_text")]}]}, code=SURVEY_CODE, actor=None)
        services.set_open(services.get_survey_by_code(SURVEY_CODE), True, actor=None)  # a new survey is a draft
        db.session.commit()
        db.engine.dispose()


def prepare_bare(url):
    engine = bare_engine(url)
    BARE_METADATA.create_all(engine)
    engine.dispose()


def serve(factory, url, port, workers, threads):
    # Every client posts from 127.0.0.1: the limit of submissions per address is lifted (they are still counted).
    env = {**os.environ, "BENCH_DATABASE_URL": url, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}",
           "SUBMISSIONS_PER_ADDRESS": str(10 ** 9)}
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--no-control-socket", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads), "--preload",
         "--log-level", "warning", f"surveys_apps:{factory}()"],
        env=env, cwd=ROOT)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"{factory} did not start")


WARM_UP = {  # requests that store nothing, per app: (method, path, JSON body)
    "bare_app": [("GET", "/warm", None)],
    "cocreate_app": [("GET", f"/api/v1/surveys/{SURVEY_CODE}", None)] + [
        ("POST", f"/api/v1/surveys/{SURVEY_CODE}/responses", {"client_uuid": "not a uuid", "language": language,
                                                             "answers": {"working": "maybe"}})  # 422
        for language in ("en", "ar", "fr")],
}


def warm(port, requests, workers, rounds=3, timeout=60):
    """Send the warm-up `requests` over fresh connections from several threads at once until every worker has
    answered them `rounds` times; returns {worker: answers}."""
    seen, lock = Counter(), threading.Lock()

    def one():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for method, path, body in requests:
            connection.request(method, path, body=None if body is None else json.dumps(body),
                               headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            if response.status >= 500:
                raise SystemExit(f"warm-up {method} {path}: {response.status}")
            with lock:
                seen[response.getheader("X-Worker")] += 1
        connection.close()

    deadline = time.time() + timeout
    while time.time() < deadline:
        threads = [threading.Thread(target=one) for _ in range(2 * workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if len(seen) >= workers and min(seen.values()) >= rounds * len(requests):
            return seen
    raise SystemExit(f"not every worker answered the warm-up: {dict(seen)}")


def answers(rng):
    working = rng.random() < 0.5
    result = {"working": "yes" if working else "no", "trust": rng.randint(1, 5),
              "needs": rng.sample(["work", "health", "school"], rng.randint(1, 3)), "story": "x" * rng.randint(0, 200)}
    if working:
        result["hours"] = rng.randint(1, 80)
    return result


def plan(clients, per_client, seed=7):
    """For each client: its submissions, then a quarter of them again (retries)."""
    rng = random.Random(seed)
    plans = []
    for _ in range(clients):
        own = [{"client_uuid": str(uuid.UUID(int=rng.getrandbits(128))), "language": rng.choice(["en", "ar", "fr"]),
                "answers": answers(rng)} for _ in range(per_client)]
        plans.append(own + rng.sample(own, per_client // 4))
    return plans


RETRIES_AFTER_503 = 3  # a phone sends a submission refused with 503 again, after Retry-After, this many times


def post(connection, path, body, busy):
    """POST `body` as a phone does: a 503 (the database busy: nothing saved) is sent again with the same
    client_uuid after its Retry-After, over a new connection, up to RETRIES_AFTER_503 times; each 503 is
    counted in `busy` (a one-item list). Returns (status, data, X-Worker of the last answer)."""
    for attempt in range(RETRIES_AFTER_503 + 1):
        connection.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        data = response.read()
        if response.status != 503 or attempt == RETRIES_AFTER_503:
            return response.status, data, response.getheader("X-Worker")
        busy[0] += 1
        time.sleep(float(response.getheader("Retry-After") or 1))
        connection.close()  # the server closes a connection idle that long: the next request opens a new one


def run_clients(port, path, plans, busy):
    """Send every planned request from its own thread; returns (seconds, {client_uuid: {ids}}, failures,
    [seconds per request, its retries after a 503 included], Counter of requests per worker)."""
    results, failures, latencies, workers, lock = {}, [], [], Counter(), threading.Lock()

    def client(requests):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for body in requests:
            sent = time.perf_counter()
            status, data, worker = post(connection, path, body, busy)
            took = time.perf_counter() - sent
            with lock:
                latencies.append(took)
                workers[worker] += 1
                if status in (200, 201):
                    results.setdefault(body["client_uuid"], set()).add(json.loads(data)["id"])
                else:
                    failures.append((status, data[:200]))
        connection.close()

    threads = [threading.Thread(target=client, args=(requests,)) for requests in plans]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start, results, failures, latencies, workers


def percentiles(latencies):
    """(p50, p95) in milliseconds."""
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return 1000 * statistics.median(latencies), 1000 * cuts[94]


def plan_bursts(bursts, seed=11):
    rng = random.Random(seed)
    return [{"client_uuid": str(uuid.UUID(int=rng.getrandbits(128))), "language": rng.choice(["en", "ar", "fr"]),
             "answers": answers(rng)} for _ in range(bursts)]


def run_bursts(port, path, bodies, copies, results, failures, busy):
    """Send each body `copies` times at once, from as many connections; adds to results and failures."""
    lock = threading.Lock()

    def send(body, barrier):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.connect()
        barrier.wait()
        status, data, _worker = post(connection, path, body, busy)
        connection.close()
        with lock:
            if status in (200, 201):
                results.setdefault(body["client_uuid"], set()).add(json.loads(data)["id"])
            else:
                failures.append((status, data[:200]))

    start = time.perf_counter()
    for body in bodies:
        barrier = threading.Barrier(copies)
        threads = [threading.Thread(target=send, args=(body, barrier)) for _ in range(copies)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return time.perf_counter() - start


def check(url, table_query, expected, results):
    """(lost, duplicated): submissions missing from the database, and rows stored more than once."""
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        stored = [row[0] for row in connection.execute(table_query)]
    engine.dispose()
    lost = len(expected - set(stored))
    duplicated = len(stored) - len(set(stored))
    inconsistent = sum(1 for ids in results.values() if len(ids) != 1)  # a retry answered with another id
    return lost, duplicated + inconsistent


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--per-client", type=int, default=40)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--bursts", type=int, default=50, help="submissions sent several times at once")
    parser.add_argument("--copies", type=int, default=4, help="copies of each burst, from as many connections")
    args = parser.parse_args()
    plans = plan(args.clients, args.per_client)
    bursts = plan_bursts(args.bursts)
    expected = {body["client_uuid"] for requests in plans for body in requests} | {b["client_uuid"] for b in bursts}
    total = sum(len(requests) for requests in plans)
    sent = {body["client_uuid"] for requests in plans for body in requests}

    with tempfile.TemporaryDirectory() as tmp:
        figures = {}
        for name, factory, prepare, path, query in (
                ("bare Flask + SQLAlchemy", "bare_app", prepare_bare, "/responses",
                 sa.select(BARE_RESPONSES.c.client_uuid)),
                ("CoCreate surveys API", "cocreate_app", prepare_cocreate, f"/api/v1/surveys/{SURVEY_CODE}/responses",
                 sa.text("SELECT client_uuid FROM survey_responses"))):
            url = f"sqlite:///{Path(tmp) / (factory + '.db')}"
            prepare(url)
            port = free_port()
            server = serve(factory, url, port, args.workers, args.threads)
            try:
                warmed = warm(port, WARM_UP[factory], args.workers)
                busy = [0]  # answers 503 (sent again after Retry-After)
                seconds, results, failures, latencies, spread = run_clients(port, path, plans, busy)
                burst_seconds = run_bursts(port, path, bursts, args.copies, results, failures, busy)
            finally:
                server.terminate()
                server.wait(timeout=30)
            lost, duplicated = check(url, query, expected, results)
            p50, p95 = percentiles(latencies)
            figures[name] = (total / seconds, p50, p95, burst_seconds, lost, duplicated, busy[0])
            print(f"{name:26} {total} requests ({len(sent)} responses, {total - len(sent)} retries) "
                  f"in {seconds:6.2f} s = {total / seconds:7.1f} req/s, p50 {p50:6.1f} ms, p95 {p95:6.1f} ms; "
                  f"failed {len(failures)}, lost {lost}, duplicated {duplicated}; "
                  f"{busy[0]} answered 503 and sent again")
            print(f"{'':26} bursts: {len(bursts)} submissions x {args.copies} at once from separate connections "
                  f"in {burst_seconds:6.2f} s (included in lost/duplicated above)")
            print(f"{'':26} warm-up answers per worker: {sorted(warmed.values())}; "
                  f"requests per worker: {sorted(spread.values())}")
            if failures or lost or duplicated:
                print(f"  first failures: {failures[:3]}")
                raise SystemExit(1)
    bare, cocreate = figures["bare Flask + SQLAlchemy"], figures["CoCreate surveys API"]
    ratio = cocreate[0] / bare[0]
    print(f"ratio CoCreate / bare: {ratio:.2f} ({args.clients} clients, gunicorn {args.workers} workers x "
          f"{args.threads} threads, --preload, every worker warmed, SQLite file)")
    print("for bench/README.md: | date | machine | load | bare req/s (p50/p95 ms) | CoCreate req/s (p50/p95 ms) "
          "| ratio | lost | duplicated | 503s sent again: bare / CoCreate | bursts: bare / CoCreate s |")
    print(f"| {datetime.date.today()} | {os.cpu_count()} cores, Python {platform.python_version()} "
          f"| {os.getloadavg()[0]:.1f} | {bare[0]:.1f} ({bare[1]:.0f}/{bare[2]:.0f}) "
          f"| {cocreate[0]:.1f} ({cocreate[1]:.0f}/{cocreate[2]:.0f}) | {ratio:.2f} | {bare[4] + cocreate[4]} "
          f"| {bare[5] + cocreate[5]} | {bare[6]} / {cocreate[6]} | {bare[3]:.2f} / {cocreate[3]:.2f} |")


if __name__ == "__main__":
    main()
