"""The two apps the surveys benchmark serves: CoCreate itself, and a bare Flask + SQLAlchemy insert endpoint.

gunicorn imports this module (`surveys_apps:cocreate_app()`, `surveys_apps:bare_app()`); both read the
SQLite file from BENCH_DATABASE_URL and use the same SQLite settings (WAL, busy timeout). Each answer names
the worker process that gave it (`X-Worker`), so that the benchmark can warm every worker before its clock
starts and show how the requests spread over them.
"""
import os

import sqlalchemy as sa
from flask import Flask, jsonify, request
from sqlalchemy.exc import IntegrityError


def name_the_worker(app):
    @app.after_request
    def worker_header(response):
        response.headers["X-Worker"] = str(os.getpid())
        return response
    return app


def cocreate_app():
    from cocreate import create_app
    from cocreate.config import Config

    return name_the_worker(create_app(Config, SQLALCHEMY_DATABASE_URI=os.environ["BENCH_DATABASE_URL"],
                                      SECRET_KEY=os.environ.get("BENCH_SECRET_KEY", "benchmark")))


BARE_METADATA = sa.MetaData()
BARE_RESPONSES = sa.Table(
    "bare_responses", BARE_METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("client_uuid", sa.String(36), unique=True, nullable=False),
    sa.Column("language", sa.String(10), nullable=False),
    sa.Column("answers", sa.JSON, nullable=False))


def bare_engine(url):
    engine = sa.create_engine(url)

    @sa.event.listens_for(engine, "connect")
    def pragmas(connection, _record):
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
    return engine


def bare_app():
    """The baseline: parse JSON, insert one row, answer with its id (200 for a client_uuid seen before)."""
    app = Flask(__name__)
    engine = bare_engine(os.environ["BENCH_DATABASE_URL"])

    @app.post("/responses")
    def submit():
        payload = request.get_json()
        row = {"client_uuid": payload["client_uuid"], "language": payload["language"], "answers": payload["answers"]}
        try:
            with engine.begin() as connection:
                new_id = connection.execute(sa.insert(BARE_RESPONSES).values(**row)).inserted_primary_key[0]
            return jsonify({"id": new_id}), 201
        except IntegrityError:
            with engine.connect() as connection:
                found = connection.scalar(sa.select(BARE_RESPONSES.c.id)
                                          .where(BARE_RESPONSES.c.client_uuid == row["client_uuid"]))
            return jsonify({"id": found}), 200

    @app.get("/warm")
    def warm():
        """What the warm-up asks: a connection to the database opened and used, nothing stored."""
        with engine.connect() as connection:
            connection.scalar(sa.select(sa.func.count()).select_from(BARE_RESPONSES))
        return jsonify({"ok": True})

    return name_the_worker(app)
