"""Filtered results hold back what would tell on people: no breakdown below five responses, zeros beside a lone
small cell, lowest and highest values."""
from .conftest import site_of


def _fill_grouped(app, survey_id, groups):
    """groups: [(site_id or None, stakeholder group, answers)] -> stored responses with those attributes."""
    import uuid

    import sqlalchemy as sa

    from cocreate.extensions import db
    from cocreate.surveys import services
    from cocreate.surveys.models import Response, Survey
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        for n, (site_id, group, answers) in enumerate(groups):
            response, _created = services.submit_response(survey, client_uuid=str(uuid.UUID(int=n + 1)),
                                                          language="en", answers=answers)
            db.session.execute(sa.update(Response).where(Response.id == response.id)
                               .values(site_id=site_id, stakeholder_group=group))
        db.session.commit()


SUS_GOOD = [5, 1] * 5


def test_a_filtered_selection_below_five_shows_no_breakdown(app, client, auth, make_survey):
    from cocreate.extensions import db
    from cocreate.surveys import results, services
    from cocreate.surveys.models import Survey
    survey_id, _code = make_survey()
    _fill_grouped(app, survey_id, [(None, "migrant", {"working": "yes", "hours": 10, "sus": SUS_GOOD})] * 2
                  + [(None, "public_service", {"working": "no"})] * 8)
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        total, found = results.summarise(survey, services.definition(survey), "en", stakeholder_group="migrant")
        assert str(total) == "<5" and found == []
    auth.login_as("researcher")
    html = client.get(f"/surveys/{survey_id}/results?group=migrant").get_data(as_text=True)
    assert "Fewer than 5 responses match this selection" in html and "result-sus" not in html


def test_zeros_beside_a_lone_small_cell_are_hidden_and_min_max_too(app, make_survey):
    from cocreate.extensions import db
    from cocreate.surveys import results, services
    from cocreate.surveys.models import Survey
    survey_id, _code = make_survey()
    site_id = site_of(app, survey_id)
    # at the site: 3 people answer the SUS (all in one band), 7 do not; hours vary
    _fill_grouped(app, survey_id, [(site_id, "migrant", {"working": "yes", "hours": 10, "sus": SUS_GOOD})] * 3
                  + [(site_id, "migrant", {"working": "yes", "hours": 30})] * 7
                  + [(None, "migrant", {"working": "no"})] * 6)
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        for filters in ({"site_id": site_id}, {"stakeholder_group": "migrant"}):
            total, found = results.summarise(survey, services.definition(survey), "en", **filters)
            by_key = {r.question["key"]: r for r in found}
            if "site_id" in filters:
                assert str(total) == "10"
                # not 0/0/0/<5 beside "3 answered": every cell reads the same, and the count of answers is hidden
                assert [str(row.count) for row in by_key["sus"].rows] == ["<5", "<5", "<5", "<5"]
                assert by_key["sus"].answered.suppressed
                assert by_key["hours"].numbers == {"mean": 24.0, "median": 30.0}  # no lowest, no highest
            else:
                assert str(total) == "16"
                working = {row.label: str(row.count) for row in by_key["working"].rows}
                assert working == {"Yes": "10", "No": "6"}
                assert "min" not in by_key["hours"].numbers
        _total, unfiltered = results.summarise(survey, services.definition(survey), "en")
        hours = {r.question["key"]: r for r in unfiltered}["hours"].numbers
        assert hours["min"] == 10 and hours["max"] == 30  # without a filter they stay


def test_a_breakdown_keeps_zeros_when_the_hidden_cells_protect_each_other():
    from immerse_core.privacy import table
    shown, total = table({"a": 0, "b": 3, "c": 9})
    assert [str(shown[k]) for k in "abc"] + [str(total)] == ["0", "<5", "<5", "12"]
    lone, total = table({"a": 0, "b": 3, "c": 0})
    assert [str(lone[k]) for k in "abc"] + [str(total)] == ["<5", "<5", "<5", "<5"]
