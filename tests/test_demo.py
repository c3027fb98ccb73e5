import sqlalchemy as sa

from cocreate.auth.models import User
from cocreate.extensions import db
from cocreate.projects.models import PilotSite, Project


def snapshot(app):
    """Everything the demo wrote, as plain values (ids included, so a re-run that adds rows shows)."""
    with app.app_context():
        users = db.session.execute(sa.select(User.id, User.email, User.role, User.display_name,
                                             User.organisation).order_by(User.id)).all()
        projects = db.session.execute(sa.select(Project.id, Project.slug, Project.name).order_by(Project.id)).all()
        sites = db.session.execute(sa.select(PilotSite.id, PilotSite.code, PilotSite.city,
                                             PilotSite.participant_languages).order_by(PilotSite.id)).all()
        return [tuple(row) for row in users], [tuple(row) for row in projects], [tuple(row) for row in sites]


def test_seed_demo_tells_the_story(app, runner):
    result = runner.invoke(args=["seed-demo", "--password", "demo password 1"])
    assert result.exit_code == 0, result.output
    assert "admin@miict.example" in result.output
    users, projects, sites = snapshot(app)
    assert [p[1] for p in projects] == ["miict"]
    assert [s[1] for s in sites] == ["ES", "IT", "CY"]
    roles = [u[2].value for u in users]
    assert roles.count("admin") == 1 and roles.count("facilitator") == 6
    assert roles.count("researcher") == 2 and roles.count("officer") == 3


def test_seed_demo_is_idempotent_and_deterministic(app, runner, tmp_path):
    runner.invoke(args=["seed-demo", "--password", "demo password 1"])
    first = snapshot(app)
    again = runner.invoke(args=["seed-demo", "--password", "demo password 1"])
    assert again.exit_code == 0
    assert snapshot(app) == first

    from cocreate import create_app
    from cocreate.config import TestConfig

    other = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'other.db'}",
                       WORKSHOP_UPLOAD_FOLDER=str(tmp_path / "other-uploads"))
    with other.app_context():
        db.create_all()
    other.test_cli_runner().invoke(args=["seed-demo", "--password", "demo password 1"])
    assert snapshot(other) == first
    with other.app_context():
        db.engine.dispose()


def test_seed_demo_if_empty_leaves_a_used_database_alone(app, runner, make_user):
    make_user("admin")
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0
    users, projects, _sites = snapshot(app)
    assert len(users) == 1 and projects == []


def test_demo_accounts_can_sign_in(seeded, auth):
    assert auth.login("facilitator.cy1@miict.example").status_code == 302
