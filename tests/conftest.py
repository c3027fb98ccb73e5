"""Shared fixtures: an app with its own fresh database per test (a copy of the schema built once per
session), a client, and logins by role.

The app context is not held open across requests (each request gets its own,
as in production); fixtures and tests open one where they touch the database.
"""
import os
import shutil

import pytest

from cocreate import create_app
from cocreate.config import TestConfig
from cocreate.extensions import db

TEST_PASSWORD = "correct horse battery"


def database_url(tmp_path):
    """`TEST_DATABASE_URL` (e.g. PostgreSQL) when set, else a SQLite file of the test's own."""
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture(scope="session")
def uploads_folder(tmp_path_factory):
    """Where the test session's apps keep uploaded pictures (the demo's among them), outside the checkout."""
    return tmp_path_factory.mktemp("uploads")


class SchemaCopies:
    """The empty schema, built once per test session, and a copy of it for each test.

    SQLite: a file that each test copies to its own (a copy takes under a millisecond, building the schema
    a quarter of a second).  PostgreSQL: a template database from which each test's database is created
    (`CREATE DATABASE … TEMPLATE`) and dropped afterwards; where the account may not create databases,
    each test builds the schema in `TEST_DATABASE_URL` and drops it, as before.
    """

    def __init__(self, folder):
        self.url = os.environ.get("TEST_DATABASE_URL")
        self.counter = 0
        self.admin = self.template = self.demo = None
        if self.url is None:
            self.template = folder / "schema.db"
            self._build(f"sqlite:///{self.template}")
        elif self.url.startswith("postgresql"):
            self._make_template()

    def _build(self, url):
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            db.create_all()
            db.engine.dispose()  # no connection left: the WAL folded into the file, or the template free to copy

    def _make_template(self):
        import sqlalchemy as sa

        base = sa.make_url(self.url)
        self.admin = sa.create_engine(base, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        name = f"{base.database}_schema_{os.getpid()}"
        try:
            with self.admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
                connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        except sa.exc.ProgrammingError:  # no CREATEDB privilege: a schema per test in TEST_DATABASE_URL
            self.admin.dispose()
            self.admin = None
            return
        self.template = name
        self._build(base.set(database=name).render_as_string(hide_password=False))

    def new(self, tmp_path):
        """The URL of a fresh database holding the empty schema, for one test."""
        import sqlalchemy as sa

        if self.url is None:
            target = tmp_path / "test.db"
            shutil.copyfile(self.template, target)
            return f"sqlite:///{target}"
        if self.admin is None:
            return self.url
        self.counter += 1
        base = sa.make_url(self.url)
        name = f"{self.template}_{self.counter}"
        with self.admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"'))
        return base.set(database=name).render_as_string(hide_password=False)

    @property
    def built_per_test(self):
        """Whether each test builds and drops the schema itself (PostgreSQL without CREATEDB)."""
        return self.url is not None and self.admin is None

    def copy_demo(self, url, uploads_folder):
        """Make the test's PostgreSQL database at `url` a copy of the demo story, seeded once per session into
        a template of its own; False where databases cannot be created (the caller seeds afresh)."""
        import sqlalchemy as sa

        if self.admin is None:
            return False
        if self.demo is None:
            from cocreate.demo import seed_demo

            name = f"{self.template}_demo"
            with self.admin.connect() as connection:
                connection.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"'))
            demo_url = sa.make_url(self.url).set(database=name).render_as_string(hide_password=False)
            app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=demo_url, WORKSHOP_UPLOAD_FOLDER=str(uploads_folder),
                             PROTOTYPE_UPLOAD_FOLDER=str(uploads_folder))
            with app.app_context():
                seed_demo(password=TEST_PASSWORD)
                db.engine.dispose()
            self.demo = name
        target = sa.make_url(url).database
        with self.admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)'))
            connection.execute(sa.text(f'CREATE DATABASE "{target}" TEMPLATE "{self.demo}"'))
        return True

    def drop(self, url):
        import sqlalchemy as sa

        if self.admin is not None:
            with self.admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{sa.make_url(url).database}" WITH (FORCE)'))

    def close(self):
        import sqlalchemy as sa

        if self.admin is not None:
            with self.admin.connect() as connection:
                for name in (self.demo, self.template):
                    if name is not None:
                        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            self.admin.dispose()


@pytest.fixture(scope="session")
def schema_copies(tmp_path_factory):
    copies = SchemaCopies(tmp_path_factory.mktemp("schema"))
    yield copies
    copies.close()


@pytest.fixture
def app(tmp_path, uploads_folder, schema_copies):
    url = schema_copies.new(tmp_path)
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, WORKSHOP_UPLOAD_FOLDER=str(uploads_folder),
                     PROTOTYPE_UPLOAD_FOLDER=str(uploads_folder), SURVEY_UPLOAD_FOLDER=str(uploads_folder),
                     SURVEY_MEDIA_UPLOAD_FOLDER=str(tmp_path / "survey-media"),
                     HANDBOOK_BUILD_FOLDER=str(tmp_path / "handbook-builds"))
    if schema_copies.built_per_test:
        with app.app_context():
            db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        if schema_copies.built_per_test:
            db.drop_all()
        db.engine.dispose()
    schema_copies.drop(url)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


EVERYWHERE = "everywhere"


