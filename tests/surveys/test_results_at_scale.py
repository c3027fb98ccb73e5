"""Results, free-text answers and exports cost what the answer needs, not what the data holds.

On a survey with ten times the responses of the other tests' (built with bulk inserts, each linked response
by a participant of its own), the results page (whole and filtered), the pages of free-text answers and both
exports run as many SQL statements as on a small one (counted with a `before_cursor_execute` listener, not
timed); the XLSX export's peak memory (tracemalloc) stays flat from N to 4N responses; charts are built once
per data and language; free text comes a page at a time, searchable, with the privacy rules of results.
"""
import io
import tempfile
import tracemalloc
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from cocreate.extensions import db
from cocreate.participants.models import Consent, ConsentScope, Participant
from cocreate.surveys import results, services
from cocreate.surveys.models import Response, Survey

from .conftest import site_of
from .test_submission_statements import statements_of

LARGE = 550  # the other tests' surveys have up to about fifty responses
WORDS = ["bus", "doctor", "papers", "school", "interpreter"]
START = datetime(2024, 1, 1, tzinfo=UTC)


def answers_of_number(n):
    """The answers of response number `n`: every kind of question, varied."""
    answers = {"working": "yes" if n % 3 else "no", "needs": ["work", "health"][: 1 + n % 2], "trust": 1 + n % 5,
               "story": f"answer {n} about the {WORDS[n % len(WORDS)]}", "sus": [1 + (n + i) % 5 for i in range(10)]}
    if n % 3:
        answers["hours"] = 10 + n % 30
    return answers


def add_responses(app, survey_id, count, *, start=0, linked=True):
    """`count` responses numbered from `start`, by bulk inserts: two of three at the project's site, one of three
    in Arabic; with `linked`, each by a participant of their own who consents to take part (and to quotes)."""
    site_id = site_of(app, survey_id)
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        people = {}
        if linked:
            db.session.execute(sa.insert(Participant), [
                {"site_id": site_id, "code": f"ES-M-{n:04d}", "number": n, "languages": ["en"],
                 "stakeholder_group": "migrant"} for n in range(start, start + count)])
            people = dict(db.session.execute(sa.select(Participant.number, Participant.id)
                                             .where(Participant.number >= start, Participant.number < start + count)).all())
            db.session.execute(sa.insert(Consent), [
                {"participant_id": person, "scope": scope, "form_version": "v1", "given_on": date(2024, 1, 1)}
                for person in people.values() for scope in (ConsentScope.TAKE_PART, ConsentScope.QUOTES)])
        db.session.execute(sa.insert(Response), [
            {"survey_id": survey.id, "survey_version": survey.version, "client_uuid": str(uuid.UUID(int=n + 1)),
             "language": "ar" if n % 3 == 0 else "en", "site_id": site_id if n % 3 != 2 else None,
             "participant_id": people.get(n), "stakeholder_group": "migrant" if linked else None,
             "channel": "web", "answers": answers_of_number(n), "submitted_at": START + timedelta(minutes=n)}
            for n in range(start, start + count)])
        db.session.commit()


def pages_of(app, survey_id):
    site_id = site_of(app, survey_id)
    base = f"/surveys/{survey_id}"
    return {"results": f"{base}/results", "by site": f"{base}/results?site={site_id}",
            "by language": f"{base}/results?language=ar", "free text": f"{base}/answers/story",
            "free text, page 2": f"{base}/answers/story?page=2&per_page=10",
            "free text, searched": f"{base}/answers/story?q=doctor",
            "responses.csv": f"{base}/export/responses.csv", "responses.xlsx": f"{base}/export/responses.xlsx"}


def statement_counts(app, client, survey_id):
    counts = {}
    for name, path in pages_of(app, survey_id).items():
        client.get(path).close()  # the first request of a page fills what a process keeps (charts, catalogs)
        with statements_of(app) as seen:
            response = client.get(path)
            assert response.status_code == 200, (name, response.status_code)
            response.get_data()
            response.close()
        counts[name] = len(seen)
    return counts


def test_statement_counts_do_not_grow_with_the_responses(app, client, auth, make_survey):
    small_id, _code = make_survey(mode="linked")
    large_id, _code = make_survey(mode="linked")
    add_responses(app, small_id, 30)
    add_responses(app, large_id, LARGE, start=1000)
    auth.login_as("researcher")
    small, large = statement_counts(app, client, small_id), statement_counts(app, client, large_id)
    assert large == small, (small, large)


