"""The demo's handbook, built once per test session, and helpers to read a .docx back."""
import shutil
import zipfile
from datetime import date

import pytest
import sqlalchemy as sa
from docx import Document

from cocreate import create_app
from cocreate.config import TestConfig
from cocreate.extensions import db
from handbook import document, text

MADE_ON = date(2026, 12, 1)


def build_docx(snapshot, path, **options):
    document.build(snapshot, path, text.translations(snapshot.language), **options)
    return path


def all_text(path):
    """Every piece of text of the document, paragraphs and table cells alike (python-docx), one per line."""
    doc = Document(str(path))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines += [cell.text for cell in row.cells]
    return "\n".join(lines)


def package_text(path):
    """The XML of every part of the package (document, properties, settings): nothing hides outside the body."""
    with zipfile.ZipFile(path) as package:
        return "\n".join(package.read(name).decode("utf-8", "replace") for name in package.namelist()
                         if name.endswith((".xml", ".rels")))


@pytest.fixture(scope="session")
def demo_app(tmp_path_factory, demo_database, uploads_folder, schema_copies):
    """An app over a copy of the demo database, for the tests that only read it."""
    if demo_database is None:  # PostgreSQL: a database of its own, a copy of the session's demo template
        from cocreate.demo import seed_demo

        url = schema_copies.new(tmp_path_factory.mktemp("handbook"))
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, WORKSHOP_UPLOAD_FOLDER=str(uploads_folder),
                         PROTOTYPE_UPLOAD_FOLDER=str(uploads_folder))
        if not schema_copies.copy_demo(url, uploads_folder):
            with app.app_context():
                db.create_all()
                seed_demo(password="demo password 1")
        yield app
        with app.app_context():
            db.session.remove()
            if schema_copies.built_per_test:
                db.drop_all()
            db.engine.dispose()
        schema_copies.drop(url)
        return
    path = tmp_path_factory.mktemp("handbook") / "demo.db"
    shutil.copyfile(demo_database, path)
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", WORKSHOP_UPLOAD_FOLDER=str(uploads_folder))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def demo_snapshots(demo_app):
    """{language: the demo project's snapshot}, for English and Arabic."""
    from cocreate.handbook_data import build_snapshot
    from cocreate.projects.services import get_project_by_slug

    with demo_app.app_context():
        project = get_project_by_slug("miict")
        return {language: build_snapshot(project, language=language, made_on=MADE_ON) for language in ("en", "ar")}


@pytest.fixture(scope="session")
def demo_handbooks(demo_snapshots, tmp_path_factory):
    """{language: path of the demo's handbook}."""
    folder = tmp_path_factory.mktemp("handbooks")
    return {language: build_docx(snapshot, folder / f"miict-{language}.docx")
            for language, snapshot in demo_snapshots.items()}


@pytest.fixture(scope="session")
def demo_secrets(demo_app):
    """What must never appear: every participant code, every special-category value, and the quotes whose
    speakers may not be quoted."""
    from cocreate.participants.models import Participant, ParticipantProfile
    from cocreate.participants.services import may_be_quoted
    from cocreate.workshops.models import Quote
    from immerse_core.privacy import SPECIAL_CATEGORIES

    with demo_app.app_context():
        codes = set(db.session.scalars(sa.select(Participant.code)))
        values = {getattr(profile, attribute) for profile in db.session.scalars(sa.select(ParticipantProfile))
                  for attribute in SPECIAL_CATEGORIES} - {None, ""}
        hidden_quotes = {quote.text for quote in db.session.scalars(sa.select(Quote))
                         if not may_be_quoted(quote.speaker)}
    return codes, values, hidden_quotes


def build_brief(snapshot, path, **options):
    from handbook import brief

    brief.build(snapshot, path, text.translations(snapshot.language), **options)
    return path


@pytest.fixture(scope="session")
def demo_briefs(demo_snapshots, tmp_path_factory):
    """{language: path of the demo's policy brief}."""
    folder = tmp_path_factory.mktemp("briefs")
    return {language: build_brief(snapshot, folder / f"miict-brief-{language}.docx")
            for language, snapshot in demo_snapshots.items()}
