"""Opening and closing times are typed and shown in the pilot site's time zone (UTC for the whole project)."""
import sqlalchemy as sa
import pytest

from cocreate.extensions import db
from cocreate.projects.models import PilotSite
from cocreate.surveys.models import Survey


@pytest.fixture
def madrid(app, auth, make_project):
    make_project("demo")
    auth.login_as("facilitator")
    with app.app_context():
        return db.session.scalars(sa.select(PilotSite.id)).one()


def settings(site_id, opens, closes):
    return {"title": "Needs", "source_language": "en", "site_id": site_id, "workshop_id": 0, "mode": "anonymous",
            "opens_at": opens, "closes_at": closes}


@pytest.mark.parametrize("opens, closes, utc_opens, utc_closes", [
    ("2030-07-01T10:00", "2030-07-01T18:30", "2030-07-01 08:00", "2030-07-01 16:30"),  # summer: UTC+2
    ("2030-01-15T10:00", "2030-01-15T18:30", "2030-01-15 09:00", "2030-01-15 17:30"),  # winter: UTC+1
])
def test_times_are_taken_and_shown_in_the_sites_time_zone(app, client, madrid, opens, closes, utc_opens, utc_closes):
    form = client.get("/surveys/new/demo").get_data(as_text=True)
    assert "Opens (UTC)" in form  # a new survey is for all sites until one is chosen
    assert client.post("/surveys/new/demo", data=settings(madrid, opens, closes)).status_code == 302
    with app.app_context():
        survey = db.session.scalars(sa.select(Survey)).one()
        survey_id = survey.id
        stored = [moment.replace(tzinfo=None).isoformat(" ", "minutes") for moment in (survey.opens_at, survey.closes_at)]
    assert stored == [utc_opens, utc_closes]
    edit = client.get(f"/surveys/{survey_id}/settings").get_data(as_text=True)
    assert "Opens (Europe/Madrid time)" in edit and "Closes (Europe/Madrid time)" in edit
    assert f'value="{opens}"' in edit and f'value="{closes}"' in edit
    detail = client.get(f"/surveys/{survey_id}?lang=es").get_data(as_text=True)  # 24-hour times
    assert "10:00" in detail and "18:30" in detail and "Europe/Madrid" in detail


def test_a_survey_of_the_whole_project_uses_utc_and_says_so(app, client, madrid):
    client.post("/surveys/new/demo", data=settings(0, "2030-07-01T10:00", ""))
    with app.app_context():
        survey = db.session.scalars(sa.select(Survey)).one()
        assert survey.opens_at.replace(tzinfo=None).isoformat(" ", "minutes") == "2030-07-01 10:00"
        survey_id = survey.id
    edit = client.get(f"/surveys/{survey_id}/settings").get_data(as_text=True)
    assert "Opens (UTC)" in edit and 'value="2030-07-01T10:00"' in edit
