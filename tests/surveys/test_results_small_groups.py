"""Results without a filter follow the rule for small groups of `immerse_core.privacy`: a survey with fewer than
five responses shows their number as "<5" and nothing of what they answered (no counts, no mean, no lowest or
highest value, no free text, no chart), on the page and in the handbook; a question answered by fewer than five
people shows its counts but no statistic and no free text."""
import re
import uuid

from immerse_core.privacy import TOO_FEW, view_refusal

SUS_GOOD = [5, 1] * 5


def _content(html):
    """The page's own words: not the scripts' cache-busting hashes, nor the ids inside a chart's JSON."""
    return re.sub(r"<script[^>]*>.*?</script>", "", html.split("<main", 1)[-1].split("</main>", 1)[0], flags=re.DOTALL)


def _fill(app, survey_id, answers):
    from cocreate.extensions import db
    from cocreate.surveys import services
    from cocreate.surveys.models import Survey
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        for n, given in enumerate(answers):
            services.submit_response(survey, client_uuid=str(uuid.UUID(int=n + 1)), language="en", answers=given)
        db.session.commit()


def _summarised(app, survey_id):
    """(total, {question key: QuestionResult}) of the survey's results without a filter."""
    from cocreate.extensions import db
    from cocreate.surveys import results, services
    from cocreate.surveys.models import Survey
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        total, found = results.summarise(survey, services.definition(survey), "en")
        return total, {r.question["key"]: r for r in found}


THREE = [{"working": "yes", "age": 31, "hours": 20, "city": "rome", "story": "The clerk at window 4 helped me"},
         {"working": "yes", "age": 44, "hours": 38, "city": "rome", "sus": SUS_GOOD},
         {"working": "no", "age": 87, "city": "madrid", "story": "Nobody speaks Tigrinya there"}]


def test_the_whole_view_is_a_group_refused_below_five():
    assert view_refusal({(): 3}) == TOO_FEW
    assert view_refusal({(): 1}) == TOO_FEW
    assert view_refusal({(): 5}) is None


def test_a_survey_with_three_responses_shows_no_highest_age_and_no_free_text(app, client, auth, make_survey):
    survey_id, _code = make_survey()
    _fill(app, survey_id, THREE)
    auth.login_as("researcher")
    page = client.get(f"/surveys/{survey_id}/results").get_data(as_text=True)
    assert "data-bokeh-chart" not in page  # no chart of three people's answers
    html = _content(page)
    assert "Responses: &lt;5" in html
    assert "Fewer than 5 responses so far" in html
    for disclosed in ("87", "44", "window 4", "Tigrinya", "Lowest", "Highest", "Mean", 'id="result-'):
        assert disclosed not in html, disclosed


def test_the_summary_of_a_small_survey_holds_nothing_but_its_hidden_count(app, make_survey):
    from cocreate.extensions import db
    from cocreate.surveys import results
    from cocreate.surveys.models import Survey
    survey_id, _code = make_survey()
    _fill(app, survey_id, THREE)
    total, by_key = _summarised(app, survey_id)
    assert str(total) == "<5" and by_key == {}
    with app.app_context():
        assert results.refusal(db.session.get(Survey, survey_id)) == TOO_FEW


def test_a_question_answered_by_fewer_than_five_shows_counts_but_no_statistic_or_text(app, client, auth,
                                                                                     make_survey):
    survey_id, _code = make_survey()
    _fill(app, survey_id, THREE + [{"working": "no", "city": "madrid"}] * 4)
    total, by_key = _summarised(app, survey_id)
    assert str(total) == "7"
    assert {row.label: str(row.count) for row in by_key["working"].rows} == {"Yes": "2", "No": "5"}
    assert str(by_key["age"].answered) == "3" and by_key["age"].numbers is None
    assert by_key["hours"].numbers is None
    assert by_key["story"].texts == [] and by_key["story"].texts_count == 0
    assert by_key["sus"].sus_mean is None
    auth.login_as("researcher")
    html = _content(client.get(f"/surveys/{survey_id}/results").get_data(as_text=True))
    assert "Responses: 7" in html
    for disclosed in ("87", "window 4", "Tigrinya", "Lowest", "Highest"):
        assert disclosed not in html, disclosed


def test_five_answers_show_their_statistics_and_text(app, make_survey):
    survey_id, _code = make_survey()
    _fill(app, survey_id, THREE + [{"working": "no", "age": 50, "story": "Fine"}] * 3)
    total, by_key = _summarised(app, survey_id)
    assert str(total) == "6"
    assert by_key["age"].numbers == {"mean": 52.0, "median": 50.0, "min": 31, "max": 87}
    assert by_key["story"].texts_count == 5 and len(by_key["story"].texts) == 5


def test_the_handbook_shows_nothing_of_a_survey_with_three_responses(app, make_survey):
    from cocreate.extensions import db
    from cocreate.handbook_data import build_snapshot
    from cocreate.surveys.models import Survey
    survey_id, _code = make_survey()
    _fill(app, survey_id, THREE)
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        finding = next(f for f in build_snapshot(survey.project).surveys if f.title == "Work and services")
        assert finding.responses.suppressed and finding.questions == ()
