import sqlalchemy as sa

from cocreate import _instance_secret_key, create_app
from cocreate.config import TestConfig
from cocreate.extensions import db


def test_config_is_testing_only_when_asked(tmp_path):
    assert not create_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'a.db'}",
                          SECRET_KEY="x").testing
    assert create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'b.db'}").testing


def test_secret_key_is_generated_once_and_kept(tmp_path):
    first = _instance_secret_key(tmp_path)
    assert len(first) == 64
    assert _instance_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_database_url_points_postgres_at_psycopg(monkeypatch):
    from cocreate.config import database_url_from_env

    monkeypatch.setenv("DATABASE_URL", "postgresql://app:app@127.0.0.1:5432/app")
    assert database_url_from_env() == "postgresql+psycopg://app:app@127.0.0.1:5432/app"
    monkeypatch.setenv("DATABASE_URL", "postgres://app@db/app")
    assert database_url_from_env() == "postgresql+psycopg://app@db/app"
    monkeypatch.delenv("DATABASE_URL")
    assert database_url_from_env() is None


def test_sqlite_has_foreign_keys_and_wal(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        assert db.session.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
        assert db.session.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"


def test_every_blueprint_is_registered(app):
    assert {"main", "auth", "projects", "workshops", "surveys", "prototypes"} <= set(app.blueprints)
