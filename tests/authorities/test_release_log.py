"""Every release is logged: authority, purpose, channel, how many records and which attributes, by whom or which
token, when; in a table of its own and in the audit log.  Administrators and researchers read it, paged."""
import json

import sqlalchemy as sa

from cocreate.extensions import db


def employment(project="miict"):
    from cocreate.authorities import services
    from cocreate.projects.services import get_project_by_slug

    return services.get_authority(get_project_by_slug(project), "employment-office")


def test_a_release_is_logged_in_its_table_and_in_the_audit_log(seeded, make_token):
    from cocreate.audit.models import AuditEntry
    from cocreate.audit.services import verify
    from cocreate.auth.services import find_user
    from cocreate.authorities import services
    from cocreate.authorities.models import ApiToken, Release

    token_id, _secret = make_token()
    with seeded.app_context():
        officer = find_user("officer.employment@miict.example")
        released = [{"person_id": "a1", "skills": []}, {"person_id": "b2", "languages": []}]
        services.record_release(employment(), "job-matching", released, channel="ui", user=officer)
        services.record_release(employment(), "job-matching", released[:1], channel="api",
                                token=db.session.get(ApiToken, token_id))
        db.session.commit()
        ui, api = db.session.scalars(sa.select(Release).order_by(Release.id)).all()
        assert (ui.authority_slug, ui.purpose, ui.channel, ui.records, ui.attributes, ui.user_id, ui.token_id) == \
            ("employment-office", "job-matching", "ui", 2, ["languages", "person_id", "skills"], officer.id, None)
        assert (api.channel, api.records, api.attributes, api.user_id, api.token_id) == \
            ("api", 1, ["person_id", "skills"], None, token_id)
        entries = db.session.scalars(sa.select(AuditEntry).where(
            AuditEntry.action == "authorities.records_released").order_by(AuditEntry.id)).all()
        assert [entry.object_id for entry in entries] == [ui.id, api.id]
        assert entries[0].actor_id == officer.id and entries[1].actor_id is None
        details = json.loads(entries[1].details)
        assert details == {"authority": "employment-office", "purpose": "job-matching", "channel": "api",
                           "records": 1, "attributes": ["person_id", "skills"], "token": token_id}
        assert entries[0].project_id == employment().project_id
        assert verify().intact


def test_token_creation_and_revocation_are_audited(seeded, make_token):
    from cocreate.audit.models import AuditEntry

    token_id, _secret = make_token()
    seeded.test_cli_runner().invoke(args=["authority", "revoke-token", str(token_id)])
    with seeded.app_context():
        actions = db.session.scalars(sa.select(AuditEntry.action).where(
            AuditEntry.object_type == "authority_tokens", AuditEntry.object_id == token_id)
            .order_by(AuditEntry.id)).all()
        assert actions == ["authorities.token_created", "authorities.token_revoked"]


def test_the_release_log_is_paged_and_researchers_see_their_projects_only(seeded, client, auth, make_user):
    from cocreate.auth.services import find_user
    from cocreate.authorities import services
    from cocreate.projects.services import save_project

    with seeded.app_context():
        officer = find_user("officer.employment@miict.example")
        for number in range(55):
            services.record_release(employment(), "job-matching", [{"skills": []}] * number, channel="ui",
                                    user=officer)
        elsewhere = save_project(None, slug="elsewhere", name="Another project", actor=None)
        other = services.save_authority(elsewhere, None, slug="tax-office", name="Tax office", purposes=["audit"],
                                        actor=None)
        services.record_release(other, "audit", [], channel="ui", user=officer)
        db.session.commit()

    auth.login("admin@miict.example")
    first = client.get("/authorities/releases").get_data(as_text=True)
    assert first.count('id="release-') == 50 and "tax-office" in first and "Page 1 of 2" in first
    second = client.get("/authorities/releases?page=2").get_data(as_text=True)
    assert second.count('id="release-') == 6
    auth.logout()

    _id, email = make_user("researcher", projects=["miict"])
    auth.login(email)
    pages = client.get("/authorities/releases").get_data(as_text=True) + \
        client.get("/authorities/releases?page=2").get_data(as_text=True)
    assert pages.count('id="release-') == 55 and "tax-office" not in pages
    assert "Officer, Employment office" in pages
