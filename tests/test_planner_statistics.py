"""The database's planner gets what it needs for the consent filters of analyses: the filter written as
`EXISTS`, and fresh statistics (`ANALYZE`) after migrations, the demo and the scale data set."""
import sqlalchemy as sa
from flask_migrate import upgrade

from cocreate import create_app
from cocreate.config import TestConfig
from cocreate.extensions import db
from cocreate.participants.services import quotable
from cocreate.scale import seed_scale
from cocreate.workshops.models import Quote


def analyzed(table):
    """Whether the planner holds statistics of `table` (SQLite's sqlite_stat1, PostgreSQL's last analyze)."""
    if db.engine.dialect.name == "sqlite":
        known = db.session.scalar(sa.text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"))
        return bool(known) and bool(db.session.scalar(
            sa.text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = :table"), {"table": table}))
    return db.session.scalar(sa.text(
        "SELECT coalesce(last_analyze, last_autoanalyze) IS NOT NULL FROM pg_stat_user_tables "
        "WHERE relname = :table"), {"table": table})


def test_the_quotable_filter_is_an_exists_on_each_consent(app):
    with app.app_context():
        sql = str(sa.select(Quote.id).where(quotable(Quote.speaker_id)).compile(db.engine)).upper()
    assert sql.count("EXISTS (SELECT") == 2 and " IN (SELECT" not in sql, sql


def test_the_scale_data_set_leaves_fresh_statistics(seeded):
    with seeded.app_context():
        seed_scale(0.01, survey_code="SCS1")
        assert analyzed("consents") and analyzed("workshop_quotes") and analyzed("codings")


def test_migrating_leaves_statistics(tmp_path):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'fresh.db'}")
    with app.app_context():
        with db.engine.begin() as connection:  # a row, so that SQLite keeps statistics of the table
            connection.execute(sa.text("CREATE TABLE seen (id INTEGER PRIMARY KEY, name TEXT)"))
            connection.execute(sa.text("CREATE INDEX ix_seen_name ON seen (name)"))
            connection.execute(sa.text("INSERT INTO seen (name) VALUES ('a'), ('b')"))
        assert not analyzed("seen")
        upgrade()
        assert analyzed("seen")
        db.engine.dispose()


def test_seed_scale_says_what_it_added_and_runs_once(seeded):
    runner = seeded.test_cli_runner()
    result = runner.invoke(args=["seed-scale", "--factor", "0.01"])
    assert result.exit_code == 0, result.output
    assert "50 participants" in result.output and "100 responses" in result.output and "SCL1" in result.output
    again = runner.invoke(args=["seed-scale", "--factor", "0.01"])
    assert again.exit_code == 1 and "already holds the scale data set" in again.output