@pytest.fixture
def make_user(app):
    """make_user(role="facilitator", email=None, projects=..., sites=..., **fields) -> the new user's id and email.

    `projects` are slugs and `sites` (slug, code) pairs: the account belongs to exactly those.  Without
    either, it belongs to every project of the test, and a facilitator to every pilot site, those made
    after it too: the tests of a single project need not name it.
    """
    import sqlalchemy as sa

    from cocreate.auth.models import project_members, site_members
    from cocreate.auth.services import create_user, set_memberships
    from cocreate.projects.models import PilotSite, Project
    from cocreate.projects.services import get_project_by_slug, get_site

    counter = iter(range(1, 10_000))
    everywhere = {}  # user id -> role, for the accounts that belong to every project (and site)
    with app.app_context():
        engine = db.engine

    def join_new_project(_mapper, connection, project):
        if connection.engine is not engine:
            return
        for user_id in everywhere:
            connection.execute(project_members.insert().values(user_id=user_id, project_id=project.id))

    def join_new_site(_mapper, connection, site):
        if connection.engine is not engine:
            return
        for user_id, role in everywhere.items():
            if role == "facilitator":
                connection.execute(site_members.insert().values(user_id=user_id, site_id=site.id))

    sa.event.listen(Project, "after_insert", join_new_project)
    sa.event.listen(PilotSite, "after_insert", join_new_site)

    def make(role="facilitator", email=None, password=TEST_PASSWORD, projects=EVERYWHERE, sites=EVERYWHERE,
             **fields):
        email = email or f"{role}{next(counter)}@test.example"
        with app.app_context():
            user = create_user(email, role, password, **fields, actor=None)
            if projects == EVERYWHERE and sites == EVERYWHERE:
                user.projects = db.session.scalars(sa.select(Project)).all()
                user.sites = db.session.scalars(sa.select(PilotSite)).all() if role == "facilitator" else []
                everywhere[user.id] = role
            else:
                set_memberships(
                    user, actor=None,
                    projects=[get_project_by_slug(slug) for slug in (() if projects == EVERYWHERE else projects)],
                    sites=[get_site(get_project_by_slug(slug), code)
                           for slug, code in (() if sites == EVERYWHERE else sites)])
            db.session.commit()
            return user.id, user.email
    yield make
    sa.event.remove(Project, "after_insert", join_new_project)
    sa.event.remove(PilotSite, "after_insert", join_new_site)


class AuthActions:
    def __init__(self, client, make_user):
        self._client = client
        self._make_user = make_user

    def login(self, email, password=TEST_PASSWORD):
        return self._client.post("/login", data={"email": email, "password": password})

    def login_as(self, role, **memberships):
        """Create an account with `role` (and `projects`, `sites`: see make_user), sign in with it; returns its email."""
        _id, email = self._make_user(role, **memberships)
        response = self.login(email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return email

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client, make_user):
    return AuthActions(client, make_user)


@pytest.fixture
def make_project(app):
    """make_project(slug="demo", sites=("ES",)) -> slug; sites get Spanish and Arabic."""
    from cocreate.projects.services import save_project, save_site

    def make(slug="demo", name="Demo project", sites=("ES",)):
        with app.app_context():
            project = save_project(None, slug=slug, name=name, actor=None)
            for code in sites:
                save_site(project, None, code=code, country="ES", city="Madrid",
                          host_languages=["es"], participant_languages=["ar", "fr"], actor=None)
            db.session.commit()
        return slug
    return make


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory, uploads_folder):
    """A SQLite file holding the whole demo story, built once per test session (None on PostgreSQL)."""
    if os.environ.get("TEST_DATABASE_URL"):
        return None
    from cocreate.demo import seed_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", WORKSHOP_UPLOAD_FOLDER=str(uploads_folder),
                     PROTOTYPE_UPLOAD_FOLDER=str(uploads_folder))
    with app.app_context():
        db.create_all()
        seed_demo(password=TEST_PASSWORD)
        db.engine.dispose()  # the last connection closes: the write-ahead log is folded into the file
    return path


@pytest.fixture
def seeded(app, tmp_path, demo_database, schema_copies, uploads_folder):
    """The demo story in this test's own database: a copy of the session's demo file (SQLite) or template
    database (PostgreSQL), or seeded afresh where no database can be created."""
    if demo_database is None:
        with app.app_context():
            db.engine.dispose()
        if schema_copies.copy_demo(app.config["SQLALCHEMY_DATABASE_URI"], uploads_folder):
            return app
        from cocreate.demo import seed_demo

        with app.app_context():
            seed_demo(password=TEST_PASSWORD)
        return app
    with app.app_context():
        db.engine.dispose()
    target = tmp_path / "test.db"
    for suffix in ("-wal", "-shm"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    shutil.copyfile(demo_database, target)
    return app


@pytest.fixture
def changes():
    """The changes services announce while the test runs: a list of (action, obj, actor, details)."""
    from cocreate.signals import data_changed

    seen = []

    def record(obj, *, actor, action, **details):
        seen.append((action, obj, actor, details))

    data_changed.connect(record)
    yield seen
    data_changed.disconnect(record)


def link_code_of(code, project_slug=None):
    """Print a link card for the participant with `code` (of the project `project_slug` when codes repeat across
    projects) and return its link code, committed; inside an app context."""
    import sqlalchemy as sa

    from cocreate.participants.models import Participant
    from cocreate.participants.services import issue_link_code
    from cocreate.projects.models import PilotSite, Project

    query = sa.select(Participant).where(Participant.code == code)
    if project_slug is not None:
        query = query.join(PilotSite).join(Project).where(Project.slug == project_slug)
    link_code = issue_link_code(db.session.scalars(query).one(), actor=None)
    db.session.commit()
    return link_code
