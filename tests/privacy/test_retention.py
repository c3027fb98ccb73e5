"""Retention: each category of data is kept for the period configured (RETENTION_DAYS), then deleted through
the same path as an erasure; a dry run only counts."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from cocreate.database import utcnow
from cocreate.evidence.models import Coding
from cocreate.extensions import db
from cocreate.privacy import RETENTION_CATEGORIES, services
from cocreate.surveys.models import Response
from cocreate.workshops.models import Note, Quote


def counts():
    return {"responses": db.session.scalar(sa.select(sa.func.count()).select_from(Response)),
            "quotes": db.session.scalar(sa.select(sa.func.count()).select_from(Quote)),
            "notes": db.session.scalar(sa.select(sa.func.count()).select_from(Note)),
            "codings": db.session.scalar(sa.select(sa.func.count()).select_from(Coding))}


def test_the_features_register_their_categories(app):
    assert {"survey_responses", "quotes", "notes", "storyboard_frames"} <= set(RETENTION_CATEGORIES)


def test_a_dry_run_counts_and_changes_nothing(seeded, person):
    seeded.config["RETENTION_DAYS"] = {"survey_responses": 30, "quotes": 30}
    with seeded.app_context():
        before = counts()
    result = seeded.test_cli_runner().invoke(args=["privacy", "purge-expired", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"survey_responses: {before['responses']} would be deleted" in result.output
    assert f"quotes: {before['quotes']} would be deleted" in result.output
    with seeded.app_context():
        assert counts() == before


def test_purge_deletes_what_is_past_its_time_and_keeps_the_rest(seeded, person):
    seeded.config["RETENTION_DAYS"] = {"survey_responses": 30}
    with seeded.app_context():
        recent = db.session.scalars(sa.select(Response).order_by(Response.id)).first()
        recent.submitted_at = utcnow() - timedelta(days=29)
        recent_id = recent.id
        db.session.commit()
        before = counts()
        answer_codings = db.session.scalar(sa.select(sa.func.count()).select_from(Coding).where(
            Coding.target_type == "survey_answer"))
        assert answer_codings
    result = seeded.test_cli_runner().invoke(args=["privacy", "purge-expired"])
    assert result.exit_code == 0, result.output
    assert f"survey_responses: {before['responses'] - 1} deleted" in result.output
    with seeded.app_context():
        after = counts()
        assert after["responses"] == 1 and db.session.get(Response, recent_id) is not None
        assert after["quotes"] == before["quotes"] and after["notes"] == before["notes"]
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Coding).where(
            Coding.target_type == "survey_answer", Coding.target_id != recent_id)) == 0


def test_without_periods_nothing_is_deleted(seeded):
    seeded.config["RETENTION_DAYS"] = {}
    with seeded.app_context():
        before = counts()
    result = seeded.test_cli_runner().invoke(args=["privacy", "purge-expired"])
    assert result.exit_code == 0 and "nothing is deleted" in result.output
    with seeded.app_context():
        assert counts() == before


def test_a_misspelt_category_is_refused(seeded):
    seeded.config["RETENTION_DAYS"] = {"survey_response": 30}
    result = seeded.test_cli_runner().invoke(args=["privacy", "purge-expired"])
    assert result.exit_code != 0 and "unknown category 'survey_response'" in result.output
    with pytest.raises(services.PrivacyError):
        services.retention_periods({"quotes": 0})


def test_purged_frames_take_their_codings_and_pictures_with_them(seeded, person):
    from cocreate.signals import evidence_removed
    from cocreate.workshops import images
    from cocreate.workshops.models import Artifact, ArtifactKind, StoryboardFrame

    seeded.config["RETENTION_DAYS"] = {"storyboard_frames": 30}
    removed = []

    def record(kind, *, ids, actor, erased):
        removed.append((kind, erased))

    with seeded.app_context():
        pictures = db.session.scalars(sa.select(Artifact.filename).where(
            Artifact.kind == ArtifactKind.STORYBOARD)).all()
        assert pictures and all(images.path_of(name).exists() for name in pictures)
    evidence_removed.connect(record)
    try:
        result = seeded.test_cli_runner().invoke(args=["privacy", "purge-expired"])
    finally:
        evidence_removed.disconnect(record)
    assert result.exit_code == 0, result.output
    assert removed == [("frame", True)]
    with seeded.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(StoryboardFrame)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Coding).where(
            Coding.target_type == "frame")) == 0
        assert not any(images.path_of(name).exists() for name in pictures)
