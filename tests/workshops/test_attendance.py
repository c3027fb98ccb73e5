"""Attendance needs consent to take part on the day of the workshop."""
from datetime import date

import pytest

from cocreate.extensions import db
from cocreate.projects.models import PilotSite
from cocreate.participants import services as participants
from cocreate.workshops import services
from cocreate.workshops.models import Workshop


def test_attendance_needs_consent_on_the_workshop_day(world, ctx):
    es = db.session.get(PilotSite, world["es"])
    workshop = db.session.get(Workshop, world["workshop"])  # 2019-04-10
    late = participants.create_participant(es, stakeholder_group="migrant", actor=None)
    participants.record_consent(late, "take_part", form_version="v1", given_on=date(2019, 5, 1), actor=None)
    with pytest.raises(services.WorkshopError, match="on the day of this workshop"):
        services.mark_present(workshop, late, actor=None)
    gone = participants.create_participant(es, stakeholder_group="migrant", actor=None)
    old = participants.record_consent(gone, "take_part", form_version="v1", given_on=date(2019, 1, 1), actor=None)
    participants.withdraw_consent(old, on=date(2019, 2, 1), actor=None)
    participants.record_consent(gone, "take_part", form_version="v2", given_on=date(2019, 6, 1),
                                how_obtained="A new form, read aloud with an interpreter", actor=None)
    with pytest.raises(services.WorkshopError, match="on the day of this workshop"):
        services.mark_present(workshop, gone, actor=None)
    same_day = participants.create_participant(es, stakeholder_group="migrant", actor=None)
    participants.record_consent(same_day, "take_part", form_version="v1", given_on=workshop.date, actor=None)
    services.mark_present(workshop, same_day, actor=None)
    assert same_day in services.attendance(workshop)
