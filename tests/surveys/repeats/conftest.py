"""A survey imported from one of the roster XLSForms, opened, for each test that asks."""
import pytest

from cocreate.extensions import db
from cocreate.surveys import services, xlsform

from .forms import ROSTER, workbook_bytes


@pytest.fixture
def roster_survey(app, make_project):
    """roster_survey(form=ROSTER) -> (survey id, code): the form imported into a new project and opened."""
    counter = iter(range(1, 100))

    def make(form=ROSTER):
        slug = make_project(slug=f"r{next(counter)}")
        with app.test_request_context():
            from cocreate.projects.services import get_project_by_slug

            reading = xlsform.read(workbook_bytes(form))
            assert reading.problems == []
            survey = services.create_from_definition(get_project_by_slug(slug), reading.definition, actor=None)
            services.set_open(survey, True, actor=None)
            db.session.commit()
            return survey.id, survey.code
    return make