def test_the_results_read_every_answer_once_in_one_statement(app, client, auth, make_survey):
    survey_id, _code = make_survey(mode="linked")
    add_responses(app, survey_id, LARGE)
    auth.login_as("researcher")
    with statements_of(app) as seen:
        page = client.get(f"/surveys/{survey_id}/results").get_data(as_text=True)
    reading_answers = [s for s in seen if "survey_responses.answers" in s]
    assert len(reading_answers) == 1, reading_answers
    assert "Responses: 550" in page


def test_results_at_scale_count_what_the_rows_hold(app, make_survey):
    survey_id, _code = make_survey(mode="linked")
    add_responses(app, survey_id, LARGE)
    numbers = range(LARGE)
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        defn = services.definition(survey)
        total, found = results.summarise(survey, defn, "en")
        by_key = {r.question["key"]: r for r in found}
        assert str(total) == str(LARGE)
        working = {row.label: row.count.value for row in by_key["working"].rows}
        assert working == {"Yes": sum(1 for n in numbers if n % 3), "No": sum(1 for n in numbers if n % 3 == 0)}
        hours = [10 + n % 30 for n in numbers if n % 3]
        assert by_key["hours"].numbers["mean"] == round(sum(hours) / len(hours), 2)
        assert by_key["story"].texts_count == LARGE and len(by_key["story"].texts) == results.TEXTS_SHOWN
        assert by_key["story"].texts[0] == ("ar", "answer 0 about the bus")  # oldest first

        total, found = results.summarise(survey, defn, "en", site_id=site_of(app, survey_id),
                                         response_language="ar")
        at_site_in_arabic = [n for n in numbers if n % 3 == 0]  # in Arabic means at the site here
        assert str(total) == str(len(at_site_in_arabic))
        trust = {row.label: row.count.value for row in {r.question["key"]: r for r in found}["trust"].rows}
        assert list(trust.values()) == [sum(1 for n in at_site_in_arabic if 1 + n % 5 == value)
                                        for value in range(1, 6)]


def test_free_text_of_people_who_withdrew_quotes_is_counted_but_never_listed(app, make_survey):
    survey_id, _code = make_survey(mode="linked")
    add_responses(app, survey_id, 12)
    with app.app_context():
        first = db.session.scalar(sa.select(Participant.id).where(Participant.number == 0))
        db.session.execute(sa.update(Consent).where(Consent.participant_id == first,
                                                    Consent.scope == ConsentScope.QUOTES)
                           .values(withdrawn_on=date(2024, 6, 1)))
        db.session.commit()
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        _total, found = results.summarise(survey, services.definition(survey), "en")
        story = {r.question["key"]: r for r in found}["story"]
        assert str(story.answered) == "12" and story.texts_count == 11
        assert ("ar", "answer 0 about the bus") not in story.texts
        assert story.texts[0] == ("en", "answer 1 about the doctor")


def test_the_results_page_shows_the_first_answers_and_the_list_has_every_one_a_page_at_a_time(
        app, client, auth, make_survey):
    survey_id, _code = make_survey()
    add_responses(app, survey_id, 45, linked=False)
    auth.login_as("researcher")
    page = client.get(f"/surveys/{survey_id}/results").get_data(as_text=True)
    assert page.count("answer 9 about") == 1 and "answer 10 about" not in page  # the first ten, not 45
    assert "The first 10 of 45 answers" in page

    first = client.get(f"/surveys/{survey_id}/answers/story").get_data(as_text=True)
    assert "45 answers" in first and "Page 1 of 3" in first
    assert "answer 19 about" in first and "answer 20 about" not in first
    second = client.get(f"/surveys/{survey_id}/answers/story?page=2").get_data(as_text=True)
    assert "answer 20 about" in second and "answer 19 about" not in second
    assert "Previous page" in second and "Next page" in second

    everything = client.get(f"/surveys/{survey_id}/answers/story?per_page=5000").get_data(as_text=True)
    assert "answer 44 about" in everything and "Page 1 of 1" not in everything  # 45 of at most 100: one page
    one = client.get(f"/surveys/{survey_id}/answers/story?per_page=1&page=3").get_data(as_text=True)
    assert "answer 2 about" in one and "answer 1 about" not in one and "Page 3 of 45" in one


