import os
import sqlite3

import pytest
import sqlalchemy as sa

from cocreate import create_app
from cocreate.config import TestConfig
from cocreate.extensions import db


def test_health_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_health_reports_an_unreachable_database(tmp_path):
    unreachable = f"sqlite:///{tmp_path / 'missing-folder' / 'db.sqlite'}"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=unreachable)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "error"}


def hold(path):
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_a_locked_database_answers_503_with_a_retry_hint_and_keeps_nothing(tmp_path, make_user):
    """A locked database gave 500 after 5 s while /healthz said "ok"."""
    path = tmp_path / "locked.db"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", SQLITE_TIMEOUT=0.05)
    with app.app_context():
        db.create_all()
    client = app.test_client()
    holder = hold(path)
    try:
        health = client.get("/healthz")
        assert health.status_code == 503 and health.headers["Retry-After"] == "5"
        page = client.post("/login?lang=es", data={"email": "someone@test.example", "password": "a wrong guess"})
        assert page.status_code == 503 and page.headers["Retry-After"] == "5"
        assert "Nothing was saved" not in page.get_data(as_text=True)  # in the reader's language
        assert "No se guardó nada" in page.get_data(as_text=True)
        api = client.post("/api/v1/surveys/ABCD/responses", json={"client_uuid": "x", "answers": {}})
        assert api.status_code in (404, 503)  # an unknown survey may be found out before any write
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert client.get("/healthz").status_code == 200
    with app.app_context():
        assert db.session.scalar(sa.text("SELECT count(*) FROM failed_sign_ins")) == 0
        db.engine.dispose()


def test_a_read_only_database_answers_503(tmp_path):
    path = tmp_path / "read-only.db"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    read_only = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///file:{path}?mode=ro&uri=true")
    response = read_only.test_client().get("/healthz")
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                    reason="PostgreSQL's read-only transactions (a standby, a failover)")
def test_a_read_only_postgresql_answers_503_and_keeps_nothing(app, make_user):
    make_user("facilitator")
    read_only = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                           SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {
                               "options": "-c default_transaction_read_only=on"}})
    client = read_only.test_client()
    page = client.post("/login", data={"email": "someone@test.example", "password": "a wrong guess"})
    assert page.status_code == 503 and page.headers["Retry-After"] == "5"
    assert "Nothing was saved" in page.get_data(as_text=True)
    assert client.get("/healthz").status_code == 503
    with read_only.app_context():
        db.engine.dispose()
    with app.app_context():
        assert db.session.scalar(sa.text("SELECT count(*) FROM failed_sign_ins")) == 0
