"""The migrations build the schema the models describe, from an empty database."""
import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from cocreate import create_app
from cocreate.config import TestConfig
from cocreate.extensions import db


@pytest.fixture
def empty_app(tmp_path):
    if os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("run against SQLite files only: needs an empty database of its own")
    return create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'migrated.db'}")


def test_upgrade_builds_the_models_schema(empty_app):
    with empty_app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == [], "the models changed without a migration: run `flask db migrate`"
        db.engine.dispose()


def test_downgrade_to_empty_and_up_again(empty_app):
    with empty_app.app_context():
        upgrade()
        downgrade(revision="base")
        assert db.inspect(db.engine).get_table_names() == ["alembic_version"]
        upgrade()
        assert "users" in db.inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_db_upgrade_command(empty_app):
    result = empty_app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with empty_app.app_context():
        assert "pilot_sites" in db.inspect(db.engine).get_table_names()
        db.engine.dispose()