def test_the_list_of_free_text_answers_is_searchable(app, client, auth, make_survey):
    survey_id, _code = make_survey()
    add_responses(app, survey_id, 45, linked=False)
    auth.login_as("researcher")
    found = client.get(f"/surveys/{survey_id}/answers/story?q=DOCTOR+answer").get_data(as_text=True)
    doctors = [n for n in range(45) if WORDS[n % len(WORDS)] == "doctor"]
    assert f"{len(doctors)} answers with these words" in found
    assert all(f"answer {n} about the doctor" in found for n in doctors) and "about the bus" not in found
    none = client.get(f"/surveys/{survey_id}/answers/story?q=100%25").get_data(as_text=True)  # % is no wildcard
    assert "No answer has all of these words." in none


def test_a_link_to_one_answer_opens_the_page_that_holds_it(app, client, auth, make_survey):
    survey_id, _code = make_survey()
    add_responses(app, survey_id, 45, linked=False)
    with app.app_context():
        response_id = db.session.scalar(sa.select(Response.id).where(Response.survey_id == survey_id,
                                                                     Response.answers["story"].as_string()
                                                                     == "answer 33 about the school"))
    auth.login_as("researcher")
    page = client.get(f"/surveys/{survey_id}/answers/story?answer={response_id}").get_data(as_text=True)
    assert f'id="answer-{response_id}"' in page and "Page 2 of 3" in page


def test_charts_are_built_once_per_data_and_language(app, client, auth, make_survey):
    from cocreate.surveys.charts import _drawn

    survey_id, _code = make_survey()
    add_responses(app, survey_id, 20, linked=False)
    auth.login_as("researcher")
    client.get(f"/surveys/{survey_id}/results").close()
    built = _drawn.cache_info().misses
    page = client.get(f"/surveys/{survey_id}/results").get_data(as_text=True)
    assert _drawn.cache_info().misses == built and 'data-bokeh-chart="chart-working"' in page  # nothing drawn
    with client.session_transaction() as session:
        session["lang"] = "ar"
    client.get(f"/surveys/{survey_id}/results").close()
    in_arabic = _drawn.cache_info().misses
    assert in_arabic > built  # Arabic labels, right to left: other charts
    add_responses(app, survey_id, 5, start=20, linked=False)  # other counts: other charts
    client.get(f"/surveys/{survey_id}/results").close()
    assert _drawn.cache_info().misses > in_arabic


def test_the_csv_is_sent_as_it_is_written(app, client, auth, make_survey):
    survey_id, _code = make_survey()
    add_responses(app, survey_id, 30, linked=False)
    auth.login_as("researcher")
    response = client.get(f"/surveys/{survey_id}/export/responses.csv")
    assert response.is_streamed and "attachment" in response.headers["Content-Disposition"]
    lines = response.get_data().decode("utf-8-sig").splitlines()
    assert len(lines) == 31 and lines[1].split(",")[3] == "ar"


def peak_of_export(app, client, survey_id, name):
    """(peak bytes of Python memory, rows) while `name` of the survey is asked for and read, a piece at a time."""
    with app.app_context():
        db.session.expire_all()
    tracemalloc.start()
    response = client.get(f"/surveys/{survey_id}/export/{name}")
    with tempfile.TemporaryFile() as out:
        for piece in response.iter_encoded():
            out.write(piece)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        response.close()
        out.seek(0)
        if name.endswith(".xlsx"):
            rows = sum(1 for _row in load_workbook(io.BytesIO(out.read()), read_only=True)["responses"].iter_rows())
        else:
            rows = len(out.read().decode("utf-8-sig").splitlines())
    return peak, rows


@pytest.mark.parametrize("name", ["responses.xlsx", "responses.csv"])
def test_export_memory_stays_flat_from_n_to_4n_responses(app, client, auth, make_survey, name):
    count = 600
    few_id, _code = make_survey()
    many_id, _code = make_survey()
    add_responses(app, few_id, count, linked=False)
    add_responses(app, many_id, 4 * count, start=count, linked=False)
    auth.login_as("researcher")
    peak_of_export(app, client, few_id, name)  # the first export imports and builds what every export shares
    (few, few_rows), (many, many_rows) = peak_of_export(app, client, few_id, name), \
        peak_of_export(app, client, many_id, name)
    assert (few_rows, many_rows) == (count + 1, 4 * count + 1)
    assert many < 1.3 * few, (few, many)
