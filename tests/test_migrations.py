"""The migrations build the schema the models describe, from an empty database."""
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from cocreate import create_app
from cocreate.config import TestConfig
from cocreate.extensions import db

from .conftest import database_url


@pytest.fixture
def empty_app(tmp_path):
    """An app on an empty database: a new SQLite file, or the PostgreSQL test database, emptied afterwards."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url(tmp_path))
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.session.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        db.engine.dispose()


def test_upgrade_builds_the_models_schema(empty_app):
    with empty_app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == [], "the models changed without a migration: run `flask db migrate`"


def test_downgrade_to_empty_and_up_again(empty_app):
    with empty_app.app_context():
        upgrade()
        downgrade(revision="base")
        assert db.inspect(db.engine).get_table_names() == ["alembic_version"]
        upgrade()
        assert "users" in db.inspect(db.engine).get_table_names()


def test_db_upgrade_command(empty_app):
    result = empty_app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with empty_app.app_context():
        assert "pilot_sites" in db.inspect(db.engine).get_table_names()


def test_participant_code_counters_start_from_the_codes_that_exist(empty_app):
    """Upgrading a database that holds participants: the next code follows the highest one given."""
    tables = db.metadata.tables
    with empty_app.app_context():
        upgrade(revision="0007")
        db.session.execute(tables["projects"].insert().values(id=1, slug="p", name="P"))
        db.session.execute(tables["pilot_sites"].insert().values(id=1, project_id=1, code="ES", country="ES",
                                                                 city="Madrid"))
        participants = sa.table("participants", *(sa.column(name) for name in (
            "site_id", "code", "stakeholder_group", "number", "languages", "created_at")))  # the table then
        db.session.execute(participants.insert(), [
            {"site_id": 1, "code": f"ES-{letter}-{n:03d}", "stakeholder_group": group, "number": n,
             "languages": "[]", "created_at": "2020-01-01 00:00:00"}
            for letter, group, n in (("M", "migrant", 1), ("M", "migrant", 4), ("N", "ngo", 2))])
        db.session.commit()
        upgrade()
        counters = db.session.execute(sa.text(
            "SELECT stakeholder_group, last_number FROM participant_code_counters ORDER BY stakeholder_group")).all()
        assert [tuple(row) for row in counters] == [("migrant", 4), ("ngo", 2)]


def test_participants_registered_before_link_codes_get_a_link_digest_and_a_pseudonym_key_each(empty_app):
    tables = db.metadata.tables
    with empty_app.app_context():
        upgrade(revision="0027")
        db.session.execute(tables["projects"].insert().values(id=1, slug="p", name="P"))
        db.session.execute(tables["pilot_sites"].insert().values(id=1, project_id=1, code="ES", country="ES",
                                                                 city="Madrid", time_zone="Europe/Madrid"))
        participants = sa.table("participants", *(sa.column(name) for name in (
            "site_id", "code", "stakeholder_group", "number", "languages", "created_at")))
        db.session.execute(participants.insert(), [
            {"site_id": 1, "code": f"ES-M-{n:03d}", "stakeholder_group": "migrant", "number": n, "languages": "[]",
             "created_at": "2020-01-01 00:00:00"} for n in (1, 2, 3)])
        db.session.commit()
        upgrade()
        rows = db.session.execute(sa.text("SELECT link_digest, pseudonym_key FROM participants")).all()
        assert len(rows) == 3 and all(len(digest) == 64 and len(key) == 64 for digest, key in rows)
        assert len({digest for digest, _key in rows}) == 3 and len({key for _digest, key in rows}) == 3

