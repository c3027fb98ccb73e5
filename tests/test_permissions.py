"""`can(action, obj)` without HTTP: roles first, then the object's project and pilot site."""
import pytest

from cocreate.auth.permissions import can
from cocreate.extensions import db


@pytest.fixture
def people(app):
    """Project `demo` (sites ES, IT) and `other` (site GR), a survey at each site and one for all of demo,
    and one account of each kind; yields a dict of them inside an app context."""
    from cocreate.auth.services import create_user, set_memberships
    from cocreate.projects.services import save_project, save_site
    from cocreate.surveys.services import create_survey

    def site(project, code):
        return save_site(project, None, code=code, country=code, city=code.title(), host_languages=["en"],
                         participant_languages=[], actor=None)

    with app.app_context():
        demo, other = save_project(None, slug="demo", name="Demo", actor=None), save_project(None, slug="other", name="Other", actor=None)
        es, it, gr = site(demo, "ES"), site(demo, "IT"), site(other, "GR")
        world = {"demo": demo, "other": other, "es": es, "it": it, "gr": gr}
        for name, project, at in (("survey_es", demo, es), ("survey_it", demo, it),
                                  ("survey_demo", demo, None), ("survey_gr", other, gr)):
            world[name] = create_survey(actor=None, project=project, title=name, source_language="en", site=at)
        for name, role, projects, sites in (
                ("admin", "admin", [], []), ("researcher", "researcher", [demo], []),
                ("facilitator_es", "facilitator", [], [es]), ("facilitator_gr", "facilitator", [], [gr]),
                ("officer", "officer", [demo], []), ("stranger", "researcher", [], [])):
            user = create_user(f"{name}@test.example", role, "long enough secret", actor=None)
            set_memberships(user, projects=projects, sites=sites, actor=None)
            world[name] = user
        db.session.commit()
        yield world


def test_administrators_act_on_every_project(people):
    admin = people["admin"]
    for obj in (people["demo"], people["it"], people["survey_gr"], people["survey_demo"]):
        assert can("surveys.edit", obj, user=admin) and can("surveys.export", obj, user=admin)
    assert can("projects.edit", people["other"], user=admin)


def test_a_researcher_reads_their_project_and_nothing_else(people):
    researcher = people["researcher"]
    assert can("surveys.results", people["survey_es"], user=researcher)
    assert can("surveys.export", people["survey_it"], user=researcher)  # researchers are not bound to sites
    assert can("projects.view", people["demo"], user=researcher)
    assert not can("surveys.results", people["survey_gr"], user=researcher)
    assert not can("projects.view", people["other"], user=researcher)
    assert not can("surveys.edit", people["survey_es"], user=researcher)  # the role comes first
    assert not can("projects.view", people["demo"], user=people["stranger"])


def test_a_facilitator_changes_their_own_site_and_reads_the_rest_of_the_project(people):
    facilitator = people["facilitator_es"]
    assert [p.slug for p in facilitator.projects] == ["demo"]  # a site brings its project
    assert can("surveys.edit", people["survey_es"], user=facilitator)
    assert can("surveys.export", people["survey_es"], user=facilitator)
    assert can("sites.edit", people["es"], user=facilitator)
    # another site of the same project: read, not change
    assert can("surveys.view", people["survey_it"], user=facilitator)
    assert can("surveys.results", people["survey_it"], user=facilitator)
    assert not can("surveys.edit", people["survey_it"], user=facilitator)
    assert not can("surveys.export", people["survey_it"], user=facilitator)
    assert not can("sites.edit", people["it"], user=facilitator)
    # another project: nothing
    assert not can("surveys.view", people["survey_gr"], user=facilitator)
    assert not can("sites.edit", people["gr"], user=facilitator)


def test_a_survey_for_the_whole_project_is_changed_by_a_facilitator_of_any_of_its_sites(people):
    survey = people["survey_demo"]
    assert survey.access_scope == (people["demo"].id, None)
    assert can("surveys.edit", survey, user=people["facilitator_es"])
    assert can("surveys.edit", people["demo"], user=people["facilitator_es"])  # e.g. a new survey or site
    assert not can("surveys.edit", survey, user=people["facilitator_gr"])
    assert not can("surveys.view", survey, user=people["facilitator_gr"])


def test_officers_get_nothing_from_membership(people):
    assert not can("projects.view", people["demo"], user=people["officer"])
    assert not can("surveys.view", people["survey_es"], user=people["officer"])


def test_without_an_object_the_role_alone_answers(people):
    assert can("surveys.edit", user=people["facilitator_gr"])
    assert not can("surveys.edit", user=people["researcher"])
    assert not can("no.such.action", user=people["admin"])


def test_an_object_that_cannot_say_where_it_belongs_is_an_error(people):
    for user in (people["admin"], people["researcher"]):
        with pytest.raises(TypeError, match="access_scope"):
            can("surveys.view", object(), user=user)
