"""Participant codes are unique per project: two projects may each have an ES-M-001."""
from datetime import date

from cocreate.extensions import db
from cocreate.participants import services as participants
from cocreate.workshops import services
from cocreate.workshops.models import Workshop


def test_two_projects_each_have_their_own_es_m_001(world, app, make_project, client, auth):
    from cocreate.projects.services import get_project_by_slug, get_site

    make_project("other", name="Other project", sites=("ES",))
    with app.app_context():
        other = get_project_by_slug("other")
        other_es = get_site(other, "ES")
        newcomer = participants.create_participant(other_es, stakeholder_group="migrant", actor=None)  # was an IntegrityError
        participants.record_consent(newcomer, "take_part", form_version="v1", given_on=date(2019, 3, 1), actor=None)
        workshop = services.save_workshop(None, site=other_es, title="Other focus group", phase="requirements",
                                          date=date(2019, 4, 11), actor=None)
        db.session.commit()
        assert newcomer.code == world["consenting"] == "ES-M-001"
        demo = get_project_by_slug("demo")
        assert participants.get_participant_by_code("es-m-001", demo).site.project_id == demo.id
        assert participants.get_participant_by_code("ES-M-001", site=other_es).id == newcomer.id
        assert participants.get_participant_by_code("ES-M-001") is None  # ambiguous without a project
        assert participants.participant_at_site("ES-M-001", other_es).id == newcomer.id
        workshop_id = workshop.id
    auth.login_as("facilitator")
    response = client.post(f"/workshops/{workshop_id}/attendance", data={"code": "ES-M-001"})
    assert response.status_code == 302
    response = client.post(f"/workshops/{workshop_id}/quotes/new", data={
        "speaker_code": "ES-M-001", "text": "Hola", "language": "es", "activity": "0"})
    assert response.status_code == 302
    with app.app_context():
        assert [p.id for p in services.attendance(db.session.get(Workshop, workshop_id))] == [newcomer.id]
