"""The register's rules: identifiers never given twice, no circle of refinements, derived requirements
justified, and a status workflow taken one step at a time."""
import pytest

from cocreate.extensions import db
from cocreate.projects.services import get_project_by_slug
from cocreate.requirements import services
from cocreate.requirements.models import Priority, RequirementType, Status
from cocreate.requirements.services import RequirementError


def _new(project, title="Forms in Arabic", **fields):
    values = dict(title=title, statement="The service offers its forms in Arabic.",
                  type=RequirementType.LANGUAGE, priority=Priority.MUST)
    values.update(fields)
    return services.create_requirement(project, actor=None, **values)


@pytest.fixture
def project(app, make_project):
    slug = make_project()
    make_project("other")
    with app.app_context():
        yield get_project_by_slug(slug)


def test_identifiers_count_up_per_project(app, project):
    first, second = _new(project), _new(project, "Second")
    other = _new(get_project_by_slug("other"), "Elsewhere")
    assert (first.identifier, second.identifier, other.identifier) == ("REQ-001", "REQ-002", "REQ-001")


def test_identifier_of_a_deleted_requirement_is_never_given_again(app, project):
    _new(project)
    last = _new(project, "Second")
    services.delete_requirement(last, actor=None)
    db.session.commit()
    assert _new(project, "Third").identifier == "REQ-003"


def test_refines_cycle_is_refused_with_both_identifiers(app, project):
    a, b, c = _new(project, "A"), _new(project, "B"), _new(project, "C")
    services.relate(a, "refines", b, actor=None)
    services.relate(b, "refines", c, actor=None)
    with pytest.raises(RequirementError) as refused:
        services.relate(c, "refines", a, actor=None)
    assert "REQ-003 cannot refine REQ-001" in str(refused.value)
    services.relate(c, "conflicts", a, actor=None)  # a conflict is no refinement: allowed


def test_relations_stay_within_a_project(app, project):
    mine = _new(project)
    theirs = _new(get_project_by_slug("other"))
    with pytest.raises(RequirementError):
        services.relate(mine, "conflicts", theirs, actor=None)


def test_derived_requirement_needs_a_justification(app, project):
    with pytest.raises(RequirementError):
        _new(project, derived=True, derived_justification="  ")
    requirement = _new(project, derived=True, derived_justification="From the survey's analysis.")
    with pytest.raises(RequirementError):
        services.update_requirement(requirement, actor=None, derived_justification="")


def test_workflow_goes_one_step_at_a_time(app, project):
    requirement = _new(project)
    with pytest.raises(RequirementError) as refused:
        services.change_status(requirement, Status.IMPLEMENTED, actor=None)
    assert "one step at a time" in str(refused.value)
    for step in (Status.ACCEPTED, Status.IMPLEMENTED, Status.VERIFIED):
        services.change_status(requirement, step, actor=None)
    assert requirement.status is Status.VERIFIED


def test_rejecting_needs_a_reason_and_can_go_back_to_proposed(app, project):
    requirement = _new(project)
    with pytest.raises(RequirementError):
        services.change_status(requirement, Status.REJECTED, actor=None, reason=" ")
    services.change_status(requirement, Status.DEFERRED, actor=None, reason="After the pilot.")
    with pytest.raises(RequirementError):
        services.change_status(requirement, Status.ACCEPTED, actor=None)
    services.change_status(requirement, Status.PROPOSED, actor=None)
    assert requirement.status is Status.PROPOSED


def test_changes_announce_old_and_new_values(app, project, changes):
    requirement = _new(project)
    services.update_requirement(requirement, actor=None, title="Forms in Arabic and Tigrinya",
                                priority=Priority.MUST)
    action, obj, _actor, details = changes[-1]
    assert action == "requirements.changed" and obj is requirement
    assert details["changes"] == {"title": ["Forms in Arabic", "Forms in Arabic and Tigrinya"]}
