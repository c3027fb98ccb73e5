"""Differencing attacks on the results pages with filters: one person in a small group, the unfiltered view and
each filtered view asked for, and the pages' numbers compared.  Nothing of that one person may follow."""
import re
import uuid

import pytest
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.surveys import services
from cocreate.surveys.models import Response, Survey

from ..prototypes.conftest import proto, uploads  # noqa: F401  (fixtures)
from ..surveys.conftest import make_survey, site_of  # noqa: F401  (fixture)

LONE_STORY = "I came alone across the sea"
LONE_AGE = 71


def _respond(app, survey_id, people):
    """people: [(language, site_id, stakeholder group, answers)] -> stored responses."""
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        for n, (language, site_id, group, answers) in enumerate(people):
            response, _created = services.submit_response(survey, client_uuid=str(uuid.UUID(int=n + 1)),
                                                          language=language, answers=answers)
            db.session.execute(sa.update(Response).where(Response.id == response.id)
                               .values(site_id=site_id, stakeholder_group=group))
        db.session.commit()


def _crowd(site_id, n, language="en"):
    return [(language, site_id, "migrant",
             {"working": "no", "age": 30 + i, "story": f"Story number {i}", "sus": [4, 2] * 5}) for i in range(n)]


def _lone(site_id=None, language="en", group="migrant"):
    return (language, site_id, group, {"working": "yes", "hours": 12, "age": LONE_AGE, "story": LONE_STORY, "sus": [1, 5] * 5})


def _numbers(html):
    """The numbers a reader can take from a results page: the responses, each 'Answered by', every table cell
    and every mean."""
    main = html.split("<main", 1)[-1]
    return re.findall(r"(?:Responses: |Answered by |<td>|<dd>)([^<]+)", main)


def _page(client, survey_id, **filters):
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    response = client.get(f"/surveys/{survey_id}/results?{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("filter_name", ["language", "site", "group"])
def test_eleven_minus_ten_singles_nobody_out(app, client, auth, make_survey, filter_name):  # noqa: F811
    survey_id, _code = make_survey()
    site_id = site_of(app, survey_id)
    lone = {"language": _lone(site_id, language="ar"), "site": _lone(None),
            "group": _lone(site_id, group="public_service")}[filter_name]
    _respond(app, survey_id, [lone] + _crowd(site_id, 10))
    filters = {"language": {"language": "en"}, "site": {"site": site_id}, "group": {"group": "migrant"}}[filter_name]
    auth.login_as("researcher")
    whole = _page(client, survey_id)
    assert "Responses: 11" in whole and LONE_STORY in whole   # the whole survey is shown
    filtered = _page(client, survey_id, **filters)
    assert "This filter would single out fewer than 5 people" in filtered
    assert "Responses: 10" not in filtered                     # 11 - 10 would be the one
    assert 'class="card result"' not in filtered               # no count, mean or SUS of the ten
    assert "Story number" not in filtered                      # the one answer missing would be theirs
    assert "chart-" not in filtered.split("Who answered", 1)[-1]
    # and the view of the one person alone is refused as well
    alone = {"language": {"language": "ar"}, "site": {}, "group": {"group": "public_service"}}[filter_name]
    if alone:
        small = _page(client, survey_id, **alone)
        content = small.split("<main", 1)[-1].split("</main>", 1)[0]  # not the scripts' cache-busting hashes
        assert LONE_STORY not in small and str(LONE_AGE) not in content and 'class="card result"' not in small


def test_a_combined_filter_is_checked_against_every_wider_view(app, client, auth, make_survey):  # noqa: F811
    survey_id, _code = make_survey()
    site_id = site_of(app, survey_id)
    # at the site everyone answers in English, so "site and English" leaves nobody of the site out;
    # but one person elsewhere answered in English too: "English" minus "site and English" is that one
    _respond(app, survey_id, _crowd(site_id, 10) + _crowd(None, 6, language="ar") + [_lone(None)])
    auth.login_as("researcher")
    both = _page(client, survey_id, site=site_id, language="en")
    assert "This filter would single out fewer than 5 people" in both and "Responses: 10" not in both
    english = _page(client, survey_id, language="en")
    assert "Responses: 11" in english


def test_wide_enough_groups_are_shown_with_the_same_numbers_in_the_chart(app, client, auth, make_survey):  # noqa: F811
    from cocreate.surveys import results
    survey_id, _code = make_survey()
    site_id = site_of(app, survey_id)
    _respond(app, survey_id, _crowd(site_id, 10) + _crowd(None, 5, language="ar") + [_lone(None, language="ar")])
    auth.login_as("researcher")
    english = _page(client, survey_id, language="en")
    assert "Responses: 10" in english and "single out" not in english
    assert "Story number" in english and "Lowest" not in english
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        _total, found = results.summarise(survey, services.definition(survey), "en", response_language="ar")
        working = {r.question["key"]: r for r in found}["working"]
        # 5 "no" and the one "yes": the "yes" is small, and "no" is hidden with it so that 6 - 5 gives nothing
        assert [str(row.count) for row in working.rows] == ["<5", "<5"] and str(working.answered) == "6"
        from cocreate.surveys.charts import question_chart
        assert question_chart(working, "c") is None            # no bar drawn of a hidden count
    arabic = _page(client, survey_id, language="ar")
    assert "Responses: 6" in arabic and str(LONE_AGE) not in _numbers(arabic)


def _feedback(app, proto, people):  # noqa: F811
    """people: [(stakeholder group, comment, SUS answers)] -> feedback on the round of `proto`."""
    from cocreate.prototypes import services as prototypes
    from cocreate.prototypes.models import Feedback, Round
    with app.app_context():
        round_ = db.session.get(Round, proto["round"])
        for n, (group, comment, sus) in enumerate(people):
            data = {"reactions": {str(proto["home"]): "clear"}, "comments": {str(proto["skills"]): comment},
                    "tasks": {str(proto["task"]): {"x": 0.5, "y": 0.3, "ms": 2000 + n}}, "sus": sus}
            feedback, _created = prototypes.submit_feedback(round_, client_uuid=str(uuid.UUID(int=n + 1)),
                                                            language="en", data=data)
            db.session.execute(sa.update(Feedback).where(Feedback.id == feedback.id)
                               .values(stakeholder_group=group))
        db.session.commit()


def test_prototype_results_filtered_by_group_single_nobody_out(app, client, auth, proto):  # noqa: F811
    _feedback(app, proto, [("public_service", LONE_STORY, [1, 5] * 5)]
              + [("migrant", f"Comment {i}", [4, 2] * 5) for i in range(10)])
    auth.login_as("researcher")
    base = f"/prototypes/versions/{proto['version']}/results"
    whole = client.get(base).get_data(as_text=True)
    assert LONE_STORY in whole and "<strong>11</strong>" in whole
    filtered = client.get(f"{base}?group=migrant").get_data(as_text=True)
    assert "This filter would single out fewer than 5 people" in filtered
    assert "<strong>10</strong>" not in filtered and "Comment 1" not in filtered and "Mean SUS" not in filtered
    compare = client.get(f"/prototypes/{proto['prototype']}/compare?group=migrant").get_data(as_text=True)
    assert '<td data-label="Respondents">10</td>' not in compare
    assert '<td data-label="Respondents">&lt;5</td>' in compare
