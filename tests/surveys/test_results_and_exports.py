"""Results (counts, percentages, SUS, free text, small counts suppressed) and exports (CSV, XLSX, codebook)."""
import csv
import io
import uuid

from openpyxl import load_workbook

from cocreate.extensions import db
from cocreate.surveys import exports, results, services
from cocreate.surveys.models import Survey


def fill(app, survey_id, answers_list, language="en"):
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        for n, answers in enumerate(answers_list):
            services.submit_response(survey, client_uuid=str(uuid.UUID(int=n + 1)), language=language,
                                     answers=answers)
        db.session.commit()


ANSWERS = ([{"working": "yes", "hours": 40, "needs": ["work"], "trust": 4, "sus": [5, 1] * 5, "story": "Good"}] * 6
           + [{"working": "no", "needs": ["work", "health"], "trust": 2, "sus": [3] * 10}] * 3)


def test_counts_percentages_and_sus(app, make_survey):
    survey_id, _code = make_survey()
    fill(app, survey_id, ANSWERS)
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        total, found = results.summarise(survey, services.definition(survey), "en")
        by_key = {r.question["key"]: r for r in found}
        assert str(total) == "9"
        working = {row.label: (str(row.count), row.percent) for row in by_key["working"].rows}
        assert working == {"Yes": ("6", 66.7), "No": ("3", 33.3)}
        needs = {row.label: str(row.count) for row in by_key["needs"].rows}
        assert needs == {"Work": "9", "Health": "3", "School": "0"}
        assert by_key["hours"].numbers == {"mean": 40, "median": 40, "min": 40, "max": 40}
        assert by_key["sus"].sus_mean == round((6 * 100 + 3 * 50) / 9, 1)
        assert by_key["story"].texts == [("en", "Good")] * 6
        assert "intro" not in by_key  # a note has no results


def test_small_counts_are_suppressed_when_filtered(app, make_survey):
    survey_id, _code = make_survey()
    fill(app, survey_id, ANSWERS, language="ar")
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        total, found = results.summarise(survey, services.definition(survey), "en", response_language="ar")
        working = {row.label: str(row.count) for row in {r.question["key"]: r for r in found}["working"].rows}
        # 3 is small, and 6 would give it away, so it is hidden too: both read "<5", hidden alike
        assert sorted(working.values()) == ["<5", "<5"]
        assert str(total) == "9"
        assert [str(c) for _label, c in results.breakdown(survey, "language", str)] == ["9"]


def test_results_page_has_tables_and_charts_from_the_app(client, auth, make_survey, app):
    survey_id, _code = make_survey()
    fill(app, survey_id, ANSWERS)
    auth.login_as("researcher")
    page = client.get(f"/surveys/{survey_id}/results").get_data(as_text=True)
    assert 'data-bokeh-chart="chart-working"' in page and "<table" in page and "66.7 %" in page
    assert "cdn.bokeh.org" not in page and "/bokeh/static/js/bokeh.min.js" in page
    filtered = client.get(f"/surveys/{survey_id}/results?language=ar").get_data(as_text=True)
    assert "Counts below 5" in filtered


def test_csv_and_codebook(app, make_survey):
    survey_id, _code = make_survey()
    fill(app, survey_id, ANSWERS[:1] + ANSWERS[-1:], language="ar")
    with app.test_request_context():
        survey = db.session.get(Survey, survey_id)
        rows = list(csv.reader(io.StringIO(exports.to_csv(*exports.table(survey)).decode("utf-8-sig"))))
        codebook = list(csv.reader(io.StringIO(exports.to_csv(*exports.codebook(survey)).decode("utf-8-sig"))))
    header = rows[0]
    assert header[:4] == ["response_id", "submitted_at", "survey_version", "language"]
    assert header[8:] == ["working", "age", "needs", "city", "trust", "hours", "since", "rating", "employer", "story",
                          *[f"sus_{i}" for i in range(1, 11)], "sus_score"]
    first = dict(zip(header, rows[1]))
    assert first["needs"] == "work" and first["hours"] == "40.0" and first["sus_score"] == "100.0"
    assert first["submitted_at"].endswith("+00:00") and first["language"] == "ar"
    assert dict(zip(header, rows[2]))["needs"] == "work health" and len(rows) == 3
    assert codebook[0] == ["column", "question", "type", "required", "value", "label::en", "label::ar", "label::fr",
                           "versions"]
    assert ["working", "working", "yes_no", "yes", "", "Do you work?", "هل تعمل؟", "", ""] in codebook
    assert ["needs", "needs", "choice", "", "health", "Health", "", "", ""] in codebook
    yes = next(row for row in codebook if row[0] == "working" and row[4] == "yes")
    assert yes[5] == "Yes" and yes[6] not in ("", "Yes")  # fixed labels come in every language


def test_xlsx_has_responses_and_codebook(client, auth, make_survey, app):
    survey_id, _code = make_survey()
    fill(app, survey_id, ANSWERS[:2])
    auth.login_as("researcher")
    response = client.get(f"/surveys/{survey_id}/export/responses.xlsx")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["responses", "codebook"]
    assert workbook["responses"].max_row == 3
    assert client.get(f"/surveys/{survey_id}/export/responses.csv").mimetype == "text/csv"
    assert client.get(f"/surveys/{survey_id}/export/other.csv").status_code == 404
