"""The audit log: sign-ins, exports, consent, deletions and account changes are recorded, each entry chained to
the one before, so that changing, removing or inserting any single entry is found by `audit verify` and shown
to administrators."""
import sqlalchemy as sa
import pytest

from cocreate.audit import services
from cocreate.audit.cli import verify_command
from cocreate.audit.models import AuditEntry, AuditHead
from cocreate.extensions import db

from .conftest import TEST_PASSWORD


def sign_in(client, email):
    assert client.post("/login", data={"email": email, "password": TEST_PASSWORD}).status_code == 302


def entries(app):
    with app.app_context():
        return [(e.action, e.actor_name, e.label) for e in db.session.scalars(
            sa.select(AuditEntry).order_by(AuditEntry.id))]


@pytest.fixture
def logged(seeded):
    """The demo with a few audited events by people: sign-ins, an export, a consent withdrawal."""
    client = seeded.test_client()
    sign_in(client, "admin@miict.example")
    assert client.get("/surveys/1/export/responses.csv").status_code == 200
    assert client.get("/surveys/1/export/xlsform.xlsx").status_code == 200  # questions only: not audited
    assert client.get("/evidence/projects/miict/export").status_code in (200, 404)
    client.post("/logout")
    sign_in(client, "facilitator.es1@miict.example")
    with seeded.app_context():
        from cocreate.participants.models import Consent
        consent = db.session.scalars(sa.select(Consent).where(Consent.withdrawn_on.is_(None))
                                     .order_by(Consent.id)).first()
        participant_id = consent.participant_id
    return seeded, client, participant_id


def test_what_people_do_to_data_is_recorded_and_chained(logged):
    app, _client, _participant = logged
    recorded = [e for e in entries(app) if e[1]]  # by people, not the demo seeder
    actions = [action for action, _who, _label in recorded]
    assert actions[:2] == ["auth.signed_in", "surveys.responses_exported"]
    assert actions[-2:] == ["auth.signed_out", "auth.signed_in"]
    assert actions.count("surveys.responses_exported") == 1  # the XLSForm holds questions only: not audited
    assert recorded[0][2] == "admin@miict.example" and recorded[-1][2] == "facilitator.es1@miict.example"
    with app.app_context():
        verdict = services.verify()
        assert verdict.intact and verdict.entries == db.session.scalar(sa.select(sa.func.count(AuditEntry.id)))


def test_consent_changes_are_recorded(seeded, client):
    from datetime import date

    from cocreate.participants import services as participants
    from cocreate.projects.models import PilotSite

    with seeded.app_context():
        person = participants.create_participant(db.session.scalars(sa.select(PilotSite)).first(),
                                                 stakeholder_group="migrant", actor=None)
        before = db.session.scalar(sa.select(sa.func.count(AuditEntry.id)))
        participants.record_consent(person, "take_part", form_version="v2", given_on=date(2024, 1, 2), actor=None)
        db.session.commit()
        last = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert last.id == before + 1 and last.action == "participants.consent_recorded"
        assert services.verify().intact


@pytest.mark.parametrize("tamper", ["change", "delete_middle", "delete_last", "insert", "relink"])
def test_any_single_change_or_removal_is_found(logged, tamper):
    app, _client, _participant = logged
    with app.app_context():
        total = db.session.scalar(sa.select(sa.func.count(AuditEntry.id)))
        middle = total // 2
        assert total >= 3 and services.verify().intact
        if tamper == "change":
            db.session.execute(sa.update(AuditEntry).where(AuditEntry.id == middle).values(actor_name="Someone else"))
        elif tamper == "delete_middle":
            db.session.execute(sa.delete(AuditEntry).where(AuditEntry.id == middle))
        elif tamper == "delete_last":
            db.session.execute(sa.delete(AuditEntry).where(AuditEntry.id == total))
        elif tamper == "insert":  # an entry with a digest of its own, slipped in at the end
            fake = AuditEntry(id=total + 1, at=services.utcnow(), actor_name="x", action="auth.signed_in",
                              object_type="users", label="x", details="{}", previous_digest="f" * 64)
            fake.digest = services.digest_of(fake, fake.previous_digest)
            db.session.add(fake)
        else:  # recomputing one entry's digest after changing it breaks the link of the next one
            entry = db.session.get(AuditEntry, middle)
            entry.label = "rewritten"
            entry.digest = services.digest_of(entry, entry.previous_digest)
        db.session.commit()
        verdict = services.verify()
        assert not verdict.intact
        expected = {"change": middle, "delete_middle": middle, "delete_last": total, "insert": total + 1,
                    "relink": middle + 1}[tamper]
        assert verdict.broken_at == expected


def test_verify_on_the_command_line(logged):
    app, _client, _participant = logged
    runner = app.test_cli_runner()
    good = runner.invoke(verify_command)
    assert good.exit_code == 0 and "The audit log holds" in good.output
    with app.app_context():
        db.session.execute(sa.update(AuditEntry).where(AuditEntry.id == 2).values(label="changed"))
        db.session.commit()
    bad = runner.invoke(verify_command)
    assert bad.exit_code == 1 and "does not hold at entry 2" in bad.output
    assert "its content was changed" in bad.output


def test_administrators_search_the_log_and_see_the_verdict(logged):
    app, client, _participant = logged
    client.post("/logout")
    sign_in(client, "admin@miict.example")
    page = client.get("/audit/").get_data(as_text=True)
    assert "The log holds:" in page and "exported the responses" in page and "signed in" in page
    only = client.get("/audit/?action=surveys.responses_exported").get_data(as_text=True)
    assert "exported the responses" in only and only.count('<tr id="entry-') == 1
    found = client.get("/audit/?q=facilitator").get_data(as_text=True)
    assert found.count('<tr id="entry-') >= 1
    with app.app_context():
        db.session.execute(sa.update(AuditHead).values(entries=AuditHead.entries + 5))
        db.session.commit()
    assert "The log does not hold at entry" in client.get("/audit/").get_data(as_text=True)
    arabic = client.get("/audit/?lang=ar").get_data(as_text=True)
    assert 'dir="rtl"' in arabic and "The log does not hold" not in arabic


def test_two_appends_never_chain_to_the_same_entry(app):
    with app.app_context():
        first = services.append("auth.signed_in")
        second = services.append("auth.signed_out")
        db.session.commit()
        assert second.previous_digest == first.digest and second.id == first.id + 1
        assert services.verify().intact and services.verify().entries == 2


def test_the_chain_is_walked_in_batches(logged):
    app, _client, _participant = logged
    with app.app_context():
        total = db.session.scalar(sa.select(sa.func.count(AuditEntry.id)))
        assert services.verify(batch=2).entries == total
        db.session.execute(sa.update(AuditEntry).where(AuditEntry.id == 3).values(label="changed"))
        db.session.commit()
        assert services.verify(batch=2).broken_at == 3
